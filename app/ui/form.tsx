/**
 * Form building blocks over NL Design System (Utrecht) CSS, wired to Conform. Error messages
 * are i18n keys (the Zod schemas use keys as messages) and are translated here, so one schema
 * serves both languages.
 *
 * Pattern: the route's action parses with `parseWithZod(formData, { schema })` and returns
 * `submission.reply({ hideFields: ["password"] })`; the component calls
 * `useForm({ lastResult, constraint: formConstraints.<form> })` and renders <Field>s. Validation
 * runs on the server only (zod stays out of the browser, docs/decisions/011): with and without
 * JavaScript the server's reply fills in the errors and the typed values; the constraint
 * attributes (required, maxLength, …) come from `form-constraints.ts`, generated from the schemas.
 */
import { type FieldMetadata, getInputProps } from "@conform-to/react";
import type { ReactNode } from "react";
import { useT } from "~/i18n/use-t";

type AnyField = FieldMetadata<string | undefined> | FieldMetadata<string>;

export function useErrorText() {
  const { t } = useT();
  return (errors: string[] | undefined) =>
    errors && errors.length > 0 ? errors.map((e) => t(e)).join(" ") : undefined;
}

export interface FieldProps {
  field: AnyField;
  label: string;
  description?: string;
  type?: "text" | "email" | "password" | "tel" | "number" | "url" | "date";
  autoComplete?: string;
  inputMode?: "text" | "numeric" | "email" | "tel";
  /** Keep the typed value out of the re-rendered form (passwords). */
  secret?: boolean;
  optional?: boolean;
}

export function Field({
  field,
  label,
  description,
  type = "text",
  autoComplete,
  inputMode,
  secret,
  optional,
}: FieldProps) {
  const { t } = useT();
  const errorText = useErrorText()(field.errors);
  const descId = description ? `${field.id}-description` : undefined;
  const props = getInputProps(field as FieldMetadata<string>, {
    type: type === "date" ? "date" : (type as "text"),
    ariaDescribedBy: descId,
  });
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
      {description ? (
        <div className="utrecht-form-field__description utrecht-form-field-description" id={descId}>
          {description}
        </div>
      ) : null}
      {errorText ? (
        <div
          className="utrecht-form-field__error-message utrecht-form-field-error-message"
          id={field.errorId}
        >
          {errorText}
        </div>
      ) : null}
      <div className="utrecht-form-field__input">
        <input
          {...props}
          key={props.key}
          defaultValue={secret ? undefined : props.defaultValue}
          className={`utrecht-textbox utrecht-textbox--html-input${errorText ? " utrecht-textbox--invalid" : ""}`}
          autoComplete={autoComplete}
          inputMode={inputMode}
        />
      </div>
    </div>
  );
}

/** A summary of the form's errors above it, each linking to its field (announced on load). */
export function ErrorSummary({
  fields,
  formErrors,
}: {
  fields: { field: AnyField; label: string }[];
  formErrors?: string[];
}) {
  const { t } = useT();
  const text = useErrorText();
  const items = fields.filter((f) => f.field.errors && f.field.errors.length > 0);
  const general = text(formErrors);
  if (items.length === 0 && !general) return null;
  return (
    <div
      className="utrecht-alert utrecht-alert--error spot-error-summary"
      role="alert"
      tabIndex={-1}
    >
      <h2 className="utrecht-heading-3">{t("form.errorSummary")}</h2>
      {general ? <p className="utrecht-paragraph">{general}</p> : null}
      {items.length > 0 ? (
        <ul className="utrecht-unordered-list">
          {items.map((f) => (
            <li key={f.field.id} className="utrecht-unordered-list__item">
              <a className="utrecht-link" href={`#${f.field.id}`}>
                {f.label}: {text(f.field.errors)}
              </a>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

export function SubmitButton({
  children,
  secondary,
  name,
  value,
}: {
  children: ReactNode;
  secondary?: boolean;
  name?: string;
  value?: string;
}) {
  return (
    <button
      type="submit"
      name={name}
      value={value}
      className={`utrecht-button ${secondary ? "utrecht-button--secondary-action" : "utrecht-button--primary-action"}`}
    >
      {children}
    </button>
  );
}

export function Alert({
  type,
  children,
}: {
  type: "info" | "ok" | "warning" | "error";
  children: ReactNode;
}) {
  return (
    <div
      className={`utrecht-alert utrecht-alert--${type} spot-alert spot-alert--${type}`}
      role={type === "error" ? "alert" : "status"}
    >
      {children}
    </div>
  );
}
