/**
 * One scan question as form controls, for every question type. Plain HTML inputs in
 * fieldsets with legends: they work by keyboard, with screen readers and without JavaScript.
 */

import type { Lang } from "~/i18n/i18n";
import type { AnswerValue } from "~/modules/scans/answers";
import { fieldName } from "~/modules/scans/form-values";
import type { Question, Text } from "~/modules/scans/instrument";

interface Props {
  q: Question;
  value: AnswerValue | undefined;
  lang: Lang;
  error?: string;
  errorId: string;
}

const tx = (t: Text | undefined, lang: Lang) => (t ? t[lang] : "");

export function ScanQuestion({ q, value, lang, error, errorId }: Props) {
  const describedBy =
    [q.help ? `${q.id}-help` : null, error ? errorId : null].filter(Boolean).join(" ") || undefined;
  const help = q.help ? (
    <p className="utrecht-form-field-description spot-question__help" id={`${q.id}-help`}>
      {tx(q.help, lang)}
    </p>
  ) : null;
  const errorEl = error ? (
    <p className="utrecht-form-field-error-message" id={errorId}>
      {error}
    </p>
  ) : null;

  if (q.type === "text" || q.type === "number") {
    return (
      <div
        className={`utrecht-form-field spot-question${error ? " utrecht-form-field--invalid" : ""}`}
      >
        <label className="utrecht-form-label spot-question__label" htmlFor={q.id}>
          {tx(q.label, lang)}
        </label>
        {help}
        {errorEl}
        {q.type === "text" ? (
          <textarea
            id={q.id}
            name={q.id}
            className="utrecht-textarea spot-question__textarea"
            rows={4}
            maxLength={q.maxLength}
            defaultValue={typeof value === "string" ? value : ""}
            aria-describedby={describedBy}
            aria-invalid={error ? true : undefined}
            required={q.required}
          />
        ) : (
          <span className="spot-question__number">
            <input
              id={q.id}
              name={q.id}
              type="number"
              inputMode={q.integer ? "numeric" : "decimal"}
              min={q.min}
              max={q.max}
              step={q.integer ? 1 : "any"}
              className="utrecht-textbox utrecht-textbox--html-input"
              defaultValue={typeof value === "number" ? value : ""}
              aria-describedby={describedBy}
              aria-invalid={error ? true : undefined}
              required={q.required}
            />
            {q.unit ? <span> {tx(q.unit, lang)}</span> : null}
          </span>
        )}
      </div>
    );
  }

  return (
    <fieldset
      className={`utrecht-form-fieldset spot-question${error ? " utrecht-form-field--invalid" : ""}`}
      aria-describedby={describedBy}
    >
      <legend className="utrecht-form-fieldset__legend spot-question__label">
        {tx(q.label, lang)}
      </legend>
      {help}
      {errorEl}
      {q.type === "single" || q.type === "multi" ? (
        <ul className="spot-choices">
          {q.options.map((o) => {
            const checked = Array.isArray(value) ? value.includes(o.id) : value === o.id;
            const id = `${q.id}-${o.id}`;
            return (
              <li key={o.id} className="spot-choice">
                <input
                  type={q.type === "single" ? "radio" : "checkbox"}
                  id={id}
                  name={q.id}
                  value={o.id}
                  defaultChecked={checked}
                  className={
                    q.type === "single"
                      ? "utrecht-radio-button utrecht-radio-button--html-input"
                      : "utrecht-checkbox utrecht-checkbox--html-input"
                  }
                  data-exclusive={o.exclusive ? "true" : undefined}
                  aria-describedby={o.help ? `${id}-help` : undefined}
                />
                <label className="utrecht-form-label utrecht-form-label--radio" htmlFor={id}>
                  {tx(o.label, lang)}
                  {o.exclusive ? (
                    <span className="spot-choice__note">
                      {" "}
                      ({lang === "en" ? "excludes the others" : "sluit de andere uit"})
                    </span>
                  ) : null}
                </label>
                {o.help ? (
                  <p className="spot-choice__help" id={`${id}-help`}>
                    {tx(o.help, lang)}
                  </p>
                ) : null}
              </li>
            );
          })}
        </ul>
      ) : null}
      {q.type === "scale" ? (
        <div className="spot-scale">
          <span className="spot-scale__end" aria-hidden="true">
            {tx(q.minLabel, lang)}
          </span>
          <ul className="spot-scale__options">
            {Array.from({ length: q.max - q.min + 1 }, (_, i) => q.min + i).map((n) => {
              const id = `${q.id}-${n}`;
              const label =
                n === q.min
                  ? `${n} – ${tx(q.minLabel, lang)}`
                  : n === q.max
                    ? `${n} – ${tx(q.maxLabel, lang)}`
                    : String(n);
              return (
                <li key={n}>
                  <input
                    type="radio"
                    id={id}
                    name={q.id}
                    value={n}
                    defaultChecked={value === n}
                    className="utrecht-radio-button utrecht-radio-button--html-input"
                  />
                  <label htmlFor={id} className="utrecht-form-label">
                    <span aria-hidden="true">{n}</span>
                    <span className="spot-visually-hidden">{label}</span>
                  </label>
                </li>
              );
            })}
          </ul>
          <span className="spot-scale__end" aria-hidden="true">
            {tx(q.maxLabel, lang)}
          </span>
        </div>
      ) : null}
      {q.type === "graded-rows" || q.type === "per-row" ? (
        <div className="spot-grid">
          {q.rows.map((r) => {
            const rowValue = (value as Record<string, unknown> | undefined)?.[r.id];
            const name = fieldName(q, r.id);
            return (
              <fieldset key={r.id} className="spot-grid__row">
                <legend className="spot-grid__row-label">{tx(r.label, lang)}</legend>
                {r.help ? <p className="spot-choice__help">{tx(r.help, lang)}</p> : null}
                <ul className="spot-grid__options">
                  {(q.type === "graded-rows"
                    ? q.levels.map((l, i) => ({ id: String(i), label: l }))
                    : q.columns
                  ).map((c) => {
                    const id = `${name}-${c.id}`;
                    const multiple = q.type === "per-row" && q.multiple;
                    const checked = multiple
                      ? Array.isArray(rowValue) && rowValue.includes(c.id)
                      : rowValue !== undefined && String(rowValue) === c.id;
                    return (
                      <li key={c.id}>
                        <input
                          type={multiple ? "checkbox" : "radio"}
                          id={id}
                          name={name}
                          value={c.id}
                          defaultChecked={checked}
                          className={
                            multiple
                              ? "utrecht-checkbox utrecht-checkbox--html-input"
                              : "utrecht-radio-button utrecht-radio-button--html-input"
                          }
                        />
                        <label htmlFor={id} className="utrecht-form-label">
                          {q.type === "graded-rows"
                            ? `${c.id} – ${tx(c.label, lang)}`
                            : tx(c.label, lang)}
                        </label>
                      </li>
                    );
                  })}
                </ul>
              </fieldset>
            );
          })}
        </div>
      ) : null}
    </fieldset>
  );
}
