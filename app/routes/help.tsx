import { Form } from "react-router";
import { getLang } from "~/i18n/lang.server";
import { useT } from "~/i18n/use-t";
import { findInitiatives } from "~/modules/initiatives/initiatives.server";
import { isTheme, THEMES } from "~/modules/reference/themes";
import type { Route } from "./+types/help";

export const meta: Route.MetaFunction = ({ matches }) => [
  {
    title:
      (matches[0]?.data as { lang?: string })?.lang === "en"
        ? "Help and schemes | SPOT 035"
        : "Hulp en regelingen | SPOT 035",
  },
];

export async function loader({ request }: Route.LoaderArgs) {
  const lang = getLang(request);
  const param = new URL(request.url).searchParams.get("onderwerp");
  // An unknown topic in the URL is ignored rather than an error: show everything.
  const theme = isTheme(param) ? param : undefined;
  return { theme: theme ?? "", initiatives: findInitiatives({ theme, lang }) };
}

export default function Help({ loaderData }: Route.ComponentProps) {
  const { t } = useT();
  const { theme, initiatives } = loaderData;
  return (
    <>
      <h1 className="utrecht-heading-1">{t("help.title")}</h1>
      <p className="utrecht-paragraph utrecht-paragraph--lead">{t("help.lead")}</p>
      <Form method="get" className="spot-filter">
        <div className="utrecht-form-field">
          <label className="utrecht-form-label" htmlFor="onderwerp">
            {t("help.filterTheme")}
          </label>
          <select
            id="onderwerp"
            name="onderwerp"
            className="utrecht-select utrecht-select--html-select"
            defaultValue={theme}
          >
            <option value="">{t("help.filterAll")}</option>
            {THEMES.map((th) => (
              <option key={th} value={th}>
                {t(`theme.${th}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="utrecht-button utrecht-button--secondary-action">
          {t("help.filterSubmit")}
        </button>
      </Form>
      <p className="utrecht-paragraph" role="status">
        {t("help.count", { count: initiatives.length })}
      </p>
      {initiatives.length === 0 ? (
        <p className="utrecht-paragraph">{t("help.empty")}</p>
      ) : (
        <ul className="spot-cards">
          {initiatives.map((i) => (
            <li key={i.id} className="spot-card">
              <article aria-labelledby={`ini-${i.id}`}>
                <p className="spot-card__meta">{t(`help.kind.${i.kind}`)}</p>
                <h2 id={`ini-${i.id}`} className="utrecht-heading-3">
                  {i.name}
                </h2>
                <p className="utrecht-paragraph">{i.description}</p>
                <dl className="spot-dl">
                  <dt>{t("help.organisation")}</dt>
                  <dd>{i.organisation}</dd>
                  <dt>{t("help.region")}</dt>
                  <dd>{i.region}</dd>
                </dl>
                {i.statusUnknown ? (
                  <p className="spot-card__note">{t("help.statusUnknown")}</p>
                ) : null}
                {i.url ? (
                  <p className="utrecht-paragraph">
                    <a
                      className="utrecht-link utrecht-link--external"
                      href={i.url}
                      rel="noopener noreferrer"
                    >
                      {t("help.website")}: {i.url.replace(/^https?:\/\//, "")}
                    </a>
                  </p>
                ) : null}
              </article>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
