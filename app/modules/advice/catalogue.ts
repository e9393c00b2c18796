/**
 * The action catalogue: common digitalisation measures for SMEs, as data (reference/actions.json,
 * loaded into `advice_actions`). Each action has texts in Dutch and English, cost ranges in whole
 * euros (one-off and per month), effort, duration, expected effect with a measurable indicator,
 * prerequisites (other actions), related subsidies and trainings (ids of
 * reference/initiatives.json) and triggers: the rules that propose it (see proposal.ts).
 *
 * Pure module (no file or database access): the references an action may point to (instrument
 * questions and dimensions, initiative ids) come in as `CatalogueRefs`, so the same checks run
 * on the file at start, in the editor and in unit tests.
 */
import { z } from "zod";
import { THEMES, type Theme } from "~/modules/reference/themes";

export type Lang = "nl" | "en";

export const bilingual = z.object({
  nl: z.string().trim().min(1).max(2000),
  en: z.string().trim().min(1).max(2000),
});
export type Bilingual = z.infer<typeof bilingual>;

const slug = z
  .string()
  .min(2)
  .max(60)
  .regex(/^[a-z0-9][a-z0-9-]*$/, "a slug: lowercase letters, digits and dashes");
const sbiSection = z.string().regex(/^[A-U]$/, "an SBI section letter A–U");
const euros = z.number().int().min(0).max(10_000_000);

export const costRange = z
  .object({ min: euros, max: euros })
  .refine((r) => r.min <= r.max, { message: "min must not be more than max", path: ["min"] });
export type CostRange = z.infer<typeof costRange>;

import { EFFORTS } from "./form-limits";

export { EFFORTS, type Effort } from "./form-limits";

/** An option id of an instrument question (may hold "+", e.g. "250+"). */
const optionId = z.string().regex(/^[a-z0-9][a-z0-9_+-]*$/);

/**
 * Answer-level trigger on one scan question. Every condition given must hold:
 *  - equals: the single-choice answer (or the chosen column of `row` in a per-row grid) is one of these;
 *  - includes: at least one of these options is ticked (multi, or `row` of a per-row grid with ticks);
 *  - excludes: none of these options is ticked;
 *  - atMost / atLeast: the number (scale, number, or the level of `row` in graded rows).
 * `otherwiseHas`: when the question is answered and the condition does NOT hold, the company
 * already has this measure: the action is not proposed, whatever other triggers say.
 * An unanswered question never fires and never says "has".
 */
export const answerTrigger = z.object({
  kind: z.literal("answer"),
  instrument: slug,
  question: z.string().min(1).max(80),
  row: z.string().min(1).max(40).optional(),
  equals: z.array(optionId).min(1).optional(),
  includes: z.array(optionId).min(1).optional(),
  excludes: z.array(optionId).min(1).optional(),
  atMost: z.number().optional(),
  atLeast: z.number().optional(),
  otherwiseHas: z.boolean().optional(),
  reason: bilingual,
});

/** A dimension score (0–100) below a threshold. The reason may use {score} and {below}. */
export const dimensionTrigger = z.object({
  kind: z.literal("dimension"),
  instrument: slug,
  dimension: z.string().min(1).max(80),
  below: z.number().gt(0).max(100),
  reason: bilingual,
});

/**
 * Words in the entrepreneur's question (case and accents ignored; a word matches at the start
 * of a word, so "webshop" also matches "webshops"). The reason may use {word}.
 */
export const keywordTrigger = z.object({
  kind: z.literal("keyword"),
  words: z.array(z.string().trim().min(2).max(60)).min(1).max(40),
  reason: bilingual,
});

/** The company's SBI section is one of these. */
export const sectorTrigger = z.object({
  kind: z.literal("sector"),
  sections: z.array(sbiSection).min(1),
  reason: bilingual,
});

export const trigger = z.discriminatedUnion("kind", [
  answerTrigger,
  dimensionTrigger,
  keywordTrigger,
  sectorTrigger,
]);
export type Trigger = z.infer<typeof trigger>;
export type AnswerTrigger = z.infer<typeof answerTrigger>;
export type DimensionTrigger = z.infer<typeof dimensionTrigger>;
export type KeywordTrigger = z.infer<typeof keywordTrigger>;
export type SectorTrigger = z.infer<typeof sectorTrigger>;
export type TriggerKind = Trigger["kind"];

