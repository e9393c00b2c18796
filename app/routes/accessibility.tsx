import { formatDate } from "~/i18n/format";
import { useT } from "~/i18n/use-t";
import { runtime } from "~/runtime.server";
import type { Route } from "./+types/accessibility";

/** The date this statement's content last changed (update it with the text). */
const STATEMENT_DATE = "2026-11-29";

export const meta: Route.MetaFunction = ({ matches }) => [
  {
    title:
      (matches[0]?.data as { lang?: string })?.lang === "en"
        ? "Accessibility statement | SPOT 035"
        : "Toegankelijkheidsverklaring | SPOT 035",
  },
];

export async function loader() {
  const { config } = await runtime();
  return { email: config.region.branding.contactEmail };
}

export default function Accessibility({ loaderData }: Route.ComponentProps) {
  const { t, lang } = useT();
  return (
    <>
      <h1 className="utrecht-heading-1">{t("accessibility.title")}</h1>
      <p className="utrecht-paragraph utrecht-paragraph--lead">{t("accessibility.lead")}</p>
      <h2 className="utrecht-heading-2">{t("accessibility.standardHeading")}</h2>
      <p className="utrecht-paragraph">{t("accessibility.standardBody")}</p>
      <h2 className="utrecht-heading-2">{t("accessibility.howHeading")}</h2>
      <ul className="utrecht-unordered-list">
        {(["how1", "how2", "how3", "how4"] as const).map((k) => (
          <li key={k} className="utrecht-unordered-list__item">
            {t(`accessibility.${k}`)}
          </li>
        ))}
      </ul>
      <h2 className="utrecht-heading-2">{t("accessibility.knownHeading")}</h2>
      <p className="utrecht-paragraph">{t("accessibility.knownBody")}</p>
      <h2 className="utrecht-heading-2">{t("accessibility.reportHeading")}</h2>
      <p className="utrecht-paragraph">
        {t("accessibility.reportBody", { email: loaderData.email })}
      </p>
      <p className="utrecht-paragraph">
        {t("accessibility.updated", { date: formatDate(STATEMENT_DATE, lang) })}
      </p>
    </>
  );
}
