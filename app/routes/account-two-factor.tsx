import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, Form, Link, redirect } from "react-router";
import type { z } from "zod";
import { formatDate } from "~/i18n/format";
import { useT } from "~/i18n/use-t";
import { keepRetryAfter } from "~/lib/http-headers";
import {
  authDeps,
  RateLimitedError,
  rateLimitedHeaders,
  requestInfo,
  requireAbility,
} from "~/modules/auth/auth.server";
import {
  twoFactorConfirmSchema as confirmSchema,
  twoFactorDisableSchema as disableSchema,
} from "~/modules/auth/schemas";
import {
  confirmTwoFactor,
  disableTwoFactor,
  getTwoFactorStatus,
  renewRecoveryCodes,
  startTwoFactorEnrollment,
} from "~/modules/auth/two-factor.server";
import { runtime } from "~/runtime.server";
import { Alert, ErrorSummary, Field, SubmitButton } from "~/ui/form";
import { formConstraints } from "~/ui/form-constraints";
import type { Route } from "./+types/account-two-factor";
import { accountMeta, BackToAccount } from "./account-common";

export const meta: Route.MetaFunction = ({ matches }) =>
  accountMeta(matches, "account.twoFactor.title");

// Retry-After of a 429 answer reaches the visitor only through this export.
export const headers = keepRetryAfter;

export async function loader({ request }: Route.LoaderArgs) {
  const auth = await requireAbility(request, "account.manage");
  const deps = authDeps(await runtime());
  const status = await getTwoFactorStatus(deps, auth.user.id);
  // Setting up: the pending secret is stored once, so a reload shows the same QR code.
  const enrollment = status.enabled ? null : await startTwoFactorEnrollment(deps, auth.user.id);
  return {
    status,
    setup: enrollment?.status === "pending" ? enrollment : null,
    mustSetUp:
      !status.enabled &&
      (auth.mustSetUpTwoFactor || new URL(request.url).searchParams.get("verplicht") === "1"),
    hasPassword: auth.user.password_hash !== null,
  };
}

export async function action({ request, context }: Route.ActionArgs) {
  const { user } = await requireAbility(request, "account.manage");
  const deps = authDeps(await runtime());
  const req = requestInfo(request, context);
  const formData = await request.formData();
  const intent = formData.get("intent");

  if (intent === "regenerate") {
    const r = await renewRecoveryCodes(deps, user.id, req);
    if (!r.ok) throw new Response("Not Found", { status: 404 });
    return { intent, result: null, recoveryCodes: r.recoveryCodes };
  }

  if (intent === "confirm") {
    const submission = parseWithZod(formData, { schema: confirmSchema });
    if (submission.status !== "success") {
      return data(
        { intent, result: submission.reply({ hideFields: ["code"] }), recoveryCodes: null },
        { status: 400 },
      );
    }
    try {
      const r = await confirmTwoFactor(deps, user.id, submission.value.code, req);
      if (r.ok) return { intent, result: null, recoveryCodes: r.recoveryCodes };
      // Already on (a second tab, or the form sent twice): the page shows the status.
      if (r.reason === "not-pending") return { intent, result: null, recoveryCodes: null };
      return data(
        {
          intent,
          result: submission.reply({
            fieldErrors: { code: ["account.twoFactor.codeWrong"] },
            hideFields: ["code"],
          }),
          recoveryCodes: null,
        },
        { status: 400 },
      );
    } catch (e) {
      if (!(e instanceof RateLimitedError)) throw e;
      return data(
        {
          intent,
          result: submission.reply({ formErrors: ["auth.tooManyAttempts"], hideFields: ["code"] }),
          recoveryCodes: null,
        },
        { status: 429, headers: rateLimitedHeaders(e) },
      );
    }
  }

  if (intent === "disable") {
    const submission = parseWithZod(formData, { schema: disableSchema });
    const fail = (
      reply: Parameters<typeof submission.reply>[0],
      status = 400,
      init?: ResponseInit,
    ) =>
      data(
        {
          intent,
          result: submission.reply({ ...reply, hideFields: ["code", "password"] }),
          recoveryCodes: null,
        },
        { ...init, status },
      );
    if (submission.status !== "success") return fail({});
    const { code, password } = submission.value;
    if (!code && !password) return fail({ formErrors: ["account.twoFactor.proofRequired"] });
    try {
      const r = await disableTwoFactor(deps, user.id, { code, password }, req);
      if (r.ok) return redirect("/account?melding=tweestaps-uit", 303);
      if (r.reason === "required")
        return fail({ formErrors: ["account.twoFactor.requiredNoDisable"] }, 403);
      if (r.reason === "not-enabled") return { intent, result: null, recoveryCodes: null };
      if (r.reason === "password-wrong")
        return fail({ fieldErrors: { password: ["account.twoFactor.passwordWrong"] } });
      return fail({ fieldErrors: { code: ["account.twoFactor.disableCodeWrong"] } });
    } catch (e) {
      if (!(e instanceof RateLimitedError)) throw e;
      return fail({ formErrors: ["auth.tooManyAttempts"] }, 429, {
        headers: rateLimitedHeaders(e),
      });
    }
  }

  // No known intent: only a tampered form gets here.
  throw new Response("Not Found", { status: 404 });
}

