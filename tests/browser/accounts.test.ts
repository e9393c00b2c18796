/**
 * The account journey in the browser, in Dutch and again in English: sign up, confirm the
 * address from the email (read from an SMTP server in this process), log in with the
 * password, turn on two-step verification (reading the key shown as text), keep the recovery
 * codes, log out, log in again with a fresh code from the app, and once more with a recovery
 * code. axe runs on every page on the way; any console error fails the test.
 */
import type { Page } from "playwright-core";
import { afterAll, expect, it } from "vitest";
import { getT, type Lang } from "~/i18n/i18n";
import { totpCode } from "~/modules/auth/totp.server";
import { type BrowserFixture, checkPage, describeBrowser, visit } from "../support/browser";
import { linkIn, startSmtpSink } from "../support/smtp-sink";

const sink = await startSmtpSink();
afterAll(() => sink.close());

const PASSWORD = "mijn eigen lange wachtwoord";
const SITE = "SPOT 035";
const STEP_MS = 30_000;

/** Wait until the authenticator shows a code of a later time step than `usedStep`. */
async function freshCode(
  secret: string,
  usedStep: number,
): Promise<{ code: string; step: number }> {
  while (Math.floor(Date.now() / STEP_MS) <= usedStep) {
    await new Promise((r) => setTimeout(r, 250));
  }
  const now = Date.now();
  return { code: totpCode(secret, now), step: Math.floor(now / STEP_MS) };
}

/**
 * Wait for the page's h1 to say `text` (after a client-side navigation the address changes
 * just before the new page is drawn).
 */
async function expectHeading(page: Page, text: string): Promise<void> {
  const h1 = page.getByRole("heading", { level: 1 });
  await expect
    .poll(async () => ((await h1.textContent()) ?? "").trim(), { timeout: 10_000 })
    .toBe(text);
}

async function logOut(page: Page, f: BrowserFixture, lang: Lang) {
  const t = getT(lang);
  await page.getByRole("button", { name: t("nav.logout"), exact: true }).click();
  await page.waitForURL("**/inloggen?melding=uitgelogd");
  await page.getByText(t("login.notice.uitgelogd")).waitFor();
  await checkPage(page, f);
  // Logged out for real: Mijn SPOT asks for a log-in again.
  await visit(page, f, "/mijn");
  expect(new URL(page.url()).pathname).toBe("/inloggen");
}

async function logInWithPassword(page: Page, f: BrowserFixture, lang: Lang, email: string) {
  const t = getT(lang);
  if (new URL(page.url()).pathname !== "/inloggen") await visit(page, f, "/inloggen");
  await page.getByLabel(t("login.email"), { exact: true }).fill(email);
  await page.getByLabel(t("login.password"), { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: t("login.submit"), exact: true }).click();
}

/** The second step of the log-in, with a code from the app or a recovery code. */
async function secondStep(page: Page, f: BrowserFixture, lang: Lang, code: string) {
  const t = getT(lang);
  await page.waitForURL("**/inloggen/tweestaps**");
  await expectHeading(page, t("twoFactor.loginTitle"));
  await checkPage(page, f);
  await page.getByLabel(t("twoFactor.code"), { exact: true }).fill(code);
  await page.getByRole("button", { name: t("twoFactor.loginSubmit"), exact: true }).click();
  await page.waitForURL((url) => url.pathname === "/mijn");
}