/** A training: an initiative id from reference/initiatives.json, or a named course. */
export const training = z.union([slug, bilingual]);

/** The action's fields without id and theme: what `advice_actions.data` holds. */
export const actionDataShape = z.object({
  title: z.object({
    nl: z.string().trim().min(1).max(160),
    en: z.string().trim().min(1).max(160),
  }),
  description: bilingual,
  costOnce: costRange,
  costMonthly: costRange,
  effort: z.enum(EFFORTS),
  durationWeeks: z.number().int().min(1).max(104),
  effect: bilingual,
  indicator: bilingual,
  prerequisites: z.array(slug).max(10).default([]),
  subsidies: z.array(slug).max(10).default([]),
  trainings: z.array(training).max(10).default([]),
  providerThemes: z.array(z.enum(THEMES)).max(THEMES.length).default([]),
  sectors: z.array(sbiSection).optional(),
  /** Not proposed to companies with fewer people (e.g. a training plan for staff). */
  minEmployees: z.number().int().min(1).max(10_000).optional(),
  triggers: z.array(trigger).max(30).default([]),
});

export const catalogueAction = actionDataShape.extend({ id: slug, theme: z.enum(THEMES) });

export type CatalogueActionData = z.infer<typeof actionDataShape>;
export type CatalogueAction = z.infer<typeof catalogueAction> & { theme: Theme };

/** What a catalogue may refer to: the instruments' questions and dimensions, initiative ids. */
export interface RefQuestion {
  type: "single" | "multi" | "graded-rows" | "per-row" | "scale" | "text" | "number";
  /** Options of single/multi; columns of per-row. */
  options: string[];
  /** Rows of graded-rows/per-row. */
  rows: string[];
  /** per-row: ticks (true) or one choice (false). */
  multiple?: boolean;
  /** Bounds of scale/number; graded rows: 0..levels-1. */
  min?: number;
  max?: number;
}
export interface CatalogueRefs {
  initiatives: ReadonlySet<string>;
  instruments: ReadonlyMap<
    string,
    { questions: ReadonlyMap<string, RefQuestion>; dimensions: ReadonlySet<string> }
  >;
}

/** Build the references from instrument definitions (structurally, to keep this module pure). */
export function refsFrom(
  instruments: readonly {
    id: string;
    sections: readonly { questions: readonly unknown[] }[];
    scoring: { dimensions: readonly { id: string }[] };
  }[],
  initiativeIds: Iterable<string>,
): CatalogueRefs {
  const map = new Map<string, { questions: Map<string, RefQuestion>; dimensions: Set<string> }>();
  for (const inst of instruments) {
    const questions = new Map<string, RefQuestion>();
    for (const s of inst.sections) {
      for (const raw of s.questions) {
        const q = raw as {
          id: string;
          type: RefQuestion["type"];
          options?: { id: string }[];
          columns?: { id: string }[];
          rows?: { id: string }[];
          levels?: unknown[];
          multiple?: boolean;
          min?: number;
          max?: number;
        };
        questions.set(q.id, {
          type: q.type,
          options: (q.options ?? q.columns ?? []).map((o) => o.id),
          rows: (q.rows ?? []).map((r) => r.id),
          multiple: q.multiple,
          min: q.type === "graded-rows" ? 0 : q.min,
          max: q.type === "graded-rows" ? (q.levels?.length ?? 1) - 1 : q.max,
        });
      }
    }
    map.set(inst.id, {
      questions,
      dimensions: new Set(inst.scoring.dimensions.map((d) => d.id)),
    });
  }
  return { initiatives: new Set(initiativeIds), instruments: map };
}

export interface CatalogueIssue {
  path: (string | number)[];
  message: string;
}

