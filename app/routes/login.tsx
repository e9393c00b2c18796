import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, Form, Link, redirect } from "react-router";
import type { z } from "zod";
import { safeReturnTo } from "~/i18n/lang.server";
import { useT } from "~/i18n/use-t";
import { keepRetryAfter } from "~/lib/http-headers";
import {
  authDeps,
  getAuth,
  RateLimitedError,
  requestInfo,
  sessionSettings,
} from "~/modules/auth/auth.server";
import { loginWithPassword, requestLoginLink } from "~/modules/auth/flows.server";
import { afterLogin } from "~/modules/auth/respond.server";
import { loginSchema } from "~/modules/auth/schemas";
import { claimScansOnThisDevice } from "~/modules/scans/access.server";
import { runtime } from "~/runtime.server";
import { Alert, ErrorSummary, Field, SubmitButton } from "~/ui/form";
import { formConstraints } from "~/ui/form-constraints";
import type { Route } from "./+types/login";

export const meta: Route.MetaFunction = () => [{ title: "Inloggen | SPOT 035" }];

// Retry-After of a 429 answer reaches the visitor only through this export.
export const headers = keepRetryAfter;

export async function loader({ request }: Route.LoaderArgs) {
  const auth = await getAuth(request);
  const url = new URL(request.url);
  const returnTo = safeReturnTo(url.searchParams.get("terug"), "/mijn");
  if (auth.actor.kind === "user") throw redirect(returnTo);
  return {
    returnTo,
    linkSent: url.searchParams.get("link") === "verstuurd",
    notice: url.searchParams.get("melding"),
  };
}

export async function action({ request, context }: Route.ActionArgs) {
  const rt = await runtime();
  const formData = await request.formData();
  const returnTo = safeReturnTo(formData.get("terug"), "/mijn");
  const submission = parseWithZod(formData, { schema: loginSchema });
  if (submission.status !== "success") {
    return data({ result: submission.reply({ hideFields: ["password"] }) }, { status: 400 });
  }
  const deps = authDeps(rt);
  const req = requestInfo(request, context);
  try {
    if (submission.value.intent === "link") {
      await requestLoginLink(deps, submission.value.email, req, returnTo);
      return redirect(`/inloggen?link=verstuurd&terug=${encodeURIComponent(returnTo)}`, 303);
    }
    const outcome = await loginWithPassword(
      deps,
      submission.value.email,
      submission.value.password,
      req,
    );
    if (outcome.kind === "failed") {
      const message = outcome.reason === "unverified" ? "auth.unverified" : "auth.badCredentials";
      return data(
        { result: submission.reply({ formErrors: [message], hideFields: ["password"] }) },
        { status: 400 },
      );
    }
    await claimScansOnThisDevice(request, outcome.user.id);
    return afterLogin(outcome, sessionSettings(rt), returnTo);
  } catch (e) {
    if (e instanceof RateLimitedError) {
      return data(
        {
          result: submission.reply({
            formErrors: ["auth.tooManyAttempts"],
            hideFields: ["password"],
          }),
        },
        { status: 429, headers: { "Retry-After": String(e.retryAfterSeconds) } },
      );
    }
    throw e;
  }
}

export default function Login({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useT();
  const [form, fields] = useForm<z.input<typeof loginSchema>>({
    lastResult: actionData?.result,
    constraint: formConstraints.login,
  });
  return (
    <div className="spot-narrow">
      <h1 className="utrecht-heading-1">{t("login.title")}</h1>
      {loaderData.linkSent ? (
        <Alert type="ok">
          <p className="utrecht-paragraph">{t("login.linkSent")}</p>
        </Alert>
      ) : null}
      {loaderData.notice ? (
        <Alert type="info">
          <p className="utrecht-paragraph">
            {t(`login.notice.${loaderData.notice}`, { defaultValue: "" })}
          </p>
        </Alert>
      ) : null}
      <ErrorSummary
        formErrors={form.errors}
        fields={[
          { field: fields.email, label: t("login.email") },
          { field: fields.password, label: t("login.password") },
        ]}
      />
      <Form method="post" {...getFormProps(form)} className="spot-form">
        <input type="hidden" name="terug" value={loaderData.returnTo} />
        <Field field={fields.email} label={t("login.email")} type="email" autoComplete="username" />
        <Field
          field={fields.password}
          label={t("login.password")}
          type="password"
          autoComplete="current-password"
          secret
        />
        <div className="spot-actions">
          <SubmitButton name="intent" value="password">
            {t("login.submit")}
          </SubmitButton>
          <SubmitButton name="intent" value="link" secondary>
            {t("login.sendLink")}
          </SubmitButton>
        </div>
        <p className="utrecht-paragraph spot-hint">{t("login.linkHelp")}</p>
      </Form>
      <ul className="utrecht-link-list">
        <li className="utrecht-link-list__item">
          <Link className="utrecht-link" to="/wachtwoord-vergeten">
            {t("login.forgot")}
          </Link>
        </li>
        <li className="utrecht-link-list__item">
          <Link className="utrecht-link" to="/aanmelden">
            {t("login.noAccount")}
          </Link>
        </li>
      </ul>
    </div>
  );
}
