/**
 * The advice on both databases: a draft from the proposal (the backup action for a company
 * without backups, with its reason, laid out in time), versioned edits (two people editing
 * different actions both keep their change; the same action gives a conflict with the other's
 * values), sharing makes a numbered snapshot and emails the company, and the entrepreneur's
 * decisions move the case to realisation, make the accepted actions the realisation plan and
 * log "advice delivered" exactly once, also after a second round and a second version.
 * Bad input is refused with a field message, never stored.
 */
import { beforeAll, expect, it } from "vitest";
import type { DB } from "~/db/database.server";
import { generateAnswers, insertCompletedScan, seededRandom } from "~/db/demo-scans.server";
import { createCompany } from "~/db/factories.server";
import type { Role, User } from "~/db/schema";
import {
  addCatalogueItem,
  addCustomItem,
  createDraftFromProposal,
  decide,
  draftItems,
  findAdvice,
  latestSharedVersion,
  moveItem,
  realisationItems,
  removeItem,
  shareVersion,
  updateAdviceText,
  updateItem,
  updateRealisationItem,
} from "~/modules/advice/advice.server";
import { importCatalogueIfEmpty } from "~/modules/advice/catalogue.server";
import { customItemSchema, decisionsFromForm, itemSchema } from "~/modules/advice/schema";
import { addMember, type CaseContext, createCase } from "~/modules/cases/cases.server";
import { loadJourney } from "~/modules/cases/journey";
import { getInstrument } from "~/modules/scans/registry.server";
import { addMembership, insertUser } from "~/modules/users/users.server";
import { describeEachDialect } from "../support/db";

const journey = loadJourney("config/journey.json");
const NOW = new Date("2026-06-01T09:00:00Z");
const later = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);