function checkTrigger(
  t: Trigger,
  refs: CatalogueRefs,
  path: (string | number)[],
): CatalogueIssue[] {
  const out: CatalogueIssue[] = [];
  if (t.kind !== "answer" && t.kind !== "dimension") return out;
  const inst = refs.instruments.get(t.instrument);
  if (!inst)
    return [{ path: [...path, "instrument"], message: `unknown instrument "${t.instrument}"` }];
  if (t.kind === "dimension") {
    if (!inst.dimensions.has(t.dimension))
      out.push({
        path: [...path, "dimension"],
        message: `unknown dimension "${t.dimension}" in ${t.instrument}`,
      });
    return out;
  }
  const q = inst.questions.get(t.question);
  if (!q)
    return [
      {
        path: [...path, "question"],
        message: `unknown question "${t.question}" in ${t.instrument}`,
      },
    ];
  const hasCondition =
    t.equals || t.includes || t.excludes || t.atMost !== undefined || t.atLeast !== undefined;
  if (!hasCondition)
    out.push({
      path,
      message: "an answer trigger needs equals, includes, excludes, atMost or atLeast",
    });
  const grid = q.type === "per-row" || q.type === "graded-rows";
  if (grid && !t.row)
    out.push({ path: [...path, "row"], message: `question "${t.question}" needs a row` });
  if (!grid && t.row)
    out.push({ path: [...path, "row"], message: `question "${t.question}" has no rows` });
  if (t.row && grid && !q.rows.includes(t.row))
    out.push({ path: [...path, "row"], message: `unknown row "${t.row}" in "${t.question}"` });
  for (const key of ["equals", "includes", "excludes"] as const) {
    const list = t[key];
    if (!list) continue;
    const okType =
      key === "equals"
        ? q.type === "single" || (q.type === "per-row" && !q.multiple)
        : q.type === "multi" || (q.type === "per-row" && q.multiple === true);
    if (!okType)
      out.push({
        path: [...path, key],
        message: `"${key}" does not fit question "${t.question}" (${q.type})`,
      });
    for (const v of list) {
      if (!q.options.includes(v))
        out.push({ path: [...path, key], message: `unknown option "${v}" in "${t.question}"` });
    }
  }
  for (const key of ["atMost", "atLeast"] as const) {
    const n = t[key];
    if (n === undefined) continue;
    const numeric = q.type === "scale" || q.type === "number" || q.type === "graded-rows";
    if (!numeric)
      out.push({
        path: [...path, key],
        message: `"${key}" does not fit question "${t.question}" (${q.type})`,
      });
    else if ((q.min !== undefined && n < q.min) || (q.max !== undefined && n > q.max))
      out.push({ path: [...path, key], message: `${key} ${n} is outside ${q.min}–${q.max}` });
  }
  return out;
}

/** Checks of one action against the references (not its prerequisites; see checkCatalogue). */
export function checkActionRefs(
  a: Pick<CatalogueActionData, "subsidies" | "trainings" | "triggers">,
  refs: CatalogueRefs,
  base: (string | number)[] = [],
): CatalogueIssue[] {
  const out: CatalogueIssue[] = [];
  a.subsidies.forEach((s, i) => {
    if (!refs.initiatives.has(s))
      out.push({ path: [...base, "subsidies", i], message: `unknown initiative "${s}"` });
  });
  a.trainings.forEach((tr, i) => {
    if (typeof tr === "string" && !refs.initiatives.has(tr))
      out.push({ path: [...base, "trainings", i], message: `unknown initiative "${tr}"` });
  });
  a.triggers.forEach((t, i) => {
    out.push(...checkTrigger(t, refs, [...base, "triggers", i]));
  });
  return out;
}

/** A cycle through prerequisites, as ids ("a → b → a"), or undefined. */
export function findCycle(
  actions: readonly Pick<CatalogueAction, "id" | "prerequisites">[],
): string[] | undefined {
  const byId = new Map(actions.map((a) => [a.id, a]));
  const state = new Map<string, 1 | 2>();
  const stack: string[] = [];
  const visit = (id: string): string[] | undefined => {
    const s = state.get(id);
    if (s === 2) return undefined;
    if (s === 1) return [...stack.slice(stack.indexOf(id)), id];
    state.set(id, 1);
    stack.push(id);
    for (const p of byId.get(id)?.prerequisites ?? []) {
      const c = visit(p);
      if (c) return c;
    }
    stack.pop();
    state.set(id, 2);
    return undefined;
  };
  for (const a of actions) {
    const c = visit(a.id);
    if (c) return c;
  }
  return undefined;
}

