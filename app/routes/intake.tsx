import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, Form, Link, redirect } from "react-router";
import type { z } from "zod";
import { getT, isLang } from "~/i18n/i18n";
import { getLang } from "~/i18n/lang.server";
import { useT } from "~/i18n/use-t";
import { readCookie } from "~/lib/cookies";
import { keepRetryAfter } from "~/lib/http-headers";
import { getAuth, RateLimitedError, requestInfo } from "~/modules/auth/auth.server";
import { findInitiatives } from "~/modules/initiatives/initiatives.server";
import { HEARD_VIA, type HeardVia, INTAKE_PREFERENCES } from "~/modules/intake/form-limits";
import {
  findIntakeRequest,
  instrumentTitle,
  intakeDeps,
  isIntakeId,
  parseEligibilityRecord,
  prefillIntake,
  submitIntake,
} from "~/modules/intake/intake.server";
import { intakeSchema } from "~/modules/intake/schema";
import { loadScanFor } from "~/modules/scans/access.server";
import { runtime } from "~/runtime.server";
import intakeCss from "~/styles/intake.css?url";
import { ErrorSummary, Field, SubmitButton } from "~/ui/form";
import { formConstraints } from "~/ui/form-constraints";
import { RadioGroupField, SelectField, TextareaField } from "~/ui/form-fields";
import type { Route } from "./+types/intake";

export const meta: Route.MetaFunction = ({ matches }) => {
  const lang = (matches[0]?.data as { lang?: string } | undefined)?.lang;
  return [{ title: getT(isLang(lang) ? lang : "nl")("intake.meta.form") }];
};
export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: intakeCss }];

// Retry-After of a 429 answer reaches the visitor only through this export.
export const headers = keepRetryAfter;

/**
 * After sending, the thank-you page finds "your" request by this cookie (PRG, no id in the
 * URL). Path=/ because React Router fetches the page's data from /hulpvraag.data.
 */
const RESULT_COOKIE = "spot_intake";

/** The scan in `?scan=`, if the visitor may read it; anything else is silently ignored. */
async function readableScan(request: Request, id: string | null | undefined) {
  if (!id) return null;
  try {
    // Only the respondent's own scan: linking claims it, so staff who may read any scan must
    // not be able to attach someone else's to their request.
    const { response } = await loadScanFor(request, id, "scan.answer");
    return response;
  } catch {
    return null;
  }
}

export async function loader({ request }: Route.LoaderArgs) {
  // A public page: anyone may ask a question. The thank-you view shows only the request whose
  // id this browser holds in its cookie.
  const rt = await runtime();
  const auth = await getAuth(request);
  const lang = getLang(request);
  const url = new URL(request.url);
  const region = {
    name: rt.config.region.name,
    municipalities: new Intl.ListFormat(lang === "en" ? "en-GB" : "nl-NL", {
      type: "conjunction",
    }).format(rt.reference.currentMunicipalities().map((m) => m.name)),
    companySize: rt.config.region.companySize,
    contactEmail: rt.config.region.branding.contactEmail,
    meetingPlace: rt.config.region.meetingPlace[lang],
  };

  if (url.searchParams.get("ontvangen") === "1") {
    const id = readCookie(request, RESULT_COOKIE);
    const row = isIntakeId(id) ? await findIntakeRequest(rt.db, id) : undefined;
    if (row) {
      const record = parseEligibilityRecord(row.eligibility_reasons);
      const outside = record.reasons.includes("outside-region");
      return {
        view: "result" as const,
        region,
        result: {
          eligibility: row.eligibility,
          reasons: record.reasons,
          preference: row.intake_preference,
          kvkName: row.kvk_checked === 1 ? (record.kvk?.name ?? row.company_name) : null,
          kvkDemo: record.kvk?.source === "test-double",
          scanLinked: row.response_id !== null,
        },
        // Help elsewhere: regional first; for a business outside the region, national only.
        initiatives:
          row.eligibility !== "ineligible"
            ? []
            : findInitiatives({ lang })
                .filter((i) => !outside || /^national/i.test(i.region))
                .slice(0, 6),
        national: outside,
      };
    }
  }

  const scan = await readableScan(request, url.searchParams.get("scan"));
  const bron = url.searchParams.get("bron");
  const heardVia = (HEARD_VIA as readonly string[]).includes(bron ?? "")
    ? (bron as HeardVia)
    : null;
  const values = await prefillIntake(rt.db, auth.actor, scan, heardVia);
  return {
    view: "form" as const,
    region,
    values,
    prefilled: auth.actor.kind === "user" || scan !== null,
    scanTitle: scan ? instrumentTitle(scan.instrument_id, scan.instrument_version, lang) : null,
    kvkLookup: intakeDeps(rt).kvk !== null,
    sectors: rt.reference.sbiSections.map((s) => ({
      value: s.code,
      label: `${s.code} – ${lang === "en" ? s.nameEn : s.nameNl}`,
    })),
  };
}

