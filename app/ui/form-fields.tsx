/**
 * More Conform-wired form fields over NL Design System (Utrecht) CSS, next to `Field` in
 * form.tsx: a textarea, a select and a group of radio buttons (a fieldset with a legend).
 * Error messages are i18n keys, translated here; without JavaScript the server's reply fills
 * in the same errors and values.
 */
import {
  type FieldMetadata,
  getCollectionProps,
  getSelectProps,
  getTextareaProps,
} from "@conform-to/react";
import { useT } from "~/i18n/use-t";
import { useErrorText } from "./form";

type AnyField = FieldMetadata<string | undefined> | FieldMetadata<string>;

function Label({
  htmlFor,
  label,
  optional,
}: {
  htmlFor: string;
  label: string;
  optional?: boolean;
}) {
  const { t } = useT();
  return (
    <div className="utrecht-form-field__label">
      <label className="utrecht-form-label" htmlFor={htmlFor}>
        {label}
        {optional ? <span className="spot-optional"> ({t("form.optional")})</span> : null}
      </label>
    </div>
  );
}

function Description({ id, text }: { id: string; text?: string }) {
  return text ? (
    <div className="utrecht-form-field__description utrecht-form-field-description" id={id}>
      {text}
    </div>
  ) : null;
}

function ErrorMessage({ id, text }: { id: string; text?: string }) {
  return text ? (
    <div className="utrecht-form-field__error-message utrecht-form-field-error-message" id={id}>
      {text}
    </div>
  ) : null;
}

export function TextareaField({
  field,
  label,
  description,
  rows = 6,
  optional,
}: {
  field: AnyField;
  label: string;
  description?: string;
  rows?: number;
  optional?: boolean;
}) {
  const errorText = useErrorText()(field.errors);
  const descId = `${field.id}-description`;
  const props = getTextareaProps(field as FieldMetadata<string>, {
    ariaDescribedBy: description ? descId : undefined,
  });
  return (
    <div
      className={`utrecht-form-field utrecht-form-field--textarea${errorText ? " utrecht-form-field--invalid" : ""}`}
    >
      <Label htmlFor={field.id} label={label} optional={optional} />
      <Description id={descId} text={description} />
      <ErrorMessage id={field.errorId} text={errorText} />
      <div className="utrecht-form-field__input">
        <textarea
          {...props}
          key={props.key}
          rows={rows}
          className={`utrecht-textarea utrecht-textarea--html-textarea spot-textarea${errorText ? " utrecht-textarea--invalid" : ""}`}
        />
      </div>
    </div>
  );
}

export function SelectField({
  field,
  label,
  description,
  placeholder,
  options,
  optional,
}: {
  field: AnyField;
  label: string;
  description?: string;
  /** The first, empty choice ("Kies …"). */
  placeholder: string;
  options: { value: string; label: string }[];
  optional?: boolean;
}) {
  const errorText = useErrorText()(field.errors);
  const descId = `${field.id}-description`;
  const props = getSelectProps(field as FieldMetadata<string>, {
    ariaDescribedBy: description ? descId : undefined,
  });
  return (
    <div
      className={`utrecht-form-field utrecht-form-field--select${errorText ? " utrecht-form-field--invalid" : ""}`}
    >
      <Label htmlFor={field.id} label={label} optional={optional} />
      <Description id={descId} text={description} />
      <ErrorMessage id={field.errorId} text={errorText} />
      <div className="utrecht-form-field__input">
        <select
          {...props}
          key={props.key}
          className={`utrecht-select utrecht-select--html-select spot-select${errorText ? " utrecht-select--invalid" : ""}`}
        >
          <option value="">{placeholder}</option>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}

export function RadioGroupField({
  field,
  legend,
  description,
  options,
}: {
  field: AnyField;
  legend: string;
  description?: string;
  options: { value: string; label: string }[];
}) {
  const errorText = useErrorText()(field.errors);
  const descId = `${field.id}-description`;
  const radios = getCollectionProps(field as FieldMetadata<string>, {
    type: "radio",
    options: options.map((o) => o.value),
  });
  const describedBy =
    [description ? descId : null, errorText ? field.errorId : null].filter(Boolean).join(" ") ||
    undefined;
  return (
    <fieldset
      className={`utrecht-form-fieldset utrecht-form-fieldset--html-fieldset spot-radio-group${errorText ? " utrecht-form-fieldset--invalid utrecht-form-field--invalid" : ""}`}
      aria-describedby={describedBy}
      id={field.id}
      tabIndex={-1}
    >
      <legend className="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">
        {legend}
      </legend>
      <Description id={descId} text={description} />
      <ErrorMessage id={field.errorId} text={errorText} />
      <ul className="spot-radio-group__list">
        {radios.map((r, i) => {
          // The fieldset carries the description and error; each radio only its own label.
          const { key, "aria-describedby": _d, "aria-invalid": _i, ...props } = r;
          return (
            <li key={key} className="utrecht-form-field utrecht-form-field--radio spot-radio">
              <input
                {...props}
                id={`${field.id}-${r.value}`}
                className="utrecht-radio-button utrecht-radio-button--html-input"
              />
              <label
                className="utrecht-form-label utrecht-form-label--radio"
                htmlFor={`${field.id}-${r.value}`}
              >
                {options[i]!.label}
              </label>
            </li>
          );
        })}
      </ul>
    </fieldset>
  );
}