/** Cross checks over a whole catalogue: unique ids, prerequisites exist, no cycles, references. */
export function checkCatalogue(
  actions: readonly CatalogueAction[],
  refs: CatalogueRefs,
  base: (string | number)[] = [],
): CatalogueIssue[] {
  const out: CatalogueIssue[] = [];
  const ids = new Set<string>();
  actions.forEach((a, i) => {
    if (ids.has(a.id)) out.push({ path: [...base, i, "id"], message: `id "${a.id}" twice` });
    ids.add(a.id);
  });
  actions.forEach((a, i) => {
    a.prerequisites.forEach((p, j) => {
      if (p === a.id)
        out.push({ path: [...base, i, "prerequisites", j], message: `"${a.id}" needs itself` });
      else if (!ids.has(p))
        out.push({
          path: [...base, i, "prerequisites", j],
          message: `unknown prerequisite "${p}" of "${a.id}"`,
        });
    });
    out.push(...checkActionRefs(a, refs, [...base, i]));
  });
  const cycle = findCycle(actions);
  if (cycle) out.push({ path: base, message: `prerequisites go round: ${cycle.join(" → ")}` });
  return out;
}

/** The catalogue file: { "$comment": "...", "actions": [...] }, checked against the references. */
export function catalogueFileSchema(refs: CatalogueRefs) {
  return z
    .object({
      $comment: z.string().optional(),
      actions: z.array(catalogueAction).min(1),
    })
    .superRefine((file, ctx) => {
      for (const issue of checkCatalogue(file.actions as CatalogueAction[], refs, ["actions"]))
        ctx.addIssue({ code: "custom", path: issue.path, message: issue.message });
    });
}

export class CatalogueError extends Error {
  override name = "CatalogueError";
}

function formatIssues(issues: readonly { path: PropertyKey[]; message: string }[]): string {
  return issues
    .slice(0, 8)
    .map((i) => (i.path.length ? `${i.path.map(String).join(".")}: ${i.message}` : i.message))
    .join("; ")
    .concat(issues.length > 8 ? ` (and ${issues.length - 8} more)` : "");
}

/** Validate a parsed catalogue file; throws CatalogueError naming every problem. */
export function parseCatalogue(
  raw: unknown,
  refs: CatalogueRefs,
  file = "reference/actions.json",
): CatalogueAction[] {
  const parsed = catalogueFileSchema(refs).safeParse(raw);
  if (!parsed.success)
    throw new CatalogueError(`${file} is invalid: ${formatIssues(parsed.error.issues)}`);
  return parsed.data.actions as CatalogueAction[];
}

/** Split an action into the `advice_actions` columns' content, and back. */
export function actionData(a: CatalogueAction): CatalogueActionData {
  const { id: _id, theme: _theme, ...data } = a;
  return data;
}
export function actionFromData(id: string, theme: string, data: unknown): CatalogueAction {
  return catalogueAction.parse({ ...(data as object), id, theme }) as CatalogueAction;
}

// ---------------------------------------------------------------------------------------------
// Proposal types (the engine is proposal.ts)

/** Answers per instrument: question id → stored value (see app/modules/scans/answers.ts). */
export type ProposalAnswers = Record<string, Record<string, unknown>>;

export interface ProposalInput {
  /** instrument id → question id → answer value (the latest completed scan per instrument). */
  answers: ProposalAnswers;
  /** instrument id → dimension id → score 0–100. */
  dimensions: Record<string, Record<string, number>>;
  /** The entrepreneur's question in their own words (may be empty). */
  question: string;
  /** SBI section letter (A–U) or null when unknown. */
  sector: string | null;
  /** Number of people working in the company, or null when unknown. */
  employees: number | null;
}

export interface ProposedReason {
  kind: TriggerKind | "prerequisite";
  /** In the requested language, placeholders filled in. */
  text: string;
  instrument?: string;
  question?: string;
  dimension?: string;
  score?: number;
  word?: string;
  /** For kind "prerequisite": the action that needs this one. */
  requiredBy?: string;
}

export interface Proposed {
  action: CatalogueAction;
  reasons: ProposedReason[];
  /** All reasons in one text (one per line), for advice_items.reason. */
  reason: string;
  /** Σ trigger weights (see proposal.ts). */
  effectWeight: number;
  /** 1 + log2(1 + first-year mid cost / 250). */
  costFactor: number;
  /** effectWeight / costFactor: the ranking score. */
  score: number;
  /** Mid of one-off + 12 × monthly, euros. */
  firstYearCost: number;
}
