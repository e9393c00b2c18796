import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, Form, Link, redirect } from "react-router";
import type { z } from "zod";
import { formatDate, formatDateTime, formatNumber } from "~/i18n/format";
import { getT, isLang } from "~/i18n/i18n";
import { getLang } from "~/i18n/lang.server";
import { useT } from "~/i18n/use-t";
import { requestInfo, requireAbility } from "~/modules/auth/auth.server";
import { acceptIntakeIntoCase, caseContext } from "~/modules/cases/cases.server";
import { caseIdForIntake } from "~/modules/cases/queries.server";
import {
  answerIntake,
  decideIntake,
  findIntakeRequest,
  getIntakeDetail,
  handleContext,
  isIntakeId,
} from "~/modules/intake/intake.server";
import { handleSchema } from "~/modules/intake/schema";
import { can } from "~/modules/policy/rules";
import { adminAbilities } from "~/modules/users/admin.server";
import { runtime } from "~/runtime.server";
import intakeCss from "~/styles/intake.css?url";
import { AdminNav, adminLinks } from "~/ui/admin";
import { Alert, SubmitButton } from "~/ui/form";
import { formConstraints } from "~/ui/form-constraints";
import { TextareaField } from "~/ui/form-fields";
import type { Route } from "./+types/admin-intake";

export const meta: Route.MetaFunction = ({ matches }) => {
  const lang = (matches[0]?.data as { lang?: string } | undefined)?.lang;
  return [{ title: getT(isLang(lang) ? lang : "nl")("intake.meta.detail") }];
};
export const links: Route.LinksFunction = () => [
  ...adminLinks(),
  { rel: "stylesheet", href: intakeCss },
];

const NOTICES = ["accepted", "answered", "decided", "unchanged"] as const;
type Notice = (typeof NOTICES)[number];

const notFound = () => new Response("Not Found", { status: 404 });

/** The reply form alone, for its field errors (the other buttons have no fields to get wrong). */
const answerSchema = handleSchema.options[1];

export async function loader({ request, params }: Route.LoaderArgs) {
  const { actor } = await requireAbility(request, "intake.list");
  if (!isIntakeId(params.id)) throw notFound();
  const rt = await runtime();
  const lang = getLang(request);
  const detail = await getIntakeDetail(rt.db, rt.reference, params.id, lang);
  if (!detail) throw notFound();
  const r = detail.request;
  const sector = rt.reference.sbiSections.find((s) => s.code === r.sbi_section);
  const kvkSector = rt.reference.sbiSections.find((s) => s.code === detail.record.kvk?.sbiSection);
  const municipalityName = (code: string | null) =>
    code ? (rt.reference.municipality(code)?.name ?? code) : null;
  const notice = new URL(request.url).searchParams.get("gedaan");
  return {
    ...detail,
    sectorLabel: sector
      ? `${sector.code} – ${lang === "en" ? sector.nameEn : sector.nameNl}`
      : null,
    kvkSectorLabel: kvkSector
      ? `${kvkSector.code} – ${lang === "en" ? kvkSector.nameEn : kvkSector.nameNl}`
      : null,
    municipality: municipalityName(r.cbs_code),
    candidates: (detail.record.cbsCodes ?? []).map((c) => municipalityName(c) ?? c),
    meetingPlace: rt.config.region.meetingPlace[lang],
    companySize: rt.config.region.companySize,
    canHandle: can(actor, "intake.handle"),
    notice: (NOTICES as readonly string[]).includes(notice ?? "") ? (notice as Notice) : null,
    nav: adminAbilities(actor),
    // An accepted request became a case (accepted before cases existed: none).
    caseId: r.status === "accepted" ? await caseIdForIntake(rt.db, r.id) : null,
  };
}

export async function action({ request, params, context }: Route.ActionArgs) {
  const { actor } = await requireAbility(request, "intake.handle");
  if (!isIntakeId(params.id)) throw notFound();
  const rt = await runtime();
  if (!(await findIntakeRequest(rt.db, params.id))) throw notFound();
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: handleSchema });
  if (submission.status !== "success") {
    // The reply form shows its own field errors; anything else is a broken request.
    if (formData.get("intent") === "answer") {
      return data(
        { answer: parseWithZod(formData, { schema: answerSchema }).reply(), error: null },
        { status: 400 },
      );
    }
    return data({ answer: null, error: "intake.error.badRequest" }, { status: 400 });
  }
  const ip = requestInfo(request, context).ip;
  const v = submission.value;
  if (v.intent === "accept") {
    // Accepting makes the case (phase 0, the journey's first tasks, the entrepreneur's email).
    const accepted = await acceptIntakeIntoCase(caseContext(rt, actor, ip), params.id);
    if (!accepted.ok) {
      return data({ answer: null, error: `cases.problem.${accepted.problem}` }, { status: 409 });
    }
    return redirect(`/casussen/${accepted.caseId}?gedaan=created`, 303);
  }
  const ctx = handleContext(rt, actor, ip);
  let notice: Notice;
  let changed: boolean;
  if (v.intent === "answer") {
    ({ changed } = await answerIntake(ctx, params.id, v.reply));
    notice = "answered";
  } else {
    ({ changed } = await decideIntake(ctx, params.id, v.decision));
    notice = "decided";
  }
  return redirect(`/beheer/aanvragen/${params.id}?gedaan=${changed ? notice : "unchanged"}`, 303);
}

