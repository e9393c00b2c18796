/**
 * The EU Digital Maturity Assessment exchange format (docs: shared/product/eu-dma.md), for
 * import, export and the scoring command. Its answers are lists in item order; ours are keyed by
 * the ids of `instruments/eu-dma/v1.json` (rows r1…, options o1…, q7's negative "not-digital").
 *
 *   fromDmaExchange(json) → Answers   (throws DmaExchangeError naming the item and the problem)
 *   toDmaExchange(answers) → DmaExchange
 *   toDmaScores(scores)   → the EU scores format, numbers unrounded
 *
 * Company data (module 1) is not part of the exchange format; `fromDmaExchange` passes optional
 * "size", "sector" and "sector2" strings through when a file has them.
 */
import type { Answers } from "./answers";
import type { Scores } from "./scoring";

export type DmaLevel = 0 | 1 | 2 | 3 | 4 | 5;
export type DmaYesNo = "no" | "partially" | "yes";

export interface DmaExchange {
  q1: { already: boolean; plan: boolean }[];
  q2: boolean[];
  q3: boolean[];
  q4: number[];
  q5: boolean[];
  q6: boolean[];
  q7: { notDigital: boolean; items: boolean[] };
  q8: boolean[];
  q9: number[];
  q10: boolean[];
  q11: DmaYesNo[];
}

export const DMA_DIMENSIONS = [
  "strategy",
  "readiness",
  "human",
  "data",
  "automation",
  "green",
] as const;
export type DmaDimension = (typeof DMA_DIMENSIONS)[number];

export interface DmaScores {
  overall: number;
  level: string;
  dimensions: Record<DmaDimension, number>;
}

export class DmaExchangeError extends Error {
  override name = "DmaExchangeError";
}

/** Tick lists: question → number of items. */
const TICKS = { q2: 10, q3: 10, q5: 7, q6: 8, q8: 6, q10: 10 } as const;
/** Graded rows: question → number of rows. */
const GRADED = { q4: 7, q9: 5 } as const;
const Q1_ROWS = 10;
const Q7_POSITIVES = 7;
const Q11_ROWS = 5;
const Q11_VALUES: readonly string[] = ["no", "partially", "yes"];
const KNOWN = new Set(["q1", "q2", "q3", "q4", "q5", "q6", "q7", "q8", "q9", "q10", "q11"]);
const COMPANY = ["size", "sector", "sector2"] as const;

