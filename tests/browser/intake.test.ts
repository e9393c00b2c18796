/**
 * Asking for help in the browser: an anonymous visitor goes from the home page's "Stel je
 * vraag" door to /hulpvraag, fills it in with the keyboard only and gets the thank-you page
 * (checked with the demo's KvK double); a coordinator logs in, finds the request at
 * /beheer/aanvragen and accepts it, which makes the case. Also the kind "not for us" page, the "we will check the
 * region" page, and the form without JavaScript. axe runs on every page.
 */
import type { Page } from "playwright-core";
import { expect, it } from "vitest";
import { loadRegion } from "~/config.server";
import { getT } from "~/i18n/i18n";
import { loadReferenceData } from "~/modules/reference/reference.server";
import { DEMO_PASSWORD, demoEmail, openServerDatabase } from "../support/accounts";
import { checkPage, describeBrowser, forgiveStatusErrors, visit } from "../support/browser";

const t = getT("nl");
const reference = loadReferenceData(loadRegion("config/region.gooi-en-vechtstreek.json"));

async function expectHeading(page: Page, text: string): Promise<void> {
  const h1 = page.getByRole("heading", { level: 1 });
  await expect
    .poll(async () => ((await h1.textContent()) ?? "").trim(), { timeout: 10_000 })
    .toBe(text);
}

/** The accessible name (label) of the focused element, to follow the keyboard's path. */
async function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el) return "";
    const id = el.id;
    const label = id ? document.querySelector(`label[for="${id}"]`) : null;
    return (label?.textContent ?? el.textContent ?? "").trim();
  });
}

async function tabTo(page: Page, label: string): Promise<void> {
  await page.keyboard.press("Tab");
  expect(await focused(page)).toContain(label);
}

const QUESTION = "We krijgen veel bestellingen per telefoon. Kan dat slimmer?";
const COMPANY = "Bakkerij De Gooische Korst";
const EMAIL = `bakker-${Date.now()}@example.org`;

