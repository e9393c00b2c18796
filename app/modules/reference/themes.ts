/**
 * The one theme taxonomy (PRODUCT.md), used by scans, advice, providers, knowledge and events.
 * Ids match `reference/initiatives.json`. Labels live in the i18n catalogs under `theme.<id>`.
 */
export const THEMES = [
  "strategy",
  "marketing",
  "ecommerce",
  "data_ai",
  "automation",
  "cloud_remote",
  "cybersecurity",
  "skills_hr",
  "innovation",
  "financing",
  "green",
] as const;

export type Theme = (typeof THEMES)[number];

export function isTheme(value: unknown): value is Theme {
  return typeof value === "string" && (THEMES as readonly string[]).includes(value);
}
