/**
 * The advice of a case (journey phase 2): a draft the team writes from a proposal (the
 * company's scan answers and scores, question and sector, see proposal.ts), versions shared
 * with the entrepreneur as snapshots, the entrepreneur's decision per action, and the
 * realisation plan made of the accepted actions.
 *
 * Every change is one transaction that also writes the case's timeline event and the audit
 * entry. Two people never lose each other's work: the advice's text fields carry a version,
 * and so does every action (item) on its own, so editing DIFFERENT actions never conflicts and
 * editing the SAME one gives the other person's values back ({ problem: "conflict", current }).
 * Adding, removing and reordering actions never conflict.
 */
import { sql, type Transaction } from "kysely";
import type { DB } from "~/db/database.server";
import type { AdviceItemRow, Database } from "~/db/schema";
import { getT, type Lang } from "~/i18n/i18n";
import { newId, nowIso } from "~/lib/ids.server";
import {
  addEvent,
  auditCase,
  type CaseContext,
  caseUrl,
  changePhase,
  inTx,
} from "~/modules/cases/cases.server";
import { todayIso } from "~/modules/cases/schema";
import { queueMail } from "~/modules/mail/mail.server";
import { instrumentFor } from "~/modules/scans/responses.server";
import { buildResult } from "~/modules/scans/result.server";
import type { CatalogueAction, Proposed } from "./catalogue";
import { activeCatalogue } from "./catalogue.server";
import { addDays, dependencyCycle, type PlanItem, type PlanTotals, planTotals } from "./plan";
import { proposeForCase } from "./proposal.server";
import type {
  AdviceTextInput,
  CustomItemInput,
  DecisionInput,
  ItemInput,
  RealisationInput,
} from "./schema";

type Tx = Transaction<Database> | DB;

export type AdviceProblem =
  | "conflict"
  | "notFound"
  | "noProposal"
  | "actionUnknown"
  | "dependencyUnknown"
  | "dependencyCycle"
  | "noItems"
  | "notLatest"
  | "itemUnknown";

export interface ChangeInfo {
  by: string | null;
  at: string;
}

export type AdviceResult<T = unknown> = ({ ok: true } & T) | { ok: false; problem: AdviceProblem };

// ---------------------------------------------------------------------------------------------
// Shapes

export interface AdviceText {
  situation: string;
  problem: string;
  nextSteps: string;
  version: number;
}

export interface DraftItem extends PlanItem {
  position: number;
  version: number;
  updatedAt: string;
  updatedBy: string | null;
}

export interface ScanChart {
  instrumentId: string;
  title: string;
  completedAt: string;
  overall: number;
  dimensions: { id: string; label: string; score: number }[];
}

/** What a shared version holds: everything the entrepreneur and the PDF show. */
export interface AdviceSnapshot {
  number: number;
  company: string;
  caseTitle: string;
  reference: string;
  situation: string;
  problem: string;
  nextSteps: string;
  items: PlanItem[];
  totals: PlanTotals;
  scan: ScanChart | null;
  sharedAt: string;
  sharedBy: string | null;
  lang: Lang;
}

const toItem = (r: AdviceItemRow): DraftItem => ({
  id: r.id,
  actionId: r.action_id,
  title: r.title,
  description: r.description,
  costOnceMin: r.cost_once_min,
  costOnceMax: r.cost_once_max,
  costMonthlyMin: r.cost_monthly_min,
  costMonthlyMax: r.cost_monthly_max,
  startOn: r.start_on,
  endOn: r.end_on,
  dependsOn: parseIds(r.depends_on),
  effect: r.effect,
  indicator: r.indicator,
  owner: r.owner,
  reason: r.reason,
  position: r.position,
  version: r.version,
  updatedAt: r.updated_at,
  updatedBy: r.updated_by,
});

function parseIds(json: string): string[] {
  try {
    const v = JSON.parse(json);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
  } catch {
    return [];
  }
}

// ---------------------------------------------------------------------------------------------
// Reading

export { activeCatalogue };

export async function findAdvice(db: Tx, caseId: string) {
  return db.selectFrom("advices").selectAll().where("case_id", "=", caseId).executeTakeFirst();
}

/** The draft's items in order, dependencies on removed items left out. */
export async function draftItems(db: Tx, adviceId: string): Promise<DraftItem[]> {
  const rows = await db
    .selectFrom("advice_items")
    .selectAll()
    .where("advice_id", "=", adviceId)
    .orderBy("position")
    .orderBy("id")
    .execute();
  const items = rows.map(toItem);
  const ids = new Set(items.map((i) => i.id));
  for (const i of items) i.dependsOn = i.dependsOn.filter((d) => ids.has(d));
  return items;
}

