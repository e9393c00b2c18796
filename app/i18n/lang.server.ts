import { readCookie } from "~/lib/cookies";
import { DEFAULT_LANG, isLang, type Lang } from "./i18n";

export const LANG_COOKIE = "lang";

/** The visitor's language: the language cookie, else Dutch. */
export function getLang(request: Request): Lang {
  const v = readCookie(request, LANG_COOKIE);
  return isLang(v) ? v : DEFAULT_LANG;
}

export function langCookie(lang: Lang, secure: boolean): string {
  return `${LANG_COOKIE}=${lang}; Path=/; Max-Age=31536000; SameSite=Lax${secure ? "; Secure" : ""}`;
}

/** Only local paths may be redirect targets (no open redirects). */
export function safeReturnTo(value: unknown, fallback = "/"): string {
  if (typeof value !== "string" || value.length > 2000) return fallback;
  // Browsers drop tabs and newlines from URLs ("/\t/evil.com" becomes "//evil.com"), and a
  // control character cannot go into a Location header: refuse them all.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: that is the point of this check
  if (/[\u0000-\u001f\u007f\\]/.test(value)) return fallback;
  if (!value.startsWith("/") || value.startsWith("//")) return fallback;
  try {
    const base = "http://same.invalid";
    const url = new URL(value, base);
    if (url.origin !== base) return fallback;
    const out = url.pathname + url.search + url.hash;
    // "/.//evil.example" parses to the path "//evil.example": a protocol-relative address.
    return out.startsWith("//") ? fallback : out;
  } catch {
    return fallback;
  }
}
