/**
 * i18next catalogs: Dutch is the source language, English second. Every UI string lives in
 * `nl.json` / `en.json` (a test fails when their keys differ).
 */
import i18next, { type TFunction } from "i18next";
import enBase from "./en.json";
import nlBase from "./nl.json";

/**
 * Catalogs: `nl.json` / `en.json` plus one file per feature area in `locales/` named
 * `<area>.nl.json` / `<area>.en.json` (top-level keys must not collide with other files).
 */
const areaFiles = import.meta.glob<{ default: Record<string, unknown> }>("./locales/*.json", {
  eager: true,
});

function merge(lang: "nl" | "en", base: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [file, mod] of Object.entries(areaFiles)) {
    if (!file.endsWith(`.${lang}.json`)) continue;
    for (const [k, v] of Object.entries(mod.default)) {
      if (k in out) throw new Error(`i18n: top-level key "${k}" of ${file} is already defined`);
      out[k] = v;
    }
  }
  return out;
}

const nl = merge("nl", nlBase);
const en = merge("en", enBase);

export const LANGUAGES = ["nl", "en"] as const;
export type Lang = (typeof LANGUAGES)[number];
export const DEFAULT_LANG: Lang = "nl";
export const catalogs = { nl, en } as const;

export function isLang(value: unknown): value is Lang {
  return value === "nl" || value === "en";
}

const cache = new Map<Lang, TFunction>();

/** A translate function for a language (instances are created once and reused). */
export function getT(lang: Lang): TFunction {
  let t = cache.get(lang);
  if (!t) {
    const instance = i18next.createInstance();
    instance.init({
      lng: lang,
      fallbackLng: false,
      resources: { nl: { translation: nl }, en: { translation: en } },
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