export default function AdminIntake({ loaderData, actionData }: Route.ComponentProps) {
  const { t, lang } = useT();
  const d = loaderData;
  const r = d.request;
  const kvk = d.record.kvk;
  const [answerForm, answerFields] = useForm<z.input<typeof answerSchema>>({
    id: "answer",
    lastResult: actionData?.answer ?? undefined,
    constraint: formConstraints.intakeAnswer,
  });
  const notGiven = <span className="spot-hint">{t("intake.detail.notGiven")}</span>;
  const kvkState =
    r.kvk_checked === 1
      ? t(
          kvk?.source === "test-double"
            ? "intake.detail.kvkCheckedDemo"
            : "intake.detail.kvkChecked",
        )
      : d.record.kvkStatus === "unavailable"
        ? t("intake.detail.kvkUnavailable")
        : d.record.kvkStatus === "skipped"
          ? t("intake.detail.kvkSkipped")
          : null;

  return (
    <>
      <p className="utrecht-paragraph">
        <Link className="utrecht-link" to="/beheer/aanvragen">
          {t("intake.detail.back")}
        </Link>
      </p>
      <h1 className="utrecht-heading-1">{t("intake.detail.title", { company: r.company_name })}</h1>
      <AdminNav can={d.nav} />
      <p className="utrecht-paragraph">
        {t("intake.detail.received", { date: formatDateTime(r.created_at, lang) })}
      </p>
      <p className="spot-intake-badges">
        <span
          className={`spot-status ${r.status === "new" ? "spot-status--ok" : "spot-status--muted"}`}
        >
          {t(`intake.status.${r.status}`)}
        </span>
        <span
          className={`spot-status ${r.eligibility === "eligible" ? "spot-status--ok" : r.eligibility === "ineligible" ? "spot-status--off" : "spot-status--muted"}`}
        >
          {t(`intake.eligibility.${r.eligibility}`)}
        </span>
      </p>
      {d.notice ? (
        <Alert type={d.notice === "unchanged" ? "warning" : "ok"}>
          <p className="utrecht-paragraph">{t(`intake.detail.notice.${d.notice}`)}</p>
        </Alert>
      ) : null}
      {actionData?.error ? (
        <Alert type="error">
          <p className="utrecht-paragraph">{t(actionData.error)}</p>
        </Alert>
      ) : null}

      <section aria-labelledby="question-title" className="spot-section spot-intake-section">
        <h2 id="question-title" className="utrecht-heading-2">
          {t("intake.detail.question")}
        </h2>
        <p className="utrecht-paragraph spot-intake-question">{r.question}</p>
      </section>

      <section aria-labelledby="contact-title" className="spot-section spot-intake-section">
        <h2 id="contact-title" className="utrecht-heading-2">
          {t("intake.detail.contact")}
        </h2>
        <dl className="spot-dl">
          <dt>{t("intake.detail.name")}</dt>
          <dd>{r.contact_name}</dd>
          <dt>{t("intake.detail.email")}</dt>
          <dd>
            <a className="utrecht-link" href={`mailto:${r.contact_email}`}>
              {r.contact_email}
            </a>
          </dd>
          <dt>{t("intake.detail.phone")}</dt>
          <dd>
            {r.contact_phone ? (
              <a className="utrecht-link" href={`tel:${r.contact_phone.replace(/[^+0-9]/g, "")}`}>
                {r.contact_phone}
              </a>
            ) : (
              notGiven
            )}
          </dd>
        </dl>
      </section>

      <section aria-labelledby="company-title" className="spot-section spot-intake-section">
        <h2 id="company-title" className="utrecht-heading-2">
          {t("intake.detail.company")}
        </h2>
        <dl className="spot-dl">
          <dt>{t("intake.detail.companyName")}</dt>
          <dd>{r.company_name}</dd>
          <dt>{t("intake.detail.kvkNumber")}</dt>
          <dd>
            {r.kvk_number ?? notGiven}
            {r.kvk_number && kvkState ? ` (${kvkState})` : null}
          </dd>
          {r.legal_form ? (
            <>
              <dt>{t("intake.detail.legalForm")}</dt>
              <dd>{r.legal_form}</dd>
            </>
          ) : null}
          <dt>{t("intake.detail.sector")}</dt>
          <dd>{d.sectorLabel ?? notGiven}</dd>
          <dt>{t("intake.detail.employees")}</dt>
          <dd>{formatNumber(r.employees, lang)}</dd>
          <dt>{t("intake.detail.postcode")}</dt>
          <dd>{r.postcode}</dd>
          <dt>{t("intake.detail.municipality")}</dt>
          <dd>{d.municipality ?? notGiven}</dd>
        </dl>
        {kvk ? (
          <>
            <h3 className="utrecht-heading-3">{t("intake.detail.kvkSays")}</h3>
            <dl className="spot-dl">
              <dt>{t("intake.detail.kvkName")}</dt>
              <dd>{kvk.name}</dd>
              <dt>{t("intake.detail.legalForm")}</dt>
              <dd>{kvk.legalForm ?? notGiven}</dd>
              <dt>{t("intake.detail.kvkEmployees")}</dt>
              <dd>{kvk.employees === null ? notGiven : formatNumber(kvk.employees, lang)}</dd>
              <dt>{t("intake.detail.kvkPostcode")}</dt>
              <dd>{kvk.postcode ?? notGiven}</dd>
              <dt>{t("intake.detail.sector")}</dt>
              <dd>{d.kvkSectorLabel ?? notGiven}</dd>
              <dt>{t("intake.detail.kvkSbi")}</dt>
              <dd>
                {kvk.sbi.length === 0 ? (
                  notGiven
                ) : (
                  <ul className="utrecht-unordered-list">
                    {kvk.sbi.map((s) => (
                      <li key={s.code} className="utrecht-unordered-list__item">
                        {s.code} {s.description}
                        {s.main ? ` (${t("intake.detail.kvkMain")})` : ""}
                      </li>
                    ))}
                  </ul>
                )}
              </dd>
            </dl>
          </>
        ) : null}
      </section>

      <section aria-labelledby="fit-title" className="spot-section spot-intake-section">
        <h2 id="fit-title" className="utrecht-heading-2">
          {t("intake.detail.fit")}
        </h2>
        <p className="utrecht-paragraph">
          <strong>{t(`intake.eligibility.${r.eligibility}`)}</strong>.{" "}
          {t(
            d.record.checkedWith === "kvk"
              ? "intake.detail.fitCheckedKvk"
              : "intake.detail.fitCheckedForm",
          )}
        </p>
        {d.record.reasons.length > 0 ? (
          <>
            <h3 className="utrecht-heading-3">{t("intake.detail.reasons")}</h3>
            <ul className="utrecht-unordered-list">
              {d.record.reasons.map((reason) => (
                <li key={reason} className="utrecht-unordered-list__item">
                  {t(`intake.reasonShort.${reason}`, d.companySize)}
                </li>
              ))}
            </ul>
          </>
        ) : null}
        {d.candidates.length > 0 ? (
          <p className="utrecht-paragraph">
            {t("intake.detail.candidates", { municipalities: d.candidates.join(", ") })}
          </p>
        ) : null}
        {d.record.decided ? (
          <p className="utrecht-paragraph">
            {t("intake.detail.decided", { date: formatDateTime(d.record.decided.at, lang) })}
          </p>
        ) : null}
      </section>

      <section aria-labelledby="more-title" className="spot-section spot-intake-section">
        <h2 id="more-title" className="utrecht-heading-2">
          {t("intake.detail.more")}
        </h2>
        <dl className="spot-dl">
          <dt>{t("intake.detail.heardVia")}</dt>
          <dd>{r.heard_via ? t(`intake.form.heardViaOption.${r.heard_via}`) : notGiven}</dd>
          <dt>{t("intake.detail.heardViaDetail")}</dt>
          <dd>{r.heard_via_detail ?? notGiven}</dd>
          <dt>{t("intake.detail.preference")}</dt>
          <dd>
            {t(`intake.form.preferenceOption.${r.intake_preference}`, { place: d.meetingPlace })}
          </dd>
          <dt>{t("intake.detail.language")}</dt>
          <dd>{t(`intake.detail.languageName.${r.lang}`)}</dd>
        </dl>
      </section>

      <section aria-labelledby="scan-title" className="spot-section spot-intake-section">
        <h2 id="scan-title" className="utrecht-heading-2">
          {t("intake.detail.scan")}
        </h2>
        {d.scan ? (
          <>
            <dl className="spot-dl">
              <dt>{t("intake.detail.scanInstrument")}</dt>
              <dd>{d.scan.title}</dd>
              <dt>{t("intake.detail.scanState")}</dt>
              <dd>
                {d.scan.completedAt
                  ? t("intake.detail.scanCompleted", { date: formatDate(d.scan.completedAt, lang) })
                  : t("intake.detail.scanInProgress")}
              </dd>
              <dt>{t("intake.detail.scanLevel")}</dt>
              <dd>{d.scan.level ?? notGiven}</dd>
              <dt>{t("intake.detail.scanOverall")}</dt>
              <dd>{d.scan.overall === null ? notGiven : formatNumber(d.scan.overall, lang)}</dd>
            </dl>
            {d.scan.status === "completed" ? (
              <p className="utrecht-paragraph">
                <Link className="utrecht-link" to={`/scan/${d.scan.id}/resultaat`}>
                  {t("intake.detail.scanOpen")}
                </Link>
              </p>
            ) : null}
          </>
        ) : (
          <p className="utrecht-paragraph">{t("intake.detail.scanNone")}</p>
        )}
      </section>

      <section aria-labelledby="handle-title" className="spot-section spot-intake-section">
        <h2 id="handle-title" className="utrecht-heading-2">
          {t("intake.detail.handling")}
        </h2>
        <p className="utrecht-paragraph">
          {t("intake.detail.statusNow", { status: t(`intake.status.${r.status}`) })}{" "}
          {d.handledBy && r.handled_at
            ? t("intake.detail.handledBy", {
                name: d.handledBy,
                date: formatDateTime(r.handled_at, lang),
              })
            : null}
        </p>
        {r.status === "accepted" && d.caseId ? (
          <p className="utrecht-paragraph">
            {t("myCase.intake.isCase")}{" "}
            <Link className="utrecht-link" to={`/casussen/${d.caseId}`}>
              {t("myCase.intake.openCase")}
            </Link>
          </p>
        ) : r.status === "accepted" ? (
          <p className="utrecht-paragraph">{t("intake.detail.accepted")}</p>
        ) : null}
        {r.reply ? (
          <>
            <h3 className="utrecht-heading-3">{t("intake.detail.replySent")}</h3>
            <p className="utrecht-paragraph spot-intake-question">{r.reply}</p>
          </>
        ) : null}

        {d.canHandle ? (
          <div className="spot-intake-actions">
            {r.eligibility === "ambiguous" ? (
              <div>
                <h3 className="utrecht-heading-3">{t("intake.detail.decide")}</h3>
                <p className="utrecht-paragraph">
                  {t("intake.detail.decideBody", { postcode: r.postcode })}
                </p>
                <Form method="post" className="spot-actions">
                  <input type="hidden" name="intent" value="decide" />
                  {d.decideOptions.map((o) => (
                    <SubmitButton key={o.cbsCode} name="decision" value={`in:${o.cbsCode}`}>
                      {t("intake.detail.decideIn", { name: o.name })}
                    </SubmitButton>
                  ))}
                  <SubmitButton secondary name="decision" value="out">
                    {t("intake.detail.decideOut")}
                  </SubmitButton>
                </Form>
              </div>
            ) : null}

            {r.status === "new" ? (
              <div>
                <h3 className="utrecht-heading-3">{t("intake.detail.accept")}</h3>
                {r.eligibility === "ambiguous" ? (
                  <p className="utrecht-paragraph">{t("intake.detail.acceptDecideFirst")}</p>
                ) : (
                  <Form method="post">
                    <p className="utrecht-paragraph">{t("intake.detail.acceptBody")}</p>
                    <input type="hidden" name="intent" value="accept" />
                    <SubmitButton>{t("intake.detail.acceptSubmit")}</SubmitButton>
                  </Form>
                )}
              </div>
            ) : null}

            {r.status !== "answered" ? (
              <div>
                <h3 className="utrecht-heading-3">{t("intake.detail.answer")}</h3>
                <Form method="post" {...getFormProps(answerForm)} className="spot-form">
                  <p className="utrecht-paragraph">
                    {t("intake.detail.answerBody", { email: r.contact_email })}
                  </p>
                  <input type="hidden" name="intent" value="answer" />
                  <TextareaField
                    field={answerFields.reply}
                    label={t("intake.detail.reply")}
                    rows={8}
                  />
                  <SubmitButton secondary>{t("intake.detail.answerSubmit")}</SubmitButton>
                </Form>
              </div>
            ) : null}
          </div>
        ) : null}
      </section>
    </>
  );
}
