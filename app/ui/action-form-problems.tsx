/** What went wrong when saving a catalogue action beyond field errors: a conflict, rule details. */
import { formatDateTime } from "~/i18n/format";
import { useT } from "~/i18n/use-t";
import type { ActionFormResult } from "~/modules/advice/catalogue-form";
import { Alert } from "./form";

export function ActionFormProblems({ result }: { result: ActionFormResult | null }) {
  const { t, lang } = useT();
  if (!result) return null;
  const c = result.current;
  return (
    <>
      {result.problem === "conflict" && c ? (
        <div
          className="utrecht-alert utrecht-alert--warning spot-error-summary"
          role="alert"
          tabIndex={-1}
        >
          <h2 className="utrecht-heading-3">{t("actions.edit.conflictTitle")}</h2>
          <p className="utrecht-paragraph">
            {t("actions.edit.conflict", {
              who: c.updatedBy ?? t("actions.edit.conflictSomeone"),
              date: formatDateTime(c.updatedAt, lang),
            })}
          </p>
          <h3 className="utrecht-heading-4">{t("actions.edit.current")}</h3>
          <dl className="spot-dl spot-action-current">
            <dt>{t("actions.list.colTitle")}</dt>
            <dd>{c.title}</dd>
            <dt>{t("actions.list.colOnce")}</dt>
            <dd>€ {c.costOnce}</dd>
            <dt>{t("actions.list.colMonthly")}</dt>
            <dd>€ {c.costMonthly}</dd>
            <dt>{t("actions.list.colDuration")}</dt>
            <dd>{t("actions.list.weeks", { count: c.durationWeeks })}</dd>
            <dt>{t("actions.list.colStatus")}</dt>
            <dd>{t(`actions.status.${c.active ? "active" : "inactive"}`)}</dd>
          </dl>
        </div>
      ) : null}
      {result.problem === "notFound" ? (
        <Alert type="error">
          <p className="utrecht-paragraph">{t("actions.edit.notFound")}</p>
        </Alert>
      ) : null}
      {result.details.length > 0 ? (
        <Alert type="error">
          <p className="utrecht-paragraph">{t("actions.edit.referenceProblems")}</p>
          <ul className="utrecht-unordered-list spot-action-details">
            {result.details.map((d) => (
              <li key={d} className="utrecht-unordered-list__item">
                <code>{d}</code>
              </li>
            ))}
          </ul>
        </Alert>
      ) : null}
    </>
  );
}
