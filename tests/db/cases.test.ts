/**
 * Cases on both databases: accepting a help request makes exactly one case with the
 * journey's tasks, the person's account and the company membership; phase changes and
 * detail edits are versioned (a stale version never overwrites), the team only takes people
 * with the right platform role, activities only name team members, the company's view leaves
 * out everything internal, the pipeline filters and counts, and each KPI counts what its
 * definition in kpi.server.ts / docs/KPIS.md says.
 */
import { beforeAll, expect, it } from "vitest";
import type { DB } from "~/db/database.server";
import { createCompany } from "~/db/factories.server";
import type { Role, User } from "~/db/schema";
import { newId } from "~/lib/ids.server";
import {
  acceptIntakeIntoCase,
  addMember,
  addNote,
  addTask,
  type CaseContext,
  changePhase,
  createCase,
  logActivity,
  logHours,
  postMessage,
  setTaskDone,
  suggestMembers,
  updateDetails,
} from "~/modules/cases/cases.server";
import { addWorkingDays, loadJourney, parseJourney } from "~/modules/cases/journey";
import {
  countAdvices,
  countGuidanceTrajectories,
  countIntakes,
  countTrainings,
  quarterOf,
} from "~/modules/cases/kpi.server";
import {
  expectedActivities,
  findCaseWorkers,
  getCaseView,
  listMyTasks,
  listPipeline,
  pipelineBoard,
} from "~/modules/cases/queries.server";
import { addMembership, insertUser } from "~/modules/users/users.server";
import { describeEachDialect } from "../support/db";

const journey = loadJourney("config/journey.json");
/** A Monday. */
const NOW = new Date("2026-06-01T09:00:00Z");

/** A moment `minutes` after NOW. */
const later = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);

let n = 0;
async function person(
  db: DB,
  roles: Role[],
  extra: Partial<Parameters<typeof insertUser>[1]> = {},
) {
  n++;
  return insertUser(db, {
    email: `p${n}-${Math.random().toString(36).slice(2, 7)}@example.org`,
    name: `Persoon ${n}`,
    roles,
    emailVerified: true,
    ...extra,
  });
}

function ctxFor(db: DB, u: User, roles: Role[], companyIds: string[] = [], now = NOW): CaseContext {
  return {
    db,
    actor: {
      kind: "user",
      id: u.id,
      email: u.email,
      name: u.name,
      roles: new Set(roles),
      companyIds,
      isDemo: false,
    },
    ip: "127.0.0.1",
    mail: { from: "test@spot035.nl" },
    publicUrl: "http://spot.test",
    siteName: "SPOT 035",
    journey,
    now,
  };
}

async function intakeFor(
  db: DB,
  companyId: string,
  email: string,
  responseId: string | null = null,
) {
  const id = newId();
  await db
    .insertInto("intake_requests")
    .values({
      id,
      response_id: responseId,
      company_id: companyId,
      user_id: null,
      question: "Hoe krijgen we meer klanten via de website?",
      contact_name: "Ilse Ondernemer",
      contact_email: email,
      contact_phone: null,
      company_name: "Drukkerij Test",
      kvk_number: null,
      sbi_section: "C",
      employees: 12,
      legal_form: null,
      postcode: "1211AB",
      cbs_code: "GM0402",
      eligibility: "eligible",
      eligibility_reasons: null,
      heard_via: null,
      heard_via_detail: null,
      intake_preference: "online",
      lang: "nl",
      status: "new",
      handled_by: null,
      handled_at: null,
      reply: null,
      created_at: NOW.toISOString(),
    })
    .execute();
  return id;
}

const mails = (db: DB, template: string) =>
  db.selectFrom("mail_outbox").selectAll().where("template", "=", template).execute();

