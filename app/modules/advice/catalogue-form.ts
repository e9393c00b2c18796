/**
 * The catalogue editor's form (/beheer/acties/:id, /beheer/acties/nieuw): flat fields, messages
 * as i18n keys (actions.error.*), the same schema in the browser and on the server. The server
 * then checks the references (prerequisites, initiatives, instrument questions) in
 * catalogue.server.ts.
 *
 * Lists in text: trainings one per line ("initiative-id" or "Dutch name | English name"),
 * sectors as SBI letters ("F, G"), triggers as JSON (the trigger objects of catalogue.ts).
 */
import type { SubmissionResult } from "@conform-to/react";
import { z } from "zod";
import { THEMES } from "~/modules/reference/themes";
import { type CatalogueAction, EFFORTS, type Trigger, trigger as triggerSchema } from "./catalogue";

const required = "actions.error.required";
const text = (max: number) =>
  z.string({ message: required }).trim().min(1, required).max(max, "actions.error.tooLong");
const euros = z
  .number({ message: "actions.error.euros" })
  .int("actions.error.euros")
  .min(0, "actions.error.euros")
  .max(10_000_000, "actions.error.euros");
const SLUG = /^[a-z0-9][a-z0-9-]*$/;

export const TRAINING_SEPARATOR = "|";

function parseJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return undefined;
  }
}

export const actionFormSchema = z
  .object({
    id: z
      .string({ message: required })
      .trim()
      .min(2, "actions.error.id")
      .max(60, "actions.error.id")
      .regex(SLUG, "actions.error.id")
      .optional(),
    theme: z.enum(THEMES, { message: "actions.error.theme" }),
    active: z.literal("on").optional(),
    version: z.number().int().min(1).optional(),
    titleNl: text(160),
    titleEn: text(160),
    descriptionNl: text(2000),
    descriptionEn: text(2000),
    costOnceMin: euros,
    costOnceMax: euros,
    costMonthlyMin: euros,
    costMonthlyMax: euros,
    effort: z.enum(EFFORTS, { message: "actions.error.effort" }),
    durationWeeks: z
      .number({ message: "actions.error.duration" })
      .int("actions.error.duration")
      .min(1, "actions.error.duration")
      .max(104, "actions.error.duration"),
    effectNl: text(2000),
    effectEn: text(2000),
    indicatorNl: text(2000),
    indicatorEn: text(2000),
    prerequisites: z
      .array(z.string().regex(SLUG, "actions.error.unknownPrerequisite"))
      .max(10, "actions.error.tooMany")
      .default([]),
    subsidies: z
      .array(z.string().regex(SLUG, "actions.error.unknownInitiative"))
      .max(10, "actions.error.tooMany")
      .default([]),
    providerThemes: z.array(z.enum(THEMES, { message: "actions.error.theme" })).default([]),
    trainings: z.string().max(2000, "actions.error.tooLong").optional(),
    sectors: z
      .string()
      .max(80, "actions.error.tooLong")
      .regex(/^[\sA-Ua-u,;]*$/, "actions.error.sectors")
      .optional(),
    minEmployees: z
      .number({ message: "actions.error.minEmployees" })
      .int("actions.error.minEmployees")
      .min(1, "actions.error.minEmployees")
      .max(10_000, "actions.error.minEmployees")
      .optional(),
    triggers: z
      .string()
      .max(50_000, "actions.error.tooLong")
      .optional()
      .refine((s) => !s?.trim() || Array.isArray(parseJson(s)), "actions.error.triggersJson"),
  })
  .superRefine((v, ctx) => {
    if (v.costOnceMin > v.costOnceMax)
      ctx.addIssue({ code: "custom", path: ["costOnceMax"], message: "actions.error.minAboveMax" });
    if (v.costMonthlyMin > v.costMonthlyMax)
      ctx.addIssue({
        code: "custom",
        path: ["costMonthlyMax"],
        message: "actions.error.minAboveMax",
      });
    const trainings = (v.trainings ?? "")
      .split("\n")
      .map((l) => l.trim())
      .filter(Boolean);
    if (trainings.length > 10)
      ctx.addIssue({ code: "custom", path: ["trainings"], message: "actions.error.tooMany" });
    for (const line of trainings) {
      if (line.includes(TRAINING_SEPARATOR)) {
        const [nl, en] = line.split(TRAINING_SEPARATOR).map((p) => p.trim());
        if (!nl || !en)
          ctx.addIssue({ code: "custom", path: ["trainings"], message: "actions.error.training" });
      } else if (!SLUG.test(line))
        ctx.addIssue({ code: "custom", path: ["trainings"], message: "actions.error.training" });
    }
  });
