/**
 * The staff case page (/casussen/:id) in the browser, on the demo installer's case: the
 * coordinator composes the team (takes the student off and adds them again with level and
 * institution), changes the phase with a reason, writes to the entrepreneur and sees it all in
 * the timeline; the same without JavaScript; the student sees the internal notes but no team or
 * phase forms; the provider (not on the team) and the bakery's entrepreneur get a 404; and two
 * people saving the question at once: the second sees the first's change and keeps their text.
 * axe runs on every page.
 */
import type { Page } from "playwright-core";
import { expect, it } from "vitest";
import { getT } from "~/i18n/i18n";
import { DEMO_PASSWORD, demoEmail, openServerDatabase } from "../support/accounts";
import {
  type BrowserFixture,
  checkPage,
  describeBrowser,
  forgiveStatusErrors,
  visit,
} from "../support/browser";

const t = getT("nl");
const COMPANY = "Installatiebedrijf Vecht & Zon";

function installerCaseId(f: BrowserFixture): string {
  const db = openServerDatabase(f.server);
  try {
    const row = db
      .prepare(
        "select cases.id from cases join companies on companies.id = cases.company_id where companies.name = ?",
      )
      .get(COMPANY) as { id: string } | undefined;
    expect(row, "the demo installer's case").toBeDefined();
    return row!.id;
  } finally {
    db.close();
  }
}

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
  await page.waitForURL((url) => url.pathname !== "/inloggen");
  return page;
}

async function notice(page: Page, key: string): Promise<void> {
  await page
    .getByRole("status")
    .getByText(t(`casePage.notice.${key}`))
    .waitFor();
  expect(new URL(page.url()).searchParams.get("gedaan")).toBe(key);
}

const timeline = (page: Page) => page.locator("#tijdlijn");

