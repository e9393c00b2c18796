import { data, Form, Link, redirect } from "react-router";
import { formatDate, formatDateTime } from "~/i18n/format";
import { getT, isLang } from "~/i18n/i18n";
import { useT } from "~/i18n/use-t";
import { loadAdviceCaseFor } from "~/modules/advice/access.server";
import { decide, latestSharedVersion, realisationItems } from "~/modules/advice/advice.server";
import {
  DECISIONS,
  type Decision,
  decisionsFromForm,
  REASON_MAX,
} from "~/modules/advice/form-limits";
import { requestInfo } from "~/modules/auth/auth.server";
import { caseContext } from "~/modules/cases/cases.server";
import adviceCss from "~/styles/advice.css?url";
import {
  ActionFacts,
  Paragraphs,
  RealisationTable,
  Roadmap,
  ScanChartSection,
  Totals,
} from "~/ui/advice";
import { caseWorkLinks } from "~/ui/case-work";
import { Alert, SubmitButton } from "~/ui/form";
import type { Route } from "./+types/my-advice";

export const meta: Route.MetaFunction = ({ matches }) => {
  const lang = (matches[0]?.data as { lang?: string } | undefined)?.lang;
  return [{ title: getT(isLang(lang) ? lang : "nl")("advice.mine.metaTitle") }];
};
export const links: Route.LinksFunction = () => [
  ...caseWorkLinks(),
  { rel: "stylesheet", href: adviceCss },
];

export async function loader({ request, params }: Route.LoaderArgs) {
  // The team and coordinators see what the entrepreneur sees (without the decision form).
  const { rt, row, abilities } = await loadAdviceCaseFor(
    request,
    params.id,
    "advice.decide",
    "advice.read",
  );
  const version = await latestSharedVersion(rt.db, row.id);
  const notice = new URL(request.url).searchParams.get("gedaan");
  return {
    id: row.id,
    title: row.title,
    phase: row.phase,
    version,
    realisation: await realisationItems(rt.db, row.id),
    canDecide: abilities.decide,
    notice: notice === "decided" || notice === "saved" ? notice : null,
  };
}

export async function action({ request, params, context }: Route.ActionArgs) {
  const { rt, actor, row } = await loadAdviceCaseFor(request, params.id, "advice.decide");
  const form = await request.formData();
  const version = await latestSharedVersion(rt.db, row.id);
  if (!version) throw new Response("Not Found", { status: 404 });
  const values: Record<string, string> = {};
  for (const i of version.snapshot.items) {
    for (const k of [`decision.${i.id}`, `reason.${i.id}`]) {
      const v = form.get(k);
      if (typeof v === "string") values[k] = v.slice(0, REASON_MAX + 100);
    }
  }
  if (String(form.get("versionId") ?? "") !== version.id) {
    return data({ errors: { form: "advice.problem.notLatest" }, values }, { status: 409 });
  }
  const { decisions, errors } = decisionsFromForm(
    form,
    version.snapshot.items.map((i) => i.id),
  );
  if (Object.keys(errors).length > 0) return data({ errors, values }, { status: 400 });
  const ctx = caseContext(rt, actor, requestInfo(request, context).ip);
  const r = await decide(ctx, row.id, version.id, decisions);
  if (!r.ok) {
    return data({ errors: { form: `advice.problem.${r.problem}` }, values }, { status: 400 });
  }
  return redirect(`/mijn/casus/${row.id}/advies?gedaan=${r.complete ? "decided" : "saved"}`, 303);
}