export async function action({ request, context }: Route.ActionArgs) {
  // Public: anyone may send a question; a linked scan is checked again (scan.read).
  const rt = await runtime();
  const auth = await getAuth(request);
  const submission = parseWithZod(await request.formData(), { schema: intakeSchema });
  if (submission.status !== "success") {
    return data({ result: submission.reply() }, { status: 400 });
  }
  const scan = await readableScan(request, submission.value.scan);
  const info = requestInfo(request, context);
  try {
    const outcome = await submitIntake(
      intakeDeps(rt),
      submission.value,
      {
        userId: auth.actor.kind === "user" ? auth.actor.id : null,
        companyIds: auth.actor.kind === "user" ? auth.actor.companyIds : [],
        lang: info.lang,
        ip: info.ip,
      },
      scan,
    );
    if (!outcome.ok) {
      return data(
        { result: submission.reply({ fieldErrors: outcome.fieldErrors }) },
        { status: 400 },
      );
    }
    const cookie = `${RESULT_COOKIE}=${outcome.id}; Path=/; HttpOnly; SameSite=Lax; Max-Age=86400${rt.config.https ? "; Secure" : ""}`;
    return redirect("/hulpvraag?ontvangen=1", { status: 303, headers: { "Set-Cookie": cookie } });
  } catch (e) {
    if (e instanceof RateLimitedError) {
      return data(
        { result: submission.reply({ formErrors: ["intake.error.tooMany"] }) },
        { status: 429, headers: { "Retry-After": String(e.retryAfterSeconds) } },
      );
    }
    throw e;
  }
}

export default function Intake({ loaderData, actionData }: Route.ComponentProps) {
  if (loaderData.view === "result") return <Result data={loaderData} />;
  return <IntakeForm data={loaderData} lastResult={actionData?.result} />;
}

type LoaderData = Route.ComponentProps["loaderData"];

