/**
 * The vocabulary of cases: phases of the journey, roles in a case team, activity types.
 * Shared by server and UI (labels are in the catalogs under `cases.*`).
 */
import type { Role } from "~/db/schema";

/** The journey's working phases, in order (PRODUCT.md: 0 awareness … 5 knowledge sharing). */
export const WORK_PHASES = [
  "awareness",
  "analysis",
  "advice",
  "realisation",
  "implementation",
  "sharing",
] as const;
/** Ends of a case; both need a reason. */
export const END_PHASES = ["closed", "withdrawn"] as const;
export const PHASES = [...WORK_PHASES, ...END_PHASES] as const;
export type WorkPhase = (typeof WORK_PHASES)[number];
export type Phase = (typeof PHASES)[number];

export function isPhase(v: unknown): v is Phase {
  return typeof v === "string" && (PHASES as readonly string[]).includes(v);
}
export function isEndPhase(p: string): boolean {
  return (END_PHASES as readonly string[]).includes(p);
}
/** The phase number people know from the plan (0–5); ends have none. */
export function phaseNumber(p: Phase): number | null {
  const i = (WORK_PHASES as readonly string[]).indexOf(p);
  return i < 0 ? null : i;
}

/** Roles in a case team, and which platform roles may hold each. */
export const CASE_ROLES = [
  "lead",
  "expert",
  "teacher",
  "researcher",
  "student",
  "frontrunner",
] as const;
export type CaseRole = (typeof CASE_ROLES)[number];
export const CASE_ROLE_NEEDS: Record<CaseRole, readonly Role[]> = {
  lead: ["coordinator", "expert"],
  expert: ["expert"],
  teacher: ["expert", "partner"],
  researcher: ["expert", "partner"],
  student: ["student"],
  frontrunner: ["provider"],
};
export function isCaseRole(v: unknown): v is CaseRole {
  return typeof v === "string" && (CASE_ROLES as readonly string[]).includes(v);
}
/** Team roles that work on the case (log, plan, read internal notes). A frontrunner advises. */
export const WORKING_CASE_ROLES: readonly CaseRole[] = [
  "lead",
  "expert",
  "teacher",
  "researcher",
  "student",
];
/** Team roles that may move the case to another phase. */
export const PHASE_CASE_ROLES: readonly CaseRole[] = ["lead", "expert"];

export const STUDENT_LEVELS = ["mbo", "hbo", "wo"] as const;
export type StudentLevel = (typeof STUDENT_LEVELS)[number];

/** What can be logged as an activity. The KPI counters are defined on these (kpi.server.ts). */
export const ACTIVITY_TYPES = [
  "intake_conversation",
  "analysis_session",
  "advice_delivered",
  "guidance_session",
  "training",
  "referral",
  "event_participation",
  "follow_up",
  "other",
] as const;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];
export function isActivityType(v: unknown): v is ActivityType {
  return typeof v === "string" && (ACTIVITY_TYPES as readonly string[]).includes(v);
}

export const PROBLEM_KINDS = ["problem", "opportunity"] as const;

/** Limits for logged work (a day at most per entry; not before the programme existed). */
export const MAX_MINUTES = 24 * 60;
export const EARLIEST_DATE = "2020-01-01";