/** The server-drawn QR code at a fixed size; its <svg> is hidden, the wrapper is the image. */
function sizedQr(svg: string): string {
  return svg.replace(
    "<svg ",
    '<svg width="192" height="192" aria-hidden="true" focusable="false" ',
  );
}

function RecoveryCodes({ codes, justEnabled }: { codes: string[]; justEnabled: boolean }) {
  const { t } = useT();
  return (
    <section aria-labelledby="codes-title">
      <Alert type="ok">
        <p className="utrecht-paragraph">
          {justEnabled ? t("account.twoFactor.enabled") : t("account.twoFactor.regenerated")}
        </p>
      </Alert>
      <h2 id="codes-title" className="utrecht-heading-2">
        {t("account.twoFactor.codesTitle")}
      </h2>
      <p className="utrecht-paragraph">{t("account.twoFactor.codesBody")}</p>
      <Alert type="warning">
        <p className="utrecht-paragraph">
          <strong>{t("account.twoFactor.codesOnce")}</strong>
        </p>
      </Alert>
      <ul className="spot-code-list" aria-label={t("account.twoFactor.codesList")}>
        {codes.map((c) => (
          <li key={c}>
            <code className="utrecht-code">{c}</code>
          </li>
        ))}
      </ul>
    </section>
  );
}

