import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, Form, Link } from "react-router";
import type { z } from "zod";
import { getLang } from "~/i18n/lang.server";
import { useT } from "~/i18n/use-t";
import { keepRetryAfter } from "~/lib/http-headers";
import { enforceLimits, RateLimitedError } from "~/modules/auth/rate-limit.server";
import { emailOnlySchema as schema } from "~/modules/auth/schemas";
import { loadScanFor } from "~/modules/scans/access.server";
import { sendResumeLink } from "~/modules/scans/resume.server";
import { Alert, ErrorSummary, Field, SubmitButton } from "~/ui/form";
import { formConstraints } from "~/ui/form-constraints";
import type { Route } from "./+types/scan-save";

export const headers = keepRetryAfter;

export const meta: Route.MetaFunction = () => [{ title: "Later verder | SPOT 035" }];

export async function loader({ request, params }: Route.LoaderArgs) {
  const { response, auth } = await loadScanFor(request, params.id, "scan.answer");
  return {
    id: response.id,
    signedIn: auth.actor.kind === "user",
    email: response.email ?? (auth.actor.kind === "user" ? auth.actor.email : ""),
  };
}

export async function action({ request, params, context }: Route.ActionArgs) {
  const { rt, response } = await loadScanFor(request, params.id, "scan.answer");
  const submission = parseWithZod(await request.formData(), { schema });
  if (submission.status !== "success")
    return data({ result: submission.reply(), sent: false }, { status: 400 });
  try {
    await enforceLimits(
      rt.db,
      [
        ["emailLinkPerAccount", submission.value.email],
        ["emailLinkPerAddress", context?.clientIp ?? ""],
      ],
      {
        factor: rt.config.rateLimitWindowFactor,
      },
    );
  } catch (e) {
    if (e instanceof RateLimitedError) {
      return data(
        { result: submission.reply({ formErrors: ["auth.tooManyAttempts"] }), sent: false },
        { status: 429, headers: { "Retry-After": String(e.retryAfterSeconds) } },
      );
    }
    throw e;
  }
  await sendResumeLink(
    {
      db: rt.db,
      mail: rt.mail,
      publicUrl: rt.config.publicUrl,
      siteName: rt.config.region.branding.name,
      logger: rt.logger,
    },
    response,
    submission.value.email,
    getLang(request),
  );
  return { result: submission.reply({ resetForm: true }), sent: true };
}

export default function ScanSave({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useT();
  const [form, fields] = useForm<z.input<typeof schema>>({
    lastResult: actionData?.result,
    defaultValue: { email: loaderData.email },
    constraint: formConstraints.emailOnly,
  });
  return (
    <div className="spot-narrow">
      <h1 className="utrecht-heading-1">{t("scan.saveTitle")}</h1>
      <p className="utrecht-paragraph">{t("scan.saveLead")}</p>
      {actionData?.sent ? (
        <Alert type="ok">
          <p className="utrecht-paragraph">{t("scan.saveSent")}</p>
        </Alert>
      ) : null}
      {loaderData.signedIn ? <p className="utrecht-paragraph">{t("scan.saveSignedIn")}</p> : null}
      <ErrorSummary
        formErrors={form.errors}
        fields={[{ field: fields.email, label: t("login.email") }]}
      />
      <Form method="post" {...getFormProps(form)} className="spot-form">
        <Field field={fields.email} label={t("login.email")} type="email" autoComplete="email" />
        <SubmitButton>{t("scan.saveSubmit")}</SubmitButton>
      </Form>
      <p className="utrecht-paragraph">
        <Link className="utrecht-link" to={`/scan/${loaderData.id}`}>
          {t("scan.backToScan")}
        </Link>
      </p>
    </div>
  );
}
