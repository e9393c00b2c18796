/**
 * i18next catalogs: Dutch is the source language, English second. Every UI string lives in
 * `nl.json` / `en.json` (a test fails when their keys differ).
 */
import i18next, { type TFunction } from "i18next";
import en from "./en.json";
import nl from "./nl.json";

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
    t = instance.t.bind(instance) as TFunction;
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
