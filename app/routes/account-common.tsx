/**
 * Small pieces shared by the account pages (/account/…): the page title in the visitor's
 * language and the link back to the overview. Not a route itself.
 */
import { Link } from "react-router";
import { getT, isLang, type Lang } from "~/i18n/i18n";
import { useT } from "~/i18n/use-t";

type Matches = ReadonlyArray<{ id: string; loaderData?: unknown } | undefined>;

/** `<title>` for a page, translated with the language the root loader found. */
export function accountMeta(matches: Matches, key: string) {
  const root = matches.find((m) => m?.id === "root")?.loaderData as { lang?: unknown } | undefined;
  const lang: Lang = isLang(root?.lang) ? root.lang : "nl";
  return [{ title: `${getT(lang)(key)} | SPOT 035` }];
}

export function BackToAccount() {
  const { t } = useT();
  return (
    <p className="utrecht-paragraph">
      <Link className="utrecht-link" to="/account">
        {t("account.back")}
      </Link>
    </p>
  );
}