/** The chart of the case's latest completed linked scan, or null. */
export async function caseScanChart(db: DB, caseId: string, lang: Lang): Promise<ScanChart | null> {
  const response = await db
    .selectFrom("case_scans")
    .innerJoin("scan_responses", "scan_responses.id", "case_scans.response_id")
    .selectAll("scan_responses")
    .where("case_scans.case_id", "=", caseId)
    .where("scan_responses.status", "=", "completed")
    .orderBy("scan_responses.completed_at", "desc")
    .limit(1)
    .executeTakeFirst();
  if (!response) return null;
  try {
    instrumentFor(response);
  } catch {
    return null;
  }
  const r = await buildResult(db, response, lang);
  return {
    instrumentId: r.instrumentId,
    title: r.title,
    completedAt: r.completedAt,
    overall: r.overall,
    dimensions: r.dimensions.map((d) => ({ id: d.id, label: d.label, score: d.score })),
  };
}

export interface VersionSummary {
  id: string;
  number: number;
  sharedAt: string;
  sharedBy: string | null;
  items: number;
  decided: number;
}

export async function listVersions(db: DB, adviceId: string): Promise<VersionSummary[]> {
  const rows = await db
    .selectFrom("advice_versions")
    .leftJoin("users", "users.id", "advice_versions.shared_by")
    .select([
      "advice_versions.id",
      "advice_versions.number",
      "advice_versions.shared_at",
      "advice_versions.snapshot",
      "users.name as by",
    ])
    .where("advice_versions.advice_id", "=", adviceId)
    .orderBy("advice_versions.number", "desc")
    .execute();
  const counts = await db
    .selectFrom("advice_decisions")
    .innerJoin("advice_versions", "advice_versions.id", "advice_decisions.version_id")
    .select((eb) => ["advice_decisions.version_id", eb.fn.countAll<number>().as("n")])
    .where("advice_versions.advice_id", "=", adviceId)
    .groupBy("advice_decisions.version_id")
    .execute();
  const decided = new Map(counts.map((c) => [c.version_id, Number(c.n)]));
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    sharedAt: r.shared_at,
    sharedBy: r.by ?? null,
    items: (JSON.parse(r.snapshot) as AdviceSnapshot).items.length,
    decided: decided.get(r.id) ?? 0,
  }));
}

export interface SharedVersion {
  id: string;
  number: number;
  snapshot: AdviceSnapshot;
  decisions: Record<string, { decision: DecisionInput["decision"]; reason: string | null }>;
}

async function versionWithDecisions(
  db: Tx,
  row: { id: string; number: number; snapshot: string },
): Promise<SharedVersion> {
  const ds = await db
    .selectFrom("advice_decisions")
    .select(["item_id", "decision", "reason"])
    .where("version_id", "=", row.id)
    .execute();
  return {
    id: row.id,
    number: row.number,
    snapshot: JSON.parse(row.snapshot) as AdviceSnapshot,
    decisions: Object.fromEntries(
      ds.map((d) => [d.item_id, { decision: d.decision, reason: d.reason }]),
    ),
  };
}

/** The latest shared version of a case's advice (what the entrepreneur sees), or null. */
export async function latestSharedVersion(db: Tx, caseId: string): Promise<SharedVersion | null> {
  const row = await db
    .selectFrom("advice_versions")
    .innerJoin("advices", "advices.id", "advice_versions.advice_id")
    .select(["advice_versions.id", "advice_versions.number", "advice_versions.snapshot"])
    .where("advices.case_id", "=", caseId)
    .orderBy("advice_versions.number", "desc")
    .limit(1)
    .executeTakeFirst();
  return row ? versionWithDecisions(db, row) : null;
}

/** One shared version by its number (1, 2, …), or null. */
export async function sharedVersionByNumber(
  db: DB,
  caseId: string,
  number: number,
): Promise<SharedVersion | null> {
  if (!Number.isSafeInteger(number) || number < 1) return null;
  const row = await db
    .selectFrom("advice_versions")
    .innerJoin("advices", "advices.id", "advice_versions.advice_id")
    .select(["advice_versions.id", "advice_versions.number", "advice_versions.snapshot"])
    .where("advices.case_id", "=", caseId)
    .where("advice_versions.number", "=", number)
    .executeTakeFirst();
  return row ? versionWithDecisions(db, row) : null;
}

export interface RealisationView {
  id: string;
  itemId: string;
  title: string;
  status: "planned" | "in_progress" | "done";
  progress: number;
  note: string;
  startOn: string | null;
  endOn: string | null;
  version: number;
  updatedAt: string;
  updatedBy: string | null;
}

export async function realisationItems(db: Tx, caseId: string): Promise<RealisationView[]> {
  const rows = await db
    .selectFrom("realisation_items")
    .leftJoin("users", "users.id", "realisation_items.updated_by")
    .selectAll("realisation_items")
    .select("users.name as by")
    .where("realisation_items.case_id", "=", caseId)
    .orderBy("realisation_items.start_on")
    .orderBy("realisation_items.title")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    itemId: r.item_id,
    title: r.title,
    status: r.status,
    progress: r.progress,
    note: r.note,
    startOn: r.start_on,
    endOn: r.end_on,
    version: r.version,
    updatedAt: r.updated_at,
    updatedBy: r.by ?? null,
  }));
}

// ---------------------------------------------------------------------------------------------
// Writing helpers

