/**
 * Form schemas of the advice pages, shared by browser and server (Conform + Zod). Messages are
 * i18n keys under `advice.error.*`. Amounts are whole euros; dates are YYYY-MM-DD.
 *
 * What a schema cannot know (whether an action id is in the catalogue, whether a dependency is
 * an item of this advice or makes a cycle) the domain checks (advice.server.ts) and the route
 * shows as a message on the same field.
 */
import { z } from "zod";
import {
  EARLIEST_PLAN_DATE,
  EURO_MAX,
  FIELD_MAX,
  isItemId,
  isRealDate,
  LATEST_PLAN_DATE,
  NOTE_MAX,
  OWNER_MAX,
  REALISATION_STATUSES,
  TEXT_MAX,
  TITLE_MAX,
} from "./form-limits";

export * from "./form-limits";

const E = "advice.error";

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
