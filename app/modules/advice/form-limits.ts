/**
 * Limits, choices and small helpers of the advice forms, without zod: the browser imports these
 * (the schemas in schema.ts, which re-exports this file, stay on the server; docs/decisions/011).
 */

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

/** The effort an action of the catalogue takes. */
export const EFFORTS = ["low", "medium", "high"] as const;
export type Effort = (typeof EFFORTS)[number];