/**
 * Take the case's row lock for the rest of the transaction (PostgreSQL; SQLite runs one write
 * transaction at a time anyway): proposing, sharing and deciding read-then-write, and two at
 * once must not both read the old state (a duplicate version number, a decision round that
 * never completes).
 */
async function lockCase(tx: Tx, caseId: string): Promise<void> {
  await tx
    .updateTable("cases")
    .set((eb) => ({ updated_at: eb.ref("updated_at") }))
    .where("id", "=", caseId)
    .execute();
}

/** The case's advice, made (empty) when it has none yet. */
async function ensureAdvice(ctx: CaseContext, tx: Tx, caseId: string) {
  const at = nowIso(ctx.now);
  await tx
    .insertInto("advices")
    .values({
      id: newId(),
      case_id: caseId,
      delivered_at: null,
      created_by: ctx.actor.id,
      created_at: at,
      updated_by: ctx.actor.id,
      updated_at: at,
    })
    .onConflict((oc) => oc.column("case_id").doNothing())
    .execute();
  return (await findAdvice(tx, caseId))!;
}

async function caseExists(tx: Tx, caseId: string) {
  return tx
    .selectFrom("cases")
    .innerJoin("companies", "companies.id", "cases.company_id")
    .select([
      "cases.id",
      "cases.title",
      "cases.reference",
      "cases.phase",
      "cases.version",
      "cases.question",
      "cases.problem",
      "cases.company_id",
      "companies.name as company",
    ])
    .where("cases.id", "=", caseId)
    .executeTakeFirst();
}

async function nextPosition(tx: Tx, adviceId: string): Promise<number> {
  const row = await tx
    .selectFrom("advice_items")
    .select((eb) => eb.fn.max("position").as("p"))
    .where("advice_id", "=", adviceId)
    .executeTakeFirst();
  return row?.p === null || row?.p === undefined ? 1 : Number(row.p) + 1;
}

function itemValues(a: CatalogueAction, lang: Lang) {
  return {
    title: a.title[lang],
    description: a.description[lang],
    cost_once_min: a.costOnce.min,
    cost_once_max: a.costOnce.max,
    cost_monthly_min: a.costMonthly.min,
    cost_monthly_max: a.costMonthly.max,
    effect: a.effect[lang],
    indicator: a.indicator[lang],
  };
}

/**
 * Lay out catalogue actions from `today`: each starts when the actions it needs (already in
 * the plan or added now) have ended, and takes its duration in weeks.
 */
function layOut(
  actions: readonly CatalogueAction[],
  existing: readonly DraftItem[],
  today: string,
): Map<string, { startOn: string; endOn: string }> {
  const ends = new Map<string, string>();
  for (const i of existing) {
    if (!i.actionId) continue;
    const prev = ends.get(i.actionId);
    if (!prev || i.endOn > prev) ends.set(i.actionId, i.endOn);
  }
  const byId = new Map(actions.map((a) => [a.id, a]));
  const out = new Map<string, { startOn: string; endOn: string }>();
  const visiting = new Set<string>();
  const place = (a: CatalogueAction): string => {
    const done = out.get(a.id);
    if (done) return done.endOn;
    visiting.add(a.id);
    let start = today;
    for (const p of a.prerequisites) {
      const pre = byId.get(p);
      const end = pre && !visiting.has(p) ? place(pre) : ends.get(p);
      if (end && end > start) start = end;
    }
    visiting.delete(a.id);
    const slot = { startOn: start, endOn: addDays(start, Math.max(1, a.durationWeeks) * 7) };
    out.set(a.id, slot);
    return slot.endOn;
  };
  for (const a of actions) place(a);
  return out;
}

// ---------------------------------------------------------------------------------------------
// The draft

/** How many proposed actions a draft starts with: a plan people can read and decide on. */
export const PROPOSAL_SIZE = 8;

/**
 * The best-ranked actions of a proposal, with the proposed actions they need (so a plan never
 * starts with an action whose prerequisite was cut off).
 */
function firstOfProposal(proposed: readonly Proposed[]): Proposed[] {
  const byId = new Map(proposed.map((p) => [p.action.id, p]));
  const keep = new Set<string>();
  const add = (p: Proposed) => {
    if (keep.has(p.action.id)) return;
    keep.add(p.action.id);
    for (const pre of p.action.prerequisites) {
      const q = byId.get(pre);
      if (q) add(q);
    }
  };
  for (const p of proposed) {
    if (keep.size >= PROPOSAL_SIZE) break;
    add(p);
  }
  return proposed.filter((p) => keep.has(p.action.id));
}

/**
 * Add the proposed actions for the case (from its scans, question and sector) to the draft,
 * in the proposal's order, each with the reason it was proposed. Actions already in the draft
 * are not added twice, so generating again after new scan answers only adds what is new.
 * The situation and problem start from the case's own words when they are still empty.
 */
