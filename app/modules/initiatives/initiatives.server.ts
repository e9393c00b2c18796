/**
 * The guide to other initiatives ("gidsfunctie"): real regional and national programmes,
 * desks and subsidies from reference/initiatives.json, to refer rather than duplicate.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import type { Lang } from "~/i18n/i18n";
import { THEMES, type Theme } from "~/modules/reference/themes";

const initiativeSchema = z.object({
  id: z.string(),
  name: z.string(),
  organisation: z.string(),
  kind: z.string(),
  themes: z.array(z.enum(THEMES)),
  region: z.string(),
  description_nl: z.string(),
  description_en: z.string(),
  website: z.string().optional().nullable(),
  status: z.enum(["active", "ended", "unknown"]),
});
const fileSchema = z.object({ initiatives: z.array(initiativeSchema) });

export type Initiative = z.infer<typeof initiativeSchema>;

let cached: Initiative[] | undefined;

export function loadInitiatives(root = process.cwd()): Initiative[] {
  cached ??= fileSchema.parse(
    JSON.parse(readFileSync(path.resolve(root, "reference/initiatives.json"), "utf8")),
  ).initiatives;
  return cached;
}

export interface InitiativeCard {
  id: string;
  name: string;
  organisation: string;
  kind: string;
  themes: Theme[];
  region: string;
  description: string;
  url: string | null;
  statusUnknown: boolean;
}

function websiteUrl(website: string | null | undefined): string | null {
  // Some entries list two sites ("rvo.nl; noord-holland.nl"): link the first.
  const first = website?.split(/[;\s]+/)[0];
  if (!first) return null;
  return first.startsWith("http") ? first : `https://${first}`;
}

/** Initiatives that have not ended, optionally on one theme, regional ones first. */
export function findInitiatives({ theme, lang }: { theme?: Theme; lang: Lang }): InitiativeCard[] {
  const regional = (i: Initiative) => (/gooi|hilversum/i.test(i.region) ? 0 : 1);
  return loadInitiatives()
    .filter((i) => i.status !== "ended" && (!theme || i.themes.includes(theme)))
    .sort((a, b) => regional(a) - regional(b) || a.name.localeCompare(b.name, "nl"))
    .map((i) => ({
      id: i.id,
      name: i.name,
      organisation: i.organisation,
      kind: i.kind,
      themes: i.themes,
      region: i.region,
      description: lang === "en" ? i.description_en : i.description_nl,
      url: websiteUrl(i.website),
      statusUnknown: i.status === "unknown",
    }));
}