function journey(lang: Lang) {
  return async (f: BrowserFixture) => {
    const t = getT(lang);
    const page = await f.newPage();
    const email = `journey-${lang}-${Date.now()}@example.org`;
    const name = lang === "nl" ? "Noor de Vries" : "Nora Smith";

    // Sign up (switching the language there on the English run).
    await visit(page, f, "/aanmelden");
    expect(await page.getAttribute("html", "lang")).toBe("nl");
    await expectHeading(page, "Aanmelden");
    if (lang === "en") {
      await page.getByRole("button", { name: "Switch to English" }).click();
      await page.waitForFunction(() => document.documentElement.lang === "en");
      expect(new URL(page.url()).pathname).toBe("/aanmelden");
      await expectHeading(page, "Sign up");
      await checkPage(page, f);
    }
    await page.getByLabel(t("signup.name"), { exact: true }).fill(name);
    await page.getByLabel(t("signup.email"), { exact: true }).fill(email);
    await page.getByLabel(t("signup.company"), { exact: true }).fill(`${name} Advies`);
    await page.getByLabel(t("signup.password")).fill(PASSWORD);
    await page.getByRole("button", { name: t("signup.submit"), exact: true }).click();
    await page.waitForURL("**/aanmelden?verstuurd=1");
    await expectHeading(page, t("signup.sentTitle"));
    await checkPage(page, f);

    // The confirmation email, in the visitor's language.
    const mail = await sink.waitForMail(email);
    expect(mail.subject).toBe(t("mail.verifyEmail.subject", { site: SITE }));
    expect(mail.text).toContain(name);
    await visit(page, f, linkIn(mail, "/email-bevestigen"));
    await expectHeading(page, t("verify.title"));
    await page.getByRole("button", { name: t("verify.submit"), exact: true }).click();
    await page.getByRole("heading", { level: 1, name: t("verify.doneTitle") }).waitFor();
    await checkPage(page, f);
    await page.getByRole("link", { name: t("verify.toLogin"), exact: true }).click();
    await page.waitForURL((url) => url.pathname === "/inloggen");
    await checkPage(page, f);

    // Log in with the password.
    await logInWithPassword(page, f, lang, email);
    await page.waitForURL((url) => url.pathname === "/mijn");
    await expectHeading(page, t("portal.title", { name }));
    await checkPage(page, f);

    // Turn on two-step verification with the key shown as text.
    await visit(page, f, "/account/tweestaps");
    await expectHeading(page, t("account.twoFactor.title"));
    const shown = await page
      .locator('section[aria-labelledby="setup-title"] code.utrecht-code')
      .textContent();
    const secret = (shown ?? "").replace(/\s+/g, "");
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    // Scanning works too: the QR code is there, as a labelled image.
    await page.getByRole("img", { name: t("account.twoFactor.qrLabel") }).waitFor();
    let used = { code: totpCode(secret), step: Math.floor(Date.now() / STEP_MS) };
    await page.getByLabel(t("account.twoFactor.code"), { exact: true }).fill(used.code);
    await page.getByRole("button", { name: t("account.twoFactor.confirm"), exact: true }).click();
    const codeList = page.getByRole("list", { name: t("account.twoFactor.codesList") });
    await codeList.waitFor();
    await page.getByText(t("account.twoFactor.enabled")).waitFor();
    const recoveryCodes = (await codeList.locator("code").allTextContents()).map((c) => c.trim());
    expect(recoveryCodes).toHaveLength(10);
    for (const c of recoveryCodes) expect(c).toMatch(/^[a-z0-9]{10}$/);
    await checkPage(page, f);

    // Log out; log in again: now the second step asks for a fresh code from the app.
    await logOut(page, f, lang);
    await logInWithPassword(page, f, lang, email);
    used = await freshCode(secret, used.step);
    await secondStep(page, f, lang, used.code);
    await expectHeading(page, t("portal.title", { name }));
    await checkPage(page, f);

    // And once more with a recovery code instead of the app.
    await logOut(page, f, lang);
    await logInWithPassword(page, f, lang, email);
    await secondStep(page, f, lang, recoveryCodes[3]!);
    await expectHeading(page, t("portal.title", { name }));
    await checkPage(page, f);
    await visit(page, f, "/account/tweestaps");
    await page.getByText(t("account.twoFactor.codesLeft", { count: 9 })).waitFor();

    // The language switch works for a signed-in person too, and keeps the page.
    await visit(page, f, "/mijn");
    const other: Lang = lang === "nl" ? "en" : "nl";
    await page.getByRole("button", { name: t("layout.switchLanguageLabel") }).click();
    await page.waitForFunction((l) => document.documentElement.lang === l, other);
    expect(new URL(page.url()).pathname).toBe("/mijn");
    await expectHeading(page, getT(other)("portal.title", { name }));
    await checkPage(page, f);
  };
}

describeBrowser(
  "accounts",
  (get) => {
    it("a new entrepreneur signs up, confirms, turns on 2FA and logs in with it (Dutch)", async () => {
      await journey("nl")(get());
    }, 150_000);

    it("the same journey in English", async () => {
      await journey("en")(get());
    }, 150_000);
  },
  { SMTP_URL: sink.url },
);
