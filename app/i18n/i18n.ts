/**
 * i18next catalogs: Dutch is the source language, English second. Every UI string lives in
 * `nl.json` / `en.json` or `locales/<area>.<lang>.json` (a test fails when their keys differ).
 *
 * The server holds both languages in full (it renders either, and writes emails and PDFs).
 * The browser holds only the page's language, without the server-only areas: entry.client.tsx
 * loads it (`loadCatalog`) before hydrating, and a language switch is a full page load
 * (docs/decisions/011-javascript-per-page.md).
 */
import i18next, { type TFunction } from "i18next";
import { type Catalog, mergeCatalog } from "./catalog";

export const LANGUAGES = ["nl", "en"] as const;
export type Lang = (typeof LANGUAGES)[number];
export const DEFAULT_LANG: Lang = "nl";

export function isLang(value: unknown): value is Lang {
  return value === "nl" || value === "en";
}

/** The catalogs this process has: both on the server, the page's language in the browser. */
export const catalogs: Partial<Record<Lang, Catalog>> = {};

if (import.meta.env.SSR) {
  // JSON modules have no side effects: in the browser build this branch and its imports vanish.
  const files = import.meta.glob<Catalog>(["./nl.json", "./en.json", "./locales/*.json"], {
    eager: true,
    import: "default",
  });
  for (const lang of LANGUAGES) catalogs[lang] = mergeCatalog(lang, files);
}

/** Browser: loads the catalog of a language (its own chunk). Resolves at once when present. */
export async function loadCatalog(lang: Lang): Promise<void> {
  if (catalogs[lang]) return;
  const mod = lang === "en" ? await import("./catalog.en") : await import("./catalog.nl");
  catalogs[lang] = mod.default;
}

/**
 * The language that will be shown for `lang`: itself when its catalog is here. In the browser
 * only the page's language is (another tab may have switched the cookie since): that one.
 */
export function shownLang(lang: Lang): Lang {
  if (catalogs[lang]) return lang;
  const present = LANGUAGES.find((l) => catalogs[l]);
  if (!present) throw new Error("i18n: no catalog loaded (entry.client awaits loadCatalog)");
  return present;
}

const cache = new Map<Lang, TFunction>();

/** A translate function for a language (instances are created once and reused). */
export function getT(requested: Lang): TFunction {
  const lang = shownLang(requested);
  let t = cache.get(lang);
  if (!t) {
    const instance = i18next.createInstance();
    instance.init({
      lng: lang,
      fallbackLng: false,
      resources: { [lang]: { translation: catalogs[lang] as Catalog } },
      initAsync: false,
      interpolation: { escapeValue: false },
      returnNull: false,
    });
    const translate = instance.t.bind(instance) as unknown as (...args: unknown[]) => unknown;
    // A key without options always gives the same text: looked up once (pages call t() a few
    // hundred times per render, and i18next's lookup is the slow part of rendering).
    const plain = new Map<string, unknown>();
    t = ((key: unknown, ...rest: unknown[]) => {
      if (rest.length > 0 || typeof key !== "string") return translate(key, ...rest);
      let text = plain.get(key);
      if (text === undefined) {
        text = translate(key);
        if (plain.size < 20_000) plain.set(key, text);
      }
      return text;
    }) as unknown as TFunction;
    cache.set(lang, t);
  }
  return t;
}

/** Flattened keys of a catalog ("a.b.c"), for the parity test and tooling. */
export function flattenKeys(obj: unknown, prefix = ""): string[] {
  if (obj === null || typeof obj !== "object") return [prefix];
  return Object.entries(obj as Record<string, unknown>).flatMap(([k, v]) =>
    flattenKeys(v, prefix ? `${prefix}.${k}` : k),
  );
}