export async function createDraftFromProposal(
  ctx: CaseContext,
  caseId: string,
  lang: Lang,
): Promise<AdviceResult<{ added: number }>> {
  const c = await caseExists(ctx.db, caseId);
  if (!c) return { ok: false, problem: "notFound" };
  const proposed = firstOfProposal((await proposeForCase(ctx.db, caseId, lang)) ?? []);
  const today = todayIso(ctx.now);
  const at = nowIso(ctx.now);
  return inTx(ctx.db, async (tx) => {
    await lockCase(tx, caseId);
    const advice = await ensureAdvice(ctx, tx, caseId);
    const existing = await draftItems(tx, advice.id);
    const present = new Set(existing.map((i) => i.actionId).filter(Boolean));
    const fresh = proposed.filter((p) => !present.has(p.action.id));
    if (fresh.length === 0 && existing.length === 0)
      return { ok: false, problem: "noProposal" } as const;
    const slots = layOut(
      fresh.map((p) => p.action),
      existing,
      today,
    );
    const idOf = new Map<string, string>();
    for (const i of existing) if (i.actionId) idOf.set(i.actionId, i.id);
    for (const p of fresh) idOf.set(p.action.id, newId());
    let position = await nextPosition(tx, advice.id);
    for (const p of fresh) {
      const slot = slots.get(p.action.id)!;
      await tx
        .insertInto("advice_items")
        .values({
          id: idOf.get(p.action.id)!,
          advice_id: advice.id,
          action_id: p.action.id,
          position: position++,
          ...itemValues(p.action, lang),
          start_on: slot.startOn,
          end_on: slot.endOn,
          depends_on: JSON.stringify(
            p.action.prerequisites.map((x) => idOf.get(x)).filter((x): x is string => !!x),
          ),
          owner: "",
          reason: p.reason,
          version: 1,
          updated_by: ctx.actor.id,
          updated_at: at,
        })
        .execute();
    }
    if (!advice.situation && !advice.problem) {
      await tx
        .updateTable("advices")
        .set({ problem: c.problem ?? c.question, updated_by: ctx.actor.id, updated_at: at })
        .where("id", "=", advice.id)
        .where("problem", "=", "")
        .execute();
    }
    await addEvent(ctx, tx, caseId, "advice_proposed", true, {
      added: fresh.length,
      actions: fresh.map((p) => p.action.id),
    });
    await auditCase(ctx, tx, "advice.propose", caseId, { added: fresh.length });
    return { ok: true, added: fresh.length } as const;
  });
}

export async function updateAdviceText(
  ctx: CaseContext,
  caseId: string,
  input: Omit<AdviceTextInput, "intent">,
): Promise<
  | { ok: true }
  | { ok: false; problem: "conflict"; current: AdviceText; lastChange: ChangeInfo }
  | { ok: false; problem: "notFound" }
> {
  const at = nowIso(ctx.now);
  return inTx(ctx.db, async (tx) => {
    if (!(await caseExists(tx, caseId))) return { ok: false, problem: "notFound" } as const;
    const advice = await ensureAdvice(ctx, tx, caseId);
    const r = await tx
      .updateTable("advices")
      .set({
        situation: input.situation,
        problem: input.problem,
        next_steps: input.nextSteps,
        version: sql`version + 1`,
        updated_by: ctx.actor.id,
        updated_at: at,
      })
      .where("id", "=", advice.id)
      .where("version", "=", input.version)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) {
      const now = (await findAdvice(tx, caseId))!;
      return {
        ok: false,
        problem: "conflict",
        current: {
          situation: now.situation,
          problem: now.problem,
          nextSteps: now.next_steps,
          version: now.version,
        },
        lastChange: { by: await nameOf(tx, now.updated_by), at: now.updated_at },
      } as const;
    }
    await addEvent(ctx, tx, caseId, "advice_text_changed", true, {});
    await auditCase(ctx, tx, "advice.text", caseId);
    return { ok: true } as const;
  });
}

async function nameOf(tx: Tx, userId: string | null): Promise<string | null> {
  if (!userId) return null;
  const u = await tx.selectFrom("users").select("name").where("id", "=", userId).executeTakeFirst();
  return u?.name ?? null;
}

/** Add an action from the catalogue (its texts in `lang`), planned after what it needs. */
export async function addCatalogueItem(
  ctx: CaseContext,
  caseId: string,
  actionId: string,
  lang: Lang,
): Promise<AdviceResult<{ itemId: string }>> {
  const catalogue = await activeCatalogue(ctx.db);
  const action = catalogue.find((a) => a.id === actionId);
  if (!action) return { ok: false, problem: "actionUnknown" };
  const at = nowIso(ctx.now);
  return inTx(ctx.db, async (tx) => {
    if (!(await caseExists(tx, caseId))) return { ok: false, problem: "notFound" } as const;
    const advice = await ensureAdvice(ctx, tx, caseId);
    const existing = await draftItems(tx, advice.id);
    const slot = layOut([action], existing, todayIso(ctx.now)).get(action.id)!;
    const deps = existing
      .filter((i) => i.actionId && action.prerequisites.includes(i.actionId))
      .map((i) => i.id);
    const id = newId();
    await tx
      .insertInto("advice_items")
      .values({
        id,
        advice_id: advice.id,
        action_id: action.id,
        position: await nextPosition(tx, advice.id),
        ...itemValues(action, lang),
        start_on: slot.startOn,
        end_on: slot.endOn,
        depends_on: JSON.stringify(deps),
        owner: "",
        reason: "",
        version: 1,
        updated_by: ctx.actor.id,
        updated_at: at,
      })
      .execute();
    await addEvent(ctx, tx, caseId, "advice_item_added", true, {
      itemId: id,
      title: action.title[lang],
    });
    await auditCase(ctx, tx, "advice.item.add", caseId, { itemId: id, actionId });
    return { ok: true, itemId: id } as const;
  });
}