export default function AccountTwoFactor({ loaderData, actionData }: Route.ComponentProps) {
  const { t, lang } = useT();
  const { status, setup, mustSetUp, hasPassword } = loaderData;
  const resultFor = (intent: string) =>
    actionData?.intent === intent ? (actionData.result ?? undefined) : undefined;

  const [confirmForm, confirmFields] = useForm<z.input<typeof confirmSchema>>({
    id: "confirm-2fa",
    lastResult: resultFor("confirm"),
    constraint: formConstraints.twoFactorConfirm,
  });
  const [disableForm, disableFields] = useForm<z.input<typeof disableSchema>>({
    id: "disable-2fa",
    lastResult: resultFor("disable"),
    constraint: formConstraints.twoFactorDisable,
  });

  const codes = actionData?.recoveryCodes ?? null;
  return (
    <div className="spot-narrow">
      <h1 className="utrecht-heading-1">{t("account.twoFactor.title")}</h1>
      {mustSetUp ? (
        <Alert type="warning">
          <h2 className="utrecht-heading-3">{t("account.twoFactor.requiredTitle")}</h2>
          <p className="utrecht-paragraph">{t("account.twoFactor.requiredBody")}</p>
        </Alert>
      ) : null}
      {codes ? (
        <>
          <RecoveryCodes codes={codes} justEnabled={actionData?.intent === "confirm"} />
          {actionData?.intent === "confirm" ? (
            <p className="utrecht-paragraph">
              <Link className="utrecht-button-link utrecht-button-link--primary-action" to="/mijn">
                {t("account.twoFactor.continue")}
              </Link>
            </p>
          ) : null}
        </>
      ) : (
        <p className="utrecht-paragraph">{t("account.twoFactor.lead")}</p>
      )}

      {status.enabled ? (
        <>
          {status.enabledAt ? (
            <p className="utrecht-paragraph">
              {t("account.twoFactor.statusOn", { date: formatDate(status.enabledAt, lang) })}{" "}
              {t("account.twoFactor.codesLeft", { count: status.recoveryCodesLeft })}
            </p>
          ) : null}
          <section aria-labelledby="regenerate-title">
            <h2 id="regenerate-title" className="utrecht-heading-2">
              {t("account.twoFactor.regenerateHeading")}
            </h2>
            <p className="utrecht-paragraph">{t("account.twoFactor.regenerateBody")}</p>
            <Form method="post" className="spot-form">
              <input type="hidden" name="intent" value="regenerate" />
              <SubmitButton secondary>{t("account.twoFactor.regenerate")}</SubmitButton>
            </Form>
          </section>
          <section aria-labelledby="disable-title">
            <h2 id="disable-title" className="utrecht-heading-2">
              {t("account.twoFactor.disableHeading")}
            </h2>
            {status.mayDisable ? (
              <>
                <p className="utrecht-paragraph">{t("account.twoFactor.disableBody")}</p>
                <ErrorSummary
                  formErrors={disableForm.errors}
                  fields={[
                    { field: disableFields.code, label: t("account.twoFactor.disableCode") },
                    ...(hasPassword
                      ? [
                          {
                            field: disableFields.password,
                            label: t("account.twoFactor.disablePassword"),
                          },
                        ]
                      : []),
                  ]}
                />
                <Form method="post" {...getFormProps(disableForm)} className="spot-form">
                  <input type="hidden" name="intent" value="disable" />
                  <Field
                    field={disableFields.code}
                    label={t("account.twoFactor.disableCode")}
                    description={t("account.twoFactor.disableCodeHelp")}
                    autoComplete="one-time-code"
                    optional
                  />
                  {hasPassword ? (
                    <Field
                      field={disableFields.password}
                      label={t("account.twoFactor.disablePassword")}
                      type="password"
                      autoComplete="current-password"
                      secret
                      optional
                    />
                  ) : null}
                  <SubmitButton secondary>{t("account.twoFactor.disableSubmit")}</SubmitButton>
                </Form>
              </>
            ) : (
              <p className="utrecht-paragraph">{t("account.twoFactor.requiredNoDisable")}</p>
            )}
          </section>
        </>
      ) : null}

      {!status.enabled && setup ? (
        <section aria-labelledby="setup-title">
          <h2 id="setup-title" className="utrecht-heading-2">
            {t("account.twoFactor.setupHeading")}
          </h2>
          <ol className="utrecht-ordered-list">
            <li className="utrecht-ordered-list__item">
              <p className="utrecht-paragraph">{t("account.twoFactor.step1")}</p>
            </li>
            <li className="utrecht-ordered-list__item">
              <p className="utrecht-paragraph">{t("account.twoFactor.step2")}</p>
              <div
                role="img"
                aria-label={t("account.twoFactor.qrLabel")}
                // Drawn on the server by the qrcode library from our own otpauth:// URI.
                // biome-ignore lint/security/noDangerouslySetInnerHtml: trusted SVG, no script needed
                dangerouslySetInnerHTML={{ __html: sizedQr(setup.qrSvg) }}
              />
              <p className="utrecht-paragraph">{t("account.twoFactor.manual")}</p>
              <p className="utrecht-paragraph">
                <code className="utrecht-code">{setup.secret.match(/.{1,4}/g)?.join(" ")}</code>
              </p>
            </li>
            <li className="utrecht-ordered-list__item">
              <p className="utrecht-paragraph">{t("account.twoFactor.step3")}</p>
            </li>
          </ol>
          <ErrorSummary
            formErrors={confirmForm.errors}
            fields={[{ field: confirmFields.code, label: t("account.twoFactor.code") }]}
          />
          <Form method="post" {...getFormProps(confirmForm)} className="spot-form">
            <input type="hidden" name="intent" value="confirm" />
            <Field
              field={confirmFields.code}
              label={t("account.twoFactor.code")}
              description={t("account.twoFactor.codeHelp")}
              autoComplete="one-time-code"
              inputMode="numeric"
            />
            <SubmitButton>{t("account.twoFactor.confirm")}</SubmitButton>
          </Form>
        </section>
      ) : null}
      {mustSetUp ? null : <BackToAccount />}
    </div>
  );
}
