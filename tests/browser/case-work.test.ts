/**
 * The team's work on a case in the browser, on the demo installer's case (in analysis; the demo
 * coordinator, expert and student are on its team): the expert logs an activity with the
 * keyboard only in a handful of keystrokes, logs hours, adds a task and marks it done, uploads a
 * PDF and downloads the same bytes back; the student adds an internal note; the demo provider
 * (not on the team) gets a 404 on every one of these pages; and an activity is logged without
 * JavaScript. axe runs on every page visited.
 */
import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { expect, it } from "vitest";
import { getT } from "~/i18n/i18n";
import { DEMO_PASSWORD, demoEmail, logIn, openServerDatabase } from "../support/accounts";
import {
  type BrowserFixture,
  checkPage,
  describeBrowser,
  forgiveStatusErrors,
  visit,
} from "../support/browser";
import { focused, setCheckbox, tabTo } from "../support/keyboard";

const t = getT("nl");

let caseId = "";

function installerCase(f: BrowserFixture): string {
  if (caseId) return caseId;
  const db = openServerDatabase(f.server);
  try {
    const row = db
      .prepare(
        "select cases.id from cases join companies on companies.id = cases.company_id where companies.name = ?",
      )
      .get("Installatiebedrijf Vecht & Zon") as { id: string } | undefined;
    if (!row) throw new Error("the demo installer's case is missing");
    caseId = row.id;
    return caseId;
  } finally {
    db.close();
  }
}

function userId(f: BrowserFixture, role: string): string {
  const db = openServerDatabase(f.server);
  try {
    return (
      db.prepare("select id from users where email = ?").get(demoEmail(role)) as { id: string }
    ).id;
  } finally {
    db.close();
  }
}

/** A page signed in as a demo role (the session cookie from the password form). */
async function pageAs(
  f: BrowserFixture,
  role: string,
  options: { javaScriptEnabled?: boolean } = {},
): Promise<Page> {
  const cookie = await logIn(f.server, demoEmail(role), DEMO_PASSWORD);
  const page = await f.newPage(options);
  const eq = cookie.indexOf("=");
  await page
    .context()
    .addCookies([{ name: cookie.slice(0, eq), value: cookie.slice(eq + 1), url: f.server.url }]);
  return page;
}

/** After a form: back on the case page with the notice. */
async function backOnCase(page: Page, f: BrowserFixture, notice: string): Promise<void> {
  await page.waitForURL(
    (url) => url.pathname === `/casussen/${caseId}` && url.searchParams.get("gedaan") === notice,
    { timeout: 15_000 },
  );
  await page.waitForLoadState("load");
  await checkPage(page, f);
}

const PDF = Buffer.from(
  "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Count 0/Kids[]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n",
);

