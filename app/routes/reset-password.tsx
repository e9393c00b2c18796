import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, Form, Link, redirect } from "react-router";
import type { z } from "zod";
import { useT } from "~/i18n/use-t";
import { authDeps, requestInfo } from "~/modules/auth/auth.server";
import { resetPassword } from "~/modules/auth/flows.server";
import { resetPasswordSchema } from "~/modules/auth/schemas";
import { peekToken } from "~/modules/auth/tokens.server";
import { runtime } from "~/runtime.server";
import { Alert, ErrorSummary, Field, SubmitButton } from "~/ui/form";
import { formConstraints } from "~/ui/form-constraints";
import type { Route } from "./+types/reset-password";

export const meta: Route.MetaFunction = () => [{ title: "Nieuw wachtwoord | SPOT 035" }];

export async function loader({ request }: Route.LoaderArgs) {
  const { db } = await runtime();
  const token = new URL(request.url).searchParams.get("token") ?? "";
  const peek = await peekToken(db, "reset_password", token);
  return { token: peek.ok ? token : "", problem: peek.ok ? null : peek.problem };
}

export async function action({ request, context }: Route.ActionArgs) {
  const rt = await runtime();
  const formData = await request.formData();
  const token = String(formData.get("token") ?? "");
  const submission = parseWithZod(formData, { schema: resetPasswordSchema });
  if (submission.status !== "success")
    return data(
      { result: submission.reply({ hideFields: ["password", "confirm"] }), problem: null },
      { status: 400 },
    );
  const r = await resetPassword(
    authDeps(rt),
    token,
    submission.value.password,
    requestInfo(request, context),
  );
  if (!r.ok)
    return data(
      { result: submission.reply({ hideFields: ["password", "confirm"] }), problem: r.problem },
      { status: 400 },
    );
  return redirect("/inloggen?melding=wachtwoord-gewijzigd", 303);
}

export default function ResetPassword({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useT();
  const [form, fields] = useForm<z.input<typeof resetPasswordSchema>>({
    lastResult: actionData?.result,
    constraint: formConstraints.resetPassword,
  });
  const problem = actionData?.problem ?? loaderData.problem;
  if (problem) {
    return (
      <div className="spot-narrow">
        <h1 className="utrecht-heading-1">{t(`link.${problem}Title`)}</h1>
        <Alert type="warning">
          <p className="utrecht-paragraph">{t(`link.${problem}Body`)}</p>
        </Alert>
        <p className="utrecht-paragraph">
          <Link
            className="utrecht-button-link utrecht-button-link--primary-action"
            to="/wachtwoord-vergeten"
          >
            {t("forgot.again")}
          </Link>
        </p>
      </div>
    );
  }
  return (
    <div className="spot-narrow">
      <h1 className="utrecht-heading-1">{t("reset.title")}</h1>
      <p className="utrecht-paragraph">{t("reset.lead")}</p>
      <ErrorSummary
        formErrors={form.errors}
        fields={[
          { field: fields.password, label: t("reset.password") },
          { field: fields.confirm, label: t("reset.confirm") },
        ]}
      />
      <Form method="post" {...getFormProps(form)} className="spot-form">
        <input type="hidden" name="token" value={loaderData.token} />
        <Field
          field={fields.password}
          label={t("reset.password")}
          description={t("signup.passwordHelp")}
          type="password"
          autoComplete="new-password"
          secret
        />
        <Field
          field={fields.confirm}
          label={t("reset.confirm")}
          type="password"
          autoComplete="new-password"
          secret
        />
        <SubmitButton>{t("reset.submit")}</SubmitButton>
      </Form>
    </div>
  );
}