/** Check dependencies against the advice's items: known, not itself, no cycle. */
function checkDependencies(
  items: readonly DraftItem[],
  itemId: string,
  dependsOn: readonly string[],
): "dependencyUnknown" | "dependencyCycle" | null {
  const ids = new Set(items.map((i) => i.id));
  if (dependsOn.some((d) => !ids.has(d) || d === itemId)) return "dependencyUnknown";
  const next = items.map((i) => (i.id === itemId ? { ...i, dependsOn: [...dependsOn] } : i));
  if (!next.some((i) => i.id === itemId))
    next.push({ id: itemId, dependsOn: [...dependsOn] } as DraftItem);
  return dependencyCycle(next) ? "dependencyCycle" : null;
}

const fieldsOf = (i: Omit<CustomItemInput, "intent">) => ({
  title: i.title,
  description: i.description,
  cost_once_min: i.costOnceMin,
  cost_once_max: i.costOnceMax,
  cost_monthly_min: i.costMonthlyMin,
  cost_monthly_max: i.costMonthlyMax,
  start_on: i.startOn,
  end_on: i.endOn,
  depends_on: JSON.stringify(i.dependsOn),
  effect: i.effect,
  indicator: i.indicator,
  owner: i.owner,
});

/** Add an action of the team's own (not from the catalogue). */
export async function addCustomItem(
  ctx: CaseContext,
  caseId: string,
  input: Omit<CustomItemInput, "intent">,
): Promise<AdviceResult<{ itemId: string }>> {
  const at = nowIso(ctx.now);
  return inTx(ctx.db, async (tx) => {
    if (!(await caseExists(tx, caseId))) return { ok: false, problem: "notFound" } as const;
    const advice = await ensureAdvice(ctx, tx, caseId);
    const items = await draftItems(tx, advice.id);
    const id = newId();
    const bad = checkDependencies(items, id, input.dependsOn);
    if (bad) return { ok: false, problem: bad } as const;
    await tx
      .insertInto("advice_items")
      .values({
        id,
        advice_id: advice.id,
        action_id: null,
        position: await nextPosition(tx, advice.id),
        ...fieldsOf(input),
        reason: "",
        version: 1,
        updated_by: ctx.actor.id,
        updated_at: at,
      })
      .execute();
    await addEvent(ctx, tx, caseId, "advice_item_added", true, { itemId: id, title: input.title });
    await auditCase(ctx, tx, "advice.item.add", caseId, { itemId: id, custom: true });
    return { ok: true, itemId: id } as const;
  });
}

export type UpdateItemResult =
  | { ok: true }
  | { ok: false; problem: "conflict"; current: DraftItem; lastChange: ChangeInfo }
  | { ok: false; problem: Exclude<AdviceProblem, "conflict"> };

/** Change every field of one action; refused with the current values when it changed since. */
export async function updateItem(
  ctx: CaseContext,
  caseId: string,
  input: Omit<ItemInput, "intent">,
): Promise<UpdateItemResult> {
  const at = nowIso(ctx.now);
  return inTx(ctx.db, async (tx) => {
    const advice = await findAdvice(tx, caseId);
    if (!advice) return { ok: false, problem: "itemUnknown" } as const;
    const items = await draftItems(tx, advice.id);
    const before = items.find((i) => i.id === input.itemId);
    if (!before) return { ok: false, problem: "itemUnknown" } as const;
    if (before.version !== input.version) {
      return {
        ok: false,
        problem: "conflict",
        current: before,
        lastChange: { by: await nameOf(tx, before.updatedBy), at: before.updatedAt },
      } as const;
    }
    const bad = checkDependencies(items, input.itemId, input.dependsOn);
    if (bad) return { ok: false, problem: bad } as const;
    const r = await tx
      .updateTable("advice_items")
      .set({
        ...fieldsOf(input),
        version: sql`version + 1`,
        updated_by: ctx.actor.id,
        updated_at: at,
      })
      .where("id", "=", input.itemId)
      .where("advice_id", "=", advice.id)
      .where("version", "=", input.version)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) {
      const now = (await draftItems(tx, advice.id)).find((i) => i.id === input.itemId);
      if (!now) return { ok: false, problem: "itemUnknown" } as const;
      return {
        ok: false,
        problem: "conflict",
        current: now,
        lastChange: { by: await nameOf(tx, now.updatedBy), at: now.updatedAt },
      } as const;
    }
    const changed = (
      [
        ["title", before.title, input.title],
        ["description", before.description, input.description],
        ["costOnceMin", before.costOnceMin, input.costOnceMin],
        ["costOnceMax", before.costOnceMax, input.costOnceMax],
        ["costMonthlyMin", before.costMonthlyMin, input.costMonthlyMin],
        ["costMonthlyMax", before.costMonthlyMax, input.costMonthlyMax],
        ["startOn", before.startOn, input.startOn],
        ["endOn", before.endOn, input.endOn],
        ["dependsOn", before.dependsOn.join(","), input.dependsOn.join(",")],
        ["effect", before.effect, input.effect],
        ["indicator", before.indicator, input.indicator],
        ["owner", before.owner, input.owner],
      ] as const
    )
      .filter(([, a, b]) => a !== b)
      .map(([k]) => k);
    await addEvent(ctx, tx, caseId, "advice_item_changed", true, {
      itemId: input.itemId,
      title: input.title,
      fields: changed,
    });
    await auditCase(ctx, tx, "advice.item.update", caseId, {
      itemId: input.itemId,
      fields: changed,
    });
    return { ok: true } as const;
  });
}

