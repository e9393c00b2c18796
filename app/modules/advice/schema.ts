/**
 * Form schemas of the advice pages, shared by browser and server (Conform + Zod). Messages are
 * i18n keys under `advice.error.*`. Amounts are whole euros; dates are YYYY-MM-DD.
 *
 * What a schema cannot know (whether an action id is in the catalogue, whether a dependency is
 * an item of this advice or makes a cycle) the domain checks (advice.server.ts) and the route
 * shows as a message on the same field.
 */
import { z } from "zod";

const E = "advice.error";

export const TEXT_MAX = 5000;
export const TITLE_MAX = 160;
export const FIELD_MAX = 2000;
export const OWNER_MAX = 120;
export const REASON_MAX = 1000;
export const NOTE_MAX = 2000;
/** Ten million euros: more is a typing error. */
export const EURO_MAX = 10_000_000;
export const EARLIEST_PLAN_DATE = "2020-01-01";
export const LATEST_PLAN_DATE = "2040-12-31";

export const isRealDate = (v: string) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const isItemId = (v: unknown): v is string => typeof v === "string" && UUID.test(v);

const version = z
  .number({ error: `${E}.version` })
  .int(`${E}.version`)
  .min(1, `${E}.version`)
  // An integer column: a bigger number would be a database error, not a stale version.
  .max(1_000_000_000, `${E}.version`);

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `${E}.tooLong`)
    .optional()
    .transform((v) => v ?? "");

const euros = (required: string) =>
  z
    .number({
      error: (issue) => (issue.input === undefined ? required : `${E}.euroWhole`),
    })
    .int(`${E}.euroWhole`)
    .min(0, `${E}.euroNegative`)
    .max(EURO_MAX, `${E}.euroTooHigh`);

const planDate = (required: string) =>
  z
    .string({ error: required })
    .trim()
    .min(1, required)
    .refine(isRealDate, `${E}.dateInvalid`)
    .refine((v) => !isRealDate(v) || v >= EARLIEST_PLAN_DATE, `${E}.dateTooEarly`)
    .refine((v) => !isRealDate(v) || v <= LATEST_PLAN_DATE, `${E}.dateTooLate`);

/** The text of the advice: situation, problem or opportunity, next steps. */
export const adviceTextSchema = z.object({
  intent: z.literal("text"),
  version,
  situation: optionalText(TEXT_MAX),
  problem: optionalText(TEXT_MAX),
  nextSteps: optionalText(TEXT_MAX),
});
export type AdviceTextInput = z.infer<typeof adviceTextSchema>;

/** Every field of an action in the plan. */
const itemFields = {
  title: z
    .string({ error: `${E}.titleRequired` })
    .trim()
    .min(1, `${E}.titleRequired`)
    .max(TITLE_MAX, `${E}.tooLong`),
  description: optionalText(FIELD_MAX),
  costOnceMin: euros(`${E}.euroRequired`),
  costOnceMax: euros(`${E}.euroRequired`),
  costMonthlyMin: euros(`${E}.euroRequired`),
  costMonthlyMax: euros(`${E}.euroRequired`),
  startOn: planDate(`${E}.startRequired`),
  endOn: planDate(`${E}.endRequired`),
  dependsOn: z
    .array(z.string().refine(isItemId, `${E}.dependencyUnknown`))
    .max(50, `${E}.dependencyUnknown`)
    .optional()
    .transform((v) => [...new Set(v ?? [])]),
  effect: optionalText(FIELD_MAX),
  indicator: optionalText(FIELD_MAX),
  owner: optionalText(OWNER_MAX),
};

type ItemShape = {
  costOnceMin: number;
  costOnceMax: number;
  costMonthlyMin: number;
  costMonthlyMax: number;
  startOn: string;
  endOn: string;
};

