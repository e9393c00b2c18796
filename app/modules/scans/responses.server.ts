/**
 * Scan responses: start, answer (one row per question, saved as given), finish and score.
 *
 * Who may see a response: the anonymous respondent holding its owner token (a cookie), the
 * person who took it, members of its company, and staff (coordinators and administrators;
 * team members of the company's case when cases exist). Everyone else gets a 404 — see
 * `scan.read` in the policy.
 */
import type { DB } from "~/db/database.server";
import type { ScanResponse } from "~/db/schema";
import type { Lang } from "~/i18n/i18n";
import { newId, nowIso, randomToken } from "~/lib/ids.server";
import { sha256 } from "~/modules/auth/crypto.server";
import {
  AnswerError,
  type Answers,
  type AnswerValue,
  missingAnswers,
  validateAnswer,
  visibleQuestions,
} from "./answers";
import { allQuestions, type Instrument } from "./instrument";
import { getInstrument } from "./registry.server";
import { type Scores, score } from "./scoring";

export const SCAN_OWNER_COOKIE = "spot_scans";

/** The instrument version a response was taken with (kept forever: old responses stay readable). */
export function instrumentFor(r: {
  instrument_id: string;
  instrument_version: number;
}): Instrument {
  const inst = getInstrument(r.instrument_id, r.instrument_version);
  if (!inst)
    throw new Error(
      `instrument ${r.instrument_id} v${r.instrument_version} is missing from instruments/`,
    );
  return inst;
}

export async function startResponse(
  db: DB,
  inst: Instrument,
  { lang, userId, companyId }: { lang: Lang; userId?: string | null; companyId?: string | null },
): Promise<{ response: ScanResponse; ownerToken: string }> {
  const ownerToken = randomToken(16);
  const now = nowIso();
  const company = companyId
    ? await db
        .selectFrom("companies")
        .select(["sbi_section", "employees", "cbs_code"])
        .where("id", "=", companyId)
        .executeTakeFirst()
    : undefined;
  const response: ScanResponse = {
    id: newId(),
    instrument_id: inst.id,
    instrument_version: inst.version,
    status: "in_progress",
    scores: null,
    overall: null,
    level: null,
    user_id: userId ?? null,
    company_id: companyId ?? null,
    lang,
    email: null,
    sbi_section: company?.sbi_section ?? null,
    size_band: company?.employees ? sizeBand(company.employees) : null,
    cbs_code: company?.cbs_code ?? null,
    started_at: now,
    updated_at: now,
    completed_at: null,
  };
  await db.insertInto("scan_responses").values(response).execute();
  await addOwner(db, response.id, ownerToken);
  return { response, ownerToken };
}

/** EU size bands (also the comparison groups). */
export function sizeBand(employees: number): string {
  if (employees < 10) return "1-9";
  if (employees < 50) return "10-49";
  if (employees < 250) return "50-249";
  return "250+";
}

