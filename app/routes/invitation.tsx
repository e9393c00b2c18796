import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, Form, Link } from "react-router";
import type { z } from "zod";
import { useT } from "~/i18n/use-t";
import { authDeps, requestInfo, sessionSettings } from "~/modules/auth/auth.server";
import { acceptInvitation } from "~/modules/auth/flows.server";
import { afterLogin } from "~/modules/auth/respond.server";
import { acceptInviteSchema } from "~/modules/auth/schemas";
import { peekToken, type TokenProblem } from "~/modules/auth/tokens.server";
import { runtime } from "~/runtime.server";
import { Alert, ErrorSummary, Field, SubmitButton } from "~/ui/form";
import { formConstraints } from "~/ui/form-constraints";
import type { Route } from "./+types/invitation";

export const meta: Route.MetaFunction = () => [{ title: "Uitnodiging aannemen | SPOT 035" }];

/**
 * Opening the link only shows the form: mail scanners that open links must not use up the
 * single-use invitation. The token is used on the form's POST.
 */
export async function loader({ request }: Route.LoaderArgs) {
  const { db } = await runtime();
  const token = new URL(request.url).searchParams.get("token") ?? "";
  const peek = await peekToken(db, "invite", token);
  if (!peek.ok) return { problem: peek.problem, token: "", email: "", name: "" };
  const payload = peek.record.payload as { name?: unknown } | null;
  return {
    problem: null,
    token,
    email: peek.record.email,
    name: typeof payload?.name === "string" ? payload.name : "",
  };
}

export async function action({ request, context }: Route.ActionArgs) {
  const rt = await runtime();
  const formData = await request.formData();
  const token = String(formData.get("token") ?? "");
  const submission = parseWithZod(formData, { schema: acceptInviteSchema });
  const hideFields = ["password", "confirm"];
  if (submission.status !== "success") {
    return data({ result: submission.reply({ hideFields }), problem: null }, { status: 400 });
  }
  const r = await acceptInvitation(
    authDeps(rt),
    token,
    { name: submission.value.name, password: submission.value.password },
    requestInfo(request, context),
  );
  if (!r.ok || r.outcome.kind === "failed") {
    const problem: TokenProblem = r.ok ? "invalid" : r.problem;
    return data({ result: submission.reply({ hideFields }), problem }, { status: 400 });
  }
  return afterLogin(r.outcome, sessionSettings(rt), "/mijn");
}

export default function Invitation({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useT();
  const [form, fields] = useForm<z.input<typeof acceptInviteSchema>>({
    lastResult: actionData?.result,
    constraint: formConstraints.acceptInvite,
    defaultValue: { name: loaderData.name },
  });
  const problem = actionData?.problem ?? loaderData.problem;
  if (problem) {
    return (
      <div className="spot-narrow">
        <h1 className="utrecht-heading-1">{t(`link.${problem}Title`)}</h1>
        <Alert type="warning">
          <p className="utrecht-paragraph">{t(`admin.invitation.problem.${problem}`)}</p>
          <p className="utrecht-paragraph">{t("admin.invitation.askNew")}</p>
        </Alert>
        <ul className="utrecht-link-list">
          {problem === "used" ? (
            <li className="utrecht-link-list__item">
              <Link className="utrecht-link" to="/inloggen">
                {t("admin.invitation.toLogin")}
              </Link>
            </li>
          ) : null}
          <li className="utrecht-link-list__item">
            <Link className="utrecht-link" to="/contact">
              {t("admin.invitation.contact")}
            </Link>
          </li>
        </ul>
      </div>
    );
  }
  return (
    <div className="spot-narrow">
      <h1 className="utrecht-heading-1">{t("admin.invitation.title")}</h1>
      <p className="utrecht-paragraph">{t("admin.invitation.lead")}</p>
      <dl className="spot-dl">
        <dt>{t("admin.invitation.email")}</dt>
        <dd>{loaderData.email}</dd>
      </dl>
      <ErrorSummary
        formErrors={form.errors}
        fields={[
          { field: fields.name, label: t("admin.invitation.name") },
          { field: fields.password, label: t("admin.invitation.password") },
          { field: fields.confirm, label: t("admin.invitation.confirm") },
        ]}
      />
      <Form method="post" {...getFormProps(form)} className="spot-form">
        <input type="hidden" name="token" value={loaderData.token} />
        {/* Lets password managers store the password with the right address. */}
        <input
          type="email"
          name="username"
          value={loaderData.email}
          autoComplete="username"
          readOnly
          hidden
        />
        <Field field={fields.name} label={t("admin.invitation.name")} autoComplete="name" />
        <Field
          field={fields.password}
          label={t("admin.invitation.password")}
          description={t("admin.invitation.passwordHelp")}
          type="password"
          autoComplete="new-password"
          secret
        />
        <Field
          field={fields.confirm}
          label={t("admin.invitation.confirm")}
          type="password"
          autoComplete="new-password"
          secret
        />
        <SubmitButton>{t("admin.invitation.submit")}</SubmitButton>
      </Form>
    </div>
  );
}