export async function removeItem(
  ctx: CaseContext,
  caseId: string,
  itemId: string,
): Promise<AdviceResult> {
  return inTx(ctx.db, async (tx) => {
    const advice = await findAdvice(tx, caseId);
    if (!advice) return { ok: false, problem: "itemUnknown" } as const;
    const item = await tx
      .selectFrom("advice_items")
      .select(["id", "title"])
      .where("id", "=", itemId)
      .where("advice_id", "=", advice.id)
      .executeTakeFirst();
    if (!item) return { ok: false, problem: "itemUnknown" } as const;
    // Items that depended on it keep their row (and version): the dangling id is left out
    // when read, so nobody's edit of another action conflicts with this removal.
    await tx.deleteFrom("advice_items").where("id", "=", itemId).execute();
    await addEvent(ctx, tx, caseId, "advice_item_removed", true, { itemId, title: item.title });
    await auditCase(ctx, tx, "advice.item.remove", caseId, { itemId });
    return { ok: true } as const;
  });
}

/** Move an action one place up or down (swaps positions with its neighbour). */
export async function moveItem(
  ctx: CaseContext,
  caseId: string,
  itemId: string,
  direction: "up" | "down",
): Promise<AdviceResult> {
  return inTx(ctx.db, async (tx) => {
    const advice = await findAdvice(tx, caseId);
    if (!advice) return { ok: false, problem: "itemUnknown" } as const;
    const items = await draftItems(tx, advice.id);
    const i = items.findIndex((x) => x.id === itemId);
    if (i < 0) return { ok: false, problem: "itemUnknown" } as const;
    const j = direction === "up" ? i - 1 : i + 1;
    if (j < 0 || j >= items.length) return { ok: true } as const;
    // Renumber the whole list in its new order: positions stay distinct even after removals.
    const order = items.map((x) => x.id);
    [order[i], order[j]] = [order[j]!, order[i]!];
    for (const [n, id] of order.entries()) {
      await tx
        .updateTable("advice_items")
        .set({ position: n + 1 })
        .where("id", "=", id)
        .execute();
    }
    await addEvent(ctx, tx, caseId, "advice_item_moved", true, {
      itemId,
      title: items[i]!.title,
      direction,
    });
    await auditCase(ctx, tx, "advice.item.move", caseId, { itemId, direction });
    return { ok: true } as const;
  });
}

// ---------------------------------------------------------------------------------------------
// Sharing and deciding

function plain(i: DraftItem): PlanItem {
  const { position: _p, version: _v, updatedAt: _a, updatedBy: _b, ...rest } = i;
  return rest;
}

/**
 * Share the draft as it is now: a numbered snapshot (texts, actions, totals, the scan chart,
 * the company's name) that the entrepreneur sees, and an email with the link to every member
 * of the company.
 */
