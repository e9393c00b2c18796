/**
 * The case journey end to end, as the issue describes it: a coordinator accepts the bakery's
 * help request into a case, composes a team with an expert and a student, the expert logs the
 * intake conversation and moves the case to analysis, and the entrepreneur sees the new phase
 * and who is helping. Each person uses their own browser context; axe runs on every page.
 */
import type { Page } from "playwright-core";
import { expect, it } from "vitest";
import { getT } from "~/i18n/i18n";
import { DEMO_PASSWORD, demoEmail, openServerDatabase } from "../support/accounts";
import { type BrowserFixture, checkPage, describeBrowser, visit } from "../support/browser";

const t = getT("nl");
const BAKERY = "Bakkerij De Gooische Korst";
const EXPERT = "Esra Yılmaz";
const STUDENT = "Sam Jansen";

async function logIn(f: BrowserFixture, role: string): Promise<Page> {
  const page = await f.newPage();
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
}

async function addToTeam(page: Page, role: string, name: string): Promise<void> {
  await page.getByText(t("casePage.team.add")).click();
  await page.getByLabel(t("casePage.team.role")).selectOption(role);
  await page.getByRole("button", { name: t("casePage.team.showPeople") }).click();
  await page.waitForURL((url) => url.searchParams.get("rol") === role);
  await page.getByRole("radio", { name: new RegExp(name) }).check();
  await page.getByRole("button", { name: t("casePage.team.addSubmit") }).click();
  await notice(page, "member");
}

describeBrowser("the case journey: from help request to analysis", (get) => {
  it("coordinator accepts and composes the team, the expert logs the intake and moves on, the entrepreneur sees it", async () => {
    const f = get();

    // 1. The coordinator accepts the bakery's help request: it becomes a case in phase 0.
    const coordinator = await logIn(f, "coordinator");
    await visit(coordinator, f, "/beheer/aanvragen");
    await coordinator.getByRole("link", { name: BAKERY, exact: true }).first().click();
    await coordinator.getByRole("button", { name: t("intake.detail.acceptSubmit") }).click();
    await coordinator.waitForURL((url) => /^\/casussen\/[0-9a-f-]{36}$/.test(url.pathname));
    const caseId = new URL(coordinator.url()).pathname.split("/")[2]!;
    await coordinator.getByRole("heading", { level: 1, name: BAKERY }).waitFor();
    await checkPage(coordinator, f);
    const current = coordinator.locator('.spot-case-stepper [aria-current="step"]');
    expect(await current.textContent()).toContain(t("cases.phase.awareness"));

    // 2. The team: an expert and a student (level and institution from the student's profile).
    await addToTeam(coordinator, "expert", EXPERT);
    await checkPage(coordinator, f);
    await addToTeam(coordinator, "student", STUDENT);
    await checkPage(coordinator, f);
    const team = await coordinator.locator(".spot-case-team").textContent();
    expect(team).toContain(EXPERT);
    expect(team).toContain(STUDENT);
    expect(team).toContain("Hogeschool Gooi en Vecht (demo)");

    // The pipeline shows the new case in phase 0.
    await visit(coordinator, f, "/casussen?weergave=lijst");
    await coordinator
      .getByRole("link", { name: new RegExp(BAKERY) })
      .first()
      .waitFor();
    await checkPage(coordinator, f);

    // 3. The expert finds the case under Mijn werk and logs the intake conversation.
    const expert = await logIn(f, "expert");
    await visit(expert, f, "/werk");
    await checkPage(expert, f);
    await expert
      .getByRole("link", { name: new RegExp(BAKERY) })
      .first()
      .click();
    await expert.waitForURL(`**/casussen/${caseId}`);
    await expert
      .getByRole("link", { name: t("casePage.next.logActivity") })
      .first()
      .click();
    await expert.waitForURL(`**/casussen/${caseId}/activiteit`);
    await checkPage(expert, f);
    await expert.getByLabel(t("caseWork.activity.type")).selectOption("intake_conversation");
    await expert.getByLabel(t("caseWork.activity.duration")).fill("45");
    await expert
      .getByLabel(t("caseWork.activity.outcome"))
      .fill("Telefoonbestellingen besproken; de eigenaar wil online bestellen proberen.");
    await expert.getByRole("button", { name: t("caseWork.activity.submit") }).click();
    await expert.waitForURL(`**/casussen/${caseId}?gedaan=activity`);
    await notice(expert, "activity");
    await checkPage(expert, f);

    // 4. The expert moves the case to analysis (forward: no reason needed).
    await expert.getByText(t("casePage.phaseSection.change"), { exact: true }).first().click();
    await expert
      .getByLabel(t("casePage.phaseSection.to"))
      .selectOption({ label: t("cases.phaseNumbered.analysis") });
    await expert
      .locator("#fase form")
      .getByRole("button", { name: t("casePage.phaseSection.submit") })
      .click();
    await notice(expert, "phase");
    await checkPage(expert, f);
    expect(
      await expert.locator('.spot-case-stepper [aria-current="step"]').textContent(),
    ).toContain(t("cases.phase.analysis"));

    // What was recorded: the activity (the source of the intake KPI) and the phase history.
    const db = openServerDatabase(f.server);
    try {
      const activities = db
        .prepare("select type, duration_minutes from case_activities where case_id = ?")
        .all(caseId);
      expect(activities).toEqual([{ type: "intake_conversation", duration_minutes: 45 }]);
      const phases = db
        .prepare(
          "select from_phase, to_phase, users.email as who from case_phase_changes left join users on users.id = changed_by where case_id = ? order by changed_at",
        )
        .all(caseId);
      expect(phases).toEqual([
        { from_phase: null, to_phase: "awareness", who: demoEmail("coordinator") },
        { from_phase: "awareness", to_phase: "analysis", who: demoEmail("expert") },
      ]);
      // The team was told by email; the entrepreneur got the case link and the new phase.
      const mails = db
        .prepare("select to_address, template from mail_outbox where template like 'case%'")
        .all() as { to_address: string; template: string }[];
      const got = (to: string, template: string) =>
        mails.some((m) => m.to_address === to && m.template === template);
      expect(got(demoEmail("expert"), "caseTeamAdded")).toBe(true);
      expect(got(demoEmail("student"), "caseTeamAdded")).toBe(true);
      expect(got(demoEmail("entrepreneur"), "caseOpened")).toBe(true);
      expect(got(demoEmail("entrepreneur"), "casePhase")).toBe(true);
    } finally {
      db.close();
    }

    // 5. The entrepreneur sees the new phase and who is helping.
    const entrepreneur = await logIn(f, "entrepreneur");
    await visit(entrepreneur, f, "/mijn");
    await entrepreneur
      .getByRole("region", { name: t("myCase.portal.title") })
      .getByRole("link", { name: BAKERY })
      .click();
    await entrepreneur.waitForURL(`**/mijn/casus/${caseId}`);
    await checkPage(entrepreneur, f);
    const steps = entrepreneur
      .getByRole("list", { name: t("myCase.where.steps") })
      .getByRole("listitem");
    expect(await steps.nth(1).getAttribute("aria-current")).toBe("step");
    expect(await steps.nth(0).textContent()).toContain(t("myCase.where.state.done"));
    await entrepreneur.getByText(t("cases.phaseForCompany.analysis")).waitFor();
    const body = (await entrepreneur.locator("main").textContent()) ?? "";
    expect(body).toContain(EXPERT);
    expect(body).toContain(STUDENT);
    // Nothing internal: the activity's outcome stays with the team.
    expect(body).not.toContain("de eigenaar wil online bestellen proberen");
  }, 240_000);
});
