import { readCookie } from "~/lib/cookies";
import { DEFAULT_LANG, isLang, type Lang } from "./i18n";

export { readCookie };
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
  if (
    typeof value !== "string" ||
    !value.startsWith("/") ||
    value.startsWith("//") ||
    value.includes("\\")
  ) {
    return fallback;
  }
  return value.slice(0, 2000);
}
