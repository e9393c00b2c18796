import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, Form, redirect } from "react-router";
import type { z } from "zod";
import { useT } from "~/i18n/use-t";
import { keepRetryAfter } from "~/lib/http-headers";
import { changeOwnPassword } from "~/modules/auth/account.server";
import {
  authDeps,
  RateLimitedError,
  rateLimitedHeaders,
  requestInfo,
  requireAbility,
} from "~/modules/auth/auth.server";
import { changePasswordSchema } from "~/modules/auth/schemas";
import { runtime } from "~/runtime.server";
import { ErrorSummary, Field, SubmitButton } from "~/ui/form";
import { formConstraints } from "~/ui/form-constraints";
import type { Route } from "./+types/account-password";
import { accountMeta, BackToAccount } from "./account-common";

export const meta: Route.MetaFunction = ({ matches, loaderData }) =>
  accountMeta(
    matches,
    loaderData?.hasPassword === false
      ? "account.password.titleSet"
      : "account.password.titleChange",
  );

// Retry-After of a 429 answer reaches the visitor only through this export.
export const headers = keepRetryAfter;

const HIDE = ["current", "password", "confirm"];

export async function loader({ request }: Route.LoaderArgs) {
  const { user } = await requireAbility(request, "account.manage");
  return { hasPassword: user.password_hash !== null };
}

export async function action({ request, context }: Route.ActionArgs) {
  const { user, session } = await requireAbility(request, "account.manage");
  const submission = parseWithZod(await request.formData(), { schema: changePasswordSchema });
  if (submission.status !== "success") {
    return data({ result: submission.reply({ hideFields: HIDE }) }, { status: 400 });
  }
  const { current, password } = submission.value;
  if (user.password_hash !== null && !current) {
    return data(
      {
        result: submission.reply({
          fieldErrors: { current: ["account.password.currentRequired"] },
          hideFields: HIDE,
        }),
      },
      { status: 400 },
    );
  }
  try {
    const r = await changeOwnPassword(
      authDeps(await runtime()),
      user.id,
      session.id,
      current,
      password,
      requestInfo(request, context),
    );
    if (!r.ok) {
      return data(
        {
          result: submission.reply({
            fieldErrors: { current: ["account.password.currentWrong"] },
            hideFields: HIDE,
          }),
        },
        { status: 400 },
      );
    }
  } catch (e) {
    if (!(e instanceof RateLimitedError)) throw e;
    return data(
      { result: submission.reply({ formErrors: ["auth.tooManyAttempts"], hideFields: HIDE }) },
      { status: 429, headers: rateLimitedHeaders(e) },
    );
  }
  return redirect("/account?melding=wachtwoord-gewijzigd", 303);
}

export default function AccountPassword({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useT();
  const { hasPassword } = loaderData;
  const [form, fields] = useForm<z.input<typeof changePasswordSchema>>({
    id: "password-form",
    lastResult: actionData?.result,
    constraint: formConstraints.changePassword,
  });
  const labels = {
    current: t("account.password.current"),
    password: t("account.password.new"),
    confirm: t("account.password.confirm"),
  };
  return (
    <div className="spot-narrow">
      <h1 className="utrecht-heading-1">
        {hasPassword ? t("account.password.titleChange") : t("account.password.titleSet")}
      </h1>
      <p className="utrecht-paragraph">
        {hasPassword ? t("account.password.leadChange") : t("account.password.leadSet")}
      </p>
      <ErrorSummary
        formErrors={form.errors}
        fields={[
          ...(hasPassword ? [{ field: fields.current, label: labels.current }] : []),
          { field: fields.password, label: labels.password },
          { field: fields.confirm, label: labels.confirm },
        ]}
      />
      <Form method="post" {...getFormProps(form)} className="spot-form">
        {hasPassword ? (
          <Field
            field={fields.current}
            label={labels.current}
            type="password"
            autoComplete="current-password"
            secret
          />
        ) : null}
        <Field
          field={fields.password}
          label={labels.password}
          description={t("account.password.newHelp")}
          type="password"
          autoComplete="new-password"
          secret
        />
        <Field
          field={fields.confirm}
          label={labels.confirm}
          type="password"
          autoComplete="new-password"
          secret
        />
        <SubmitButton>{t("account.password.submit")}</SubmitButton>
      </Form>
      <BackToAccount />
    </div>
  );
}