export async function shareVersion(
  ctx: CaseContext,
  caseId: string,
  lang: Lang,
): Promise<AdviceResult<{ versionId: string; number: number }>> {
  const scan = await caseScanChart(ctx.db, caseId, lang);
  const at = nowIso(ctx.now);
  return inTx(ctx.db, async (tx) => {
    await lockCase(tx, caseId);
    const c = await caseExists(tx, caseId);
    if (!c) return { ok: false, problem: "notFound" } as const;
    const advice = await findAdvice(tx, caseId);
    const items = advice ? (await draftItems(tx, advice.id)).map(plain) : [];
    if (!advice || items.length === 0) return { ok: false, problem: "noItems" } as const;
    const last = await tx
      .selectFrom("advice_versions")
      .select((eb) => eb.fn.max("number").as("n"))
      .where("advice_id", "=", advice.id)
      .executeTakeFirst();
    const number = Number(last?.n ?? 0) + 1;
    const snapshot: AdviceSnapshot = {
      number,
      company: c.company,
      caseTitle: c.title,
      reference: c.reference,
      situation: advice.situation,
      problem: advice.problem,
      nextSteps: advice.next_steps,
      items,
      totals: planTotals(items),
      scan,
      sharedAt: at,
      sharedBy: ctx.actor.name,
      lang,
    };
    const id = newId();
    await tx
      .insertInto("advice_versions")
      .values({
        id,
        advice_id: advice.id,
        number,
        snapshot: JSON.stringify(snapshot),
        shared_by: ctx.actor.id,
        shared_at: at,
      })
      .execute();
    await addEvent(ctx, tx, caseId, "advice_shared", false, { number, items: items.length });
    await auditCase(ctx, tx, "advice.share", caseId, { number });
    const people = await tx
      .selectFrom("memberships")
      .innerJoin("users", "users.id", "memberships.user_id")
      .select(["users.email", "users.name"])
      .where("memberships.company_id", "=", c.company_id)
      .where("users.disabled_at", "is", null)
      .execute();
    const link = `${caseUrl(ctx.publicUrl, caseId, true)}/advies`;
    const seen = new Set<string>();
    for (const p of people) {
      if (seen.has(p.email)) continue;
      seen.add(p.email);
      await queueMail(
        tx as DB,
        ctx.mail,
        adviceSharedMail(p, ctx.siteName, c.title, number, link),
        ctx.logger,
      );
    }
    return { ok: true, versionId: id, number } as const;
  });
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The email "your advice is ready" (Dutch: the company's language on the platform). */
function adviceSharedMail(
  to: { email: string; name: string },
  site: string,
  company: string,
  number: number,
  link: string,
) {
  const t = getT("nl");
  const v = { name: to.name, site, company, number, link };
  const subject = t("advice.mail.subject", v);
  const intro = t("advice.mail.intro", v);
  const action = t("advice.mail.action", v);
  const outro = t("advice.mail.outro", v);
  const greeting = t("advice.mail.greeting", v);
  const signature = t("advice.mail.signature", v);
  const text = [greeting, "", intro, "", `${action}: ${link}`, "", outro, "", signature].join("\n");
  const html = `<!doctype html><html lang="nl"><body style="font-family:Arial,Helvetica,sans-serif;color:#1c1c1c;line-height:1.5">
<p>${esc(greeting)}</p><p>${esc(intro)}</p>
<p><a href="${esc(link)}" style="display:inline-block;background:#0b4f6c;color:#fff;padding:10px 16px;border-radius:6px;text-decoration:none">${esc(action)}</a></p><p style="font-size:14px;color:#4d4d4d">${esc(link)}</p>
<p>${esc(outro)}</p><p>${esc(signature).replace(/\n/g, "<br>")}</p></body></html>`;
  return { to: to.email, subject, text, html, template: "adviceShared" };
}

/** Phases before realisation: deciding on the advice moves the case on from these. */
const BEFORE_REALISATION = new Set(["awareness", "analysis", "advice"]);

/**
 * The entrepreneur decides per action of the latest shared version: accepted, declined (with a
 * reason) or later. A decision can be changed until the next version is shared. When every
 * action has a decision:
 *  - the case moves to realisation (when it was not there or beyond yet);
 *  - "advice delivered" is logged as an activity ONCE per case (advices.delivered_at guards
 *    it, and a case that already has one logged by the team gets no second);
 *  - accepted actions become realisation items (an action no longer accepted leaves the plan
 *    when no work on it was recorded yet).
 */
export async function decide(
  ctx: CaseContext,
  caseId: string,
  versionId: string,
  decisions: readonly DecisionInput[],
): Promise<AdviceResult<{ complete: boolean; movedToRealisation: boolean; delivered: boolean }>> {
  const now = ctx.now ?? new Date();
  const at = nowIso(now);
  return inTx(ctx.db, async (tx) => {
    // Two people deciding the last actions at once must see each other's decisions.
    await lockCase(tx, caseId);
    const latest = await latestSharedVersion(tx, caseId);
    if (!latest) return { ok: false, problem: "notFound" } as const;
    if (latest.id !== versionId) return { ok: false, problem: "notLatest" } as const;
    const items = latest.snapshot.items;
    const ids = new Set(items.map((i) => i.id));
    if (decisions.some((d) => !ids.has(d.itemId)))
      return { ok: false, problem: "itemUnknown" } as const;
    for (const d of decisions) {
      const values = {
        decision: d.decision,
        reason: d.decision === "declined" ? d.reason : (d.reason ?? null),
        decided_by: ctx.actor.id,
        decided_at: at,
      };
      await tx
        .insertInto("advice_decisions")
        .values({ version_id: versionId, item_id: d.itemId, ...values })
        .onConflict((oc) => oc.columns(["version_id", "item_id"]).doUpdateSet(values))
        .execute();
    }
    const all = await tx
      .selectFrom("advice_decisions")
      .select(["item_id", "decision"])
      .where("version_id", "=", versionId)
      .execute();
    const decided = new Map(all.map((d) => [d.item_id, d.decision]));
    const complete = items.every((i) => decided.has(i.id));
    await addEvent(ctx, tx, caseId, "advice_decided", false, {
      number: latest.number,
      accepted: all.filter((d) => d.decision === "accepted").length,
      declined: all.filter((d) => d.decision === "declined").length,
      later: all.filter((d) => d.decision === "later").length,
      complete,
    });
    await auditCase(ctx, tx, "advice.decide", caseId, {
      number: latest.number,
      decisions: decisions.map((d) => [d.itemId, d.decision]),
    });
    let moved = false;
    let delivered = false;
    if (complete) {
      // The realisation plan: accepted actions in, no-longer-accepted untouched ones out.
      for (const item of items) {
        if (decided.get(item.id) === "accepted") {
          await tx
            .insertInto("realisation_items")
            .values({
              id: newId(),
              case_id: caseId,
              version_id: versionId,
              item_id: item.id,
              title: item.title,
              status: "planned",
              start_on: item.startOn,
              end_on: item.endOn,
              updated_by: ctx.actor.id,
              updated_at: at,
            })
            .onConflict((oc) =>
              oc.columns(["case_id", "item_id"]).doUpdateSet({
                version_id: versionId,
                title: item.title,
                start_on: item.startOn,
                end_on: item.endOn,
              }),
            )
            .execute();
        } else {
          await tx
            .deleteFrom("realisation_items")
            .where("case_id", "=", caseId)
            .where("item_id", "=", item.id)
            .where("status", "=", "planned")
            .where("progress", "=", 0)
            .execute();
        }
      }

      // "Advice delivered", once per case: the first complete decision claims it.
      const claimed = await tx
        .updateTable("advices")
        .set({ delivered_at: at })
        .where("case_id", "=", caseId)
        .where("delivered_at", "is", null)
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) === 1) {
        const logged = await tx
          .selectFrom("case_activities")
          .select("id")
          .where("case_id", "=", caseId)
          .where("type", "=", "advice_delivered")
          .executeTakeFirst();
        if (!logged) {
          delivered = true;
          const sharer = await tx
            .selectFrom("advice_versions")
            .select("shared_by")
            .where("id", "=", versionId)
            .executeTakeFirst();
          const activityId = newId();
          const today = todayIso(now);
          const t = getT("nl");
          await tx
            .insertInto("case_activities")
            .values({
              id: activityId,
              case_id: caseId,
              type: "advice_delivered",
              occurred_on: today,
              duration_minutes: 0,
              company_participants: 1,
              outcome: t("advice.activityOutcome", {
                number: latest.number,
                accepted: all.filter((d) => d.decision === "accepted").length,
                declined: all.filter((d) => d.decision === "declined").length,
                later: all.filter((d) => d.decision === "later").length,
              }),
              logged_by: ctx.actor.id,
              created_at: at,
            })
            .execute();
          if (sharer?.shared_by) {
            await tx
              .insertInto("case_activity_participants")
              .values({ activity_id: activityId, user_id: sharer.shared_by })
              .execute();
          }
          await tx
            .updateTable("cases")
            .set({ last_activity_at: today })
            .where("id", "=", caseId)
            .where((eb) =>
              eb.or([eb("last_activity_at", "is", null), eb("last_activity_at", "<", today)]),
            )
            .execute();
          await addEvent(ctx, tx, caseId, "activity_logged", false, {
            activityId,
            type: "advice_delivered",
            on: today,
            minutes: 0,
          });
        }
      }

      const c = await caseExists(tx, caseId);
      if (c && BEFORE_REALISATION.has(c.phase)) {
        const r = await changePhase({ ...ctx, db: tx as DB, now }, caseId, {
          version: c.version,
          to: "realisation",
          reason: null,
        });
        moved = r.ok;
      }
    }
    return { ok: true, complete, movedToRealisation: moved, delivered } as const;
  });
}