const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`);
/** q7's positive options in exchange order: the policy first, then o2…o7. */
const Q7_IDS = ids("o", Q7_POSITIVES);

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);
const describe = (v: unknown) =>
  Array.isArray(v) ? `a list of ${v.length}` : v === null ? "null" : typeof v;

function list(
  json: Record<string, unknown>,
  key: string,
  length: number,
  what: string,
  label = key,
): unknown[] {
  if (!(key in json))
    throw new DmaExchangeError(`${label} is missing (expected ${length} ${what})`);
  const v = json[key];
  if (!Array.isArray(v))
    throw new DmaExchangeError(
      `${label}: expected a list of ${length} ${what}, got ${describe(v)}`,
    );
  if (v.length !== length)
    throw new DmaExchangeError(`${label}: expected ${length} ${what}, got ${v.length}`);
  return v;
}

function booleans(key: string, v: unknown[]): boolean[] {
  return v.map((b, i) => {
    if (typeof b !== "boolean")
      throw new DmaExchangeError(`${key}[${i}]: expected true or false, got ${JSON.stringify(b)}`);
    return b;
  });
}

/** Read the EU exchange format into our answers; throws DmaExchangeError with what is wrong. */
export function fromDmaExchange(json: unknown): Answers {
  if (!isRecord(json))
    throw new DmaExchangeError(`expected a JSON object with q1…q11, got ${describe(json)}`);
  const unknown = Object.keys(json).filter((k) => /^q\d+$/.test(k) && !KNOWN.has(k));
  if (unknown.length > 0)
    throw new DmaExchangeError(`unknown item ${unknown.join(", ")} (the DMA has q1…q11)`);
  const out: Answers = {};

  for (const key of COMPANY) {
    if (json[key] === undefined) continue;
    if (typeof json[key] !== "string")
      throw new DmaExchangeError(`${key}: expected a text, got ${describe(json[key])}`);
    out[key] = json[key];
  }

  const q1: Record<string, string[]> = {};
  list(json, "q1", Q1_ROWS, 'rows of { "already": true|false, "plan": true|false }').forEach(
    (row, i) => {
      if (!isRecord(row) || typeof row.already !== "boolean" || typeof row.plan !== "boolean") {
        throw new DmaExchangeError(
          `q1[${i}]: expected { "already": true|false, "plan": true|false }, got ${JSON.stringify(row)}`,
        );
      }
      q1[`r${i + 1}`] = [...(row.already ? ["already"] : []), ...(row.plan ? ["plan"] : [])];
    },
  );
  out.q1 = q1;

  for (const [key, n] of Object.entries(TICKS)) {
    const ticks = booleans(key, list(json, key, n, "booleans"));
    out[key] = ids("o", n).filter((_, i) => ticks[i]);
  }

  for (const [key, n] of Object.entries(GRADED)) {
    const levels: Record<string, number> = {};
    list(json, key, n, "levels 0-5").forEach((l, i) => {
      if (typeof l !== "number" || !Number.isInteger(l) || l < 0 || l > 5) {
        throw new DmaExchangeError(`${key}[${i}]: expected a level 0-5, got ${JSON.stringify(l)}`);
      }
      levels[`r${i + 1}`] = l;
    });
    out[key] = levels;
  }

  if (!("q7" in json))
    throw new DmaExchangeError(
      'q7 is missing (expected { "notDigital": true|false, "items": [7 booleans] })',
    );
  const q7 = json.q7;
  if (!isRecord(q7) || typeof q7.notDigital !== "boolean") {
    throw new DmaExchangeError(
      `q7: expected { "notDigital": true|false, "items": [7 booleans] }, got ${JSON.stringify(q7)}`,
    );
  }
  const q7Items = booleans("q7.items", list(q7, "items", Q7_POSITIVES, "booleans", "q7.items"));
  if (q7.notDigital && q7Items.some(Boolean)) {
    throw new DmaExchangeError(
      'q7: "notDigital" excludes the other items, but some are ticked too',
    );
  }
  out.q7 = q7.notDigital ? ["not-digital"] : Q7_IDS.filter((_, i) => q7Items[i]);

  const q11: Record<string, string> = {};
  list(json, "q11", Q11_ROWS, 'of "no" | "partially" | "yes"').forEach((v, i) => {
    if (typeof v !== "string" || !Q11_VALUES.includes(v)) {
      throw new DmaExchangeError(
        `q11[${i}]: expected "no", "partially" or "yes", got ${JSON.stringify(v)}`,
      );
    }
    q11[`r${i + 1}`] = v;
  });
  out.q11 = q11;
  return out;
}

/**
 * Our answers in the EU exchange format. An unanswered item becomes its zero-scoring value
 * (false, level 0, "no"), so the scores of the result equal the scores of the answers.
 */
export function toDmaExchange(answers: Answers): DmaExchange {
  const rec = (key: string): Record<string, unknown> => {
    const v = answers[key];
    return isRecord(v) ? v : {};
  };
  const ticked = (key: string): string[] => {
    const v = answers[key];
    return Array.isArray(v) ? v : [];
  };
  const tickList = (key: keyof typeof TICKS) =>
    ids("o", TICKS[key]).map((o) => ticked(key).includes(o));
  const levels = (key: keyof typeof GRADED) =>
    ids("r", GRADED[key]).map((r) => {
      const l = rec(key)[r];
      return typeof l === "number" ? l : 0;
    });
  const q1 = rec("q1");
  const q11 = rec("q11");
  const q7 = ticked("q7");
  const notDigital = q7.includes("not-digital");
  return {
    q1: ids("r", Q1_ROWS).map((r) => {
      const cols = Array.isArray(q1[r]) ? (q1[r] as unknown[]) : [];
      return { already: cols.includes("already"), plan: cols.includes("plan") };
    }),
    q2: tickList("q2"),
    q3: tickList("q3"),
    q4: levels("q4"),
    q5: tickList("q5"),
    q6: tickList("q6"),
    q7: { notDigital, items: Q7_IDS.map((o) => !notDigital && q7.includes(o)) },
    q8: tickList("q8"),
    q9: levels("q9"),
    q10: tickList("q10"),
    q11: ids("r", Q11_ROWS).map((r) => {
      const v = q11[r];
      return typeof v === "string" && Q11_VALUES.includes(v) ? (v as DmaYesNo) : "no";
    }),
  };
}

/**
 * True when a parsed file looks like the exchange format rather than our answers: there q1 is a
 * list (ours: an object of rows), q7 has "notDigital", tick lists hold booleans (ours: option ids).
 */
export function looksLikeDmaExchange(json: unknown): boolean {
  if (!isRecord(json)) return false;
  const booleanList = (v: unknown) => Array.isArray(v) && v.some((x) => typeof x === "boolean");
  return (
    Array.isArray(json.q1) ||
    (isRecord(json.q7) && "notDigital" in json.q7) ||
    Object.keys(TICKS).some((k) => booleanList(json[k]))
  );
}

/** Scores of the eu-dma instrument in the EU scores format (numbers unrounded). */
export function toDmaScores(scores: Scores): DmaScores {
  const dimensions = Object.fromEntries(
    DMA_DIMENSIONS.map((d) => [d, scores.dimensions[d] ?? 0]),
  ) as Record<DmaDimension, number>;
  return { overall: scores.overall, level: scores.level, dimensions };
}
