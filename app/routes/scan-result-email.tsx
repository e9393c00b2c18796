import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, Form, Link } from "react-router";
import type { z } from "zod";
import { getT } from "~/i18n/i18n";
import { getLang } from "~/i18n/lang.server";
import { useT } from "~/i18n/use-t";
import { keepRetryAfter } from "~/lib/http-headers";
import { enforceLimits, RateLimitedError } from "~/modules/auth/rate-limit.server";
import { emailOnlySchema as schema } from "~/modules/auth/schemas";
import { loadScanFor } from "~/modules/scans/access.server";
import { buildResult } from "~/modules/scans/result.server";
import { sendResultMail } from "~/modules/scans/result-mail.server";
import { Alert, ErrorSummary, Field, SubmitButton } from "~/ui/form";
import { formConstraints } from "~/ui/form-constraints";
import type { Route } from "./+types/scan-result-email";

export const meta: Route.MetaFunction = ({ data: d }) => [
  { title: d ? `${d.pageTitle} | SPOT 035` : "SPOT 035" },
];

export const headers = keepRetryAfter;

/**
 * Only the respondent (the device holding the owner token, or the person who took the scan)
 * may mail the result: anyone else who can read it (staff, company members) gets a 404 here.
 */
async function loadOwnCompleted(request: Request, id: string) {
  const loaded = await loadScanFor(request, id, "scan.read");
  if (!loaded.ownsIt || loaded.response.status !== "completed") {
    throw new Response("Not Found", { status: 404 });
  }
  return loaded;
}

export async function loader({ request, params }: Route.LoaderArgs) {
  const { rt, auth, response } = await loadOwnCompleted(request, params.id);
  const lang = getLang(request);
  const result = await buildResult(rt.db, response, lang);
  const userEmail = auth.actor.kind === "user" ? auth.actor.email : "";
  return {
    id: response.id,
    scan: result.title,
    pageTitle: getT(lang)("scanMail.title"),
    email: userEmail || response.email || "",
  };
}

export async function action({ request, params, context }: Route.ActionArgs) {
  const { rt, response } = await loadOwnCompleted(request, params.id);
  const submission = parseWithZod(await request.formData(), { schema });
  if (submission.status !== "success") {
    return data({ result: submission.reply(), sentTo: null }, { status: 400 });
  }
  const email = submission.value.email;
  try {
    await enforceLimits(
      rt.db,
      [
        ["emailLinkPerAccount", email],
        ["emailLinkPerAddress", context?.clientIp ?? ""],
      ],
      { factor: rt.config.rateLimitWindowFactor },
    );
  } catch (e) {
    if (e instanceof RateLimitedError) {
      return data(
        { result: submission.reply({ formErrors: ["auth.tooManyAttempts"] }), sentTo: null },
        { status: 429, headers: { "Retry-After": String(e.retryAfterSeconds) } },
      );
    }
    throw e;
  }
  const lang = getLang(request);
  const result = await buildResult(rt.db, response, lang);
  await sendResultMail(
    {
      db: rt.db,
      mail: rt.mail,
      publicUrl: rt.config.publicUrl,
      siteName: rt.config.region.branding.name,
      logger: rt.logger,
    },
    result,
    email,
    lang,
  );
  return { result: submission.reply(), sentTo: email };
}

export default function ScanResultEmail({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useT();
  const [form, fields] = useForm<z.input<typeof schema>>({
    lastResult: actionData?.result,
    defaultValue: { email: loaderData.email },
    constraint: formConstraints.emailOnly,
  });
  return (
    <div className="spot-narrow">
      <p className="spot-scan__instrument">{loaderData.scan}</p>
      <h1 className="utrecht-heading-1">{t("scanMail.title")}</h1>
      <p className="utrecht-paragraph">{t("scanMail.lead")}</p>
      {actionData?.sentTo ? (
        <Alert type="ok">
          <p className="utrecht-paragraph">{t("scanMail.sent", { email: actionData.sentTo })}</p>
        </Alert>
      ) : null}
      <ErrorSummary
        formErrors={form.errors}
        fields={[{ field: fields.email, label: t("scanMail.email") }]}
      />
      <Form method="post" {...getFormProps(form)} className="spot-form">
        <Field
          field={fields.email}
          label={t("scanMail.email")}
          description={t("scanMail.emailHint")}
          type="email"
          autoComplete="email"
        />
        <SubmitButton>{t("scanMail.submit")}</SubmitButton>
      </Form>
      <p className="utrecht-paragraph">
        <Link className="utrecht-link" to={`/scan/${loaderData.id}/resultaat`}>
          {t("scanMail.back")}
        </Link>
      </p>
    </div>
  );
}