let n = 0;
async function person(db: DB, roles: Role[]) {
  n++;
  return insertUser(db, {
    email: `a${n}-${Math.random().toString(36).slice(2, 7)}@example.org`,
    name: `Persoon ${n}`,
    roles,
    emailVerified: true,
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

const itemInput = (i: Awaited<ReturnType<typeof draftItems>>[number]) => ({
  itemId: i.id,
  version: i.version,
  title: i.title,
  description: i.description,
  costOnceMin: i.costOnceMin,
  costOnceMax: i.costOnceMax,
  costMonthlyMin: i.costMonthlyMin,
  costMonthlyMax: i.costMonthlyMax,
  startOn: i.startOn,
  endOn: i.endOn,
  dependsOn: i.dependsOn,
  effect: i.effect,
  indicator: i.indicator,
  owner: i.owner,
});

describeEachDialect("advice", (get) => {
  let db: DB;
  let coordinator: User;
  let expert: User;
  let student: User;
  let owner: User;
  let companyId: string;
  let caseId: string;
  const coord = (now = NOW) => ctxFor(db, coordinator, ["coordinator"], [], now);
  const exp = (now = NOW) => ctxFor(db, expert, ["expert"], [], now);
  const stu = (now = NOW) => ctxFor(db, student, ["student"], [], now);
  const ent = (now = NOW) => ctxFor(db, owner, ["entrepreneur"], [companyId], now);

  beforeAll(async () => {
    db = get().handle.db;
    await importCatalogueIfEmpty(db);
    coordinator = await person(db, ["coordinator"]);
    expert = await person(db, ["expert"]);
    student = await person(db, ["student"]);
    owner = await person(db, ["entrepreneur"]);
    const company = await createCompany(db, {
      name: "Bakkerij Korrel",
      sbi_section: "C",
      employees: 8,
    });
    companyId = company.id;
    await addMembership(db, owner.id, companyId, "owner");
    const c = await createCase(coord(), {
      companyId,
      title: "Bakkerij Korrel",
      question: "We willen minder tijd kwijt zijn aan de administratie.",
      theme: null,
    });
    if (!c.ok) throw new Error("case");
    caseId = c.caseId;
    for (const [u, role] of [
      [expert, "lead"],
      [student, "student"],
    ] as const) {
      const r = await addMember(coord(), caseId, {
        userId: u.id,
        caseRole: role,
        studentLevel: role === "student" ? "hbo" : null,
        studentInstitution: role === "student" ? "Hogeschool" : null,
      });
      expect(r.ok).toBe(true);
    }
    // A quick scan without backups, linked to the case.
    const inst = getInstrument("quickscan", 1)!;
    const answers = { ...generateAnswers(inst, seededRandom(7), 0.5), backup: "no" };
    const scanId = await insertCompletedScan(db, {
      inst,
      answers,
      completedAt: new Date("2026-05-20T10:00:00Z"),
      companyId,
    });
    await db
      .insertInto("case_scans")
      .values({
        case_id: caseId,
        response_id: scanId,
        linked_by: coordinator.id,
        linked_at: NOW.toISOString(),
      })
      .execute();
  });

  it("makes a draft from the proposal: the backup action with its reason, laid out from today", async () => {
    const r = await createDraftFromProposal(exp(), caseId, "nl");
    expect(r.ok).toBe(true);
    const advice = (await findAdvice(db, caseId))!;
    const items = await draftItems(db, advice.id);
    expect(items.length).toBeGreaterThan(2);
    const backup = items.find((i) => i.actionId === "offsite-backup");
    expect(backup, "the backup action is proposed").toBeDefined();
    expect(backup!.reason).toMatch(/back-up/i);
    expect(backup!.startOn >= "2026-06-01").toBe(true);
    expect(backup!.endOn > backup!.startOn).toBe(true);
    // Positions are 1..n; a second proposal adds nothing twice.
    expect(items.map((i) => i.position)).toEqual(items.map((_, k) => k + 1));
    const again = await createDraftFromProposal(exp(), caseId, "nl");
    expect(again.ok && again.added).toBe(0);
    expect((await draftItems(db, advice.id)).length).toBe(items.length);
    // The problem starts from the case's question; the timeline has the event.
    expect(advice.problem).toContain("administratie");
    const events = await db
      .selectFrom("case_events")
      .select("kind")
      .where("case_id", "=", caseId)
      .where("kind", "=", "advice_proposed")
      .execute();
    expect(events.length).toBe(2);
  });

  it("keeps both people's changes to different actions and refuses a stale edit of the same one", async () => {
    const advice = (await findAdvice(db, caseId))!;
    const [a, b] = await draftItems(db, advice.id);
    const r1 = await updateItem(exp(later(1)), caseId, {
      ...itemInput(a!),
      costOnceMax: a!.costOnceMax + 100,
    });
    const r2 = await updateItem(stu(later(2)), caseId, { ...itemInput(b!), owner: "Eigenaar" });
    expect(r1.ok && r2.ok).toBe(true);
    // The student still has the old version of a: refused with the expert's values.
    const stale = await updateItem(stu(later(3)), caseId, { ...itemInput(a!), owner: "Student" });
    expect(stale.ok).toBe(false);
    if (!stale.ok && stale.problem === "conflict") {
      expect(stale.current.costOnceMax).toBe(a!.costOnceMax + 100);
      expect(stale.current.version).toBe(a!.version + 1);
      expect(stale.lastChange.by).toBe(expert.name);
    } else throw new Error("expected a conflict");
    const after = await draftItems(db, advice.id);
    expect(after.find((i) => i.id === a!.id)!.owner).toBe(a!.owner);
    expect(after.find((i) => i.id === b!.id)!.owner).toBe("Eigenaar");
    // The text has its own version.
    const t1 = await updateAdviceText(exp(later(4)), caseId, {
      version: advice.version,
      situation: "Acht mensen, alles op papier.",
      problem: advice.problem,
      nextSteps: "Offertes opvragen.",
    });
    expect(t1.ok).toBe(true);
    const t2 = await updateAdviceText(stu(later(5)), caseId, {
      version: advice.version,
      situation: "Anders",
      problem: "",
      nextSteps: "",
    });
    expect(!t2.ok && t2.problem === "conflict" && t2.current.situation).toBe(
      "Acht mensen, alles op papier.",
    );
  });

  it("refuses bad input with a field message: negative costs, min above max, zero duration, end before start, unknown action, unknown dependency, cycle", async () => {
    const advice = (await findAdvice(db, caseId))!;
    const [a, b] = await draftItems(db, advice.id);
    const form = (over: Record<string, string | string[]>) => {
      const f = new FormData();
      const base: Record<string, string | string[]> = {
        intent: "item",
        itemId: a!.id,
        version: String(a!.version),
        title: "X",
        costOnceMin: "0",
        costOnceMax: "10",
        costMonthlyMin: "0",
        costMonthlyMax: "0",
        startOn: "2026-06-01",
        endOn: "2026-06-10",
        ...over,
      };
      for (const [k, v] of Object.entries(base))
        for (const x of Array.isArray(v) ? v : [v]) f.append(k, x);
      return f;
    };
    const errors = (over: Record<string, string | string[]>) => {
      const raw = Object.fromEntries(
        [...form(over).keys()].map((k) => {
          const all = form(over).getAll(k);
          return [k, k === "dependsOn" ? all : all[0]];
        }),
      );
      const num = (k: string) => (raw[k] === "" ? undefined : Number(raw[k]));
      const r = itemSchema.safeParse({
        ...raw,
        version: num("version"),
        costOnceMin: num("costOnceMin"),
        costOnceMax: num("costOnceMax"),
        costMonthlyMin: num("costMonthlyMin"),
        costMonthlyMax: num("costMonthlyMax"),
      });
      return r.success
        ? {}
        : Object.fromEntries(r.error.issues.map((i) => [i.path.join("."), i.message]));
    };
    expect(errors({ costOnceMin: "-5" })).toMatchObject({
      costOnceMin: "advice.error.euroNegative",
    });
    expect(errors({ costOnceMin: "50" })).toMatchObject({
      costOnceMax: "advice.error.minAboveMax",
    });
    expect(errors({ endOn: "2026-06-01" })).toMatchObject({ endOn: "advice.error.durationZero" });
    expect(errors({ endOn: "2026-05-01" })).toMatchObject({ endOn: "advice.error.endBeforeStart" });
    expect(errors({ startOn: "2026-02-30" })).toMatchObject({
      startOn: "advice.error.dateInvalid",
    });
    expect(
      customItemSchema.safeParse({
        intent: "custom",
        title: "",
        costOnceMin: 0,
        costOnceMax: 0,
        costMonthlyMin: 0,
        costMonthlyMax: 0,
        startOn: "2026-06-01",
        endOn: "2026-06-02",
      }).success,
    ).toBe(false);
    // What only the domain knows.
    expect(await addCatalogueItem(exp(), caseId, "no-such-action", "nl")).toEqual({
      ok: false,
      problem: "actionUnknown",
    });
    const unknownDep = await updateItem(exp(), caseId, {
      ...itemInput(a!),
      version: (await draftItems(db, advice.id))[0]!.version,
      dependsOn: ["00000000-0000-4000-8000-000000000000"],
    });
    expect(unknownDep).toEqual({ ok: false, problem: "dependencyUnknown" });
    const fresh = await draftItems(db, advice.id);
    const fa = fresh.find((i) => i.id === a!.id)!;
    const fb = fresh.find((i) => i.id === b!.id)!;
    expect((await updateItem(exp(), caseId, { ...itemInput(fb), dependsOn: [fa.id] })).ok).toBe(
      true,
    );
    const cycle = await updateItem(exp(), caseId, { ...itemInput(fa), dependsOn: [fb.id] });
    expect(cycle).toEqual({ ok: false, problem: "dependencyCycle" });
    expect(await updateItem(exp(), caseId, { ...itemInput(fa), dependsOn: [fa.id] })).toEqual({
      ok: false,
      problem: "dependencyUnknown",
    });
    // Decisions: a decline needs a reason; an unknown choice is refused.
    const f = new FormData();
    f.set(`decision.${a!.id}`, "declined");
    f.set(`decision.${b!.id}`, "maybe");
    const d = decisionsFromForm(f, [a!.id, b!.id]);
    expect(d.errors).toEqual({
      [`reason.${a!.id}`]: "advice.error.reasonRequired",
      [`decision.${b!.id}`]: "advice.error.decisionUnknown",
    });
  });

  it("adds, moves and removes actions; a removed action's id leaves the dependencies", async () => {
    const advice = (await findAdvice(db, caseId))!;
    const custom = await addCustomItem(exp(), caseId, {
      title: "Kassasysteem koppelen",
      description: "",
      costOnceMin: 100,
      costOnceMax: 300,
      costMonthlyMin: 0,
      costMonthlyMax: 20,
      startOn: "2026-07-01",
      endOn: "2026-07-15",
      dependsOn: [],
      effect: "",
      indicator: "",
      owner: "",
    });
    expect(custom.ok).toBe(true);
    let items = await draftItems(db, advice.id);
    const last = items.at(-1)!;
    expect(last.title).toBe("Kassasysteem koppelen");
    expect((await moveItem(exp(), caseId, last.id, "up")).ok).toBe(true);
    items = await draftItems(db, advice.id);
    expect(items.at(-2)!.id).toBe(last.id);
    const victim = items[0]!;
    expect((await removeItem(exp(), caseId, victim.id)).ok).toBe(true);
    items = await draftItems(db, advice.id);
    expect(items.some((i) => i.id === victim.id)).toBe(false);
    expect(items.every((i) => !i.dependsOn.includes(victim.id))).toBe(true);
  });

  it("shares a numbered snapshot, emails the company, and decisions make the plan and log advice delivered once", async () => {
    const advice = (await findAdvice(db, caseId))!;
    // Keep three actions for a clear decision round.
    for (const i of (await draftItems(db, advice.id)).slice(3))
      await removeItem(exp(), caseId, i.id);
    const shared = await shareVersion(exp(later(10)), caseId, "nl");
    expect(shared.ok && shared.number).toBe(1);
    const mails = await db
      .selectFrom("mail_outbox")
      .selectAll()
      .where("to_address", "=", owner.email)
      .where("template", "=", "adviceShared")
      .execute();
    expect(mails.length).toBe(1);
    expect(mails[0]!.text_body).toContain(`/mijn/casus/${caseId}/advies`);
    const v1 = (await latestSharedVersion(db, caseId))!;
    expect(v1.snapshot.company).toBe("Bakkerij Korrel");
    expect(v1.snapshot.items.length).toBe(3);
    expect(v1.snapshot.scan?.dimensions.length).toBeGreaterThan(0);
    expect(v1.snapshot.totals.firstYear.max).toBeGreaterThanOrEqual(v1.snapshot.totals.once.max);
    // Editing the draft afterwards does not change the shared version.
    const [first] = await draftItems(db, advice.id);
    await updateItem(exp(), caseId, { ...itemInput(first!), title: "Nieuwe titel" });
    expect((await latestSharedVersion(db, caseId))!.snapshot.items[0]!.title).not.toBe(
      "Nieuwe titel",
    );

    const [x, y, z] = v1.snapshot.items;
    // A first, partial round: no phase change, no activity.
    const partial = await decide(ent(later(20)), caseId, v1.id, [
      { itemId: x!.id, decision: "accepted", reason: null },
    ]);
    expect(partial.ok && partial.complete).toBe(false);
    const phase = async () =>
      (
        await db
          .selectFrom("cases")
          .select("phase")
          .where("id", "=", caseId)
          .executeTakeFirstOrThrow()
      ).phase;
    expect(await phase()).toBe("awareness");
    const full = await decide(ent(later(21)), caseId, v1.id, [
      { itemId: y!.id, decision: "accepted", reason: null },
      { itemId: z!.id, decision: "declined", reason: "Te duur voor nu." },
    ]);
    expect(full.ok && full.complete && full.movedToRealisation && full.delivered).toBe(true);
    expect(await phase()).toBe("realisation");
    const plan = await realisationItems(db, caseId);
    expect(plan.map((p) => p.itemId).sort()).toEqual([x!.id, y!.id].sort());
    const delivered = () =>
      db
        .selectFrom("case_activities")
        .select("id")
        .where("case_id", "=", caseId)
        .where("type", "=", "advice_delivered")
        .execute();
    expect((await delivered()).length).toBe(1);

    // A second round on the same version, and a second version decided: still one.
    const again = await decide(ent(later(30)), caseId, v1.id, [
      { itemId: z!.id, decision: "later", reason: null },
    ]);
    expect(again.ok && again.delivered).toBe(false);
    const v2 = await shareVersion(exp(later(40)), caseId, "nl");
    expect(v2.ok && v2.number).toBe(2);
    // Deciding on the old version is refused now.
    expect(
      await decide(ent(later(41)), caseId, v1.id, [
        { itemId: x!.id, decision: "accepted", reason: null },
      ]),
    ).toEqual({ ok: false, problem: "notLatest" });
    const latest = (await latestSharedVersion(db, caseId))!;
    const round2 = await decide(
      ent(later(42)),
      caseId,
      latest.id,
      latest.snapshot.items.map((i) => ({
        itemId: i.id,
        decision: "accepted" as const,
        reason: null,
      })),
    );
    expect(round2.ok && round2.complete && !round2.delivered && !round2.movedToRealisation).toBe(
      true,
    );
    expect((await delivered()).length).toBe(1);
    expect((await realisationItems(db, caseId)).length).toBe(3);
  });

  it("records progress on the realisation plan with versions", async () => {
    const [item] = await realisationItems(db, caseId);
    const ok = await updateRealisationItem(exp(), caseId, {
      itemId: item!.id,
      version: item!.version,
      status: "in_progress",
      progress: 40,
      note: "Offerte binnen",
    });
    expect(ok.ok).toBe(true);
    const stale = await updateRealisationItem(stu(), caseId, {
      itemId: item!.id,
      version: item!.version,
      status: "done",
      progress: 100,
      note: "",
    });
    expect(!stale.ok && stale.problem === "conflict" && stale.current.progress).toBe(40);
    const done = await updateRealisationItem(stu(), caseId, {
      itemId: item!.id,
      version: item!.version + 1,
      status: "in_progress",
      progress: 100,
      note: "",
    });
    expect(done.ok).toBe(true);
    const after = (await realisationItems(db, caseId)).find((r) => r.id === item!.id)!;
    expect([after.status, after.progress]).toEqual(["done", 100]);
  });
});