export async function findResponse(db: DB, id: string): Promise<ScanResponse | undefined> {
  if (!/^[0-9a-f-]{36}$/.test(id)) return undefined;
  return db.selectFrom("scan_responses").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function loadAnswers(db: DB, responseId: string): Promise<Answers> {
  const rows = await db
    .selectFrom("scan_answers")
    .select(["question_id", "value"])
    .where("response_id", "=", responseId)
    .execute();
  const out: Answers = {};
  for (const r of rows) out[r.question_id] = JSON.parse(r.value) as AnswerValue;
  return out;
}

/** Owner tokens in the cookie: `responseId:token` pairs, comma-separated. */
export function ownerTokenFor(cookie: string | undefined, responseId: string): string | undefined {
  if (!cookie) return undefined;
  for (const pair of cookie.split(",")) {
    const [id, token] = pair.split(":");
    if (id === responseId && token) return token;
  }
  return undefined;
}

export function addOwnerToken(
  cookie: string | undefined,
  responseId: string,
  token: string,
): string {
  const pairs = (cookie ?? "").split(",").filter((p) => p && !p.startsWith(`${responseId}:`));
  // Keep the newest 20: enough for anyone, small enough for a cookie.
  return [...pairs, `${responseId}:${token}`].slice(-20).join(",");
}

/** Let a device (its cookie token) answer this response. */
export async function addOwner(db: DB, responseId: string, token: string): Promise<void> {
  await db
    .insertInto("scan_owners")
    .values({ token_hash: sha256(token), response_id: responseId, created_at: nowIso() })
    .execute();
}

export async function ownsByToken(
  db: DB,
  response: ScanResponse,
  token: string | undefined,
): Promise<boolean> {
  if (!token) return false;
  const row = await db
    .selectFrom("scan_owners")
    .select("response_id")
    .where("token_hash", "=", sha256(token))
    .where("response_id", "=", response.id)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Save one answer. Validated against the question; written on its own row (upsert), so two
 * answers saved at the same moment never overwrite each other. Throws AnswerError for a bad
 * value or an unknown question id.
 */
export async function saveAnswer(
  db: DB,
  response: ScanResponse,
  questionId: string,
  raw: unknown,
  options: { partial?: boolean } = {},
): Promise<AnswerValue> {
  const inst = instrumentFor(response);
  const q = allQuestions(inst).find((x) => x.id === questionId);
  if (!q) throw new AnswerError("scan.error.unknownQuestion");
  const value = validateAnswer(q, raw, options);
  const now = nowIso();
  await db
    .insertInto("scan_answers")
    .values({
      response_id: response.id,
      question_id: q.id,
      value: JSON.stringify(value),
      answered_at: now,
    })
    .onConflict((oc) =>
      oc
        .columns(["response_id", "question_id"])
        .doUpdateSet({ value: JSON.stringify(value), answered_at: now }),
    )
    .execute();
  await db
    .updateTable("scan_responses")
    .set({ updated_at: now })
    .where("id", "=", response.id)
    .execute();
  return value;
}

export interface Progress {
  /** The visible questions, in order (conditions applied to the answers so far). */
  steps: string[];
  answered: number;
  firstOpen: number;
  missing: string[];
}

export function progressOf(inst: Instrument, answers: Answers): Progress {
  const steps = visibleQuestions(inst, answers).map((q) => q.id);
  const missing = missingAnswers(inst, answers).map((q) => q.id);
  const firstOpenId = steps.find((id) => answers[id] === undefined);
  return {
    steps,
    answered: steps.filter((id) => answers[id] !== undefined).length,
    firstOpen: firstOpenId ? steps.indexOf(firstOpenId) : steps.length - 1,
    missing,
  };
}

/** Finish: all required visible questions answered → scores stored. */
export async function completeResponse(
  db: DB,
  response: ScanResponse,
): Promise<{ ok: true; scores: Scores } | { ok: false; missing: string[] }> {
  const inst = instrumentFor(response);
  const answers = await loadAnswers(db, response.id);
  const missing = missingAnswers(inst, answers).map((q) => q.id);
  if (missing.length > 0) return { ok: false, missing };
  const scores = score(inst, answers);
  const now = nowIso();
  // Company data asked inside the scan (EU DMA module 1) fills the comparison group when the
  // response has no company of its own yet.
  const sizeAnswer = typeof answers.size === "string" ? answers.size : null;
  await db
    .updateTable("scan_responses")
    .set({
      status: "completed",
      scores: JSON.stringify(scores),
      overall: scores.overall,
      level: scores.level,
      completed_at: response.completed_at ?? now,
      updated_at: now,
      size_band: response.size_band ?? sizeAnswer,
    })
    .where("id", "=", response.id)
    .execute();
  return { ok: true, scores };
}

/** Attach an anonymous response to a person (after log-in or sign-up) and their company. */
export async function claimResponse(
  db: DB,
  responseId: string,
  userId: string,
  companyId: string | null,
): Promise<void> {
  const company = companyId
    ? await db
        .selectFrom("companies")
        .select(["sbi_section", "employees", "cbs_code"])
        .where("id", "=", companyId)
        .executeTakeFirst()
    : undefined;
  await db
    .updateTable("scan_responses")
    .set({
      user_id: userId,
      company_id: companyId,
      ...(company?.sbi_section ? { sbi_section: company.sbi_section } : {}),
      ...(company?.employees ? { size_band: sizeBand(company.employees) } : {}),
      ...(company?.cbs_code ? { cbs_code: company.cbs_code } : {}),
      updated_at: nowIso(),
    })
    .where("id", "=", responseId)
    .where("user_id", "is", null)
    .execute();
}

/** The previous completed response of the same instrument for the same company or person (T0 → T1). */
export async function previousResponse(
  db: DB,
  response: ScanResponse,
): Promise<ScanResponse | undefined> {
  if (!response.company_id && !response.user_id) return undefined;
  let q = db
    .selectFrom("scan_responses")
    .selectAll()
    .where("instrument_id", "=", response.instrument_id)
    .where("status", "=", "completed")
    .where("id", "!=", response.id)
    .where("completed_at", "<", response.completed_at ?? nowIso());
  q = response.company_id
    ? q.where("company_id", "=", response.company_id)
    : q.where("user_id", "=", response.user_id!);
  return q.orderBy("completed_at", "desc").limit(1).executeTakeFirst();
}

export const COMPARISON_MIN_GROUP = 10;

/** Summed scores of a comparison group, kept a while per database (see comparisonGroup). */
interface GroupTotals {
  n: number;
  overall: number;
  dimensions: Record<string, number>;
  at: number;
}
const groupTotals = new WeakMap<object, Map<string, GroupTotals>>();
/** Totals are summed again when the group's size changes, and at least this often. */
const GROUP_TOTALS_MS = 60_000;

function addScores(
  into: { overall: number; dimensions: Record<string, number> },
  raw: string | null,
  sign: 1 | -1,
) {
  const s = JSON.parse(raw ?? "{}") as Scores;
  into.overall += sign * (s.overall ?? 0);
  for (const [k, v] of Object.entries(s.dimensions ?? {}))
    into.dimensions[k] = (into.dimensions[k] ?? 0) + sign * v;
}

/**
 * Average scores of similar companies (same SBI section and size band, in the region) — only
 * when at least 10 completed responses of other companies form that group.
 *
 * The whole group's summed scores are kept per group and summed again only when the group
 * changes size (a count on the group index) or after a minute (a rescore); the respondent's
 * own responses in the group (this one, and the company's or person's other ones) are then
 * taken off. So a result page reads a handful of rows, not the whole group, at any size.
 */
export async function comparisonGroup(
  db: DB,
  response: ScanResponse,
): Promise<{ size: number; overall: number; dimensions: Record<string, number> } | null> {
  const { sbi_section: section, size_band: band } = response;
  if (!section || !band) return null;
  const group = () =>
    db
      .selectFrom("scan_responses")
      .where("instrument_id", "=", response.instrument_id)
      .where("status", "=", "completed")
      .where("sbi_section", "=", section)
      .where("size_band", "=", band)
      .where("cbs_code", "is not", null);
  const count = await group()
    .select((eb) => eb.fn.countAll().as("n"))
    .executeTakeFirstOrThrow();
  const size = Number(count.n);
  if (size <= COMPARISON_MIN_GROUP - 1) return null;

  let perDb = groupTotals.get(db);
  if (!perDb) {
    perDb = new Map();
    groupTotals.set(db, perDb);
  }
  const key = `${response.instrument_id}|${section}|${band}`;
  let totals = perDb.get(key);
  if (!totals || totals.n !== size || Date.now() - totals.at > GROUP_TOTALS_MS) {
    const rows = await group().select(["scores"]).execute();
    const sum = {
      n: rows.length,
      overall: 0,
      dimensions: {} as Record<string, number>,
      at: Date.now(),
    };
    for (const r of rows) addScores(sum, r.scores, 1);
    totals = sum;
    if (perDb.size >= 2000) perDb.clear();
    perDb.set(key, totals);
  }

  // Other companies only: the respondent's own earlier scans are "since your previous scan".
  const { company_id: companyId, user_id: userId } = response;
  const own = await group()
    .select(["scores"])
    .where((eb) =>
      eb.or([
        eb("id", "=", response.id),
        ...(companyId ? [eb("company_id", "=", companyId)] : []),
        ...(userId ? [eb("user_id", "=", userId)] : []),
      ]),
    )
    .execute();
  const others = totals.n - own.length;
  if (others < COMPARISON_MIN_GROUP) return null;
  const sum = { overall: totals.overall, dimensions: { ...totals.dimensions } };
  for (const r of own) addScores(sum, r.scores, -1);
  const dimensions: Record<string, number> = {};
  for (const [k, v] of Object.entries(sum.dimensions)) dimensions[k] = v / others;
  return { size: others, overall: sum.overall / others, dimensions };
}
