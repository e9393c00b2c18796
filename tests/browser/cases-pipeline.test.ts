/**
 * The case pipeline, a new case and "Mijn werk" in the browser: a coordinator finds the demo
 * cases on the board and in the list, narrows them with a filter and sorts the list; the
 * pipeline does not exist for an entrepreneur or an expert; the expert's "Mijn werk" shows
 * the demo tasks (the overdue one first) and marks one done; a coordinator opens a new case
 * without JavaScript. axe runs on every page.
 */
import type { Page } from "playwright-core";
import { expect, it } from "vitest";
import { getT } from "~/i18n/i18n";
import { DEMO_PASSWORD, demoEmail } from "../support/accounts";
import {
  type BrowserFixture,
  checkPage,
  describeBrowser,
  forgiveStatusErrors,
  visit,
} from "../support/browser";

const t = getT("nl");
const INSTALLER = "Installatiebedrijf Vecht & Zon";
const CARE = "Zorgpraktijk Huizen";

async function logInAs(page: Page, f: BrowserFixture, role: string): Promise<void> {
  await visit(page, f, "/inloggen");
  await page.getByLabel(t("login.email"), { exact: true }).fill(demoEmail(role));
  await page.getByLabel(t("login.password"), { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: t("login.submit"), exact: true }).click();
  await page.waitForURL((url) => url.pathname === "/mijn");
}

async function expectHeading(page: Page, text: string): Promise<void> {
  const h1 = page.getByRole("heading", { level: 1 });
  await expect
    .poll(async () => ((await h1.textContent()) ?? "").trim(), { timeout: 10_000 })
    .toBe(text);
}

/** The company names in the list's rows, top to bottom. */
async function listedCompanies(page: Page): Promise<string[]> {
  const cells = page.locator(".spot-pipeline-table tbody th");
  return (await cells.allTextContents()).map((s) => s.trim());
}

