/**
 * Limits and small helpers of the case forms, without zod: the browser imports these (the
 * schemas in schema.ts, which re-exports this file, stay on the server; docs/decisions/011).
 */
import { isEndPhase, type Phase, WORK_PHASES } from "./model";

/** Today's date (YYYY-MM-DD) in the Netherlands, where the work happens. */
export function todayIso(now = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", {
    timeZone: "Europe/Amsterdam",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(now);
}

/** A date `years` years after `iso` (YYYY-MM-DD). */
export function yearsAfter(iso: string, years: number): string {
  return `${Number(iso.slice(0, 4)) + years}${iso.slice(4)}`;
}

export const OUTCOME_MAX = 2000;
export const HOURS_DESCRIPTION_MAX = 1000;
export const TASK_TITLE_MAX = 200;
export const NOTE_MAX = 5000;
export const MAX_COMPANY_PARTICIPANTS = 500;

/** The minutes of an hours form (hours and minutes together). */
export const totalMinutes = (v: { hours?: number; minutes?: number }) =>
  (v.hours ?? 0) * 60 + (v.minutes ?? 0);

/** Limits of the case's own fields and of the page's small forms. */
export const CASE_TITLE_MAX = 200;
export const CASE_TEXT_MAX = 4000;
export const PHASE_REASON_MAX = 1000;
export const MESSAGE_MAX = 5000;
export const INSTITUTION_MAX = 200;

/** Does moving from `from` to `to` need a reason (closing, withdrawing, reopening, a step back)? */
export function phaseChangeNeedsReason(from: Phase, to: Phase): boolean {
  if (isEndPhase(to) || isEndPhase(from)) return true;
  return (
    WORK_PHASES.indexOf(to as (typeof WORK_PHASES)[number]) <
    WORK_PHASES.indexOf(from as (typeof WORK_PHASES)[number])
  );
}

export const NEW_CASE_QUESTION_MAX = CASE_TEXT_MAX;
