import { Link } from "react-router";
import { useT } from "~/i18n/use-t";
import { requireAbility } from "~/modules/auth/auth.server";
import { listCompanyCases } from "~/modules/cases/queries.server";
import { can } from "~/modules/policy/rules";
import { runtime } from "~/runtime.server";
import myCaseCss from "~/styles/my-case.css?url";
import type { Route } from "./+types/portal";

export const meta: Route.MetaFunction = () => [{ title: "Mijn SPOT | SPOT 035" }];
export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: myCaseCss }];

export async function loader({ request }: Route.LoaderArgs) {
  const { actor } = await requireAbility(request, "portal.view");
  const { db } = await runtime();
  const companies = actor.companyIds.length
    ? await db
        .selectFrom("companies")
        .select(["id", "name"])
        .where("id", "in", [...actor.companyIds])
        .orderBy("name")
        .execute()
    : [];
  const cases = (await listCompanyCases(db, actor.companyIds)).map((c) => ({
    id: c.id,
    reference: c.reference,
    title: c.title,
    companyName: c.company_name,
    phase: c.phase,
  }));
  return {
    cases,
    showCases: cases.length > 0 || actor.companyIds.length > 0 || actor.roles.has("entrepreneur"),
    name: actor.name,
    roles: [...actor.roles],
    companies,
    can: {
      listUsers: can(actor, "user.list"),
      invite: can(actor, "user.invite"),
      readAudit: can(actor, "audit.read"),
      readOutbox: can(actor, "mail.outbox.read"),
      listIntakes: can(actor, "intake.list"),
    },
  };
}

export default function Portal({ loaderData }: Route.ComponentProps) {
  const { t } = useT();
  const { name, roles, companies, cases, showCases, can: abilities } = loaderData;
  return (
    <>
      <h1 className="utrecht-heading-1">{t("portal.title", { name })}</h1>
      <p className="utrecht-paragraph">
        {t("portal.roles")}: {roles.map((r) => t(`role.${r}`)).join(", ") || t("portal.noRoles")}
      </p>
      {showCases ? (
        <section aria-labelledby="cases-title">
          <h2 id="cases-title" className="utrecht-heading-2">
            {t("myCase.portal.title")}
          </h2>
          {cases.length > 0 ? (
            <ul className="spot-trajects">
              {cases.map((c) => (
                <li key={c.id} className="spot-traject">
                  <Link className="utrecht-link" to={`/mijn/casus/${c.id}`}>
                    {c.title}
                  </Link>
                  <p className="utrecht-paragraph">
                    {t("myCase.portal.phase", { phase: t(`cases.phaseNumbered.${c.phase}`) })}
                  </p>
                  <p className="utrecht-paragraph spot-hint">
                    {t("myCase.portal.reference", { reference: c.reference })}
                  </p>
                </li>
              ))}
            </ul>
          ) : (
            <>
              <p className="utrecht-paragraph">{t("myCase.portal.none")}</p>
              <p className="utrecht-paragraph">{t("myCase.portal.howToStart")}</p>
              <ul className="utrecht-link-list">
                <li className="utrecht-link-list__item">
                  <Link className="utrecht-link" to="/scan">
                    {t("myCase.portal.startScan")}
                  </Link>
                </li>
                <li className="utrecht-link-list__item">
                  <Link className="utrecht-link" to="/hulpvraag">
                    {t("myCase.portal.startAsk")}
                  </Link>
                </li>
              </ul>
            </>
          )}
        </section>
      ) : null}
      {companies.length > 0 ? (
        <section aria-labelledby="companies-title">
          <h2 id="companies-title" className="utrecht-heading-2">
            {t("portal.companies")}
          </h2>
          <ul className="utrecht-unordered-list">
            {companies.map((c) => (
              <li key={c.id} className="utrecht-unordered-list__item">
                {c.name}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="next-title">
        <h2 id="next-title" className="utrecht-heading-2">
          {t("portal.whatNow")}
        </h2>
        <ul className="utrecht-link-list">
          <li className="utrecht-link-list__item">
            <Link className="utrecht-link" to="/hulp">
              {t("portal.findHelp")}
            </Link>
          </li>
          <li className="utrecht-link-list__item">
            <Link className="utrecht-link" to="/account">
              {t("portal.account")}
            </Link>
          </li>
          {abilities.listIntakes ? (
            <li className="utrecht-link-list__item">
              <Link className="utrecht-link" to="/beheer/aanvragen">
                {t("intake.portalLink")}
              </Link>
            </li>
          ) : null}
          {abilities.listUsers ? (
            <li className="utrecht-link-list__item">
              <Link className="utrecht-link" to="/beheer/gebruikers">
                {t("portal.users")}
              </Link>
            </li>
          ) : null}
          {abilities.invite ? (
            <li className="utrecht-link-list__item">
              <Link className="utrecht-link" to="/beheer/uitnodigen">
                {t("portal.invite")}
              </Link>
            </li>
          ) : null}
          {abilities.readAudit ? (
            <li className="utrecht-link-list__item">
              <Link className="utrecht-link" to="/beheer/audit">
                {t("portal.audit")}
              </Link>
            </li>
          ) : null}
          {abilities.readOutbox ? (
            <li className="utrecht-link-list__item">
              <Link className="utrecht-link" to="/beheer/mail">
                {t("portal.outbox")}
              </Link>
            </li>
          ) : null}
        </ul>
      </section>
    </>
  );
}