function IntakeForm({
  data: d,
  lastResult,
}: {
  data: Extract<LoaderData, { view: "form" }>;
  lastResult: NonNullable<Route.ComponentProps["actionData"]>["result"] | undefined;
}) {
  const { t } = useT();
  // The form's values are strings (the schema coerces them on the server).
  const [form, fields] = useForm<{ [K in keyof z.input<typeof intakeSchema>]?: string }>({
    lastResult,
    defaultValue: d.values,
    constraint: formConstraints.intake,
  });
  const labels = {
    question: t("intake.form.question"),
    contactName: t("intake.form.contactName"),
    email: t("intake.form.email"),
    phone: t("intake.form.phone"),
    companyName: t("intake.form.companyName"),
    kvkNumber: t("intake.form.kvkNumber"),
    sector: t("intake.form.sector"),
    employees: t("intake.form.employees"),
    postcode: t("intake.form.postcode"),
    heardVia: t("intake.form.heardVia"),
    heardViaDetail: t("intake.form.heardViaDetail"),
    preference: t("intake.form.preference"),
  };
  return (
    <div className="spot-intake">
      <h1 className="utrecht-heading-1">{t("intake.form.title")}</h1>
      <p className="utrecht-paragraph utrecht-paragraph--lead">{t("intake.form.lead")}</p>
      {d.scanTitle ? (
        <p className="utrecht-paragraph">{t("intake.form.fromScan", { scan: d.scanTitle })}</p>
      ) : null}
      {d.prefilled ? <p className="utrecht-paragraph">{t("intake.form.prefilled")}</p> : null}
      <ErrorSummary
        formErrors={form.errors}
        fields={(Object.keys(labels) as (keyof typeof labels)[]).map((k) => ({
          field: fields[k],
          label: labels[k],
        }))}
      />
      <Form method="post" {...getFormProps(form)} className="spot-form">
        {d.values.scan ? <input type="hidden" name="scan" value={d.values.scan} /> : null}

        <h2 className="utrecht-heading-2">{t("intake.form.sectionQuestion")}</h2>
        <TextareaField
          field={fields.question}
          label={labels.question}
          description={t("intake.form.questionHelp")}
          rows={7}
        />

        <h2 className="utrecht-heading-2">{t("intake.form.sectionContact")}</h2>
        <Field field={fields.contactName} label={labels.contactName} autoComplete="name" />
        <Field field={fields.email} label={labels.email} type="email" autoComplete="email" />
        <Field
          field={fields.phone}
          label={labels.phone}
          description={t("intake.form.phoneHelp")}
          type="tel"
          autoComplete="tel"
          optional
        />

        <h2 className="utrecht-heading-2">{t("intake.form.sectionCompany")}</h2>
        <Field field={fields.companyName} label={labels.companyName} autoComplete="organization" />
        <Field
          field={fields.kvkNumber}
          label={labels.kvkNumber}
          description={t(d.kvkLookup ? "intake.form.kvkHelp" : "intake.form.kvkHelpNoLookup")}
          inputMode="numeric"
          optional
        />
        <SelectField
          field={fields.sector}
          label={labels.sector}
          description={t("intake.form.sectorHelp")}
          placeholder={t("intake.form.sectorPlaceholder")}
          options={d.sectors}
          optional
        />
        <Field
          field={fields.employees}
          label={labels.employees}
          description={t("intake.form.employeesHelp", d.region.companySize)}
          inputMode="numeric"
        />
        <Field
          field={fields.postcode}
          label={labels.postcode}
          description={t("intake.form.postcodeHelp")}
          autoComplete="postal-code"
        />

        <h2 className="utrecht-heading-2">{t("intake.form.sectionMore")}</h2>
        <SelectField
          field={fields.heardVia}
          label={labels.heardVia}
          placeholder={t("intake.form.heardViaPlaceholder")}
          options={HEARD_VIA.map((h) => ({
            value: h,
            label: t(`intake.form.heardViaOption.${h}`),
          }))}
          optional
        />
        <Field
          field={fields.heardViaDetail}
          label={labels.heardViaDetail}
          description={t("intake.form.heardViaDetailHelp")}
          optional
        />
        <RadioGroupField
          field={fields.preference}
          legend={labels.preference}
          options={INTAKE_PREFERENCES.map((p) => ({
            value: p,
            label: t(`intake.form.preferenceOption.${p}`, { place: d.region.meetingPlace }),
          }))}
        />

        <p className="utrecht-paragraph spot-hint">
          {t("intake.form.privacy")}{" "}
          <Link className="utrecht-link" to="/privacy">
            {t("intake.form.privacyLink")}
          </Link>
        </p>
        <SubmitButton>{t("intake.form.submit")}</SubmitButton>
      </Form>
    </div>
  );
}

