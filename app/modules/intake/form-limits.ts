/**
 * Choices and limits of the intake forms, without zod: the browser imports these (the schemas
 * in schema.ts, which re-exports this file, stay on the server; docs/decisions/011).
 */

/** How someone heard of SPOT 035 (phase 0: which channel brings people in). */
export const HEARD_VIA = [
  "business-association",
  "regional-media",
  "social-media",
  "employer-service-point",
  "municipality",
  "other",
] as const;
export type HeardVia = (typeof HEARD_VIA)[number];

export const INTAKE_PREFERENCES = ["media-park", "online"] as const;
export const INTAKE_STATUSES = ["new", "accepted", "answered"] as const;
export const ELIGIBILITIES = ["eligible", "ineligible", "ambiguous"] as const;

export const QUESTION_MAX = 2000;
export const REPLY_MAX = 5000;

/** "1234ab", "1234 AB" → "1234 AB". */
export function normalisePostcode(value: string): string {
  const v = value.replace(/\s+/g, "").toUpperCase();
  return `${v.slice(0, 4)} ${v.slice(4)}`;
}