describeBrowser("asking for help (/hulpvraag)", (get) => {
  it("an anonymous visitor asks a question with the keyboard only and gets the thank-you page", async () => {
    const f = get();
    const page = await f.newPage();
    await visit(page, f, "/");
    const door = page.getByRole("link", { name: t("home.doorAskLink"), exact: true });
    expect(await door.getAttribute("href")).toBe("/hulpvraag");
    await door.focus();
    await page.keyboard.press("Enter");
    await page.waitForURL("**/hulpvraag");
    await expectHeading(page, t("intake.form.title"));
    await checkPage(page, f);

    // Sending it empty shows what to fix, field by field.
    await page.getByRole("button", { name: t("intake.form.submit") }).focus();
    await page.keyboard.press("Enter");
    await page.getByRole("alert").getByText(t("intake.error.questionRequired")).first().waitFor();
    await checkPage(page, f);

    await page.getByLabel(t("intake.form.question")).focus();
    await page.keyboard.type(QUESTION);
    await tabTo(page, t("intake.form.contactName"));
    await page.keyboard.type("Bea Bakker");
    await tabTo(page, t("intake.form.email"));
    await page.keyboard.type(EMAIL);
    await tabTo(page, t("intake.form.phone"));
    await tabTo(page, t("intake.form.companyName"));
    await page.keyboard.type(COMPANY);
    await tabTo(page, t("intake.form.kvkNumber"));
    await page.keyboard.type("90000001");
    await tabTo(page, t("intake.form.sector"));
    await tabTo(page, t("intake.form.employees"));
    await page.keyboard.type("14");
    await tabTo(page, t("intake.form.postcode"));
    await page.keyboard.type("1221 AA");
    await tabTo(page, t("intake.form.heardVia"));
    await page.keyboard.press("ArrowDown"); // the first channel: a business association
    await tabTo(page, t("intake.form.heardViaDetail"));
    await page.keyboard.type("Gooische Bedrijven Federatie");
    await tabTo(page, t("intake.form.preferenceOption.media-park", { place: "" }).trim());
    await page.keyboard.press("Space");
    expect(
      await page
        .getByRole("radio", {
          name: t("intake.form.preferenceOption.media-park", { place: "Media Park in Hilversum" }),
        })
        .isChecked(),
    ).toBe(true);
    await tabTo(page, t("intake.form.privacyLink"));
    await tabTo(page, t("intake.form.submit"));
    await page.keyboard.press("Enter");

    await expectHeading(page, t("intake.result.eligibleTitle"));
    expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe(
      "/hulpvraag?ontvangen=1",
    );
    const main = page.getByRole("main");
    await main
      .getByText(t("intake.result.kvkCheckedDemo", { name: "Bakkerij De Gooische Korst B.V." }))
      .waitFor();
    await main.getByText(t("intake.result.next1")).waitFor();
    await checkPage(page, f);

    // Stored, with the channel, and exactly one confirmation in the outbox.
    const db = openServerDatabase(f.server);
    try {
      const row = db
        .prepare(
          "select eligibility, kvk_checked, heard_via, intake_preference, status from intake_requests where contact_email = ?",
        )
        .get(EMAIL);
      expect(row).toEqual({
        eligibility: "eligible",
        kvk_checked: 1,
        heard_via: "business-association",
        intake_preference: "media-park",
        status: "new",
      });
      const mails = db
        .prepare("select template from mail_outbox where to_address = ?")
        .all(EMAIL) as { template: string }[];
      expect(mails.map((m) => m.template)).toEqual(["intakeConfirmation"]);
    } finally {
      db.close();
    }
  });

  it("a coordinator sees the request at /beheer/aanvragen and accepts it into a case", async () => {
    const f = get();
    const page = await f.newPage();
    await visit(page, f, "/inloggen");
    await page.getByLabel(t("login.email"), { exact: true }).fill(demoEmail("coordinator"));
    await page.getByLabel(t("login.password"), { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: t("login.submit"), exact: true }).click();
    await page.waitForURL((url) => url.pathname === "/mijn");
    await checkPage(page, f);

    await page.getByRole("link", { name: t("intake.portalLink") }).click();
    await page.waitForURL("**/beheer/aanvragen");
    await expectHeading(page, t("intake.list.title"));
    await checkPage(page, f);
    await page.getByRole("link", { name: COMPANY, exact: true }).first().click();
    await expectHeading(page, t("intake.detail.title", { company: COMPANY }));
    await page.getByText(QUESTION).waitFor();
    await page.getByText(t("intake.detail.kvkCheckedDemo"), { exact: false }).first().waitFor();
    await checkPage(page, f);

    await page.getByText(t("intake.detail.acceptBody")).waitFor();
    const requestUrl = new URL(page.url()).pathname;
    await page.getByRole("button", { name: t("intake.detail.acceptSubmit") }).click();
    // Accepting makes the case and opens it.
    await page.waitForURL((url) => /^\/casussen\/[0-9a-f-]{36}$/.test(url.pathname));
    const caseId = new URL(page.url()).pathname.split("/")[2]!;
    expect(new URL(page.url()).searchParams.get("gedaan")).toBe("created");
    await checkPage(page, f);
    const db = openServerDatabase(f.server);
    try {
      const made = db
        .prepare(
          "select cases.phase, intake_requests.status from cases join intake_requests on intake_requests.id = cases.intake_request_id where cases.id = ?",
        )
        .get(caseId);
      expect(made).toEqual({ phase: "awareness", status: "accepted" });
      // The bakery already has an account (the demo's Eva), and Bea is not it: someone typing
      // a company's KvK number does not become its member. No case link by mail; the case
      // tells the team to check who Bea is.
      const mail = db
        .prepare("select text_body from mail_outbox where to_address = ? and template = ?")
        .get(EMAIL, "caseOpened");
      expect(mail).toBeUndefined();
      const member = db
        .prepare(
          "select 1 from memberships join users on users.id = memberships.user_id where users.email = ?",
        )
        .get(EMAIL);
      expect(member).toBeUndefined();
    } finally {
      db.close();
    }
    await page
      .locator("#tijdlijn")
      .getByText(t("casePage.event.askerNotLinked", { email: EMAIL }))
      .waitFor();

    // The request says it is a case now, with the way to it, and cannot be accepted again.
    await visit(page, f, requestUrl);
    await page.getByText(t("myCase.intake.isCase")).waitFor();
    expect(
      await page.getByRole("link", { name: t("myCase.intake.openCase") }).getAttribute("href"),
    ).toBe(`/casussen/${caseId}`);
    expect(await page.getByRole("button", { name: t("intake.detail.acceptSubmit") }).count()).toBe(
      0,
    );

    // The list shows it as accepted; the status filter finds it.
    await visit(page, f, "/beheer/aanvragen?status=accepted");
    await page.getByRole("link", { name: COMPANY, exact: true }).first().waitFor();
    await checkPage(page, f);
  });

  it("says kindly when SPOT 035 is not for you, with help elsewhere; and when the region is unclear", async () => {
    const f = get();
    const page = await f.newPage();
    const fill = async (kvk: string, employees: string, postcode: string) => {
      await visit(page, f, "/hulpvraag");
      await page.getByLabel(t("intake.form.question")).fill("Hoe vind ik nieuwe klanten online?");
      await page.getByLabel(t("intake.form.contactName")).fill("Jan Jansen");
      await page.getByLabel(t("intake.form.email")).fill(`jan-${kvk}-${Date.now()}@example.org`);
      await page.getByLabel(t("intake.form.companyName")).fill("Jansen");
      if (kvk) await page.getByLabel(t("intake.form.kvkNumber")).fill(kvk);
      await page.getByLabel(t("intake.form.employees")).fill(employees);
      await page.getByLabel(t("intake.form.postcode")).fill(postcode);
      await page.getByLabel(t("intake.form.preferenceOption.online")).check();
      await page.getByRole("button", { name: t("intake.form.submit") }).click();
    };

    await fill("90000005", "1", "1251 KW"); // a sole trader in Laren
    await expectHeading(page, t("intake.result.ineligibleTitle"));
    await page.getByText(t("intake.reason.sole-trader")).waitFor();
    await page.getByRole("link", { name: t("intake.result.allHelp") }).waitFor();
    expect(await page.locator(".spot-card").count()).toBeGreaterThan(0);
    await checkPage(page, f);

    await fill("", "12", "3821 AB"); // Amersfoort
    await expectHeading(page, t("intake.result.ineligibleTitle"));
    await page.getByText(t("intake.result.elsewhereLeadNational")).waitFor();
    await checkPage(page, f);

    // 1216 spans Hilversum and Wijdemeren until Wijdemeren merges into Hilversum (2027).
    if (reference.lookupPostcode("1216 AA").kind === "ambiguous") {
      await fill("", "9", "1216 AA");
      await expectHeading(page, t("intake.result.ambiguousTitle"));
      await page.getByText(t("intake.result.ambiguousNext")).waitFor();
      await checkPage(page, f);
    }
  });

  it("works without JavaScript: the server answers with field messages, then the thank-you page", async () => {
    const f = get();
    const page = await f.newPage({
      javaScriptEnabled: false,
      viewport: { width: 320, height: 640 },
    });
    await visit(page, f, "/hulpvraag");
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    );
    expect(overflow, "horizontal overflow at 320 px").toBeLessThanOrEqual(0);
    await page.getByLabel(t("intake.form.question")).fill("Ik wil een webwinkel beginnen.");
    await page.getByLabel(t("intake.form.contactName")).fill("Piet Zonder Script");
    await page.getByLabel(t("intake.form.email")).fill(`noscript-${Date.now()}@example.org`);
    await page.getByLabel(t("intake.form.companyName")).fill("Pixelwerf");
    await page.getByLabel(t("intake.form.kvkNumber")).fill("90000099"); // not in the register
    await page.getByLabel(t("intake.form.employees")).fill("9");
    await page.getByLabel(t("intake.form.postcode")).fill("1217wE");
    await page.getByLabel(t("intake.form.preferenceOption.online")).check();
    await page.getByRole("button", { name: t("intake.form.submit") }).click();
    await page.getByText(t("intake.error.kvkNotFound")).first().waitFor();
    forgiveStatusErrors(f, 400);
    // What was typed is still there.
    expect(await page.getByLabel(t("intake.form.contactName")).inputValue()).toBe(
      "Piet Zonder Script",
    );
    await page.getByLabel(t("intake.form.kvkNumber")).fill("");
    await page.getByRole("button", { name: t("intake.form.submit") }).click();
    await expectHeading(page, t("intake.result.eligibleTitle"));
    await checkPage(page, f);
  });
});