export type RealisationResult =
  | { ok: true }
  | { ok: false; problem: "conflict"; current: RealisationView; lastChange: ChangeInfo }
  | { ok: false; problem: "itemUnknown" };

/** The team records progress on an accepted action (status, 0–100 %, a note); versioned. */
export async function updateRealisationItem(
  ctx: CaseContext,
  caseId: string,
  input: RealisationInput,
): Promise<RealisationResult> {
  const at = nowIso(ctx.now);
  return inTx(ctx.db, async (tx) => {
    const current = (await realisationItems(tx, caseId)).find((r) => r.id === input.itemId);
    if (!current) return { ok: false, problem: "itemUnknown" } as const;
    // Done means 100 %; 100 % means done.
    const progress = input.status === "done" ? 100 : input.progress;
    const status = progress === 100 ? "done" : input.status;
    const r = await tx
      .updateTable("realisation_items")
      .set({
        status,
        progress,
        note: input.note,
        version: sql`version + 1`,
        updated_by: ctx.actor.id,
        updated_at: at,
      })
      .where("id", "=", input.itemId)
      .where("case_id", "=", caseId)
      .where("version", "=", input.version)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) {
      return {
        ok: false,
        problem: "conflict",
        current,
        lastChange: { by: current.updatedBy, at: current.updatedAt },
      } as const;
    }
    await addEvent(ctx, tx, caseId, "realisation_progress", false, {
      itemId: input.itemId,
      title: current.title,
      status,
      progress,
    });
    await auditCase(ctx, tx, "realisation.update", caseId, {
      itemId: input.itemId,
      status,
      progress,
    });
    return { ok: true } as const;
  });
}