describeEachDialect("cases", (get) => {
  let db: DB;
  let coordinator: User;
  let expert: User;
  let student: User;
  let provider: User;
  let entrepreneur: User;
  let coord: CaseContext;

  beforeAll(async () => {
    db = get().handle.db;
    coordinator = await person(db, ["coordinator"]);
    expert = await person(db, ["expert"]);
    student = await person(db, ["student"], { studentLevel: "hbo", studentInstitution: "HvA" });
    provider = await person(db, ["provider"]);
    entrepreneur = await person(db, ["entrepreneur"]);
    coord = ctxFor(db, coordinator, ["coordinator"]);
  });

  it("accepting a help request makes one case, an account for the asker, tasks and a mail", async () => {
    const company = await createCompany(db);
    const email = `ilse-${Math.random().toString(36).slice(2, 7)}@example.org`;
    const intakeId = await intakeFor(db, company.id, email);
    const r = await acceptIntakeIntoCase(coord, intakeId);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    // Twice: the second is refused, no second case.
    expect(await acceptIntakeIntoCase(coord, intakeId)).toMatchObject({
      ok: false,
      problem: "intakeState",
    });
    const cases = await db
      .selectFrom("cases")
      .selectAll()
      .where("company_id", "=", company.id)
      .execute();
    expect(cases).toHaveLength(1);
    expect(cases[0]).toMatchObject({
      phase: "awareness",
      intake_request_id: intakeId,
      question: "Hoe krijgen we meer klanten via de website?",
      version: 1,
    });
    expect(cases[0]!.reference).toMatch(/^C-2026-\d{4}$/);
    const request = await db
      .selectFrom("intake_requests")
      .selectAll()
      .where("id", "=", intakeId)
      .executeTakeFirstOrThrow();
    expect(request.status).toBe("accepted");
    // The asker has an account that is a member of the company.
    const asker = await db
      .selectFrom("users")
      .selectAll()
      .where("email", "=", email)
      .executeTakeFirstOrThrow();
    const membership = await db
      .selectFrom("memberships")
      .selectAll()
      .where("user_id", "=", asker.id)
      .where("company_id", "=", company.id)
      .executeTakeFirst();
    expect(membership).toBeDefined();
    // The journey's phase-0 tasks, due in working days (5 working days after Monday 1 June).
    const tasks = await db
      .selectFrom("case_tasks")
      .selectAll()
      .where("case_id", "=", r.caseId)
      .execute();
    const planIntake = tasks.find((t) => t.journey_key === "plan-intake");
    expect(planIntake).toMatchObject({
      due_on: "2026-06-08",
      status: "open",
      assignee_id: coordinator.id,
    });
    expect(tasks.map((t) => t.journey_key).sort()).toEqual(
      journey.phases.awareness.tasks.map((t) => t.key).sort(),
    );
    // The email links to the company's view of the case.
    const opened = (await mails(db, "caseOpened")).filter((m) => m.to_address === email);
    expect(opened).toHaveLength(1);
    expect(opened[0]!.text_body).toContain(`/mijn/casus/${r.caseId}`);
  });

  it("case references count on past 9999 in a year", async () => {
    const company = await createCompany(db);
    const at2040 = ctxFor(db, coordinator, ["coordinator"], [], new Date("2040-03-01T10:00:00Z"));
    const first = await createCase(at2040, {
      companyId: company.id,
      title: "R",
      question: "Q",
      theme: null,
    });
    if (!first.ok) throw new Error("no case");
    await db
      .updateTable("cases")
      .set({ reference: "C-2040-9999" })
      .where("id", "=", first.caseId)
      .execute();
    const second = await createCase(at2040, {
      companyId: company.id,
      title: "R",
      question: "Q",
      theme: null,
    });
    const third = await createCase(at2040, {
      companyId: company.id,
      title: "R",
      question: "Q",
      theme: null,
    });
    if (!second.ok || !third.ok) throw new Error("no case");
    const refs = await db
      .selectFrom("cases")
      .select(["id", "reference"])
      .where("id", "in", [second.caseId, third.caseId])
      .execute();
    expect(refs.find((r) => r.id === second.caseId)!.reference).toBe("C-2040-10000");
    expect(refs.find((r) => r.id === third.caseId)!.reference).toBe("C-2040-10001");
  });

  it("a help request naming a company that already has accounts does not make the asker its member", async () => {
    const company = await createCompany(db);
    await addMembership(db, entrepreneur.id, company.id, "owner");
    const email = `ander-${Math.random().toString(36).slice(2, 7)}@example.org`;
    const intakeId = await intakeFor(db, company.id, email);
    const r = await acceptIntakeIntoCase(coord, intakeId);
    if (!r.ok) throw new Error("not accepted");
    const members = await db
      .selectFrom("memberships")
      .select("user_id")
      .where("company_id", "=", company.id)
      .execute();
    expect(members.map((m) => m.user_id)).toEqual([entrepreneur.id]);
    expect((await mails(db, "caseOpened")).some((m) => m.to_address === email)).toBe(false);
    const event = await db
      .selectFrom("case_events")
      .selectAll()
      .where("case_id", "=", r.caseId)
      .where("kind", "=", "asker_not_linked")
      .executeTakeFirstOrThrow();
    expect(event.internal).toBe(1);
    expect(JSON.parse(event.data)).toEqual({ email });
  });

  it("the team takes only people with the right role; students need level and institution", async () => {
    const company = await createCompany(db);
    const c = await createCase(coord, {
      companyId: company.id,
      title: "T",
      question: "Q",
      theme: "data_ai",
    });
    if (!c.ok) throw new Error("no case");
    expect(
      await addMember(coord, c.caseId, {
        userId: entrepreneur.id,
        caseRole: "expert",
        studentLevel: null,
        studentInstitution: null,
      }),
    ).toMatchObject({ ok: false, problem: "wrongRole" });
    expect(
      await addMember(coord, c.caseId, {
        userId: provider.id,
        caseRole: "student",
        studentLevel: null,
        studentInstitution: null,
      }),
    ).toMatchObject({ ok: false, problem: "wrongRole" });
    expect(
      await addMember(coord, c.caseId, {
        userId: "not-an-id",
        caseRole: "expert",
        studentLevel: null,
        studentInstitution: null,
      }),
    ).toMatchObject({ ok: false, problem: "noSuchUser" });
    const noDetails = await person(db, ["student"]);
    expect(
      await addMember(coord, c.caseId, {
        userId: noDetails.id,
        caseRole: "student",
        studentLevel: null,
        studentInstitution: null,
      }),
    ).toMatchObject({ ok: false, problem: "studentDetails" });
    // The student's profile gives level and institution.
    expect(
      await addMember(coord, c.caseId, {
        userId: student.id,
        caseRole: "student",
        studentLevel: null,
        studentInstitution: null,
      }),
    ).toMatchObject({ ok: true });
    expect(
      await addMember(coord, c.caseId, {
        userId: expert.id,
        caseRole: "lead",
        studentLevel: null,
        studentInstitution: null,
      }),
    ).toMatchObject({ ok: true });
    expect(
      await addMember(coord, c.caseId, {
        userId: expert.id,
        caseRole: "expert",
        studentLevel: null,
        studentInstitution: null,
      }),
    ).toMatchObject({ ok: false, problem: "alreadyMember" });
    const view = await getCaseView(db, c.caseId, { internal: true });
    expect(view!.team.find((m) => m.userId === student.id)).toMatchObject({
      role: "student",
      studentLevel: "hbo",
      studentInstitution: "HvA",
    });
    // The lead's tasks moved from the coordinator to the lead; the lead was told by mail.
    const planIntake = await db
      .selectFrom("case_tasks")
      .select("assignee_id")
      .where("case_id", "=", c.caseId)
      .where("journey_key", "=", "plan-intake")
      .executeTakeFirstOrThrow();
    expect(planIntake.assignee_id).toBe(expert.id);
    expect((await mails(db, "caseTeamAdded")).some((m) => m.to_address === expert.email)).toBe(
      true,
    );
  });

  it("a stale version never overwrites: the second edit gets the first one's change", async () => {
    const company = await createCompany(db);
    const c = await createCase(coord, {
      companyId: company.id,
      title: "T",
      question: "Q",
      theme: null,
    });
    if (!c.ok) throw new Error("no case");
    const exp = ctxFor(db, expert, ["expert"], [], later(2));
    const first = await updateDetails(
      ctxFor(db, coordinator, ["coordinator"], [], later(1)),
      c.caseId,
      {
        version: 1,
        title: "Titel van Coen",
        question: "Q",
        problem: "Te veel handwerk",
        problemKind: "problem",
        theme: "automation",
      },
    );
    expect(first.ok).toBe(true);
    const second = await updateDetails(exp, c.caseId, {
      version: 1,
      title: "Titel van Esra",
      question: "Q",
      problem: null,
      problemKind: null,
      theme: null,
    });
    expect(second).toMatchObject({ ok: false, problem: "conflict" });
    if (second.ok) return;
    expect(second.current).toMatchObject({ title: "Titel van Coen", version: 2 });
    expect(second.lastChange).toMatchObject({ by: coordinator.name, kind: "details_changed" });
    // A phase change on the old version is refused too.
    expect(
      await changePhase(exp, c.caseId, { version: 1, to: "analysis", reason: null }),
    ).toMatchObject({
      ok: false,
      problem: "conflict",
    });
    const row = await db
      .selectFrom("cases")
      .selectAll()
      .where("id", "=", c.caseId)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ title: "Titel van Coen", phase: "awareness", version: 2 });
  });

  it("phase changes are recorded with who, when and why; ends and steps back need a reason", async () => {
    const company = await createCompany(db);
    const c = await createCase(coord, {
      companyId: company.id,
      title: "T",
      question: "Q",
      theme: null,
    });
    if (!c.ok) throw new Error("no case");
    expect(
      await changePhase(coord, c.caseId, { version: 1, to: "awareness", reason: null }),
    ).toMatchObject({
      problem: "samePhase",
    });
    expect(
      await changePhase(coord, c.caseId, { version: 1, to: "analysis", reason: null }),
    ).toMatchObject({ ok: true });
    expect(
      await changePhase(coord, c.caseId, { version: 2, to: "awareness", reason: null }),
    ).toMatchObject({
      problem: "reasonNeeded",
    });
    expect(
      await changePhase(coord, c.caseId, { version: 2, to: "withdrawn", reason: null }),
    ).toMatchObject({
      problem: "reasonNeeded",
    });
    expect(
      await changePhase(coord, c.caseId, {
        version: 2,
        to: "withdrawn",
        reason: "Bedrijf heeft geen tijd",
      }),
    ).toMatchObject({ ok: true });
    const history = await db
      .selectFrom("case_phase_changes")
      .selectAll()
      .where("case_id", "=", c.caseId)
      .orderBy("changed_at")
      .execute();
    expect(history.map((h) => [h.from_phase, h.to_phase, h.reason, h.changed_by])).toEqual([
      [null, "awareness", null, coordinator.id],
      ["awareness", "analysis", null, coordinator.id],
      ["analysis", "withdrawn", "Bedrijf heeft geen tijd", coordinator.id],
    ]);
    const row = await db
      .selectFrom("cases")
      .selectAll()
      .where("id", "=", c.caseId)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      phase: "withdrawn",
      close_reason: "Bedrijf heeft geen tijd",
      version: 3,
    });
    // Entering analysis made the analysis tasks (once).
    const keys = (
      await db
        .selectFrom("case_tasks")
        .select("journey_key")
        .where("case_id", "=", c.caseId)
        .execute()
    ).map((t) => t.journey_key);
    expect(keys.filter((k) => k === "analysis-session")).toHaveLength(1);
  });

  it("activities name only the team; the company's view leaves out everything internal", async () => {
    const company = await createCompany(db);
    await addMembership(db, entrepreneur.id, company.id, "owner");
    const c = await createCase(coord, {
      companyId: company.id,
      title: "T",
      question: "Q",
      theme: null,
    });
    if (!c.ok) throw new Error("no case");
    await addMember(coord, c.caseId, {
      userId: expert.id,
      caseRole: "expert",
      studentLevel: null,
      studentInstitution: null,
    });
    const exp = ctxFor(db, expert, ["expert"]);
    expect(
      await logActivity(exp, c.caseId, {
        type: "intake_conversation",
        occurredOn: "2026-05-29",
        durationMinutes: 45,
        companyParticipants: 1,
        participantIds: [provider.id],
        outcome: "x",
      }),
    ).toMatchObject({ ok: false, problem: "notOnTeam" });
    expect(
      await logActivity(exp, c.caseId, {
        type: "intake_conversation",
        occurredOn: "2026-05-29",
        durationMinutes: 45,
        companyParticipants: 1,
        participantIds: [coordinator.id],
        outcome: "GEHEIME UITKOMST",
      }),
    ).toMatchObject({ ok: true });
    await logHours(exp, c.caseId, {
      workedOn: "2026-05-29",
      minutes: 90,
      description: "voorbereiding",
    });
    await addNote(exp, c.caseId, "INTERNE NOTITIE");
    await addTask(exp, c.caseId, {
      title: "Stuur de offerte",
      dueOn: "2026-06-05",
      assigneeId: null,
      forCompany: true,
    });
    await postMessage(
      ctxFor(db, entrepreneur, ["entrepreneur"], [company.id]),
      c.caseId,
      "Wanneer horen we iets?",
    );

    const staff = await getCaseView(db, c.caseId, { internal: true });
    expect(staff!.notes.map((x) => x.body)).toEqual(["INTERNE NOTITIE"]);
    expect(staff!.hours).toEqual([{ userId: expert.id, name: expert.name, minutes: 90 }]);
    expect(staff!.activities[0]).toMatchObject({
      outcome: "GEHEIME UITKOMST",
      durationMinutes: 45,
    });
    // The people ticked, not automatically the person logging it.
    expect(staff!.activities[0]!.participants).toEqual([coordinator.name]);
    expect(staff!.case.last_activity_at).toBe("2026-05-29");
    expect(expectedActivities(journey, staff!)).toEqual([
      { type: "intake_conversation", done: false },
    ]);

    const company_ = await getCaseView(db, c.caseId, { internal: false });
    const json = JSON.stringify(company_);
    expect(json).not.toContain("INTERNE NOTITIE");
    expect(json).not.toContain("GEHEIME UITKOMST");
    expect(company_!.hours).toEqual([]);
    expect(company_!.timeline.every((e) => !e.internal)).toBe(true);
    expect(company_!.timeline.map((e) => e.kind)).toContain("activity_logged");
    expect(company_!.timeline.map((e) => e.kind)).not.toContain("note_added");
    expect(company_!.tasks.some((t) => t.title === "Stuur de offerte" && t.forCompany)).toBe(true);
    // The message from the company went to the team by email, marked as from the company.
    expect(company_!.messages).toMatchObject([
      { fromCompany: true, body: "Wanneer horen we iets?" },
    ]);
    expect((await mails(db, "caseMessageTeam")).some((m) => m.to_address === expert.email)).toBe(
      true,
    );
  });

  it("tasks: mine, overdue, done once", async () => {
    const company = await createCompany(db);
    const c = await createCase(coord, {
      companyId: company.id,
      title: "Taken",
      question: "Q",
      theme: null,
    });
    if (!c.ok) throw new Error("no case");
    const mine = await listMyTasks(db, coordinator.id, { today: "2026-06-09" });
    const overdue = mine.filter((t) => t.caseId === c.caseId && t.overdue);
    // Both phase-0 tasks were due on 2026-06-08.
    expect(overdue.map((t) => t.title).sort()).toEqual(
      journey.phases.awareness.tasks.map((t) => t.title.nl).sort(),
    );
    const task = overdue[0]!;
    expect(await setTaskDone(coord, c.caseId, task.id, true)).toMatchObject({ ok: true });
    expect(await setTaskDone(coord, c.caseId, task.id, true)).toMatchObject({ ok: true });
    const done = await db
      .selectFrom("case_events")
      .selectAll()
      .where("case_id", "=", c.caseId)
      .where("kind", "=", "task_done")
      .execute();
    expect(done).toHaveLength(1);
    expect(
      (await listMyTasks(db, coordinator.id, { today: "2026-06-09" })).some(
        (t) => t.id === task.id,
      ),
    ).toBe(false);
    // A task of another case is not found through this case.
    const other = await createCase(coord, {
      companyId: company.id,
      title: "Ander",
      question: "Q",
      theme: null,
    });
    if (!other.ok) throw new Error("no case");
    expect(await setTaskDone(coord, other.caseId, task.id, false)).toMatchObject({
      ok: false,
      problem: "notFound",
    });
  });

  it("the pipeline filters by phase, theme, member and staleness, and counts per phase", async () => {
    const sector = "J";
    const company = await createCompany(db, {
      sbi_section: sector,
      cbs_code: "GM0417",
      name: "Stroomlijn BV",
    });
    const a = await createCase(coord, {
      companyId: company.id,
      title: "Pijplijn A",
      question: "Q",
      theme: "green",
    });
    const b = await createCase(coord, {
      companyId: company.id,
      title: "Pijplijn B",
      question: "Q",
      theme: "green",
    });
    if (!a.ok || !b.ok) throw new Error("no case");
    await changePhase(coord, b.caseId, { version: 1, to: "analysis", reason: null });
    await addMember(coord, b.caseId, {
      userId: student.id,
      caseRole: "student",
      studentLevel: null,
      studentInstitution: null,
    });
    const base = { theme: "green", sector, municipality: "GM0417", today: "2026-06-01" };
    const all = await listPipeline(db, base);
    expect(all.total).toBe(2);
    expect(all.counts.awareness).toBe(1);
    expect(all.counts.analysis).toBe(1);
    const analysis = await listPipeline(db, { ...base, phases: ["analysis"] });
    expect(analysis.rows.map((r) => r.id)).toEqual([b.caseId]);
    // Counts stay for all phases when a phase filter is on (the board's column heads).
    expect(analysis.counts.awareness).toBe(1);
    const member = await listPipeline(db, { ...base, memberId: student.id });
    expect(member.rows.map((r) => r.id)).toEqual([b.caseId]);
    // A typed team member: part of the name or of the e-mail address, any case.
    const person = await db
      .selectFrom("users")
      .select(["name", "email"])
      .where("id", "=", student.id)
      .executeTakeFirstOrThrow();
    for (const typed of [
      person.name.slice(1, -1).toUpperCase(),
      person.email.split("@")[0]!,
      ` ${person.email} `,
    ]) {
      const byText = await listPipeline(db, { ...base, member: typed });
      expect(
        byText.rows.map((r) => r.id),
        typed,
      ).toEqual([b.caseId]);
      expect(byText.total, typed).toBe(1);
      expect(byText.counts.analysis, typed).toBe(1);
    }
    // Someone on no case, a LIKE wildcard on its own and nonsense match nothing.
    for (const typed of ["%", "_", "zzz-niemand-zzz"]) {
      const none = await listPipeline(db, { ...base, member: typed });
      expect(none.total, typed).toBe(0);
      expect(none.rows, typed).toEqual([]);
    }
    expect((await findCaseWorkers(db, person.name)).map((p) => p.id)).toContain(student.id);
    // The board: the counts once, each column's first cards, the typed member resolved once.
    const board = await pipelineBoard(
      db,
      { ...base, member: person.name },
      ["awareness", "analysis"],
      5,
    );
    expect(board.counts.analysis).toBe(1);
    expect(board.counts.awareness).toBe(0);
    expect(board.columns.map((c) => [c.phase, c.rows.map((r) => r.id)])).toEqual([
      ["awareness", []],
      ["analysis", [b.caseId]],
    ]);
    // Made on 1 June without activities: stale after 14 days, not before.
    expect((await listPipeline(db, { ...base, staleDays: 14, today: "2026-06-10" })).total).toBe(0);
    expect((await listPipeline(db, { ...base, staleDays: 14, today: "2026-06-20" })).total).toBe(2);
    const sorted = await listPipeline(db, { ...base, sort: "phase" });
    expect(sorted.rows.map((r) => r.phase)).toEqual(["awareness", "analysis"]);
    // Sorting on last activity: a case without any is the quietest, on both databases: first
    // going up, last going down.
    await logActivity(coord, a.caseId, {
      type: "intake_conversation",
      occurredOn: "2026-05-20",
      durationMinutes: 30,
      companyParticipants: 1,
      participantIds: [],
      outcome: "-",
    });
    const up = await listPipeline(db, { ...base, sort: "activity" });
    expect(up.rows.map((r) => r.id)).toEqual([b.caseId, a.caseId]);
    const down = await listPipeline(db, { ...base, sort: "-activity" });
    expect(down.rows.map((r) => r.id)).toEqual([a.caseId, b.caseId]);
    const search = await listPipeline(db, { ...base, search: "pijplijn b" });
    expect(search.rows.map((r) => r.id)).toEqual([b.caseId]);
    // The company's name is searched too (without joining companies for the other filters).
    expect((await listPipeline(db, { ...base, search: "stroomLIJN" })).total).toBe(2);
    expect((await listPipeline(db, { ...base, search: "%" })).total).toBe(0);
  });

  it("team suggestions: theme experience first, then the least busy; not the team, not disabled", async () => {
    const company = await createCompany(db);
    const mk = async (theme: string | null) => {
      const c = await createCase(coord, {
        companyId: company.id,
        title: "S",
        question: "Q",
        theme,
      });
      if (!c.ok) throw new Error("no case");
      return c.caseId;
    };
    const join = (caseId: string, userId: string) =>
      addMember(coord, caseId, {
        userId,
        caseRole: "student",
        studentLevel: "hbo",
        studentInstitution: "Hogeschool",
      });
    const target = await mk("green");
    const busy = await person(db, ["student"]);
    const free = await person(db, ["student"]);
    const themed = await person(db, ["student"]);
    const onTeam = await person(db, ["student"]);
    const disabled = await person(db, ["student"]);
    await db
      .updateTable("users")
      .set({ disabled_at: NOW.toISOString() })
      .where("id", "=", disabled.id)
      .execute();
    await join(await mk(null), busy.id);
    await join(await mk(null), busy.id);
    await join(await mk("green"), themed.id);
    await join(target, onTeam.id);
    const all = await suggestMembers(db, target, "student", "green", 10_000);
    const at = (u: User) => all.findIndex((x) => x.userId === u.id);
    expect(at(onTeam)).toBe(-1);
    expect(at(disabled)).toBe(-1);
    expect(at(themed)).toBeGreaterThanOrEqual(0);
    expect(at(themed)).toBeLessThan(at(free));
    expect(at(free)).toBeLessThan(at(busy));
    expect(all[at(busy)]).toMatchObject({ caseload: 2, themeCases: 0, roles: ["student"] });
    expect(all[at(themed)]).toMatchObject({ caseload: 1, themeCases: 1 });
    expect(all.every((x) => x.roles.includes("student"))).toBe(true);
    // Only the first few come back.
    expect(await suggestMembers(db, target, "student", "green", 2)).toHaveLength(2);
  });

  it("KPIs count what their definitions say", async () => {
    // A fresh period no other test writes in: 2031.
    const q1 = quarterOf("2031-02-10");
    const q2 = quarterOf("2031-05-10");
    expect(q1).toMatchObject({ from: "2031-01-01", to: "2031-04-01", label: "2031 Q1" });
    const base = {
      intakes: await countIntakes(db, q1),
      advices: await countAdvices(db, q1),
      guidance: await countGuidanceTrajectories(db, q1),
      trainings: await countTrainings(db, q1),
    };
    expect(base).toEqual({ intakes: 0, advices: 0, guidance: 0, trainings: 0 });
    const company = await createCompany(db);
    const mk = async () => {
      const c = await createCase(coord, {
        companyId: company.id,
        title: "KPI",
        question: "Q",
        theme: null,
      });
      if (!c.ok) throw new Error("no case");
      return c.caseId;
    };
    const log = (
      caseId: string,
      type: Parameters<typeof logActivity>[2]["type"],
      on: string,
      people = 0,
    ) =>
      logActivity(coord, caseId, {
        type,
        occurredOn: on,
        durationMinutes: 30,
        companyParticipants: people,
        participantIds: [],
        outcome: "-",
      });
    const one = await mk();
    const two = await mk();
    // Case one: two intake conversations in Q1 → one intake. Case two: first intake in Q1,
    // second in Q2 → counted in Q1 only.
    await log(one, "intake_conversation", "2031-01-10");
    await log(one, "intake_conversation", "2031-02-10");
    await log(two, "intake_conversation", "2031-03-31");
    await log(two, "intake_conversation", "2031-04-01");
    // An advice in Q1 and a revised advice in Q2 for case one: one advice, in Q1.
    await log(one, "advice_delivered", "2031-03-01");
    await log(one, "advice_delivered", "2031-04-15");
    // Guidance: case two starts in Q2.
    await log(two, "guidance_session", "2031-04-20");
    await log(two, "guidance_session", "2031-05-20");
    // Trainings: people from the company, summed; the last day of the quarter counts, the
    // first day of the next does not.
    await log(one, "training", "2031-03-31", 3);
    await log(two, "training", "2031-01-05", 2);
    await log(two, "training", "2031-04-01", 5);
    expect(await countIntakes(db, q1)).toBe(2);
    expect(await countIntakes(db, q2)).toBe(0);
    expect(await countAdvices(db, q1)).toBe(1);
    expect(await countAdvices(db, q2)).toBe(0);
    expect(await countGuidanceTrajectories(db, q1)).toBe(0);
    expect(await countGuidanceTrajectories(db, q2)).toBe(1);
    expect(await countTrainings(db, q1)).toBe(5);
    expect(await countTrainings(db, q2)).toBe(5);
    // A withdrawn case still counts: what happened, happened.
    await changePhase(coord, one, { version: 1, to: "withdrawn", reason: "gestopt" });
    expect(await countIntakes(db, q1)).toBe(2);
  });
});

it("journey configuration: tasks due in working days, a bad file is refused with the reason", () => {
  // Friday 5 June 2026 + 1 working day = Monday 8 June.
  expect(addWorkingDays(new Date("2026-06-05T12:00:00Z"), 1)).toBe("2026-06-08");
  expect(addWorkingDays(new Date("2026-06-01T12:00:00Z"), 5)).toBe("2026-06-08");
  // Due "today" on a Saturday means Monday.
  expect(addWorkingDays(new Date("2026-06-06T12:00:00Z"), 0)).toBe("2026-06-08");
  expect(() => parseJourney({ staleAfterDays: 14, phases: {} })).toThrow(/awareness/);
  const bad = structuredClone(journey) as unknown as {
    phases: { awareness: { tasks: { dueInWorkingDays: number }[] } };
  };
  bad.phases.awareness.tasks[0]!.dueInWorkingDays = -3;
  expect(() => parseJourney(bad)).toThrow(/dueInWorkingDays/);
});