describeBrowser("working on a case (/casussen/:id/…)", (get) => {
  it("the expert logs an activity with the keyboard only, in a few keystrokes", async () => {
    const f = get();
    const id = installerCase(f);
    const page = await pageAs(f, "expert");
    await visit(page, f, `/casussen/${id}/activiteit`);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe(
      t("caseWork.activity.title"),
    );
    // Nothing grabs the focus on its own: the page starts at the top.
    expect((await focused(page)).tag).toBe("body");

    let keys = 0;
    const press = async (key: string) => {
      keys++;
      await page.keyboard.press(key);
    };
    // Tab from the top of the page to the first field: the skip link, the menu, the way back.
    const start = await tabTo(page, (x) => x.tag === "select" && x.name === "type", {
      what: "the kind of activity",
    });
    expect(start.name).toBe("type");
    // Kind: the second in the list (analysis session).
    await press("ArrowDown");
    await press("ArrowDown");
    expect(await page.locator("select[name=type]").inputValue()).toBe("analysis_session");
    // The date is today already: on to the duration.
    await tabTo(page, (x) => x.name === "durationMinutes", { what: "the duration" });
    await page.keyboard.type("90");
    keys++;
    // The expert is ticked already; tick the student too.
    const studentId = userId(f, "student");
    await tabTo(page, (x) => x.type === "checkbox" && x.value === studentId, {
      what: "the student's box",
    });
    await setCheckbox(page, true);
    keys++;
    await tabTo(page, (x) => x.name === "outcome", { what: "the outcome" });
    await page.keyboard.type("Werkprocessen in kaart: van klantvraag tot factuur.");
    keys++;
    await press("Tab");
    expect((await focused(page)).text).toBe(t("caseWork.activity.submit"));
    await press("Enter");
    expect(keys, "keystrokes (not counting the Tabs to the first field)").toBeLessThan(15);
    await backOnCase(page, f, "activity");

    await visit(page, f, `/casussen/${id}/activiteit`);
    const recent = page.getByRole("table", { name: t("caseWork.activity.recentCaption") });
    await expect
      .poll(async () => recent.textContent())
      .toContain(t("cases.activity.analysis_session"));
    expect(await recent.textContent()).toContain("1 uur en 30 minuten");
  });

  it("shows what to fix when the activity form is sent empty", async () => {
    const f = get();
    const page = await pageAs(f, "expert");
    await visit(page, f, `/casussen/${installerCase(f)}/activiteit`);
    // Checked in the browser once the page runs its script.
    await page.locator("form#activity[novalidate]").waitFor();
    await page.getByRole("button", { name: t("caseWork.activity.submit") }).click();
    const summary = page.getByRole("alert");
    await summary.getByText(t("caseWork.error.typeRequired")).first().waitFor();
    await expect.poll(() => summary.textContent()).toContain(t("caseWork.error.outcomeRequired"));
    await checkPage(page, f);
  });

  it("the expert logs hours and sees them in their list and the team's totals", async () => {
    const f = get();
    const id = installerCase(f);
    const page = await pageAs(f, "expert");
    await visit(page, f, `/casussen/${id}/uren`);
    await page.getByLabel(t("caseWork.hours.hours"), { exact: true }).fill("2");
    await page.getByLabel(t("caseWork.hours.minutes"), { exact: true }).fill("15");
    await page
      .getByLabel(t("caseWork.hours.description"), { exact: true })
      .fill("Offertes van planningssoftware vergeleken");
    await page.getByRole("button", { name: t("caseWork.hours.submit") }).click();
    await backOnCase(page, f, "hours");
    await visit(page, f, `/casussen/${id}/uren`);
    const mine = page.getByRole("table", { name: /Mijn uren/ });
    expect(await mine.textContent()).toContain("Offertes van planningssoftware vergeleken");
    expect(await mine.textContent()).toContain("2 uur en 15 minuten");
    const team = page.getByRole("table", { name: t("caseWork.hours.perPersonCaption") });
    // The demo student logged 3 hours before.
    expect(await team.textContent()).toContain("3 uur");
  });

  it("the expert adds a task for the student and marks it done", async () => {
    const f = get();
    const id = installerCase(f);
    const page = await pageAs(f, "expert");
    await visit(page, f, `/casussen/${id}/taken`);
    const title = "Demo van twee planningspakketten plannen";
    await page.getByLabel(t("caseWork.tasks.taskTitle")).fill(title);
    await page
      .getByLabel(t("caseWork.tasks.assignee"))
      .selectOption({ label: `Sam Jansen (${t("cases.role.student")})` });
    await page.getByRole("button", { name: t("caseWork.tasks.submit") }).click();
    await backOnCase(page, f, "task");

    await visit(page, f, `/casussen/${id}/taken`);
    const open = page.getByRole("table", { name: t("caseWork.tasks.openCaption") });
    expect(await open.getByRole("row", { name: new RegExp(title) }).textContent()).toContain("Sam");
    // The button names its task (for screen readers; the table shows it beside the button).
    await page
      .getByRole("button", { name: new RegExp(`^${t("caseWork.tasks.markDone")}\\s*: ${title}$`) })
      .click();
    await backOnCase(page, f, "taskDone");
    await visit(page, f, `/casussen/${id}/taken`);
    const done = page.getByRole("table", { name: t("caseWork.tasks.doneCaption") });
    expect(await done.textContent()).toContain(title);
    expect(await open.textContent()).not.toContain(title);
  });

  it("the expert uploads a PDF and downloads the same bytes back", async () => {
    const f = get();
    const id = installerCase(f);
    const page = await pageAs(f, "expert");
    await visit(page, f, `/casussen/${id}/documenten`);
    await page.getByLabel(t("caseWork.documents.file"), { exact: true }).setInputFiles({
      name: "Analyse werkprocessen.pdf",
      mimeType: "application/pdf",
      buffer: PDF,
    });
    await page.getByRole("button", { name: t("caseWork.documents.submit") }).click();
    await backOnCase(page, f, "document");

    await visit(page, f, `/casussen/${id}/documenten`);
    const link = page.getByRole("link", { name: /Analyse werkprocessen\.pdf/ });
    const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
    expect(download.suggestedFilename()).toBe("Analyse werkprocessen.pdf");
    const file = await download.path();
    expect(Buffer.compare(readFileSync(file), PDF)).toBe(0);
  });

  it("the student adds an internal note", async () => {
    const f = get();
    const id = installerCase(f);
    const page = await pageAs(f, "student");
    await visit(page, f, `/casussen/${id}/notitie`);
    const body = "De planner wil eerst een demo zien voordat er iets wordt gekocht.";
    await page.getByLabel(t("caseWork.note.body"), { exact: true }).fill(body);
    await page.getByRole("button", { name: t("caseWork.note.submit") }).click();
    await backOnCase(page, f, "note");
    await visit(page, f, `/casussen/${id}/notitie`);
    expect(await page.locator("main").textContent()).toContain(body);
  });

  it("the demo provider, not on the team, gets a 404 on every page", async () => {
    const f = get();
    const id = installerCase(f);
    const page = await pageAs(f, "provider");
    for (const sub of ["activiteit", "uren", "taken", "notitie", "documenten"]) {
      await visit(page, f, `/casussen/${id}/${sub}`, 404);
    }
  });

  it("logs an activity without JavaScript (errors first, then the activity)", async () => {
    const f = get();
    const id = installerCase(f);
    const page = await pageAs(f, "expert", { javaScriptEnabled: false });
    await visit(page, f, `/casussen/${id}/activiteit`);
    // An outcome of spaces passes the browser's own check; the server sends the form back.
    await page.getByLabel(t("caseWork.activity.type")).selectOption("follow_up");
    await page.getByLabel(t("caseWork.activity.duration")).fill("20");
    await page.getByLabel(t("caseWork.activity.outcome")).fill("   ");
    await page.getByRole("button", { name: t("caseWork.activity.submit") }).click();
    await page.waitForLoadState("load");
    expect(await page.getByRole("alert").textContent()).toContain(
      t("caseWork.error.outcomeRequired"),
    );
    forgiveStatusErrors(f, 400);
    // What was chosen is still there.
    expect(await page.getByLabel(t("caseWork.activity.duration")).inputValue()).toBe("20");
    expect(await page.getByLabel(t("caseWork.activity.type")).inputValue()).toBe("follow_up");
    await page.getByLabel(t("caseWork.activity.outcome")).fill("Nagebeld over de offertes.");
    await page.getByRole("button", { name: t("caseWork.activity.submit") }).click();
    await backOnCase(page, f, "activity");
    const db = openServerDatabase(f.server);
    try {
      const row = db
        .prepare("select duration_minutes from case_activities where outcome = ?")
        .get("Nagebeld over de offertes.") as { duration_minutes: number } | undefined;
      expect(row?.duration_minutes).toBe(20);
    } finally {
      db.close();
    }
  });
});
