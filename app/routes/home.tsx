import { Link } from "react-router";
import { formatDate } from "~/i18n/format";
import { getLang } from "~/i18n/lang.server";
import { useT } from "~/i18n/use-t";
import { listPublishedStories } from "~/modules/content/stories.server";
import { runtime } from "~/runtime.server";
import type { Route } from "./+types/home";

export const meta: Route.MetaFunction = ({ matches }) => {
  const lang = (matches[0]?.data as { lang?: string } | undefined)?.lang;
  return [
    {
      title:
        lang === "en"
          ? "SPOT 035 — What keeps you awake at night?"
          : "SPOT 035 — Wat houdt je wakker?",
    },
    {
      name: "description",
      content:
        lang === "en"
          ? "SPOT 035 helps businesses in Gooi en Vechtstreek grow stronger digitally."
          : "SPOT 035 helpt ondernemers in Gooi en Vechtstreek digitaal sterker te worden.",
    },
  ];
};

export async function loader({ request }: Route.LoaderArgs) {
  const { db, config } = await runtime();
  const lang = getLang(request);
  const stories = await listPublishedStories(db, { lang, limit: 3 });
  return { stories, meetingPlace: config.region.meetingPlace[lang] };
}

export default function Home({ loaderData }: Route.ComponentProps) {
  const { t, lang } = useT();
  const { stories, meetingPlace } = loaderData;
  return (
    <>
      <section className="spot-hero" aria-labelledby="home-title">
        <h1 id="home-title" className="utrecht-heading-1">
          {t("home.title")}
        </h1>
        <p className="utrecht-paragraph utrecht-paragraph--lead">{t("home.lead")}</p>
      </section>

      <section aria-labelledby="doors-title">
        <h2 id="doors-title" className="utrecht-heading-2">
          {t("home.doorsHeading")}
        </h2>
        <ul className="spot-doors">
          <li className="spot-door">
            <h3 className="utrecht-heading-3">{t("home.doorScanTitle")}</h3>
            <p className="spot-door__time">{t("home.doorScanTime")}</p>
            <p className="utrecht-paragraph">{t("home.doorScanBody")}</p>
            <Link className="utrecht-button-link utrecht-button-link--primary-action" to="/scan">
              {t("home.doorScanLink")}
            </Link>
          </li>
          <li className="spot-door">
            <h3 className="utrecht-heading-3">{t("home.doorAskTitle")}</h3>
            <p className="utrecht-paragraph">{t("home.doorAskBody")}</p>
            <Link
              className="utrecht-button-link utrecht-button-link--secondary-action"
              to="/hulpvraag"
            >
              {t("home.doorAskLink")}
            </Link>
          </li>
          <li className="spot-door">
            <h3 className="utrecht-heading-3">{t("home.doorHelpTitle")}</h3>
            <p className="utrecht-paragraph">{t("home.doorHelpBody")}</p>
            <Link className="utrecht-button-link utrecht-button-link--secondary-action" to="/hulp">
              {t("home.doorHelpLink")}
            </Link>
          </li>
        </ul>
      </section>

      <section aria-labelledby="stories-title">
        <h2 id="stories-title" className="utrecht-heading-2">
          {t("home.storiesHeading")}
        </h2>
        {stories.length === 0 ? (
          <p className="utrecht-paragraph">{t("home.storiesEmpty")}</p>
        ) : (
          <ul className="spot-cards">
            {stories.map((s) => (
              <li key={s.id} className="spot-card">
                <article aria-labelledby={`story-${s.id}`}>
                  <p className="spot-card__meta">{t(`theme.${s.theme}`)}</p>
                  <h3 id={`story-${s.id}`} className="utrecht-heading-3">
                    {s.title}
                  </h3>
                  <p className="utrecht-paragraph">{s.summary}</p>
                  <p className="spot-card__meta">
                    {s.companyName ? `${s.companyName} · ` : ""}
                    <time dateTime={s.publishedAt}>{formatDate(s.publishedAt, lang)}</time>
                  </p>
                </article>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="about-title">
        <h2 id="about-title" className="utrecht-heading-2">
          {t("home.aboutHeading")}
        </h2>
        <p className="utrecht-paragraph">{t("home.aboutBody", { place: meetingPlace })}</p>
        <p className="utrecht-paragraph">{t("home.aboutGiveBack")}</p>
      </section>
    </>
  );
}