function Result({ data: d }: { data: Extract<LoaderData, { view: "result" }> }) {
  const { t } = useT();
  const r = d.result;
  const where =
    r.preference === "media-park"
      ? t("intake.mailWhere.meetingPlace", { place: d.region.meetingPlace })
      : t("intake.mailWhere.online");
  const kvkLine = r.kvkName ? (
    <p className="utrecht-paragraph">
      {t(r.kvkDemo ? "intake.result.kvkCheckedDemo" : "intake.result.kvkChecked", {
        name: r.kvkName,
      })}
    </p>
  ) : null;
  const scanLine = r.scanLinked ? (
    <p className="utrecht-paragraph">{t("intake.result.scanLinked")}</p>
  ) : null;

  if (r.eligibility === "eligible") {
    return (
      <div className="spot-intake">
        <h1 className="utrecht-heading-1">{t("intake.result.eligibleTitle")}</h1>
        <div className="utrecht-alert utrecht-alert--ok spot-alert spot-alert--ok" role="status">
          <p className="utrecht-paragraph">{t("intake.result.eligibleLead")}</p>
        </div>
        {kvkLine}
        {scanLine}
        <h2 className="utrecht-heading-2">{t("intake.result.nextTitle")}</h2>
        <ol className="utrecht-ordered-list spot-steps">
          <li className="utrecht-ordered-list__item">{t("intake.result.next1")}</li>
          <li className="utrecht-ordered-list__item">{t("intake.result.next2", { where })}</li>
          <li className="utrecht-ordered-list__item">{t("intake.result.next3")}</li>
        </ol>
        <p className="utrecht-paragraph">
          <Link className="utrecht-link" to="/">
            {t("intake.result.home")}
          </Link>
        </p>
      </div>
    );
  }

  if (r.eligibility === "ambiguous") {
    return (
      <div className="spot-intake">
        <h1 className="utrecht-heading-1">{t("intake.result.ambiguousTitle")}</h1>
        <div className="utrecht-alert utrecht-alert--info spot-alert" role="status">
          <p className="utrecht-paragraph">{t("intake.result.ambiguousLead")}</p>
        </div>
        <p className="utrecht-paragraph">{t("intake.result.ambiguousNext")}</p>
        {kvkLine}
        {scanLine}
        <p className="utrecht-paragraph">
          <Link className="utrecht-link" to="/">
            {t("intake.result.home")}
          </Link>
        </p>
      </div>
    );
  }

  return (
    <div className="spot-intake spot-intake--wide">
      <h1 className="utrecht-heading-1">{t("intake.result.ineligibleTitle")}</h1>
      <p className="utrecht-paragraph utrecht-paragraph--lead">
        {t("intake.result.ineligibleLead")}
      </p>
      <ul className="utrecht-unordered-list">
        {r.reasons.map((reason) => (
          <li key={reason} className="utrecht-unordered-list__item">
            {t(`intake.reason.${reason}`, {
              region: d.region.name,
              municipalities: d.region.municipalities,
              min: d.region.companySize.min,
              max: d.region.companySize.max,
            })}
          </li>
        ))}
      </ul>
      {kvkLine}
      <p className="utrecht-paragraph">
        {t("intake.result.notRight")}{" "}
        <a className="utrecht-link" href={`mailto:${d.region.contactEmail}`}>
          {d.region.contactEmail}
        </a>
      </p>
      <h2 className="utrecht-heading-2">{t("intake.result.elsewhereTitle")}</h2>
      <p className="utrecht-paragraph">
        {t(d.national ? "intake.result.elsewhereLeadNational" : "intake.result.elsewhereLead")}
      </p>
      <ul className="spot-cards">
        {d.initiatives.map((i) => (
          <li key={i.id} className="spot-card">
            <article aria-labelledby={`ini-${i.id}`}>
              <p className="spot-card__meta">{t(`help.kind.${i.kind}`)}</p>
              <h3 id={`ini-${i.id}`} className="utrecht-heading-3">
                {i.name}
              </h3>
              <p className="utrecht-paragraph">{i.description}</p>
              <p className="spot-card__meta">{i.organisation}</p>
              {i.url ? (
                <p className="utrecht-paragraph">
                  <a
                    className="utrecht-link utrecht-link--external"
                    href={i.url}
                    rel="noopener noreferrer"
                  >
                    {t("help.website")}
                    <span className="spot-visually-hidden">: {i.name}</span>
                  </a>
                </p>
              ) : null}
            </article>
          </li>
        ))}
      </ul>
      <p className="utrecht-paragraph">
        <Link className="utrecht-link" to="/hulp">
          {t("intake.result.allHelp")}
        </Link>
      </p>
    </div>
  );
}
