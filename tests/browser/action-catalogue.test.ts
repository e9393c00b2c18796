/**
 * The action catalogue editor in the browser: a coordinator finds an action with the filters,
 * changes its cost and sees it in the list; a cost range the wrong way round is refused with
 * a field message (also without JavaScript, from the server); two editors of the same action
 * get a clear conflict message; the new-action page; an entrepreneur gets a 404. axe runs on
 * every page.
 */
import { mkdirSync } from "node:fs";
import type { Page } from "playwright-core";
import { expect, it } from "vitest";
import { getT } from "~/i18n/i18n";
import { DEMO_PASSWORD, demoEmail } from "../support/accounts";
import { type BrowserFixture, checkPage, describeBrowser, visit } from "../support/browser";

const t = getT("nl");

async function pageAs(
  f: BrowserFixture,
  role: string,
  options: { javaScriptEnabled?: boolean; viewport?: { width: number; height: number } } = {},
): Promise<Page> {
  const page = await f.newPage(options);
  await visit(page, f, "/inloggen");
  await page.getByLabel(t("login.email"), { exact: true }).fill(demoEmail(role));
  await page.getByLabel(t("login.password"), { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: t("login.submit"), exact: true }).click();
  await page.waitForURL((url) => url.pathname === "/mijn");
  return page;
}

describeBrowser("action catalogue editor", (get) => {
  it("a coordinator filters the catalogue, edits an action's cost and sees it in the list", async () => {
    const f = get();
    const page = await pageAs(f, "coordinator");
    await visit(page, f, "/beheer/acties");
    await page.getByRole("heading", { level: 1, name: t("actions.list.title") }).waitFor();

    // Filter: cyber security, "back-up".
    await page.getByLabel(t("actions.list.theme"), { exact: true }).selectOption("cybersecurity");
    await page.getByLabel(t("actions.list.search"), { exact: true }).fill("back-up");
    await page.getByRole("button", { name: t("actions.list.filter"), exact: true }).click();
    await page.waitForURL((url) => url.searchParams.get("thema") === "cybersecurity");
    await checkPage(page, f);
    const table = page.getByRole("table");
    await table.getByRole("link", { name: "Automatische back-up buiten je bedrijf" }).click();
    await page.waitForURL((url) => url.pathname === "/beheer/acties/offsite-backup");
    await checkPage(page, f);

    // Change the one-off cost.
    await page.getByLabel(t("actions.edit.costOnceMax"), { exact: true }).fill("1250");
    await page.getByRole("button", { name: t("actions.edit.save"), exact: true }).click();
    await page.waitForURL((url) => url.searchParams.get("gedaan") === "saved");
    await page.getByText(t("actions.edit.saved")).waitFor();
    await checkPage(page, f);
    expect(await page.getByLabel(t("actions.edit.costOnceMax"), { exact: true }).inputValue()).toBe(
      "1250",
    );

    // The list shows the new range.
    await page.getByRole("link", { name: t("actions.edit.back") }).click();
    await page.waitForURL((url) => url.pathname === "/beheer/acties");
    const row = page.getByRole("row", { name: /Automatische back-up buiten je bedrijf/ });
    await expect.poll(async () => (await row.textContent()) ?? "").toMatch(/1\.250/);
    await checkPage(page, f);

    // Screenshots at 1280 and 320 px wide.
    mkdirSync("test-results", { recursive: true });
    await page.screenshot({ path: "test-results/actions-list-1280.png", fullPage: false });
    await visit(page, f, "/beheer/acties/offsite-backup");
    await page.screenshot({ path: "test-results/action-edit-1280.png", fullPage: false });
    await page.setViewportSize({ width: 320, height: 800 });
    await checkPage(page, f);
    await page.screenshot({ path: "test-results/action-edit-320.png", fullPage: false });
    await visit(page, f, "/beheer/acties");
    await page.screenshot({ path: "test-results/actions-list-320.png", fullPage: false });
  }, 240_000);

  it("a cost range the wrong way round gets a field message; without JavaScript from the server", async () => {
    const f = get();
    const page = await pageAs(f, "coordinator");
    await visit(page, f, "/beheer/acties/password-manager");
    await page.getByLabel(t("actions.edit.costMonthlyMin"), { exact: true }).fill("90");
    await page.getByLabel(t("actions.edit.costMonthlyMax"), { exact: true }).fill("10");
    await page.getByRole("button", { name: t("actions.edit.save"), exact: true }).click();
    await page.getByText(t("actions.error.minAboveMax")).first().waitFor();
    await checkPage(page, f);

    const noJs = await pageAs(f, "coordinator", { javaScriptEnabled: false });
    await visit(noJs, f, "/beheer/acties/password-manager");
    await noJs.getByLabel(t("actions.edit.durationWeeks"), { exact: true }).fill("0");
    const [response] = await Promise.all([
      noJs.waitForResponse((r) => r.request().method() === "POST"),
      noJs.getByRole("button", { name: t("actions.edit.save"), exact: true }).click(),
    ]);
    expect(response.status()).toBe(400);
    await noJs.getByRole("heading", { name: t("form.errorSummary") }).waitFor();
    expect(await noJs.getByText(t("actions.error.duration")).count()).toBeGreaterThan(0);
  }, 240_000);

  it("two editors of the same action: the second gets a clear conflict message", async () => {
    const f = get();
    const one = await pageAs(f, "coordinator");
    await visit(one, f, "/beheer/acties/newsletter");
    const two = await pageAs(f, "admin");
    await visit(two, f, "/beheer/acties/newsletter");
    await one.getByLabel(t("actions.edit.durationWeeks"), { exact: true }).fill("5");
    await one.getByRole("button", { name: t("actions.edit.save"), exact: true }).click();
    await one.waitForURL((url) => url.searchParams.get("gedaan") === "saved");
    await two.getByLabel(t("actions.edit.durationWeeks"), { exact: true }).fill("7");
    await two.getByRole("button", { name: t("actions.edit.save"), exact: true }).click();
    await two.getByRole("heading", { name: t("actions.edit.conflictTitle") }).waitFor();
    await two
      .getByText(t("actions.list.weeks", { count: 5 }))
      .first()
      .waitFor();
    f.errors.splice(0, f.errors.length, ...f.errors.filter((e) => !e.includes("status of 409")));
    await checkPage(two, f);
  }, 240_000);

  it("the new-action page; an entrepreneur gets a 404", async () => {
    const f = get();
    const page = await pageAs(f, "coordinator");
    await visit(page, f, "/beheer/acties/nieuw");
    await page.getByRole("heading", { level: 1, name: t("actions.edit.newTitle") }).waitFor();

    const entrepreneur = await pageAs(f, "entrepreneur");
    await visit(entrepreneur, f, "/beheer/acties", 404);
    await visit(entrepreneur, f, "/beheer/acties/offsite-backup", 404);
  }, 240_000);
});
