/**
 * Scoring, as the instrument's data defines it. Every item scores 0–10 (clamped); a dimension
 * is aggregate(items) × multiply ÷ divide (0–100); overall is the mean of the dimensions; the
 * level is the first band whose `max` (inclusive) the overall does not exceed. Exact values are
 * kept; rounding is for display only.
 */
import { type Answers, type AnswerValue, visibleQuestions } from "./answers";
import { allQuestions, type Instrument, type Question, type Rule } from "./instrument";

export interface Scores {
  overall: number;
  level: string;
  dimensions: Record<string, number>;
  items: Record<string, number>;
}

const clamp10 = (n: number) => Math.min(10, Math.max(0, n));

export function scoreItem(q: Question, rule: Rule, answer: AnswerValue | undefined): number {
  if (answer === undefined) return 0;
  switch (rule.kind) {
    case "ticks": {
      if (q.type !== "multi" || !Array.isArray(answer)) return 0;
      const counted = (answer as string[]).filter(
        (id) => !q.options.find((o) => o.id === id)?.exclusive,
      );
      return clamp10((10 * counted.length) / rule.denominator);
    }
    case "row-ticks": {
      if (q.type !== "per-row" || typeof answer !== "object" || Array.isArray(answer)) return 0;
      const rec = answer as Record<string, string[]>;
      const ticked = q.rows.filter(
        (r) => Array.isArray(rec[r.id]) && rec[r.id]!.includes(rule.column),
      ).length;
      return clamp10((10 * ticked) / q.rows.length);
    }
    case "graded": {
      if (q.type !== "graded-rows" || typeof answer !== "object" || Array.isArray(answer)) return 0;
      const rec = answer as Record<string, number>;
      // Σ levels first, one division: exact for whole levels (0.2 + 0.4 would not be).
      const sum = q.rows.reduce(
        (acc, r) => acc + (typeof rec[r.id] === "number" ? rec[r.id]! : 0),
        0,
      );
      return clamp10((10 * sum) / (rule.maxLevel * q.rows.length));
    }
    case "row-points": {
      if (q.type !== "per-row" || typeof answer !== "object" || Array.isArray(answer)) return 0;
      const rec = answer as Record<string, string>;
      return clamp10(q.rows.reduce((acc, r) => acc + (rule.points[rec[r.id] ?? ""] ?? 0), 0));
    }
    case "option-points": {
      const chosen = Array.isArray(answer)
        ? (answer as string[])
        : typeof answer === "string"
          ? [answer]
          : [];
      return clamp10(chosen.reduce((acc, id) => acc + (rule.points[id] ?? 0), 0));
    }
    case "scale": {
      if (q.type !== "scale" || typeof answer !== "number") return 0;
      return clamp10((10 * (answer - q.min)) / (q.max - q.min));
    }
  }
}

export function levelFor(inst: Instrument, overall: number): string {
  for (const l of inst.scoring.levels) {
    if (l.max === undefined || overall <= l.max) return l.id;
  }
  return inst.scoring.levels.at(-1)!.id;
}

export function score(inst: Instrument, answers: Answers): Scores {
  const questions = new Map(allQuestions(inst).map((q) => [q.id, q]));
  const visible = new Set(visibleQuestions(inst, answers).map((q) => q.id));
  const items: Record<string, number> = {};
  for (const item of inst.scoring.items) {
    const q = questions.get(item.question)!;
    // An answer to a question hidden by its condition does not count.
    const answer = visible.has(q.id) ? answers[item.question] : undefined;
    items[item.id] = scoreItem(q, item.rule, answer);
  }
  const dimensions: Record<string, number> = {};
  for (const d of inst.scoring.dimensions) {
    const values = d.items.map((i) => items[i] ?? 0);
    const agg =
      d.aggregate === "sum"
        ? values.reduce((a, b) => a + b, 0)
        : values.reduce((a, b) => a + b, 0) / values.length;
    dimensions[d.id] = Math.min(100, Math.max(0, (agg * d.multiply) / d.divide));
  }
  const dims = Object.values(dimensions);
  const overall = dims.reduce((a, b) => a + b, 0) / dims.length;
  return { overall, level: levelFor(inst, overall), dimensions, items };
}

/** One decimal, for display. */
export function round1(n: number): number {
  return Math.round(n * 10) / 10;
}
