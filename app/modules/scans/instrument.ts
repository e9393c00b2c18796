/**
 * Scan instruments are data: a JSON file per instrument version in `instruments/`, validated
 * by this schema. An instrument has sections of questions, help texts, conditions on earlier
 * answers and a scoring definition. A stored response keeps the instrument id and version and
 * its raw answers, so scores can always be recomputed (see scoring.ts).
 */
import { z } from "zod";

export const text = z.object({ nl: z.string().min(1), en: z.string().min(1) });
export type Text = z.infer<typeof text>;

const id = z.string().regex(/^[a-z0-9][a-z0-9_-]*$/);
/** Option ids may also hold "+" (the EU size band "250+"). */
const optionId = z.string().regex(/^[a-z0-9][a-z0-9_+-]*$/);

const option = z.object({
  id: optionId,
  label: text,
  /** Multiple choice: ticking this one clears the others (e.g. "none of these"). */
  exclusive: z.boolean().optional(),
  help: text.optional(),
});

const row = z.object({ id, label: text, help: text.optional() });

const condition = z.object({
  question: id,
  /** Shown when the earlier answer equals this option (single) … */
  equals: z.string().optional(),
  /** … includes this option (multiple) … */
  includes: z.string().optional(),
  /** … or is at least this number (scale, number). */
  atLeast: z.number().optional(),
  /** … or does not include this option (multiple; e.g. a tip when "off-site backup" is not ticked). */
  excludes: z.string().optional(),
});
export type Condition = z.infer<typeof condition>;

const base = {
  id,
  label: text,
  help: text.optional(),
  /** Required questions must be answered before the scan can be finished. */
  required: z.boolean().default(true),
  condition: condition.optional(),
};

const singleQ = z.object({ ...base, type: z.literal("single"), options: z.array(option).min(2) });
const multiQ = z.object({ ...base, type: z.literal("multi"), options: z.array(option).min(2) });
const gradedQ = z.object({
  ...base,
  type: z.literal("graded-rows"),
  rows: z.array(row).min(1),
  /** Level labels from 0 upwards (0 = not used … 5 = operational). */
  levels: z.array(text).min(2),
});
const perRowQ = z.object({
  ...base,
  type: z.literal("per-row"),
  rows: z.array(row).min(1),
  columns: z.array(option).min(2),
  /** true: tick any columns per row; false: choose one column per row. */
  multiple: z.boolean(),
});
const scaleQ = z.object({
  ...base,
  type: z.literal("scale"),
  min: z.number().int(),
  max: z.number().int(),
  minLabel: text,
  maxLabel: text,
});
const textQ = z.object({
  ...base,
  type: z.literal("text"),
  maxLength: z.number().int().min(1).max(5000).default(500),
});
const numberQ = z.object({
  ...base,
  type: z.literal("number"),
  min: z.number(),
  max: z.number(),
  integer: z.boolean().default(true),
  unit: text.optional(),
});

export const question = z.discriminatedUnion("type", [
  singleQ,
  multiQ,
  gradedQ,
  perRowQ,
  scaleQ,
  textQ,
  numberQ,
]);
export type Question = z.infer<typeof question>;
export type QuestionType = Question["type"];

/** How one scored item (0–10) is computed from one question's answer. */
const rule = z.discriminatedUnion("kind", [
  // 10 × ticked / denominator, over multi-choice options (exclusive ones never count).
  z.object({ kind: z.literal("ticks"), denominator: z.number().positive() }),
  // per-row with multiple ticks: 10 × rows with this column ticked / rows.
  z.object({ kind: z.literal("row-ticks"), column: id }),
  // graded rows: 10 × Σ(level / maxLevel) / rows.
  z.object({ kind: z.literal("graded"), maxLevel: z.number().positive() }),
  // per-row single choice: Σ points of the chosen column.
  z.object({ kind: z.literal("row-points"), points: z.record(z.string(), z.number()) }),
  // single or multi choice: points of the chosen option(s), summed.
  z.object({ kind: z.literal("option-points"), points: z.record(z.string(), z.number()) }),
  // scale: 10 × (value − min) / (max − min).
  z.object({ kind: z.literal("scale") }),
]);
export type Rule = z.infer<typeof rule>;

const scoreItem = z.object({ id, question: id, rule });

const dimension = z.object({
  id,
  label: text,
  /** What a score means, in plain words, from low to high (one text per level band). */
  meaning: z.array(z.object({ max: z.number(), text })).min(1),
  items: z.array(id).min(1),
  /** value = aggregate(item scores) × multiply ÷ divide  (0–100) */
  aggregate: z.enum(["sum", "mean"]),
  multiply: z.number().default(1),
  divide: z.number().positive().default(1),
  /** Theme of the taxonomy this dimension belongs to (links to advice, providers, help). */
  theme: z.string().optional(),
  /** First steps to suggest when this dimension is among the lowest. */
  firstSteps: z.array(text).min(1),
});

const level = z.object({ id, label: text, max: z.number().optional(), description: text });

const tip = z.object({
  /** Shown in the result when this condition holds on the answers. */
  when: condition,
  text: text,
  dimension: id.optional(),
});