describeBrowser("the staff case page (/casussen/:id)", (get) => {
  it("a coordinator composes the team, changes the phase with a reason and writes to the company", async () => {
    const f = get();
    const id = installerCaseId(f);
    const page = await pageAs(f, "coordinator");
    await visit(page, f, `/casussen/${id}`);
    await page.getByRole("heading", { level: 1, name: COMPANY }).waitFor();
    // The stepper marks the current phase; "what now" names the expected activity.
    const current = page.locator('.spot-case-stepper [aria-current="step"]');
    expect(await current.textContent()).toContain(t("cases.phase.analysis"));
    await page
      .locator("#wat-nu .spot-case-checklist")
      .getByText(t("cases.activity.analysis_session"), { exact: false })
      .waitFor();
    expect(
      await page
        .getByRole("link", { name: t("casePage.next.logActivity") })
        .first()
        .getAttribute("href"),
    ).toBe(`/casussen/${id}/activiteit`);

    // Take the student off the team, and add them again with level and institution.
    await page.getByRole("button", { name: `${t("casePage.team.remove")}: Sam Jansen` }).click();
    await notice(page, "memberRemoved");
    await checkPage(page, f);
    expect(await page.locator(".spot-case-team").textContent()).not.toContain("Sam Jansen");

    await page.getByText(t("casePage.team.add")).click();
    await page.getByLabel(t("casePage.team.role")).selectOption("student");
    await page.getByRole("button", { name: t("casePage.team.showPeople") }).click();
    await page.waitForURL((url) => url.searchParams.get("rol") === "student");
    const sam = page.getByRole("radio", { name: /Sam Jansen/ });
    await sam.waitFor();
    // The suggestion says how busy they are and what they did on this theme.
    const label = await page.locator(`label[for="${await sam.getAttribute("id")}"]`).textContent();
    expect(label).toContain(t("casePage.team.load", { count: 0 }));
    expect(label).toContain(t("casePage.team.themeCases", { count: 0 }));
    await checkPage(page, f);
    await sam.check();
    // Their profile fills in the level and institution; the coordinator corrects both.
    const institution = page.getByLabel(t("casePage.team.institution"));
    await expect.poll(() => institution.inputValue()).toBe("Hogeschool Gooi en Vecht (demo)");
    await page.getByLabel(t("casePage.team.level")).selectOption("mbo");
    await institution.fill("MBO College Hilversum (demo)");
    await page.getByRole("button", { name: t("casePage.team.addSubmit") }).click();
    await notice(page, "member");
    await checkPage(page, f);
    expect(await page.locator(".spot-case-team").textContent()).toContain(
      "MBO College Hilversum (demo)",
    );

    // A step back needs a reason: first without one, then with one.
    const phaseForm = page.locator("#fase form");
    await page.getByText(t("casePage.phaseSection.change"), { exact: true }).first().click();
    await page.getByLabel(t("casePage.phaseSection.to")).selectOption({
      label: t("casePage.phaseSection.withReason", { phase: t("cases.phaseNumbered.awareness") }),
    });
    await phaseForm.getByRole("button", { name: t("casePage.phaseSection.submit") }).click();
    await page.getByText(t("casePage.error.reasonRequired")).first().waitFor();
    await checkPage(page, f);
    await page
      .getByLabel(t("casePage.phaseSection.reason"))
      .fill("De eigenaar wil eerst met het hele team praten.");
    await phaseForm.getByRole("button", { name: t("casePage.phaseSection.submit") }).click();
    await notice(page, "phase");
    await checkPage(page, f);
    expect(await current.textContent()).toContain(t("cases.phase.awareness"));

    // A message to the entrepreneur.
    await page
      .getByLabel(t("casePage.messages.reply"))
      .fill("Goedemorgen! Zullen we volgende week dinsdag om 10 uur afspreken?");
    await page.getByRole("button", { name: t("casePage.messages.send") }).click();
    await notice(page, "message");
    await checkPage(page, f);
    await page
      .locator(".spot-case-message--team")
      .getByText("Zullen we volgende week dinsdag om 10 uur afspreken?", { exact: false })
      .waitFor();

    // All of it in the timeline, newest first, in words.
    const events = await timeline(page).locator("li").allTextContents();
    expect(events[0]).toContain(t("casePage.event.messageFromTeam"));
    expect(events[1]).toContain(
      t("casePage.event.phaseChanged", {
        from: t("cases.phaseNumbered.analysis"),
        to: t("cases.phaseNumbered.awareness"),
      }),
    );
    expect(events[1]).toContain("De eigenaar wil eerst met het hele team praten.");
    expect(events[2]).toContain(
      t("casePage.event.memberAdded", { name: "Sam Jansen", role: t("cases.role.student") }),
    );
    expect(events[2]).toContain("mbo, MBO College Hilversum (demo)");
    expect(events[3]).toContain(
      t("casePage.event.memberRemoved", { name: "Sam Jansen", role: t("cases.role.student") }),
    );
    // The internal note of the demo is marked as internal.
    const note = timeline(page).locator("li", { hasText: t("casePage.event.noteAdded") });
    expect(await note.textContent()).toContain(t("casePage.internal"));

    // At 320 px wide the page still works (axe on the narrow page too).
    const narrow = await pageAs(f, "coordinator", { viewport: { width: 320, height: 800 } });
    await visit(narrow, f, `/casussen/${id}`);
    const overflow = await narrow.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
  }, 240_000);

  it("works without JavaScript: editing the question, a message with an error first", async () => {
    const f = get();
    const id = installerCaseId(f);
    const page = await pageAs(f, "coordinator", { javaScriptEnabled: false });
    await visit(page, f, `/casussen/${id}`);
    await page.getByText(t("casePage.details.edit")).click();
    await page
      .getByLabel(new RegExp(`^${t("casePage.details.problem")}`))
      .fill("Het plannen kost de planner elke dag twee uur.");
    await page.getByLabel(t("cases.problemKind.problem"), { exact: true }).check();
    await page.getByRole("button", { name: t("casePage.details.save"), exact: true }).click();
    await notice(page, "details");
    await page.getByText("Het plannen kost de planner elke dag twee uur.").first().waitFor();
    await checkPage(page, f);

    // An empty message: the page again (400) with the message, then a real one.
    await page.getByRole("button", { name: t("casePage.messages.send") }).click();
    await page.getByText(t("casePage.error.messageRequired")).first().waitFor();
    forgiveStatusErrors(f, 400);
    await checkPage(page, f);
    await page.getByLabel(t("casePage.messages.reply")).fill("Zonder JavaScript verstuurd.");
    await page.getByRole("button", { name: t("casePage.messages.send") }).click();
    await notice(page, "message");
    await page.getByText("Zonder JavaScript verstuurd.").waitFor();
    await checkPage(page, f);
  });

  it("the student sees the case with internal notes, without team or phase forms", async () => {
    const f = get();
    const id = installerCaseId(f);
    const page = await pageAs(f, "student");
    await visit(page, f, `/casussen/${id}`);
    await page
      .getByRole("heading", { level: 2, name: new RegExp(t("casePage.notes.title")) })
      .waitFor();
    await page
      .getByText("Let op: de planner gaat over een half jaar met pensioen.", { exact: false })
      .waitFor();
    expect(await page.getByText(t("casePage.phaseSection.change"), { exact: true }).count()).toBe(
      0,
    );
    expect(await page.getByText(t("casePage.team.add")).count()).toBe(0);
    expect(
      await page.getByRole("button", { name: new RegExp(t("casePage.team.remove")) }).count(),
    ).toBe(0);
    // They work on the case: they may log an activity and edit the question.
    await page
      .getByRole("link", { name: t("casePage.next.logActivity") })
      .first()
      .waitFor();
    await page.getByText(t("casePage.details.edit")).waitFor();
  });

  it("the provider (not on the team) and the bakery's entrepreneur get a 404", async () => {
    const f = get();
    const id = installerCaseId(f);
    for (const role of ["provider", "entrepreneur"]) {
      const page = await pageAs(f, role);
      await visit(page, f, `/casussen/${id}`, 404);
      expect(await page.getByText(COMPANY).count()).toBe(0);
    }
  });

  it("two people save the question at once: the second sees the first's change and keeps their text", async () => {
    const f = get();
    const id = installerCaseId(f);
    const coordinator = await pageAs(f, "coordinator");
    const expert = await pageAs(f, "expert");
    for (const p of [coordinator, expert]) {
      await p.goto(`/casussen/${id}`);
      await p.getByText(t("casePage.details.edit")).click();
    }
    await coordinator
      .getByLabel(new RegExp(`^${t("casePage.details.problem")}`))
      .fill("Versie van de coördinator: planning kost te veel tijd.");
    await coordinator
      .getByRole("button", { name: t("casePage.details.save"), exact: true })
      .click();
    await notice(coordinator, "details");

    const mine = "Versie van de expert: de monteurs missen een app.";
    await expert.getByLabel(new RegExp(`^${t("casePage.details.problem")}`)).fill(mine);
    await expert.getByRole("button", { name: t("casePage.details.save"), exact: true }).click();
    const alert = expert.getByRole("alert").filter({ hasText: t("casePage.conflict.title") });
    await alert.waitFor();
    expect(await alert.textContent()).toContain(t("cases.problem.conflict"));
    expect(await alert.textContent()).toContain("Coen Visser");
    expect(await alert.textContent()).toContain(
      "Versie van de coördinator: planning kost te veel tijd.",
    );
    // What the expert typed is still there; saving again is a deliberate choice.
    expect(
      await expert.getByLabel(new RegExp(`^${t("casePage.details.problem")}`)).inputValue(),
    ).toBe(mine);
    forgiveStatusErrors(f, 409);
    await checkPage(expert, f);
    await expert.getByRole("button", { name: t("casePage.details.saveAgain") }).click();
    await notice(expert, "details");
    await expert.locator("#vraag").getByText(mine).first().waitFor();
  }, 120_000);
});
