/**
 * Answers: one value per question id. A key that is present means "answered" (an empty tick
 * list is a real answer: nothing applies). Values by question type:
 *   single → option id · multi → option ids · graded-rows → { rowId: level }
 *   per-row (one column) → { rowId: columnId } · per-row (multiple) → { rowId: columnIds }
 *   scale, number → number · text → string
 */
import { allQuestions, type Condition, type Instrument, type Question } from "./instrument";

export type AnswerValue =
  | string
  | number
  | string[]
  | Record<string, number>
  | Record<string, string>
  | Record<string, string[]>;
export type Answers = Record<string, AnswerValue>;

export type AnswerProblem =
  | "scan.error.unknownQuestion"
  | "scan.error.unknownOption"
  | "scan.error.outOfRange"
  | "scan.error.tooLong"
  | "scan.error.wrongType"
  | "scan.error.exclusive"
  | "scan.error.incomplete"
  | "scan.error.required";

export class AnswerError extends Error {
  constructor(readonly problem: AnswerProblem) {
    super(problem);
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Check a value against its question; returns the cleaned value or throws AnswerError.
 * With `partial`, a grid (graded rows, one choice per row) may have rows still open: that is
 * how autosave keeps a half-filled grid; `isComplete` tells whether it counts as answered.
 */
export function validateAnswer(
  q: Question,
  value: unknown,
  { partial = false }: { partial?: boolean } = {},
): AnswerValue {
  switch (q.type) {
    case "single": {
      if (typeof value !== "string") throw new AnswerError("scan.error.required");
      if (!q.options.some((o) => o.id === value)) throw new AnswerError("scan.error.unknownOption");
      return value;
    }
    case "multi": {
      const list = Array.isArray(value)
        ? value
        : value === undefined || value === ""
          ? []
          : [value];
      if (!list.every((v) => typeof v === "string")) throw new AnswerError("scan.error.wrongType");
      const ids = [...new Set(list as string[])];
      if (!ids.every((v) => q.options.some((o) => o.id === v)))
        throw new AnswerError("scan.error.unknownOption");
      const exclusive = ids.filter((v) => q.options.find((o) => o.id === v)?.exclusive);
      if (exclusive.length > 0 && ids.length > 1) throw new AnswerError("scan.error.exclusive");
      // Keep the instrument's order, whatever order the form sent.
      return q.options.map((o) => o.id).filter((o) => ids.includes(o));
    }
    case "graded-rows": {
      if (!isRecord(value)) throw new AnswerError("scan.error.wrongType");
      const out: Record<string, number> = {};
      for (const row of q.rows) {
        const raw = value[row.id];
        if (partial && (raw === undefined || raw === "")) continue;
        const n = typeof raw === "string" && raw !== "" ? Number(raw) : raw;
        if (typeof n !== "number" || !Number.isInteger(n))
          throw new AnswerError("scan.error.incomplete");
        if (n < 0 || n > q.levels.length - 1) throw new AnswerError("scan.error.outOfRange");
        out[row.id] = n;
      }
      if (Object.keys(value).some((k) => !q.rows.some((r) => r.id === k)))
        throw new AnswerError("scan.error.unknownQuestion");
      return out;
    }
    case "per-row": {
      if (!isRecord(value)) throw new AnswerError("scan.error.wrongType");
      if (Object.keys(value).some((k) => !q.rows.some((r) => r.id === k)))
        throw new AnswerError("scan.error.unknownQuestion");
      const columns = new Set(q.columns.map((c) => c.id));
      if (q.multiple) {
        const out: Record<string, string[]> = {};
        for (const row of q.rows) {
          const raw = value[row.id];
          const list = Array.isArray(raw) ? raw : raw === undefined || raw === "" ? [] : [raw];
          if (!list.every((v) => typeof v === "string" && columns.has(v)))
            throw new AnswerError("scan.error.unknownOption");
          out[row.id] = q.columns.map((c) => c.id).filter((c) => (list as string[]).includes(c));
        }
        return out;
      }
      const out: Record<string, string> = {};
      for (const row of q.rows) {
        const raw = value[row.id];
        if (partial && (raw === undefined || raw === "")) continue;
        if (typeof raw !== "string" || raw === "") throw new AnswerError("scan.error.incomplete");
        if (!columns.has(raw)) throw new AnswerError("scan.error.unknownOption");
        out[row.id] = raw;
      }
      return out;
    }
    case "scale":
    case "number": {
      const n =
        typeof value === "string"
          ? value.trim() === ""
            ? Number.NaN
            : Number(value.replace(",", "."))
          : value;
      if (typeof n !== "number" || !Number.isFinite(n))
        throw new AnswerError(
          value === "" || value === undefined ? "scan.error.required" : "scan.error.wrongType",
        );
      if (n < q.min || n > q.max) throw new AnswerError("scan.error.outOfRange");
      if ((q.type === "scale" || q.integer) && !Number.isInteger(n))
        throw new AnswerError("scan.error.wrongType");
      return n;
    }
    case "text": {
      if (typeof value !== "string") throw new AnswerError("scan.error.wrongType");
      const v = value.trim();
      if (v.length > q.maxLength) throw new AnswerError("scan.error.tooLong");
      if (q.required && v.length === 0) throw new AnswerError("scan.error.required");
      return v;
    }
  }
}

export function conditionHolds(c: Condition | undefined, answers: Answers): boolean {
  if (!c) return true;
  const a = answers[c.question];
  if (a === undefined) return false;
  if (c.equals !== undefined && a !== c.equals) return false;
  if (c.includes !== undefined && !(Array.isArray(a) && a.includes(c.includes))) return false;
  if (c.atLeast !== undefined && !(typeof a === "number" && a >= c.atLeast)) return false;
  if (c.excludes !== undefined && !(Array.isArray(a) && !a.includes(c.excludes))) return false;
  return true;
}

/**
 * The questions a respondent sees, given their answers so far (conditions applied). A question
 * that is hidden hides the questions that depend on it, even if an old answer to it remains.
 */
export function visibleQuestions(inst: Instrument, answers: Answers): Question[] {
  const hidden = new Set<string>();
  return allQuestions(inst).filter((q) => {
    const shown =
      !q.condition || (!hidden.has(q.condition.question) && conditionHolds(q.condition, answers));
    if (!shown) hidden.add(q.id);
    return shown;
  });
}

/** Whether a stored value is a whole answer (grids need every row). */
export function isComplete(q: Question, value: AnswerValue | undefined): boolean {
  if (value === undefined) return false;
  if (q.type === "graded-rows" || (q.type === "per-row" && !q.multiple)) {
    const rec = value as Record<string, unknown>;
    return q.rows.every((r) => rec[r.id] !== undefined);
  }
  return true;
}

/** Required visible questions without a whole answer. */
export function missingAnswers(inst: Instrument, answers: Answers): Question[] {
  return visibleQuestions(inst, answers).filter((q) => q.required && !isComplete(q, answers[q.id]));
}

/**
 * Keep only answers that fit the instrument (used when re-scoring old responses against a
 * newer version, and to drop answers to questions that became hidden).
 */
export function cleanAnswers(inst: Instrument, answers: Answers): Answers {
  const out: Answers = {};
  const byId = new Map(allQuestions(inst).map((q) => [q.id, q]));
  for (const [k, v] of Object.entries(answers)) {
    const q = byId.get(k);
    if (!q) continue;
    try {
      out[k] = validateAnswer(q, v, { partial: true });
    } catch {
      // an answer that no longer fits is left out rather than guessed
    }
  }
  // Answers to questions hidden by their condition are dropped too.
  const visible = new Set(visibleQuestions(inst, out).map((q) => q.id));
  for (const k of Object.keys(out)) if (!visible.has(k)) delete out[k];
  return out;
}
