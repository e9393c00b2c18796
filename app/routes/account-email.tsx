import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, Form, Link, redirect } from "react-router";
import type { z } from "zod";
import { useT } from "~/i18n/use-t";
import { keepRetryAfter } from "~/lib/http-headers";
import {
  authDeps,
  RateLimitedError,
  rateLimitedHeaders,
  requestInfo,
  requireAbility,
} from "~/modules/auth/auth.server";
import { requestEmailChange } from "~/modules/auth/flows.server";
import { changeEmailSchema } from "~/modules/auth/schemas";
import { runtime } from "~/runtime.server";
import { Alert, ErrorSummary, Field, SubmitButton } from "~/ui/form";
import { formConstraints } from "~/ui/form-constraints";
import type { Route } from "./+types/account-email";
import { accountMeta, BackToAccount } from "./account-common";

export const meta: Route.MetaFunction = ({ matches }) =>
  accountMeta(matches, "account.email.title");

// Retry-After of a 429 answer reaches the visitor only through this export.
export const headers = keepRetryAfter;

const HIDE = ["password"];

export async function loader({ request }: Route.LoaderArgs) {
  const { user } = await requireAbility(request, "account.manage");
  return {
    email: user.email,
    hasPassword: user.password_hash !== null,
    sent: new URL(request.url).searchParams.get("verstuurd") === "1",
  };
}

export async function action({ request, context }: Route.ActionArgs) {
  const { user } = await requireAbility(request, "account.manage");
  const submission = parseWithZod(await request.formData(), { schema: changeEmailSchema });
  if (submission.status !== "success") {
    return data({ result: submission.reply({ hideFields: HIDE }) }, { status: 400 });
  }
  const fail = (reply: Parameters<typeof submission.reply>[0], status = 400) =>
    data({ result: submission.reply({ ...reply, hideFields: HIDE }) }, { status });
  try {
    const r = await requestEmailChange(
      authDeps(await runtime()),
      user.id,
      submission.value.password,
      submission.value.email,
      requestInfo(request, context),
    );
    if (r.ok) return redirect("/account/email?verstuurd=1", 303);
    if (r.reason === "same") return fail({ fieldErrors: { email: ["account.email.same"] } });
    if (r.reason === "no-password") return fail({ formErrors: ["account.email.noPasswordBody"] });
    return fail({ fieldErrors: { password: ["account.email.passwordWrong"] } });
  } catch (e) {
    if (!(e instanceof RateLimitedError)) throw e;
    return data(
      { result: submission.reply({ formErrors: ["auth.tooManyAttempts"], hideFields: HIDE }) },
      { status: 429, headers: rateLimitedHeaders(e) },
    );
  }
}

export default function AccountEmail({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useT();
  const { email, hasPassword, sent } = loaderData;
  const [form, fields] = useForm<z.input<typeof changeEmailSchema>>({
    id: "email-form",
    lastResult: actionData?.result,
    constraint: formConstraints.changeEmail,
  });
  const labels = {
    email: t("account.email.newEmail"),
    password: t("account.email.password"),
  };
  if (sent) {
    return (
      <div className="spot-narrow">
        <h1 className="utrecht-heading-1">{t("account.email.sentTitle")}</h1>
        <Alert type="ok">
          <p className="utrecht-paragraph">{t("account.email.sentBody")}</p>
        </Alert>
        <p className="utrecht-paragraph">{t("account.email.sentHelp")}</p>
        <BackToAccount />
      </div>
    );
  }
  return (
    <div className="spot-narrow">
      <h1 className="utrecht-heading-1">{t("account.email.title")}</h1>
      <p className="utrecht-paragraph">{t("account.email.current", { email })}</p>
      {hasPassword ? (
        <>
          <p className="utrecht-paragraph">{t("account.email.lead")}</p>
          <ErrorSummary
            formErrors={form.errors}
            fields={[
              { field: fields.email, label: labels.email },
              { field: fields.password, label: labels.password },
            ]}
          />
          <Form method="post" {...getFormProps(form)} className="spot-form">
            <Field field={fields.email} label={labels.email} type="email" autoComplete="email" />
            <Field
              field={fields.password}
              label={labels.password}
              description={t("account.email.passwordHelp")}
              type="password"
              autoComplete="current-password"
              secret
            />
            <SubmitButton>{t("account.email.submit")}</SubmitButton>
          </Form>
        </>
      ) : (
        <>
          <h2 className="utrecht-heading-2">{t("account.email.noPasswordTitle")}</h2>
          <p className="utrecht-paragraph">{t("account.email.noPasswordBody")}</p>
          <p className="utrecht-paragraph">
            <Link
              className="utrecht-button-link utrecht-button-link--primary-action"
              to="/account/wachtwoord"
            >
              {t("account.email.setPassword")}
            </Link>
          </p>
        </>
      )}
      <BackToAccount />
    </div>
  );
}