export default function MyAdvice({ loaderData, actionData }: Route.ComponentProps) {
  const { t, lang } = useT();
  const d = loaderData;
  const v = d.version;
  const errors = (actionData?.errors ?? {}) as Record<string, string>;
  const values = (actionData?.values ?? {}) as Record<string, string>;
  const errorList = Object.entries(errors);
  return (
    <div className="spot-case-work spot-advice">
      <p className="utrecht-paragraph spot-case-work__back">
        <Link className="utrecht-link" to={`/mijn/casus/${d.id}`}>
          {t("advice.mine.back", { title: d.title })}
        </Link>
      </p>
      <h1 className="utrecht-heading-1">{t("advice.mine.title")}</h1>
      {d.notice ? (
        <Alert type="ok">
          <p className="utrecht-paragraph">{t(`advice.mine.notice.${d.notice}`)}</p>
        </Alert>
      ) : null}
      {!v ? (
        <p className="utrecht-paragraph">{t("advice.mine.none")}</p>
      ) : (
        <>
          <p className="utrecht-paragraph">
            {t("advice.mine.lead", {
              number: v.number,
              date: formatDate(v.snapshot.sharedAt, lang),
              by: v.snapshot.sharedBy ?? "–",
            })}
          </p>
          <p className="utrecht-paragraph">
            <a className="utrecht-link" href={`/casussen/${d.id}/advies/${v.number}.pdf`} download>
              {t("advice.mine.download", { number: v.number })}
            </a>
          </p>

          {d.realisation.length > 0 ? (
            <section aria-labelledby="plan-title" className="spot-section">
              <h2 id="plan-title" className="utrecht-heading-2">
                {t("advice.realisation.mineTitle")}
              </h2>
              <RealisationTable items={d.realisation} />
            </section>
          ) : null}

          <section aria-labelledby="situation-title" className="spot-section">
            <h2 id="situation-title" className="utrecht-heading-2">
              {t("advice.text.situation")}
            </h2>
            <Paragraphs text={v.snapshot.situation} empty={t("advice.text.empty")} />
            {v.snapshot.scan ? <ScanChartSection scan={v.snapshot.scan} id="scan" /> : null}
            <h2 className="utrecht-heading-2">{t("advice.text.problem")}</h2>
            <Paragraphs text={v.snapshot.problem} empty={t("advice.text.empty")} />
          </section>

          <section aria-labelledby="decide-title" className="spot-section">
            <h2 id="decide-title" className="utrecht-heading-2">
              {t("advice.mine.actionsTitle")}
            </h2>
            <p className="utrecht-paragraph">
              {t(d.canDecide ? "advice.mine.decideLead" : "advice.mine.teamPreview")}
            </p>
            {errorList.length > 0 ? (
              <div
                className="utrecht-alert utrecht-alert--error spot-error-summary"
                role="alert"
                tabIndex={-1}
              >
                <h3 className="utrecht-heading-3">{t("form.errorSummary")}</h3>
                <ul className="utrecht-unordered-list">
                  {errorList.map(([k, msg]) => {
                    const itemId = k.split(".")[1];
                    const item = v.snapshot.items.find((i) => i.id === itemId);
                    return (
                      <li key={k} className="utrecht-unordered-list__item">
                        {item ? (
                          <a className="utrecht-link" href={`#${k.replace(".", "-")}`}>
                            {item.title}: {t(msg)}
                          </a>
                        ) : (
                          t(msg)
                        )}
                      </li>
                    );
                  })}
                </ul>
              </div>
            ) : null}
            <Form method="post" className="spot-form">
              <input type="hidden" name="versionId" value={v.id} />
              <ol className="spot-advice__items">
                {v.snapshot.items.map((item, n) => {
                  const current =
                    values[`decision.${item.id}`] ?? v.decisions[item.id]?.decision ?? "";
                  const reason = values[`reason.${item.id}`] ?? v.decisions[item.id]?.reason ?? "";
                  const decisionError = errors[`decision.${item.id}`];
                  const reasonError = errors[`reason.${item.id}`];
                  return (
                    <li key={item.id} className="spot-advice__item">
                      <h3 className="utrecht-heading-3">
                        {t("advice.items.numbered", { n: n + 1, title: item.title })}
                      </h3>
                      <ActionFacts item={item} all={v.snapshot.items} />
                      <fieldset
                        className={`utrecht-form-fieldset utrecht-form-fieldset--html-fieldset spot-advice__decision${decisionError ? " utrecht-form-field--invalid" : ""}`}
                        aria-describedby={decisionError ? `decision-${item.id}-error` : undefined}
                      >
                        <legend className="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">
                          {t("advice.mine.decisionLegend", { title: item.title })}
                        </legend>
                        {decisionError ? (
                          <div
                            className="utrecht-form-field__error-message utrecht-form-field-error-message"
                            id={`decision-${item.id}-error`}
                          >
                            {t(decisionError)}
                          </div>
                        ) : null}
                        <div className="spot-advice__radios" id={`decision-${item.id}`}>
                          {DECISIONS.map((option: Decision) => (
                            <div key={option} className="spot-check">
                              <input
                                type="radio"
                                className="utrecht-radio-button utrecht-radio-button--html-input"
                                id={`decision-${item.id}-${option}`}
                                name={`decision.${item.id}`}
                                value={option}
                                defaultChecked={current === option}
                                disabled={!d.canDecide}
                              />
                              <label
                                className="utrecht-form-label"
                                htmlFor={`decision-${item.id}-${option}`}
                              >
                                {t(`advice.decision.${option}`)}
                              </label>
                            </div>
                          ))}
                        </div>
                      </fieldset>
                      <div
                        className={`utrecht-form-field utrecht-form-field--textarea${reasonError ? " utrecht-form-field--invalid" : ""}`}
                      >
                        <div className="utrecht-form-field__label">
                          <label className="utrecht-form-label" htmlFor={`reason-${item.id}`}>
                            {t("advice.mine.reason", { title: item.title })}
                          </label>
                        </div>
                        <div
                          className="utrecht-form-field__description utrecht-form-field-description"
                          id={`reason-${item.id}-description`}
                        >
                          {t("advice.mine.reasonHint")}
                        </div>
                        {reasonError ? (
                          <div
                            className="utrecht-form-field__error-message utrecht-form-field-error-message"
                            id={`reason-${item.id}-error`}
                          >
                            {t(reasonError)}
                          </div>
                        ) : null}
                        <div className="utrecht-form-field__input">
                          <textarea
                            id={`reason-${item.id}`}
                            name={`reason.${item.id}`}
                            rows={2}
                            maxLength={REASON_MAX}
                            defaultValue={reason}
                            disabled={!d.canDecide}
                            aria-invalid={reasonError ? true : undefined}
                            aria-describedby={[
                              `reason-${item.id}-description`,
                              reasonError ? `reason-${item.id}-error` : null,
                            ]
                              .filter(Boolean)
                              .join(" ")}
                            className={`utrecht-textarea utrecht-textarea--html-textarea${reasonError ? " utrecht-textarea--invalid" : ""}`}
                          />
                        </div>
                      </div>
                    </li>
                  );
                })}
              </ol>
              {d.canDecide ? <SubmitButton>{t("advice.mine.submit")}</SubmitButton> : null}
            </Form>
          </section>

          <section aria-labelledby="totals-title" className="spot-section">
            <h2 id="totals-title" className="utrecht-heading-2">
              {t("advice.totals.title")}
            </h2>
            <Totals totals={v.snapshot.totals} id="totals" />
          </section>
          <section aria-labelledby="roadmap-title" className="spot-section">
            <h2 id="roadmap-title" className="utrecht-heading-2">
              {t("advice.roadmap.title")}
            </h2>
            <Roadmap items={v.snapshot.items} id="roadmap" />
          </section>
          <section aria-labelledby="next-title" className="spot-section">
            <h2 id="next-title" className="utrecht-heading-2">
              {t("advice.text.nextSteps")}
            </h2>
            <Paragraphs text={v.snapshot.nextSteps} empty={t("advice.text.empty")} />
          </section>
          <p className="utrecht-paragraph spot-advice__muted">
            {t("advice.mine.sharedAt", { at: formatDateTime(v.snapshot.sharedAt, lang) })}
          </p>
        </>
      )}
    </div>
  );
}
