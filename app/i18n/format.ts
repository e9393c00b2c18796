/**
 * The one date and number formatting helper: Europe/Amsterdam time, nl-NL (or en-GB) style.
 */
import type { Lang } from "./i18n";

const TZ = "Europe/Amsterdam";
const locales: Record<Lang, string> = { nl: "nl-NL", en: "en-GB" };

type DateInput = Date | string | number;
const toDate = (d: DateInput) => (d instanceof Date ? d : new Date(d));

const cache = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();
function fmt<T extends Intl.DateTimeFormat | Intl.NumberFormat>(key: string, make: () => T): T {
  let f = cache.get(key) as T | undefined;
  if (!f) {
    f = make();
    cache.set(key, f);
  }
  return f;
}

export function formatDate(d: DateInput, lang: Lang = "nl"): string {
  return fmt(
    `d:${lang}`,
    () =>
      new Intl.DateTimeFormat(locales[lang], {
        timeZone: TZ,
        day: "numeric",
        month: "long",
        year: "numeric",
      }),
  ).format(toDate(d));
}

export function formatDateTime(d: DateInput, lang: Lang = "nl"): string {
  return fmt(
    `dt:${lang}`,
    () =>
      new Intl.DateTimeFormat(locales[lang], {
        timeZone: TZ,
        day: "numeric",
        month: "long",
        year: "numeric",
        hour: "2-digit",
        minute: "2-digit",
      }),
  ).format(toDate(d));
}

/** yyyy-mm-dd of the calendar day in Amsterdam (for <input type=date> and day grouping). */
export function isoDay(d: DateInput): string {
  return fmt(
    "iso",
    () =>
      new Intl.DateTimeFormat("en-CA", {
        timeZone: TZ,
        year: "numeric",
        month: "2-digit",
        day: "2-digit",
      }),
  ).format(toDate(d));
}

export function formatNumber(n: number, lang: Lang = "nl", maximumFractionDigits = 1): string {
  return fmt(
    `n:${lang}:${maximumFractionDigits}`,
    () => new Intl.NumberFormat(locales[lang], { maximumFractionDigits }),
  ).format(n);
}

export function formatEuro(n: number, lang: Lang = "nl"): string {
  return fmt(
    `eur:${lang}`,
    () =>
      new Intl.NumberFormat(locales[lang], {
        style: "currency",
        currency: "EUR",
        maximumFractionDigits: 0,
      }),
  ).format(n);
}
