import { useRouteLoaderData } from "react-router";
import { DEFAULT_LANG, getT, type Lang, shownLang } from "./i18n";

interface RootData {
  lang: Lang;
}

/**
 * The current language: the root loader's (the language cookie). In the browser, the page's
 * language until the next full page load (only its catalog is loaded).
 */
export function useLang(): Lang {
  const data = useRouteLoaderData("root") as RootData | undefined;
  return shownLang(data?.lang ?? DEFAULT_LANG);
}

/** Translate function for the current language. */
export function useT() {
  const lang = useLang();
  return { t: getT(lang), lang };
}
