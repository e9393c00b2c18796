import { Link } from "react-router";
import { useT } from "~/i18n/use-t";
import { getAccountOverview } from "~/modules/auth/account.server";
import { authDeps, requireAbility } from "~/modules/auth/auth.server";
import { runtime } from "~/runtime.server";
import { Alert } from "~/ui/form";
import type { Route } from "./+types/account";
import { accountMeta } from "./account-common";

export const meta: Route.MetaFunction = ({ matches }) =>
  accountMeta(matches, "account.overview.title");

const NOTICES = ["wachtwoord-gewijzigd", "email-gewijzigd", "tweestaps-uit"] as const;
type Notice = (typeof NOTICES)[number];

export async function loader({ request }: Route.LoaderArgs) {
  const { actor } = await requireAbility(request, "account.manage");
  const overview = await getAccountOverview(authDeps(await runtime()), actor.id);
  const notice = new URL(request.url).searchParams.get("melding");
  return {
    ...overview,
    notice: NOTICES.includes(notice as Notice) ? (notice as Notice) : null,
  };
}

export default function Account({ loaderData }: Route.ComponentProps) {
  const { t } = useT();
  const { name, email, hasPassword, twoFactor, notice } = loaderData;
  return (
    <div className="spot-narrow">
      <h1 className="utrecht-heading-1">{t("account.overview.title")}</h1>
      {notice ? (
        <Alert type="ok">
          <p className="utrecht-paragraph">{t(`account.overview.notice.${notice}`)}</p>
        </Alert>
      ) : null}
      <p className="utrecht-paragraph">{t("account.overview.lead")}</p>
      <section aria-labelledby="details-title">
        <h2 id="details-title" className="utrecht-heading-2">
          {t("account.overview.detailsHeading")}
        </h2>
        <dl className="spot-dl">
          <dt>{t("account.overview.name")}</dt>
          <dd>{name}</dd>
          <dt>{t("account.overview.email")}</dt>
          <dd>{email}</dd>
          <dt>{t("account.overview.password")}</dt>
          <dd>
            {hasPassword ? t("account.overview.passwordSet") : t("account.overview.passwordNotSet")}
          </dd>
          <dt>{t("account.overview.twoFactor")}</dt>
          <dd>
            {twoFactor.enabled
              ? t("account.overview.twoFactorOn", { count: twoFactor.recoveryCodesLeft })
              : t("account.overview.twoFactorOff")}
          </dd>
        </dl>
      </section>
      <section aria-labelledby="manage-title">
        <h2 id="manage-title" className="utrecht-heading-2">
          {t("account.overview.manageHeading")}
        </h2>
        <ul className="utrecht-link-list">
          <li className="utrecht-link-list__item">
            <Link className="utrecht-link" to="/account/wachtwoord">
              {hasPassword
                ? t("account.overview.changePassword")
                : t("account.overview.setPassword")}
            </Link>
          </li>
          <li className="utrecht-link-list__item">
            <Link className="utrecht-link" to="/account/email">
              {t("account.overview.changeEmail")}
            </Link>
          </li>
          <li className="utrecht-link-list__item">
            <Link className="utrecht-link" to="/account/tweestaps">
              {twoFactor.enabled
                ? t("account.overview.twoFactorManage")
                : t("account.overview.twoFactorSetUp")}
            </Link>
          </li>
          <li className="utrecht-link-list__item">
            <Link className="utrecht-link" to="/account/sessies">
              {t("account.overview.sessionsLink")}
            </Link>
          </li>
        </ul>
      </section>
    </div>
  );
}
