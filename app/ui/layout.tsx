import type { ReactNode } from "react";
import { Form, Link, NavLink, useLocation } from "react-router";
import { useT } from "~/i18n/use-t";

export function SkipLink() {
  const { t } = useT();
  return (
    <a className="utrecht-skip-link utrecht-skip-link--visible-on-focus" href="#main">
      {t("layout.skipToContent")}
    </a>
  );
}

export function LanguageSwitch() {
  const { t, lang } = useT();
  const location = useLocation();
  const other = lang === "nl" ? "en" : "nl";
  const returnTo = location.pathname + location.search;
  return (
    // A full page load: the browser holds only the page's language (docs/decisions/011).
    <Form method="post" action="/taal" reloadDocument className="spot-lang-switch">
      <input type="hidden" name="lang" value={other} />
      <input type="hidden" name="returnTo" value={returnTo} />
      <button
        type="submit"
        className="spot-lang-switch__button"
        lang={other}
        aria-label={t("layout.switchLanguageLabel")}
      >
        {t("layout.switchLanguage")}
      </button>
    </Form>
  );
}

export function SiteHeader({
  siteName,
  me,
}: {
  siteName: string;
  me: { name: string; cases?: boolean; work?: boolean } | null;
}) {
  const { t } = useT();
  return (
    <header className="utrecht-page-header spot-header">
      <div className="spot-header__inner">
        <Link to="/" className="spot-logo">
          <span className="spot-logo__mark" aria-hidden="true">
            035
          </span>
          <span className="spot-logo__name">{siteName}</span>
        </Link>
        <nav aria-label={t("layout.mainNav")} className="spot-nav">
          <ul className="spot-nav__list">
            <li>
              <NavLink className="spot-nav__link" to="/" end>
                {t("nav.home")}
              </NavLink>
            </li>
            <li>
              <NavLink className="spot-nav__link" to="/scan">
                {t("nav.scan")}
              </NavLink>
            </li>
            <li>
              <NavLink className="spot-nav__link" to="/hulp">
                {t("nav.help")}
              </NavLink>
            </li>
            <li>
              <NavLink className="spot-nav__link" to="/contact">
                {t("nav.contact")}
              </NavLink>
            </li>
          </ul>
        </nav>
        <div className="spot-header__tools">
          {me ? (
            <>
              {me.work ? (
                <NavLink className="spot-nav__link" to="/werk">
                  {t("casesList.nav.work")}
                </NavLink>
              ) : null}
              {me.cases ? (
                <NavLink className="spot-nav__link" to="/casussen">
                  {t("casesList.nav.cases")}
                </NavLink>
              ) : null}
              <NavLink className="spot-nav__link" to="/mijn">
                {t("nav.portal")}
              </NavLink>
              <Form method="post" action="/uitloggen" className="spot-inline-form">
                <button type="submit" className="spot-header__button">
                  {t("nav.logout")}
                </button>
              </Form>
            </>
          ) : (
            <NavLink className="spot-nav__link" to="/inloggen">
              {t("nav.login")}
            </NavLink>
          )}
          <LanguageSwitch />
        </div>
      </div>
    </header>
  );
}

export function SiteFooter({
  siteName,
  contactEmail,
  address,
}: {
  siteName: string;
  contactEmail: string;
  address: string;
}) {
  const { t } = useT();
  return (
    <footer className="utrecht-page-footer spot-footer">
      <div className="spot-footer__inner">
        <div>
          <p className="spot-footer__title">{siteName}</p>
          <p>{address}</p>
          <p>
            <a className="spot-footer__link" href={`mailto:${contactEmail}`}>
              {contactEmail}
            </a>
          </p>
        </div>
        <nav aria-label={t("layout.footerNav")}>
          <ul className="spot-footer__list">
            <li>
              <Link className="spot-footer__link" to="/toegankelijkheid">
                {t("nav.accessibility")}
              </Link>
            </li>
            <li>
              <Link className="spot-footer__link" to="/privacy">
                {t("nav.privacy")}
              </Link>
            </li>
            <li>
              <Link className="spot-footer__link" to="/contact">
                {t("nav.contact")}
              </Link>
            </li>
          </ul>
        </nav>
      </div>
    </footer>
  );
}

export function PageContent({ children }: { children: ReactNode }) {
  return <div className="spot-content">{children}</div>;
}