describeBrowser("case pipeline, new case and my work", (get) => {
  it("a coordinator sees the board and the list, filters and sorts", async () => {
    const f = get();
    const page = await f.newPage();
    await logInAs(page, f, "coordinator");
    await checkPage(page, f);

    // The header leads to the pipeline.
    const header = page.getByRole("banner");
    await header.getByRole("link", { name: t("casesList.nav.work"), exact: true }).waitFor();
    await header.getByRole("link", { name: t("casesList.nav.cases"), exact: true }).click();
    await page.waitForURL((url) => url.pathname === "/casussen");
    await expectHeading(page, t("casesList.pipeline.title"));
    await checkPage(page, f);

    // The board: each demo case in the column of its phase, with its lead.
    const analysis = page.getByRole("region", { name: /1\. Analyse/ });
    await analysis.getByRole("link", { name: INSTALLER }).waitFor();
    expect(await analysis.getByText(CARE).count()).toBe(0);
    const realisation = page.getByRole("region", { name: /3\. Realisatie/ });
    await realisation.getByRole("link", { name: CARE }).waitFor();
    await realisation.getByText(t("casesList.pipeline.leadIs", { name: "Esra Yılmaz" })).waitFor();
    await analysis.getByText(t("casesList.pipeline.leadIs", { name: "Coen Visser" })).waitFor();
    // The care practice's guidance task is overdue: the card says so.
    await realisation.locator(".spot-badge--overdue").waitFor();
    expect(
      await page.getByRole("status").filter({ hasText: "casussen gevonden" }).textContent(),
    ).toContain("2 casussen gevonden");

    // The list keeps the view; a phase filter narrows it to the care practice.
    await page
      .getByRole("navigation", { name: t("casesList.pipeline.viewLabel") })
      .getByRole("link", { name: t("casesList.pipeline.view.lijst") })
      .click();
    await page.waitForURL((url) => url.searchParams.get("weergave") === "lijst");
    await page.locator(".spot-pipeline-table").waitFor();
    expect((await listedCompanies(page)).sort()).toEqual([INSTALLER, CARE].sort());
    await checkPage(page, f);

    await page.getByLabel(/3\. Realisatie/).check();
    await page.getByRole("button", { name: t("casesList.pipeline.filterSubmit") }).click();
    await page.waitForURL((url) => url.searchParams.getAll("fase").includes("realisation"));
    await expect.poll(() => listedCompanies(page)).toEqual([CARE]);
    expect(new URL(page.url()).searchParams.get("weergave")).toBe("lijst");
    await checkPage(page, f);

    // Free-text search, back to all phases.
    await page
      .getByRole("link", { name: t("casesList.pipeline.filterReset") })
      .first()
      .click();
    await page.waitForURL((url) => !url.searchParams.has("fase"));
    await page.getByLabel(t("casesList.pipeline.search")).fill("vecht");
    await page.getByRole("button", { name: t("casesList.pipeline.filterSubmit") }).click();
    await page.waitForURL((url) => url.searchParams.get("zoek") === "vecht");
    await expect.poll(() => listedCompanies(page)).toEqual([INSTALLER]);
    await page
      .getByRole("link", { name: t("casesList.pipeline.filterReset") })
      .first()
      .click();
    await page.waitForURL((url) => !url.searchParams.has("zoek"));

    // A team member by typing part of a name, then Enter (keyboard only): the student is on
    // the installer's case only. The field is labelled and described for screen readers.
    const member = page.getByRole("searchbox", { name: t("casesList.pipeline.member") });
    expect(await member.getAttribute("aria-describedby")).toBeTruthy();
    await member.fill("sam jan");
    await member.press("Enter");
    await page.waitForURL((url) => url.searchParams.get("lid") === "sam jan");
    await expect.poll(() => listedCompanies(page)).toEqual([INSTALLER]);
    await checkPage(page, f);
    // "Only my cases" instead: the demo coordinator leads the installer's case.
    await page
      .getByRole("link", { name: t("casesList.pipeline.filterReset") })
      .first()
      .click();
    await page.waitForURL((url) => !url.searchParams.has("lid"));
    await page.getByLabel(t("casesList.pipeline.mine")).check();
    await page.getByRole("button", { name: t("casesList.pipeline.filterSubmit") }).click();
    await page.waitForURL((url) => url.searchParams.get("mijn") === "1");
    await expect.poll(() => listedCompanies(page)).toEqual([INSTALLER]);
    await page
      .getByRole("link", { name: t("casesList.pipeline.filterReset") })
      .first()
      .click();
    await page.waitForURL((url) => !url.searchParams.has("mijn"));

    // Sorting by company: A to Z, then Z to A, told by aria-sort.
    const companyHeader = page.getByRole("columnheader", {
      name: new RegExp(t("casesList.pipeline.colCompany")),
    });
    await companyHeader.getByRole("link").click();
    await page.waitForURL((url) => url.searchParams.get("sorteer") === "bedrijf");
    await expect.poll(() => companyHeader.getAttribute("aria-sort")).toBe("ascending");
    await expect.poll(() => listedCompanies(page)).toEqual([INSTALLER, CARE]);
    await checkPage(page, f);
    await companyHeader.getByRole("link").click();
    await page.waitForURL((url) => url.searchParams.get("sorteer") === "-bedrijf");
    await expect.poll(() => companyHeader.getAttribute("aria-sort")).toBe("descending");
    await expect.poll(() => listedCompanies(page)).toEqual([CARE, INSTALLER]);

    // Nonsense in the address is ignored.
    await visit(page, f, "/casussen?fase=maan&stil=veel&sorteer=drop&pagina=-3&weergave=lijst");
    expect((await listedCompanies(page)).length).toBe(2);
  });

  it("the pipeline does not exist for an entrepreneur or an expert", async () => {
    const f = get();
    for (const role of ["entrepreneur", "expert"]) {
      const page = await f.newPage();
      await logInAs(page, f, role);
      const header = page.getByRole("banner");
      expect(await header.getByRole("link", { name: t("casesList.nav.cases") }).count()).toBe(0);
      await visit(page, f, "/casussen", 404);
      await visit(page, f, "/casussen/nieuw", 404);
      if (role === "entrepreneur") await visit(page, f, "/werk", 404);
      await page.context().close();
    }
  });

  it("the expert's 'Mijn werk' shows the demo tasks, overdue first, and marks one done", async () => {
    const f = get();
    const page = await f.newPage();
    await logInAs(page, f, "expert");
    await page
      .getByRole("banner")
      .getByRole("link", { name: t("casesList.nav.work"), exact: true })
      .click();
    await page.waitForURL((url) => url.pathname === "/werk");
    await expectHeading(page, t("casesList.work.title"));
    await checkPage(page, f);

    // The care practice's guidance was due weeks ago: overdue, with its red badge.
    const overdue = page.locator(".spot-task--overdue");
    await overdue.first().waitFor();
    const first = page.locator(".spot-task").first();
    expect(await first.getAttribute("class")).toContain("spot-task--overdue");
    expect(await first.textContent()).toContain("Plan de begeleiding");
    expect(await first.textContent()).toContain(CARE);
    await first.getByText(t("casesList.work.overdueBadge"), { exact: true }).waitFor();

    // My cases, with my role and a way to log an activity.
    const table = page.getByRole("table", { name: /casus/ });
    const careRow = table.getByRole("row").filter({ hasText: CARE });
    await careRow.getByText(t("cases.role.lead")).waitFor();
    await careRow.getByText(t("cases.phaseNumbered.realisation")).waitFor();
    const log = careRow.getByRole("link", { name: new RegExp(t("casesList.work.logActivity")) });
    expect(await log.getAttribute("href")).toMatch(/^\/casussen\/[0-9a-f-]{36}\/activiteit$/);
    const installerRow = table.getByRole("row").filter({ hasText: INSTALLER });
    await installerRow.getByText(t("cases.role.expert")).waitFor();

    // "Klaar" marks the task done and comes back here.
    const count = await page.locator(".spot-task").count();
    await first
      .getByRole("button", {
        name: t("casesList.work.doneLabel", { title: "Plan de begeleiding" }),
      })
      .click();
    await page.waitForURL(
      (url) => url.pathname === "/werk" && url.searchParams.get("gedaan") === "taskDone",
    );
    await page.getByText(t("casesList.work.notice.taskDone")).waitFor();
    expect(await page.locator(".spot-task").count()).toBe(count - 1);
    expect(await page.getByText("Plan de begeleiding").count()).toBe(0);
    await checkPage(page, f);
  });

  it("a coordinator's 'Mijn werk' counts new help requests and quiet cases", async () => {
    const f = get();
    const page = await f.newPage({ viewport: { width: 320, height: 720 } });
    await logInAs(page, f, "coordinator");
    await visit(page, f, "/werk");
    const overview = page.getByRole("region", { name: t("casesList.work.overviewTitle") });
    const requests = overview.getByRole("link", { name: /hulpvra/ });
    expect(await requests.getAttribute("href")).toBe("/beheer/aanvragen?status=new");
    expect(
      Number((await requests.locator(".spot-overview__n").textContent())?.trim()),
    ).toBeGreaterThan(0);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    );
    expect(overflow, "horizontal overflow at 320 px").toBeLessThanOrEqual(0);
    // The pipeline at 320 px too.
    await visit(page, f, "/casussen");
    expect(
      await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
    ).toBeLessThanOrEqual(0);
  });

  it("a coordinator opens a new case without JavaScript: search, choose, fix, open", async () => {
    const f = get();
    const page = await f.newPage({ javaScriptEnabled: false });
    await logInAs(page, f, "coordinator");
    await visit(page, f, "/casussen");
    await page
      .getByRole("link", { name: t("casesList.pipeline.newCase") })
      .first()
      .click();
    await page.waitForURL((url) => url.pathname === "/casussen/nieuw");
    await expectHeading(page, t("casesList.new.title"));

    await page.getByLabel(t("casesList.new.search")).fill("vecht");
    await page.getByRole("button", { name: t("casesList.new.searchSubmit") }).click();
    await page.waitForURL((url) => url.searchParams.get("zoek") === "vecht");
    const radio = page.getByRole("radio", { name: new RegExp(INSTALLER.replace("&", "\\&")) });
    await radio.waitFor();

    // Sent without a title: the server says what is missing, and keeps what was typed.
    await radio.check();
    await page.getByLabel(t("casesList.new.question")).fill("We willen offertes sneller maken.");
    await page.getByRole("button", { name: t("casesList.new.submit") }).click();
    await page.getByText(t("casesList.new.error.titleRequired")).first().waitFor();
    forgiveStatusErrors(f, 400);
    expect(await page.getByLabel(t("casesList.new.question")).inputValue()).toBe(
      "We willen offertes sneller maken.",
    );
    expect(await radio.isChecked()).toBe(true);

    await page.getByLabel(t("casesList.new.caseTitle")).fill("Offertes automatiseren");
    await page.getByLabel(t("casesList.new.theme")).selectOption("automation");
    await page.getByRole("button", { name: t("casesList.new.submit") }).click();
    await page.waitForURL((url) => /^\/casussen\/[0-9a-f-]{36}$/.test(url.pathname));
    expect(new URL(page.url()).searchParams.get("gedaan")).toBe("created");
    await page.getByText("Offertes automatiseren").first().waitFor();

    // It is on the board, in phase 0.
    await visit(page, f, "/casussen");
    const awareness = page.getByRole("region", { name: /0\. Bewustwording/ });
    await awareness.getByRole("link", { name: INSTALLER }).waitFor();
  });
});
