import { useRouteLoaderData } from "react-router";
import { DEFAULT_LANG, getT, type Lang } from "./i18n";

interface RootData {
  lang: Lang;
}

/** The current language, from the root loader. */
export function useLang(): Lang {
  const data = useRouteLoaderData("root") as RootData | undefined;
  return data?.lang ?? DEFAULT_LANG;
}

/** Translate function for the current language. */
export function useT() {
  const lang = useLang();
  return { t: getT(lang), lang };
}
