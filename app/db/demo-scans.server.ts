/**
 * Demo scan responses: realistic answers generated from the instruments themselves, so the
 * demo shows results, a comparison group (≥ 10 similar companies) and progress over time.
 * Also used by tests that need completed scans.
 */

import { newId } from "~/lib/ids.server";
import type { Answers } from "~/modules/scans/answers";
import { visibleQuestions } from "~/modules/scans/answers";
import type { Instrument, Question } from "~/modules/scans/instrument";
import { allQuestions } from "~/modules/scans/instrument";
import { score } from "~/modules/scans/scoring";
import type { DB } from "./database.server";

/** A small deterministic random generator (same demo every time). */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function answerFor(q: Question, rnd: () => number, maturity: number): Answers[string] | undefined {
  const pickIndex = (n: number) =>
    Math.min(n - 1, Math.max(0, Math.round((maturity + (rnd() - 0.5) * 0.6) * (n - 1))));
  switch (q.type) {
    case "single":
      return q.options[pickIndex(q.options.length)]!.id;
    case "multi": {
      const positives = q.options.filter((o) => !o.exclusive);
      const ticked = positives.filter(() => rnd() < maturity).map((o) => o.id);
      const exclusive = q.options.find((o) => o.exclusive);
      return ticked.length === 0 && exclusive ? [exclusive.id] : ticked;
    }
    case "graded-rows":
      return Object.fromEntries(q.rows.map((r) => [r.id, pickIndex(q.levels.length)]));
    case "per-row":
      return q.multiple
        ? Object.fromEntries(
            q.rows.map((r) => [r.id, q.columns.filter(() => rnd() < maturity).map((c) => c.id)]),
          )
        : Object.fromEntries(q.rows.map((r) => [r.id, q.columns[pickIndex(q.columns.length)]!.id]));
    case "scale":
      return q.min + pickIndex(q.max - q.min + 1);
    case "number":
      return Math.round(q.min + (q.max - q.min) * rnd() * 0.1);
    case "text":
      return q.required ? "Meer klanten online bereiken." : undefined;
  }
}

/** Answers for every visible question, at a maturity between 0 and 1. */
export function generateAnswers(inst: Instrument, rnd: () => number, maturity: number): Answers {
  const answers: Answers = {};
  // Conditions depend on earlier answers: answer in order, re-checking visibility.
  for (const q of allQuestions(inst)) {
    if (!visibleQuestions(inst, answers).some((v) => v.id === q.id)) continue;
    const a = answerFor(q, rnd, maturity);
    if (a !== undefined) answers[q.id] = a;
  }
  return answers;
}

export interface DemoScanInput {
  inst: Instrument;
  answers: Answers;
  completedAt: Date;
  userId?: string | null;
  companyId?: string | null;
  sbiSection?: string | null;
  sizeBand?: string | null;
  cbsCode?: string | null;
}

/** Insert a completed response with its answers and scores. */
export async function insertCompletedScan(db: DB, input: DemoScanInput): Promise<string> {
  const id = newId();
  const at = input.completedAt.toISOString();
  const s = score(input.inst, input.answers);
  await db
    .insertInto("scan_responses")
    .values({
      id,
      instrument_id: input.inst.id,
      instrument_version: input.inst.version,
      status: "completed",
      scores: JSON.stringify(s),
      overall: s.overall,
      level: s.level,
      user_id: input.userId ?? null,
      company_id: input.companyId ?? null,
      lang: "nl",
      email: null,
      sbi_section: input.sbiSection ?? null,
      size_band: input.sizeBand ?? null,
      cbs_code: input.cbsCode ?? null,
      started_at: new Date(input.completedAt.getTime() - 6 * 60_000).toISOString(),
      updated_at: at,
      completed_at: at,
    })
    .execute();
  const rows = Object.entries(input.answers).map(([question_id, v]) => ({
    response_id: id,
    question_id,
    value: JSON.stringify(v),
    answered_at: at,
  }));
  if (rows.length) await db.insertInto("scan_answers").values(rows).execute();
  return id;
}
