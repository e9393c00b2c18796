import { data, Form, Link } from "react-router";
import { useT } from "~/i18n/use-t";
import { authDeps, requestInfo, sessionSettings } from "~/modules/auth/auth.server";
import { loginWithLink } from "~/modules/auth/flows.server";
import { afterLogin } from "~/modules/auth/respond.server";
import { peekToken } from "~/modules/auth/tokens.server";
import { claimScansOnThisDevice } from "~/modules/scans/access.server";
import { runtime } from "~/runtime.server";
import { Alert, SubmitButton } from "~/ui/form";
import type { Route } from "./+types/login-link";

export const meta: Route.MetaFunction = () => [{ title: "Inloggen met een link | SPOT 035" }];

/**
 * Opening the link only shows a button: mail scanners that open links must not use up the
 * single-use token. The log-in happens on the button's POST.
 */
export async function loader({ request }: Route.LoaderArgs) {
  const { db } = await runtime();
  const token = new URL(request.url).searchParams.get("token") ?? "";
  const peek = await peekToken(db, "login_link", token);
  return { token: peek.ok ? token : "", problem: peek.ok ? null : peek.problem };
}

export async function action({ request, context }: Route.ActionArgs) {
  const rt = await runtime();
  const form = await request.formData();
  const token = String(form.get("token") ?? "");
  const outcome = await loginWithLink(authDeps(rt), token, requestInfo(request, context));
  if (outcome.kind === "bad-link") return data({ problem: outcome.problem }, { status: 400 });
  if (outcome.kind === "failed") return data({ problem: "invalid" as const }, { status: 400 });
  await claimScansOnThisDevice(request, outcome.user.id);
  return afterLogin(outcome, sessionSettings(rt), outcome.returnTo);
}

export default function LoginLink({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useT();
  const problem = actionData?.problem ?? loaderData.problem;
  if (problem) {
    return (
      <div className="spot-narrow">
        <h1 className="utrecht-heading-1">{t(`link.${problem}Title`)}</h1>
        <Alert type="warning">
          <p className="utrecht-paragraph">{t(`link.${problem}Body`)}</p>
        </Alert>
        <p className="utrecht-paragraph">
          <Link className="utrecht-button-link utrecht-button-link--primary-action" to="/inloggen">
            {t("link.newLink")}
          </Link>
        </p>
      </div>
    );
  }
  return (
    <div className="spot-narrow">
      <h1 className="utrecht-heading-1">{t("login.linkTitle")}</h1>
      <p className="utrecht-paragraph">{t("login.linkBody")}</p>
      <Form method="post">
        <input type="hidden" name="token" value={loaderData.token} />
        <SubmitButton>{t("login.linkSubmit")}</SubmitButton>
      </Form>
    </div>
  );
}
