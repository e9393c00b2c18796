/**
 * A language's catalog is `<lang>.json` plus one file per feature area in `locales/`
 * (`<area>.<lang>.json`); top-level keys must not collide between files.
 */
export type Catalog = Record<string, unknown>;

/**
 * Areas only the server uses (emails, PDFs). They are part of the server's catalogs and never
 * sent to the browser (`catalog.nl.ts`, `catalog.en.ts` leave them out).
 */
export const SERVER_ONLY_AREAS = ["mail", "resultpdf"] as const;

/** Merges the files of one language (`files`: path → JSON) into one catalog. */
export function mergeCatalog(lang: string, files: Record<string, Catalog>): Catalog {
  const out: Catalog = {};
  const own = Object.keys(files)
    .filter((file) => file.endsWith(`/${lang}.json`) || file.endsWith(`.${lang}.json`))
    .sort();
  for (const file of own) {
    for (const [k, v] of Object.entries(files[file] as Catalog)) {
      if (k in out) throw new Error(`i18n: top-level key "${k}" of ${file} is already defined`);
      out[k] = v;
    }
  }
  return out;
}