export const instrument = z
  .object({
    id,
    version: z.number().int().min(1),
    title: text,
    intro: text,
    minutes: z.number().int().min(1),
    sections: z
      .array(
        z.object({ id, title: text, intro: text.optional(), questions: z.array(question).min(1) }),
      )
      .min(1),
    scoring: z.object({
      items: z.array(scoreItem),
      dimensions: z.array(dimension).min(1),
      overall: z.literal("mean-of-dimensions"),
      /** Ascending bands by `max` (inclusive); the last has no max. */
      levels: z.array(level).min(2),
      /** Label for the overall level ("Digitaal niveau", "Risico"). */
      levelLabel: text,
      tips: z.array(tip).default([]),
    }),
  })
  .superRefine((inst, ctx) => {
    const questions = new Map(inst.sections.flatMap((s) => s.questions).map((q) => [q.id, q]));
    const seen = new Set<string>();
    for (const s of inst.sections) {
      for (const q of s.questions) {
        if (seen.has(q.id))
          ctx.addIssue({ code: "custom", message: `duplicate question id ${q.id}` });
        seen.add(q.id);
        if (q.condition && !seen.has(q.condition.question)) {
          ctx.addIssue({
            code: "custom",
            message: `${q.id}: condition refers to ${q.condition.question}, which must come earlier`,
          });
        }
      }
    }
    const itemIds = new Set<string>();
    for (const item of inst.scoring.items) {
      itemIds.add(item.id);
      const q = questions.get(item.question);
      if (!q) {
        ctx.addIssue({
          code: "custom",
          message: `score item ${item.id}: unknown question ${item.question}`,
        });
        continue;
      }
      const fits: Record<Rule["kind"], QuestionType[]> = {
        ticks: ["multi"],
        "row-ticks": ["per-row"],
        graded: ["graded-rows"],
        "row-points": ["per-row"],
        "option-points": ["single", "multi"],
        scale: ["scale"],
      };
      if (!fits[item.rule.kind].includes(q.type)) {
        ctx.addIssue({
          code: "custom",
          message: `score item ${item.id}: rule ${item.rule.kind} does not fit a ${q.type} question`,
        });
      }
    }
    for (const d of inst.scoring.dimensions) {
      for (const i of d.items) {
        if (!itemIds.has(i))
          ctx.addIssue({ code: "custom", message: `dimension ${d.id}: unknown item ${i}` });
      }
    }
    const levels = inst.scoring.levels;
    if (levels.at(-1)?.max !== undefined)
      ctx.addIssue({ code: "custom", message: "the last level must have no max" });
    for (let i = 1; i < levels.length - 1; i++) {
      if (
        (levels[i]!.max ?? Number.POSITIVE_INFINITY) <=
        (levels[i - 1]!.max ?? Number.POSITIVE_INFINITY)
      ) {
        ctx.addIssue({
          code: "custom",
          message: `level ${levels[i]!.id}: max must be above the previous level's`,
        });
      }
    }
    const dimensionIds = new Set(inst.scoring.dimensions.map((d) => d.id));
    // Conditions (on questions and tips) must name an earlier question and options it has.
    const checkCondition = (where: string, c: Condition) => {
      const q = questions.get(c.question);
      if (!q) {
        ctx.addIssue({
          code: "custom",
          message: `${where}: condition refers to unknown question ${c.question}`,
        });
        return;
      }
      const options =
        q.type === "single" || q.type === "multi"
          ? new Set(q.options.map((o) => o.id))
          : new Set<string>();
      for (const key of ["equals", "includes", "excludes"] as const) {
        const v = c[key];
        if (v !== undefined && !options.has(v)) {
          ctx.addIssue({
            code: "custom",
            message: `${where}: condition ${key} ${v} is not an option of ${c.question}`,
          });
        }
      }
    };
    for (const q of questions.values()) {
      if (q.condition) checkCondition(`question ${q.id}`, q.condition);
      const ids =
        "options" in q ? q.options.map((o) => o.id) : "rows" in q ? q.rows.map((r) => r.id) : [];
      if (new Set(ids).size !== ids.length)
        ctx.addIssue({ code: "custom", message: `question ${q.id}: duplicate option or row id` });
    }
    inst.scoring.tips.forEach((t, i) => {
      checkCondition(`tip ${i + 1}`, t.when);
      if (t.dimension !== undefined && !dimensionIds.has(t.dimension)) {
        ctx.addIssue({ code: "custom", message: `tip ${i + 1}: unknown dimension ${t.dimension}` });
      }
    });
    if (dimensionIds.size !== inst.scoring.dimensions.length)
      ctx.addIssue({ code: "custom", message: "duplicate dimension id" });
    if (itemIds.size !== inst.scoring.items.length)
      ctx.addIssue({ code: "custom", message: "duplicate score item id" });
  });

export type Instrument = z.infer<typeof instrument>;
export type Dimension = Instrument["scoring"]["dimensions"][number];

export function allQuestions(inst: Instrument): Question[] {
  return inst.sections.flatMap((s) => s.questions);
}