export type ActionFormValue = z.infer<typeof actionFormSchema>;

/** The form's triggers text as trigger objects, or the problems (path: message) found. */
export function parseTriggers(
  textValue: string | undefined,
): { ok: true; triggers: Trigger[] } | { ok: false; details: string[] } {
  if (!textValue?.trim()) return { ok: true, triggers: [] };
  const raw = parseJson(textValue);
  const parsed = z.array(triggerSchema).max(30).safeParse(raw);
  if (parsed.success) return { ok: true, triggers: parsed.data };
  return {
    ok: false,
    details: parsed.error.issues
      .slice(0, 8)
      .map((i) => `${["triggers", ...i.path].map(String).join(".")} — ${i.message}`),
  };
}

/** The form's values as a catalogue action (triggers already parsed). */
export function actionFromForm(
  id: string,
  v: ActionFormValue,
  triggers: Trigger[],
): CatalogueAction {
  const trainings = (v.trainings ?? "")
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean)
    .map((line) => {
      if (!line.includes(TRAINING_SEPARATOR)) return line;
      const [nl, en] = line.split(TRAINING_SEPARATOR).map((p) => p.trim());
      return { nl: nl!, en: en! };
    });
  const sectors = [
    ...new Set(
      (v.sectors ?? "")
        .toUpperCase()
        .split(/[\s,;]+/)
        .filter(Boolean),
    ),
  ];
  return {
    id,
    theme: v.theme,
    title: { nl: v.titleNl, en: v.titleEn },
    description: { nl: v.descriptionNl, en: v.descriptionEn },
    costOnce: { min: v.costOnceMin, max: v.costOnceMax },
    costMonthly: { min: v.costMonthlyMin, max: v.costMonthlyMax },
    effort: v.effort,
    durationWeeks: v.durationWeeks,
    effect: { nl: v.effectNl, en: v.effectEn },
    indicator: { nl: v.indicatorNl, en: v.indicatorEn },
    prerequisites: [...new Set(v.prerequisites)],
    subsidies: [...new Set(v.subsidies)],
    trainings,
    providerThemes: [...new Set(v.providerThemes)],
    ...(sectors.length ? { sectors } : {}),
    ...(v.minEmployees !== undefined ? { minEmployees: v.minEmployees } : {}),
    triggers,
  };
}

/** An action as the form's default values. */
export function formFromAction(
  a: CatalogueAction,
  active: boolean,
  version: number,
): Record<string, string | string[]> {
  return {
    theme: a.theme,
    active: active ? "on" : "",
    version: String(version),
    titleNl: a.title.nl,
    titleEn: a.title.en,
    descriptionNl: a.description.nl,
    descriptionEn: a.description.en,
    costOnceMin: String(a.costOnce.min),
    costOnceMax: String(a.costOnce.max),
    costMonthlyMin: String(a.costMonthly.min),
    costMonthlyMax: String(a.costMonthly.max),
    effort: a.effort,
    durationWeeks: String(a.durationWeeks),
    effectNl: a.effect.nl,
    effectEn: a.effect.en,
    indicatorNl: a.indicator.nl,
    indicatorEn: a.indicator.en,
    prerequisites: a.prerequisites,
    subsidies: a.subsidies,
    providerThemes: a.providerThemes,
    trainings: a.trainings
      .map((tr) => (typeof tr === "string" ? tr : `${tr.nl} ${TRAINING_SEPARATOR} ${tr.en}`))
      .join("\n"),
    sectors: (a.sectors ?? []).join(", "),
    minEmployees: a.minEmployees === undefined ? "" : String(a.minEmployees),
    triggers: JSON.stringify(a.triggers, null, 2),
  };
}

/** Which form field a reference problem (catalogue.ts checkCatalogue path) belongs to. */
export function fieldOfIssue(path: (string | number)[]): string {
  const head = String(path[0] ?? "");
  return ["prerequisites", "subsidies", "trainings", "triggers"].includes(head)
    ? head
    : "prerequisites";
}

/** What the editor's action answers when saving fails (see catalogue-edit.server.ts). */
export interface ActionFormResult {
  result: SubmissionResult<string[]>;
  /** Problems that need more than a field message (rules, references), as plain text. */
  details: string[];
  problem: "conflict" | "exists" | "notFound" | null;
  current: {
    version: number;
    updatedAt: string;
    updatedBy: string | null;
    title: string;
    costOnce: string;
    costMonthly: string;
    durationWeeks: number;
    active: boolean;
  } | null;
}
