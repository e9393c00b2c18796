/**
 * The catalogue editor's form (/beheer/acties/:id and /beheer/acties/nieuw): every field of an
 * action in Dutch and English. Works without JavaScript (the server's reply fills in the errors
 * and the typed values).
 */
import {
  type FieldMetadata,
  getCollectionProps,
  getFormProps,
  type SubmissionResult,
  useForm,
} from "@conform-to/react";
import { Form } from "react-router";
import type { z } from "zod";
import { useT } from "~/i18n/use-t";
import type { actionFormSchema } from "~/modules/advice/catalogue-form";
import { EFFORTS } from "~/modules/advice/form-limits";
import { THEMES } from "~/modules/reference/themes";
import { formConstraints } from "~/ui/form-constraints";
import { ErrorSummary, Field, SubmitButton, useErrorText } from "./form";
import { SelectField, TextareaField } from "./form-fields";

type Choice = { value: string; label: string };

/** A number field, rendered as a text input of the form (the schema parses the number). */
const asText = (f: unknown) => f as FieldMetadata<string>;

/** A checkbox group in the error summary: its link goes to the first box. */
function groupField(field: { id: string; errors: string[] | undefined }) {
  return { id: `${field.id}-first`, errors: field.errors } as unknown as FieldMetadata<string>;
}

function CheckGroup({
  field,
  legend,
  description,
  options,
}: {
  field: FieldMetadata<string[] | undefined>;
  legend: string;
  description?: string;
  options: Choice[];
}) {
  const errorText = useErrorText()(field.errors);
  const boxes = getCollectionProps(field as unknown as FieldMetadata<string[]>, {
    type: "checkbox",
    options: options.map((o) => o.value),
  });
  const descId = `${field.id}-help`;
  const describedBy =
    [description ? descId : null, errorText ? field.errorId : null].filter(Boolean).join(" ") ||
    undefined;
  return (
    <fieldset
      className={`utrecht-form-fieldset utrecht-form-fieldset--html-fieldset spot-action-checks${errorText ? " utrecht-form-field--invalid" : ""}`}
      aria-describedby={describedBy}
    >
      <legend className="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">
        {legend}
      </legend>
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
      <ul className="spot-checks spot-action-checks__list">
        {boxes.map(({ key, "aria-describedby": _d, "aria-invalid": _i, ...props }, i) => {
          const id = i === 0 ? `${field.id}-first` : props.id;
          return (
            <li key={key ?? props.value} className="spot-check">
              <input
                {...props}
                id={id}
                required={false}
                className="utrecht-checkbox utrecht-checkbox--html-input"
              />
              <label className="utrecht-form-label utrecht-form-label--checkbox" htmlFor={id}>
                {options[i]!.label}
              </label>
            </li>
          );
        })}
      </ul>
    </fieldset>
  );
}

