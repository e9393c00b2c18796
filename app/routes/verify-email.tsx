import { Form, Link } from "react-router";
import { useT } from "~/i18n/use-t";
import { authDeps, requestInfo } from "~/modules/auth/auth.server";
import { verifyEmail } from "~/modules/auth/flows.server";
import { peekToken } from "~/modules/auth/tokens.server";
import { runtime } from "~/runtime.server";
import { Alert, SubmitButton } from "~/ui/form";
import type { Route } from "./+types/verify-email";

export const meta: Route.MetaFunction = () => [{ title: "E-mailadres bevestigen | SPOT 035" }];

// Like log-in links: opening shows a button, the POST confirms (mail scanners open links).
export async function loader({ request }: Route.LoaderArgs) {
  const { db } = await runtime();
  const token = new URL(request.url).searchParams.get("token") ?? "";
  const peek = await peekToken(db, "verify_email", token);
  return { token: peek.ok ? token : "", problem: peek.ok ? null : peek.problem };
}

export async function action({ request, context }: Route.ActionArgs) {
  const rt = await runtime();
  const token = String((await request.formData()).get("token") ?? "");
  const r = await verifyEmail(authDeps(rt), token, requestInfo(request, context));
  return r.ok
    ? { done: true as const, hasPassword: r.hasPassword, problem: null }
    : { done: false as const, hasPassword: false, problem: r.problem };
}

export default function VerifyEmail({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useT();
  if (actionData?.done) {
    return (
      <div className="spot-narrow">
        <h1 className="utrecht-heading-1">{t("verify.doneTitle")}</h1>
        <Alert type="ok">
          <p className="utrecht-paragraph">
            {t(actionData.hasPassword ? "verify.doneBody" : "verify.doneBodyNoPassword")}
          </p>
        </Alert>
        <p className="utrecht-paragraph">
          <Link className="utrecht-button-link utrecht-button-link--primary-action" to="/inloggen">
            {t("verify.toLogin")}
          </Link>
        </p>
      </div>
    );
  }
  const problem = actionData?.problem ?? loaderData.problem;
  if (problem) {
    return (
      <div className="spot-narrow">
        <h1 className="utrecht-heading-1">{t(`link.${problem}Title`)}</h1>
        <Alert type="warning">
          <p className="utrecht-paragraph">{t("verify.problemBody")}</p>
        </Alert>
        <p className="utrecht-paragraph">
          <Link className="utrecht-button-link utrecht-button-link--primary-action" to="/inloggen">
            {t("verify.toLogin")}
          </Link>
        </p>
      </div>
    );
  }
  return (
    <div className="spot-narrow">
      <h1 className="utrecht-heading-1">{t("verify.title")}</h1>
      <p className="utrecht-paragraph">{t("verify.body")}</p>
      <Form method="post">
        <input type="hidden" name="token" value={loaderData.token} />
        <SubmitButton>{t("verify.submit")}</SubmitButton>
      </Form>
    </div>
  );
}
