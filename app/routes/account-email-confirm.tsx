import { data, Form, Link, redirect } from "react-router";
import { useT } from "~/i18n/use-t";
import {
  checkOwnEmailChange,
  confirmOwnEmailChange,
  type OwnEmailChangeProblem,
} from "~/modules/auth/account.server";
import { authDeps, requestInfo, requireAbility } from "~/modules/auth/auth.server";
import { runtime } from "~/runtime.server";
import { Alert, SubmitButton } from "~/ui/form";
import type { Route } from "./+types/account-email-confirm";
import { accountMeta } from "./account-common";

export const meta: Route.MetaFunction = ({ matches }) =>
  accountMeta(matches, "account.emailConfirm.title");

/**
 * Opening the link only shows a button (mail scanners open links and must not use the
 * single-use token); the POST confirms. You must be logged in with the account that asked.
 */
export async function loader({ request }: Route.LoaderArgs) {
  const { actor } = await requireAbility(request, "account.manage");
  const token = new URL(request.url).searchParams.get("token") ?? "";
  const check = await checkOwnEmailChange(await runtime(), actor.id, token);
  return check.ok
    ? { token, email: check.email, problem: null }
    : { token: "", email: "", problem: check.problem };
}

export async function action({ request, context }: Route.ActionArgs) {
  const { actor } = await requireAbility(request, "account.manage");
  const token = (await request.formData()).get("token");
  const r = await confirmOwnEmailChange(
    authDeps(await runtime()),
    actor.id,
    typeof token === "string" ? token : "",
    requestInfo(request, context),
  );
  if (!r.ok) return data({ problem: r.problem }, { status: 400 });
  return redirect("/account?melding=email-gewijzigd", 303);
}

function Problem({ problem }: { problem: OwnEmailChangeProblem }) {
  const { t } = useT();
  const title = {
    invalid: t("link.invalidTitle"),
    expired: t("link.expiredTitle"),
    used: t("link.usedTitle"),
    taken: t("account.emailConfirm.takenTitle"),
    "other-account": t("account.emailConfirm.otherAccountTitle"),
  }[problem];
  const body = {
    invalid: t("account.emailConfirm.invalidBody"),
    expired: t("account.emailConfirm.expiredBody"),
    used: t("account.emailConfirm.usedBody"),
    taken: t("account.emailConfirm.takenBody"),
    "other-account": t("account.emailConfirm.otherAccountBody"),
  }[problem];
  return (
    <div className="spot-narrow">
      <h1 className="utrecht-heading-1">{title}</h1>
      <Alert type="warning">
        <p className="utrecht-paragraph">{body}</p>
      </Alert>
      {problem === "other-account" ? (
        <Form method="post" action="/uitloggen">
          <SubmitButton>{t("nav.logout")}</SubmitButton>
        </Form>
      ) : (
        <p className="utrecht-paragraph">
          {problem === "used" ? (
            <Link className="utrecht-button-link utrecht-button-link--primary-action" to="/account">
              {t("account.emailConfirm.toAccount")}
            </Link>
          ) : (
            <Link
              className="utrecht-button-link utrecht-button-link--primary-action"
              to="/account/email"
            >
              {t("account.emailConfirm.again")}
            </Link>
          )}
        </p>
      )}
    </div>
  );
}

export default function AccountEmailConfirm({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useT();
  const problem = actionData?.problem ?? loaderData.problem;
  if (problem) return <Problem problem={problem} />;
  return (
    <div className="spot-narrow">
      <h1 className="utrecht-heading-1">{t("account.emailConfirm.title")}</h1>
      <p className="utrecht-paragraph">
        {t("account.emailConfirm.body", { email: loaderData.email })}
      </p>
      <Form method="post">
        <input type="hidden" name="token" value={loaderData.token} />
        <SubmitButton>{t("account.emailConfirm.submit")}</SubmitButton>
      </Form>
    </div>
  );
}
