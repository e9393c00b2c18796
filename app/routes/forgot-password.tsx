import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, Form, redirect } from "react-router";
import type { z } from "zod";
import { useT } from "~/i18n/use-t";
import { keepRetryAfter } from "~/lib/http-headers";
import { authDeps, RateLimitedError, requestInfo } from "~/modules/auth/auth.server";
import { requestPasswordReset } from "~/modules/auth/flows.server";
import { emailOnlySchema } from "~/modules/auth/schemas";
import { runtime } from "~/runtime.server";
import { Alert, ErrorSummary, Field, SubmitButton } from "~/ui/form";
import { formConstraints } from "~/ui/form-constraints";
import type { Route } from "./+types/forgot-password";

export const meta: Route.MetaFunction = () => [{ title: "Wachtwoord vergeten | SPOT 035" }];

// Retry-After of a 429 answer reaches the visitor only through this export.
export const headers = keepRetryAfter;

export function loader({ request }: Route.LoaderArgs) {
  return { sent: new URL(request.url).searchParams.get("verstuurd") === "1" };
}

export async function action({ request, context }: Route.ActionArgs) {
  const rt = await runtime();
  const submission = parseWithZod(await request.formData(), { schema: emailOnlySchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  try {
    await requestPasswordReset(authDeps(rt), submission.value.email, requestInfo(request, context));
  } catch (e) {
    if (e instanceof RateLimitedError) {
      return data(
        { result: submission.reply({ formErrors: ["auth.tooManyAttempts"] }) },
        { status: 429, headers: { "Retry-After": String(e.retryAfterSeconds) } },
      );
    }
    throw e;
  }
  return redirect("/wachtwoord-vergeten?verstuurd=1", 303);
}

export default function ForgotPassword({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useT();
  const [form, fields] = useForm<z.input<typeof emailOnlySchema>>({
    lastResult: actionData?.result,
    constraint: formConstraints.emailOnly,
  });
  return (
    <div className="spot-narrow">
      <h1 className="utrecht-heading-1">{t("forgot.title")}</h1>
      {loaderData.sent ? (
        <Alert type="ok">
          <p className="utrecht-paragraph">{t("forgot.sent")}</p>
        </Alert>
      ) : (
        <>
          <p className="utrecht-paragraph">{t("forgot.lead")}</p>
          <ErrorSummary
            formErrors={form.errors}
            fields={[{ field: fields.email, label: t("login.email") }]}
          />
          <Form method="post" {...getFormProps(form)} className="spot-form">
            <Field
              field={fields.email}
              label={t("login.email")}
              type="email"
              autoComplete="email"
            />
            <SubmitButton>{t("forgot.submit")}</SubmitButton>
          </Form>
        </>
      )}
    </div>
  );
}
