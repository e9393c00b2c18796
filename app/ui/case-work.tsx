/**
 * Building blocks of the team's work pages under /casussen/:id (activity, hours, tasks, note,
 * documents): the page head with the way back to the case, a duration in words, and the
 * `links` every one of these pages loads.
 */
import type { FieldMetadata } from "@conform-to/react";
import { Link } from "react-router";
import { getT, isLang, type Lang } from "~/i18n/i18n";
import { useT } from "~/i18n/use-t";
import caseWorkCss from "~/styles/case-work.css?url";
import intakeCss from "~/styles/intake.css?url";
import { adminLinks } from "./admin";
import { useErrorText } from "./form";

export const caseWorkLinks = () => [
  ...adminLinks(),
  { rel: "stylesheet", href: intakeCss },
  { rel: "stylesheet", href: caseWorkCss },
];

/** A page title "<what> – <case> | SPOT 035" from the page's loader data. */
export function caseWorkMeta(
  titleKey: string,
  matches: ReadonlyArray<{ data?: unknown } | undefined>,
  data: { reference?: string } | undefined,
) {
  const lang = (matches[0]?.data as { lang?: string } | undefined)?.lang;
  const t = getT(isLang(lang) ? lang : "nl");
  return [
    {
      title: t("caseWork.meta.title", {
        page: t(titleKey),
        reference: data?.reference ?? "",
      }),
    },
  ];
}

export interface CaseHead {
  id: string;
  reference: string;
  title: string;
}

export function CaseWorkHeader({ c, title }: { c: CaseHead; title: string }) {
  const { t } = useT();
  return (
    <>
      <p className="utrecht-paragraph spot-case-work__back">
        <Link className="utrecht-link" to={`/casussen/${c.id}`}>
          {t("caseWork.back", { title: c.title })}
        </Link>
      </p>
      <h1 className="utrecht-heading-1">{title}</h1>
      <p className="utrecht-paragraph spot-case-work__case">
        {t("caseWork.caseLine", { reference: c.reference, title: c.title })}
      </p>
    </>
  );
}

/** "1 uur en 30 minuten", "45 minuten". */
export function formatMinutes(total: number, lang: Lang): string {
  const t = getT(lang);
  const h = Math.floor(total / 60);
  const m = total % 60;
  if (h === 0) return t("caseWork.duration.minutes", { count: m });
  if (m === 0) return t("caseWork.duration.hours", { count: h });
  return t("caseWork.duration.both", {
    hours: t("caseWork.duration.hours", { count: h }),
    minutes: t("caseWork.duration.minutes", { count: m }),
  });
}

/** A checkbox or radio group in the error summary: its link goes to the group's first input. */
export function groupField(field: { id: string; errors: string[] | undefined }, firstId: string) {
  return { id: firstId, errors: field.errors } as unknown as FieldMetadata<string>;
}

/** What these inputs need of a Conform field (of any value type: text, number, date). */
interface InputField {
  id: string;
  name: string;
  formId: string;
  errorId: string;
  key?: string | undefined;
  initialValue?: unknown;
  errors?: string[] | undefined;
}

/** A field of any value type, for the error summary (which only reads id and errors). */
export const summaryField = (f: { id: string; errors?: string[] | undefined }) =>
  f as unknown as FieldMetadata<string>;

/** A date field with limits (the shared Field has no min/max). */
export function DateInput(props: {
  field: InputField;
  label: string;
  description: string;
  min: string;
  max?: string;
  optional?: boolean;
}) {
  return <LimitedInput {...props} type="date" />;
}

export function NumberInput(props: {
  field: InputField;
  label: string;
  description: string;
  min: number;
  max: number;
  suffix?: string;
  optional?: boolean;
  /** Not required on its own (one of a pair), without the "optional" mark. */
  notRequired?: boolean;
}) {
  return <LimitedInput {...props} type="number" />;
}

function LimitedInput({
  field,
  label,
  description,
  min,
  max,
  suffix,
  optional,
  notRequired,
  type,
}: {
  field: InputField;
  label: string;
  description: string;
  min: string | number;
  max?: string | number;
  suffix?: string;
  optional?: boolean;
  notRequired?: boolean;
  type: "date" | "number";
}) {
  const { t } = useT();
  const errorText = useErrorText()(field.errors);
  const descId = `${field.id}-description`;
  const describedBy = [descId, errorText ? field.errorId : null].filter(Boolean).join(" ");
  return (
    <div
      className={`utrecht-form-field utrecht-form-field--text${errorText ? " utrecht-form-field--invalid" : ""}`}
    >
      <div className="utrecht-form-field__label">
        <label className="utrecht-form-label" htmlFor={field.id}>
          {label}
          {optional ? <span className="spot-optional"> ({t("form.optional")})</span> : null}
        </label>
      </div>
      <div className="utrecht-form-field__description utrecht-form-field-description" id={descId}>
        {description}
      </div>
      {errorText ? (
        <div
          className="utrecht-form-field__error-message utrecht-form-field-error-message"
          id={field.errorId}
        >
          {errorText}
        </div>
      ) : null}
      <div className="utrecht-form-field__input spot-case-work__input">
        <input
          key={field.key}
          id={field.id}
          name={field.name}
          form={field.formId}
          type={type}
          defaultValue={typeof field.initialValue === "string" ? field.initialValue : undefined}
          required={!optional && !notRequired}
          min={min}
          max={max}
          step={type === "number" ? 1 : undefined}
          inputMode={type === "number" ? "numeric" : undefined}
          aria-invalid={errorText ? true : undefined}
          aria-describedby={describedBy}
          className={`utrecht-textbox utrecht-textbox--html-input spot-case-work__${type}${errorText ? " utrecht-textbox--invalid" : ""}`}
        />
        {suffix ? (
          <span className="spot-case-work__suffix" aria-hidden="true">
            {suffix}
          </span>
        ) : null}
      </div>
    </div>
  );
}
