import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, Form, Link, redirect } from "react-router";
import type { z } from "zod";
import { useT } from "~/i18n/use-t";
import { keepRetryAfter } from "~/lib/http-headers";
import { authDeps, getAuth, RateLimitedError, requestInfo } from "~/modules/auth/auth.server";
import { signUp } from "~/modules/auth/flows.server";
import { signUpSchema } from "~/modules/auth/schemas";
import { runtime } from "~/runtime.server";
import { Alert, ErrorSummary, Field, SubmitButton } from "~/ui/form";
import { formConstraints } from "~/ui/form-constraints";
import type { Route } from "./+types/signup";

export const meta: Route.MetaFunction = () => [{ title: "Aanmelden | SPOT 035" }];

// Retry-After of a 429 answer reaches the visitor only through this export.
export const headers = keepRetryAfter;

export async function loader({ request }: Route.LoaderArgs) {
  const auth = await getAuth(request);
  if (auth.actor.kind === "user") throw redirect("/mijn");
  return { sent: new URL(request.url).searchParams.get("verstuurd") === "1" };
}

export async function action({ request, context }: Route.ActionArgs) {
  const rt = await runtime();
  const submission = parseWithZod(await request.formData(), { schema: signUpSchema });
  if (submission.status !== "success") {
    return data({ result: submission.reply({ hideFields: ["password"] }) }, { status: 400 });
  }
  try {
    await signUp(authDeps(rt), submission.value, requestInfo(request, context));
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
  return redirect("/aanmelden?verstuurd=1", 303);
}

export default function SignUp({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useT();
  const [form, fields] = useForm<z.input<typeof signUpSchema>>({
    lastResult: actionData?.result,
    constraint: formConstraints.signUp,
  });
  if (loaderData.sent) {
    return (
      <>
        <h1 className="utrecht-heading-1">{t("signup.sentTitle")}</h1>
        <Alert type="ok">
          <p className="utrecht-paragraph">{t("signup.sentBody")}</p>
        </Alert>
        <p className="utrecht-paragraph">{t("signup.sentHelp")}</p>
        <p className="utrecht-paragraph">
          <Link className="utrecht-link" to="/inloggen">
            {t("signup.toLogin")}
          </Link>
        </p>
      </>
    );
  }
  return (
    <div className="spot-narrow">
      <h1 className="utrecht-heading-1">{t("signup.title")}</h1>
      <p className="utrecht-paragraph utrecht-paragraph--lead">{t("signup.lead")}</p>
      <ErrorSummary
        formErrors={form.errors}
        fields={[
          { field: fields.name, label: t("signup.name") },
          { field: fields.email, label: t("signup.email") },
          { field: fields.companyName, label: t("signup.company") },
          { field: fields.password, label: t("signup.password") },
        ]}
      />
      <Form method="post" {...getFormProps(form)} className="spot-form">
        <Field field={fields.name} label={t("signup.name")} autoComplete="name" />
        <Field field={fields.email} label={t("signup.email")} type="email" autoComplete="email" />
        <Field field={fields.companyName} label={t("signup.company")} autoComplete="organization" />
        <Field
          field={fields.password}
          label={t("signup.password")}
          description={t("signup.passwordHelp")}
          type="password"
          autoComplete="new-password"
          secret
          optional
        />
        <SubmitButton>{t("signup.submit")}</SubmitButton>
      </Form>
      <p className="utrecht-paragraph">
        {t("signup.haveAccount")}{" "}
        <Link className="utrecht-link" to="/inloggen">
          {t("signup.toLogin")}
        </Link>
      </p>
    </div>
  );
}