export function ActionForm({
  mode,
  defaultValue,
  lastResult,
  version,
  choices,
}: {
  mode: "edit" | "new";
  defaultValue?: Record<string, string | string[]>;
  lastResult?: SubmissionResult<string[]> | null;
  /** The version the next save is checked against (after a conflict: the current one). */
  version: number | null;
  choices: { actions: Choice[]; initiatives: Choice[] };
}) {
  const { t } = useT();
  const [form, fields] = useForm<z.input<typeof actionFormSchema>>({
    id: "action",
    lastResult: lastResult ?? undefined,
    // Strings as the form posts them (numbers and lists are parsed by the schema).
    defaultValue: defaultValue as never,
    constraint: formConstraints.actionForm,
  });
  const themeOptions = THEMES.map((th) => ({ value: th, label: t(`theme.${th}`) }));
  const label = (k: string) => t(`actions.edit.${k}`);
  const summary = [
    ...(mode === "new" ? [{ field: fields.id, label: label("id") }] : []),
    { field: fields.theme, label: label("theme") },
    { field: fields.titleNl, label: label("titleNl") },
    { field: fields.titleEn, label: label("titleEn") },
    { field: fields.descriptionNl, label: label("descriptionNl") },
    { field: fields.descriptionEn, label: label("descriptionEn") },
    { field: fields.costOnceMin, label: label("costOnceMin") },
    { field: fields.costOnceMax, label: label("costOnceMax") },
    { field: fields.costMonthlyMin, label: label("costMonthlyMin") },
    { field: fields.costMonthlyMax, label: label("costMonthlyMax") },
    { field: fields.effort, label: label("effort") },
    { field: fields.durationWeeks, label: label("durationWeeks") },
    { field: fields.effectNl, label: label("effectNl") },
    { field: fields.effectEn, label: label("effectEn") },
    { field: fields.indicatorNl, label: label("indicatorNl") },
    { field: fields.indicatorEn, label: label("indicatorEn") },
    { field: groupField(fields.prerequisites), label: label("prerequisites") },
    { field: groupField(fields.subsidies), label: label("subsidies") },
    { field: groupField(fields.providerThemes), label: label("providerThemes") },
    { field: fields.trainings, label: label("trainings") },
    { field: fields.sectors, label: label("sectors") },
    { field: fields.minEmployees, label: label("minEmployees") },
    { field: fields.triggers, label: label("triggers") },
  ] as { field: FieldMetadata<string>; label: string }[];
  const activeChecked =
    (fields.active.initialValue ?? fields.active.value) === "on" || (mode === "new" && !lastResult);
  return (
    <>
      <ErrorSummary fields={summary} formErrors={form.errors} />
      <Form method="post" {...getFormProps(form)} className="spot-form spot-action-form">
        {version !== null ? <input type="hidden" name="version" value={version} /> : null}
        <section aria-labelledby="action-general" className="spot-section">
          <h2 id="action-general" className="utrecht-heading-2">
            {label("general")}
          </h2>
          {mode === "new" ? (
            <Field
              field={fields.id}
              label={label("id")}
              description={label("idHelp")}
              autoComplete="off"
            />
          ) : null}
          <SelectField
            field={fields.theme}
            label={label("theme")}
            placeholder={label("chooseTheme")}
            options={themeOptions}
          />
          <div className="utrecht-form-field utrecht-form-field--checkbox spot-check">
            <input
              type="checkbox"
              id="action-active"
              name="active"
              value="on"
              defaultChecked={activeChecked}
              className="utrecht-checkbox utrecht-checkbox--html-input"
            />
            <label
              className="utrecht-form-label utrecht-form-label--checkbox"
              htmlFor="action-active"
            >
              {label("active")}
            </label>
          </div>
        </section>

        <section aria-labelledby="action-texts" className="spot-section">
          <h2 id="action-texts" className="utrecht-heading-2">
            {label("texts")}
          </h2>
          <Field field={fields.titleNl} label={label("titleNl")} autoComplete="off" />
          <Field field={fields.titleEn} label={label("titleEn")} autoComplete="off" />
          <TextareaField field={fields.descriptionNl} label={label("descriptionNl")} rows={4} />
          <TextareaField field={fields.descriptionEn} label={label("descriptionEn")} rows={4} />
        </section>

        <section aria-labelledby="action-costs" className="spot-section">
          <h2 id="action-costs" className="utrecht-heading-2">
            {label("costs")}
          </h2>
          <div className="spot-action-pair">
            <Field
              field={asText(fields.costOnceMin)}
              label={label("costOnceMin")}
              description={label("costHelp")}
              type="number"
              inputMode="numeric"
            />
            <Field
              field={asText(fields.costOnceMax)}
              label={label("costOnceMax")}
              description={label("costHelp")}
              type="number"
              inputMode="numeric"
            />
          </div>
          <div className="spot-action-pair">
            <Field
              field={asText(fields.costMonthlyMin)}
              label={label("costMonthlyMin")}
              description={label("costHelp")}
              type="number"
              inputMode="numeric"
            />
            <Field
              field={asText(fields.costMonthlyMax)}
              label={label("costMonthlyMax")}
              description={label("costHelp")}
              type="number"
              inputMode="numeric"
            />
          </div>
          <SelectField
            field={fields.effort}
            label={label("effort")}
            placeholder={label("chooseEffort")}
            options={EFFORTS.map((e) => ({ value: e, label: t(`actions.effort.${e}`) }))}
          />
          <Field
            field={asText(fields.durationWeeks)}
            label={label("durationWeeks")}
            type="number"
            inputMode="numeric"
          />
        </section>

        <section aria-labelledby="action-effect" className="spot-section">
          <h2 id="action-effect" className="utrecht-heading-2">
            {label("effectSection")}
          </h2>
          <TextareaField field={fields.effectNl} label={label("effectNl")} rows={3} />
          <TextareaField field={fields.effectEn} label={label("effectEn")} rows={3} />
          <TextareaField
            field={fields.indicatorNl}
            label={label("indicatorNl")}
            description={label("indicatorHelp")}
            rows={3}
          />
          <TextareaField
            field={fields.indicatorEn}
            label={label("indicatorEn")}
            description={label("indicatorHelp")}
            rows={3}
          />
        </section>

        <section aria-labelledby="action-links" className="spot-section">
          <h2 id="action-links" className="utrecht-heading-2">
            {label("links")}
          </h2>
          <CheckGroup
            field={fields.prerequisites}
            legend={label("prerequisites")}
            description={label("prerequisitesHelp")}
            options={choices.actions}
          />
          <CheckGroup
            field={fields.subsidies}
            legend={label("subsidies")}
            options={choices.initiatives}
          />
          <CheckGroup
            field={fields.providerThemes}
            legend={label("providerThemes")}
            options={themeOptions}
          />
          <TextareaField
            field={fields.trainings}
            label={label("trainings")}
            description={label("trainingsHelp")}
            rows={3}
            optional
          />
          <Field
            field={fields.sectors}
            label={label("sectors")}
            description={label("sectorsHelp")}
            optional
            autoComplete="off"
          />
          <Field
            field={asText(fields.minEmployees)}
            label={label("minEmployees")}
            type="number"
            inputMode="numeric"
            optional
          />
        </section>

        <section aria-labelledby="action-triggers" className="spot-section">
          <h2 id="action-triggers" className="utrecht-heading-2">
            {label("triggersSection")}
          </h2>
          <TextareaField
            field={fields.triggers}
            label={label("triggers")}
            description={label("triggersHelp")}
            rows={14}
            optional
          />
        </section>

        <SubmitButton>{mode === "new" ? label("create") : label("save")}</SubmitButton>
      </Form>
    </>
  );
}