/** Ranges and the planning: min ≤ max, and an end after the start (a zero duration is refused). */
function checkItem(v: ItemShape, ctx: z.RefinementCtx) {
  if (v.costOnceMin > v.costOnceMax)
    ctx.addIssue({ code: "custom", path: ["costOnceMax"], message: `${E}.minAboveMax` });
  if (v.costMonthlyMin > v.costMonthlyMax)
    ctx.addIssue({ code: "custom", path: ["costMonthlyMax"], message: `${E}.minAboveMax` });
  if (isRealDate(v.startOn) && isRealDate(v.endOn)) {
    if (v.endOn === v.startOn)
      ctx.addIssue({ code: "custom", path: ["endOn"], message: `${E}.durationZero` });
    else if (v.endOn < v.startOn)
      ctx.addIssue({ code: "custom", path: ["endOn"], message: `${E}.endBeforeStart` });
  }
}

export const itemSchema = z
  .object({
    intent: z.literal("item"),
    itemId: z.string({ error: `${E}.itemUnknown` }).refine(isItemId, `${E}.itemUnknown`),
    version,
    ...itemFields,
  })
  .superRefine(checkItem);
export type ItemInput = z.infer<typeof itemSchema>;

/** A custom action: the same fields, no id yet. */
export const customItemSchema = z
  .object({ intent: z.literal("custom"), ...itemFields })
  .superRefine(checkItem);
export type CustomItemInput = z.infer<typeof customItemSchema>;

/** An action from the catalogue (the domain checks that the id exists and is active). */
export const catalogueItemSchema = z.object({
  intent: z.literal("catalogue"),
  actionId: z
    .string({ error: `${E}.actionRequired` })
    .trim()
    .min(1, `${E}.actionRequired`)
    .max(60, `${E}.actionUnknown`)
    .regex(/^[a-z0-9][a-z0-9-]*$/, `${E}.actionUnknown`),
});

/** Remove or move an item. */
export const itemCommandSchema = z.object({
  intent: z.enum(["remove", "up", "down"]),
  itemId: z.string({ error: `${E}.itemUnknown` }).refine(isItemId, `${E}.itemUnknown`),
});

export const DECISIONS = ["accepted", "declined", "later"] as const;
export type Decision = (typeof DECISIONS)[number];

/**
 * The entrepreneur's decisions: one form for all actions. Fields are `decision.<itemId>` and
 * `reason.<itemId>`; read with `decisionsFromForm` (the item ids come from the shared version).
 */
export interface DecisionInput {
  itemId: string;
  decision: Decision;
  reason: string | null;
}

export function decisionsFromForm(
  form: FormData,
  itemIds: readonly string[],
): { decisions: DecisionInput[]; errors: Record<string, string> } {
  const decisions: DecisionInput[] = [];
  const errors: Record<string, string> = {};
  for (const id of itemIds) {
    const raw = form.get(`decision.${id}`);
    const reasonRaw = form.get(`reason.${id}`);
    const reason = typeof reasonRaw === "string" ? reasonRaw.trim() : "";
    if (raw === null || raw === "") continue;
    if (!(DECISIONS as readonly string[]).includes(String(raw))) {
      errors[`decision.${id}`] = `${E}.decisionUnknown`;
      continue;
    }
    const decision = raw as Decision;
    if (reason.length > REASON_MAX) {
      errors[`reason.${id}`] = `${E}.tooLong`;
      continue;
    }
    if (decision === "declined" && reason === "") {
      errors[`reason.${id}`] = `${E}.reasonRequired`;
      continue;
    }
    decisions.push({ itemId: id, decision, reason: reason || null });
  }
  if (decisions.length === 0 && Object.keys(errors).length === 0) errors.form = `${E}.noDecision`;
  return { decisions, errors };
}

export const REALISATION_STATUSES = ["planned", "in_progress", "done"] as const;
export type RealisationStatus = (typeof REALISATION_STATUSES)[number];

export const realisationSchema = z.object({
  itemId: z.string({ error: `${E}.itemUnknown` }).refine(isItemId, `${E}.itemUnknown`),
  version,
  status: z.enum(REALISATION_STATUSES, { error: `${E}.statusUnknown` }),
  progress: z
    .number({
      error: (issue) =>
        issue.input === undefined ? `${E}.progressRequired` : `${E}.progressWhole`,
    })
    .int(`${E}.progressWhole`)
    .min(0, `${E}.progressRange`)
    .max(100, `${E}.progressRange`),
  note: optionalText(NOTE_MAX),
});
export type RealisationInput = z.infer<typeof realisationSchema>;
