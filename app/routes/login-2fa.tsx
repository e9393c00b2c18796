import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, Form, redirect } from "react-router";
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
import { completeSecondFactor } from "~/modules/auth/flows.server";
import { codeSchema } from "~/modules/auth/schemas";
import { sessionCookie } from "~/modules/auth/sessions.server";
import { runtime } from "~/runtime.server";
import { ErrorSummary, Field, SubmitButton } from "~/ui/form";
import { formConstraints } from "~/ui/form-constraints";
import type { Route } from "./+types/login-2fa";

export const meta: Route.MetaFunction = () => [{ title: "Tweestapsverificatie | SPOT 035" }];

// Retry-After of a 429 answer reaches the visitor only through this export.
export const headers = keepRetryAfter;

export async function loader({ request }: Route.LoaderArgs) {
  const auth = await getAuth(request);
  const returnTo = safeReturnTo(new URL(request.url).searchParams.get("terug"), "/mijn");
  if (auth.actor.kind === "user") throw redirect(returnTo);
  if (!auth.pendingSecondFactor) throw redirect("/inloggen");
  return { returnTo };
}

export async function action({ request, context }: Route.ActionArgs) {
  const rt = await runtime();
  const auth = await getAuth(request);
  if (!auth.pendingSecondFactor || !auth.session || !auth.user) throw redirect("/inloggen");
  const formData = await request.formData();
  const returnTo = safeReturnTo(formData.get("terug"), "/mijn");
  const submission = parseWithZod(formData, { schema: codeSchema });
  if (submission.status !== "success")
    return data({ result: submission.reply({ hideFields: ["code"] }) }, { status: 400 });
  try {
    const r = await completeSecondFactor(
      authDeps(rt),
      auth.session.id,
      auth.user.id,
      submission.value.code,
      requestInfo(request, context),
    );
    if (!r.ok) {
      return data(
        {
          result: submission.reply({
            fieldErrors: { code: ["auth.codeWrong"] },
            hideFields: ["code"],
          }),
        },
        { status: 400 },
      );
    }
    return redirect(returnTo, {
      status: 303,
      headers: { "Set-Cookie": sessionCookie(r.token, sessionSettings(rt)) },
    });
  } catch (e) {
    if (e instanceof RateLimitedError) {
      return data(
        {
          result: submission.reply({ formErrors: ["auth.tooManyAttempts"], hideFields: ["code"] }),
        },
        { status: 429, headers: { "Retry-After": String(e.retryAfterSeconds) } },
      );
    }
    throw e;
  }
}

export default function LoginTwoFactor({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useT();
  const [form, fields] = useForm<z.input<typeof codeSchema>>({
    lastResult: actionData?.result,
    constraint: formConstraints.code,
  });
  return (
    <div className="spot-narrow">
      <h1 className="utrecht-heading-1">{t("twoFactor.loginTitle")}</h1>
      <p className="utrecht-paragraph">{t("twoFactor.loginBody")}</p>
      <ErrorSummary
        formErrors={form.errors}
        fields={[{ field: fields.code, label: t("twoFactor.code") }]}
      />
      <Form method="post" {...getFormProps(form)} className="spot-form">
        <input type="hidden" name="terug" value={loaderData.returnTo} />
        <Field
          field={fields.code}
          label={t("twoFactor.code")}
          description={t("twoFactor.codeHelp")}
          autoComplete="one-time-code"
          inputMode="text"
        />
        <SubmitButton>{t("twoFactor.loginSubmit")}</SubmitButton>
      </Form>
      <Form method="post" action="/uitloggen">
        <SubmitButton secondary>{t("twoFactor.cancel")}</SubmitButton>
      </Form>
    </div>
  );
}
