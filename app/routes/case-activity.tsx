import { getCollectionProps, getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, Form, redirect } from "react-router";
import type { z } from "zod";
import { formatDate } from "~/i18n/format";
import { useT } from "~/i18n/use-t";
import { requestInfo } from "~/modules/auth/auth.server";
import { loadCaseFor } from "~/modules/cases/access.server";
import { caseContext, logActivity } from "~/modules/cases/cases.server";
import { MAX_COMPANY_PARTICIPANTS, OUTCOME_MAX, todayIso } from "~/modules/cases/form-limits";
import { ACTIVITY_TYPES, EARLIEST_DATE, MAX_MINUTES } from "~/modules/cases/model";
import { activitySchema } from "~/modules/cases/schema";
import { recentActivities, teamOptions } from "~/modules/cases/work.server";
import { TableWrap } from "~/ui/admin";
import {
  CaseWorkHeader,
  caseWorkLinks,
  caseWorkMeta,
  DateInput,
  formatMinutes,
  groupField,
  NumberInput,
  summaryField,
} from "~/ui/case-work";
import { ErrorSummary, SubmitButton, useErrorText } from "~/ui/form";
import { formConstraints } from "~/ui/form-constraints";
import { SelectField, TextareaField } from "~/ui/form-fields";
import type { Route } from "./+types/case-activity";

export const meta: Route.MetaFunction = ({ matches, loaderData }) =>
  caseWorkMeta("caseWork.activity.title", matches, loaderData);
export const links: Route.LinksFunction = caseWorkLinks;

export async function loader({ request, params }: Route.LoaderArgs) {
  const { rt, actor, row } = await loadCaseFor(request, params.id, "case.work");
  const [team, recent] = await Promise.all([
    teamOptions(rt.db, row.id, actor),
    recentActivities(rt.db, row.id),
  ]);
  return {
    id: row.id,
    reference: row.reference,
    title: row.title,
    team,
    recent,
    me: actor.id,
    today: todayIso(),
  };
}

export async function action({ request, params, context }: Route.ActionArgs) {
  const { rt, actor, row } = await loadCaseFor(request, params.id, "case.work");
  const submission = parseWithZod(await request.formData(), { schema: activitySchema });
  if (submission.status !== "success") {
    return data({ result: submission.reply() }, { status: 400 });
  }
  const ctx = caseContext(rt, actor, requestInfo(request, context).ip);
  const done = await logActivity(ctx, row.id, submission.value);
  if (!done.ok) {
    const message = `cases.problem.${done.problem}`;
    return data(
      {
        result: submission.reply(
          done.problem === "notOnTeam"
            ? { fieldErrors: { participantIds: [message] } }
            : { formErrors: [message] },
        ),
      },
      { status: 400 },
    );
  }
  return redirect(`/casussen/${row.id}?gedaan=activity`, 303);
}

export default function CaseActivity({ loaderData, actionData }: Route.ComponentProps) {
  const { t, lang } = useT();
  const errorText = useErrorText();
  const d = loaderData;
  const [form, fields] = useForm<z.input<typeof activitySchema>>({
    id: "activity",
    lastResult: actionData?.result,
    constraint: formConstraints.activity,
    defaultValue: {
      occurredOn: d.today,
      companyParticipants: "1",
      participantIds: [d.me],
    },
  });
  const people = getCollectionProps(fields.participantIds, {
    type: "checkbox",
    options: d.team.map((m) => m.userId),
  });
  const firstPerson = `${fields.participantIds.id}-first`;
  const peopleError = errorText(fields.participantIds.errors);
  const byId = new Map(d.team.map((m) => [m.userId, m]));

  return (
    <div className="spot-case-work">
      <CaseWorkHeader c={d} title={t("caseWork.activity.title")} />
      <p className="utrecht-paragraph">{t("caseWork.activity.lead")}</p>
      <ErrorSummary
        formErrors={form.errors}
        fields={[
          { field: fields.type, label: t("caseWork.activity.type") },
          { field: fields.occurredOn, label: t("caseWork.activity.date") },
          { field: summaryField(fields.durationMinutes), label: t("caseWork.activity.duration") },
          {
            field: groupField(fields.participantIds, firstPerson),
            label: t("caseWork.activity.participants"),
          },
          {
            field: summaryField(fields.companyParticipants),
            label: t("caseWork.activity.company"),
          },
          { field: fields.outcome, label: t("caseWork.activity.outcome") },
        ]}
      />
      <Form method="post" {...getFormProps(form)} className="spot-form spot-case-work__form">
        <SelectField
          field={fields.type}
          label={t("caseWork.activity.type")}
          placeholder={t("caseWork.activity.typeChoose")}
          options={ACTIVITY_TYPES.map((type) => ({
            value: type,
            label: t(`cases.activity.${type}`),
          }))}
        />
        <DateInput
          field={fields.occurredOn}
          label={t("caseWork.activity.date")}
          description={t("caseWork.activity.dateHint")}
          min={EARLIEST_DATE}
          max={d.today}
        />
        <NumberInput
          field={fields.durationMinutes}
          label={t("caseWork.activity.duration")}
          description={t("caseWork.activity.durationHint", { max: MAX_MINUTES })}
          min={1}
          max={MAX_MINUTES}
          suffix={t("caseWork.activity.minutesUnit")}
        />
        <fieldset
          className={`utrecht-form-fieldset utrecht-form-fieldset--html-fieldset spot-case-work__group${peopleError ? " utrecht-form-field--invalid" : ""}`}
          aria-describedby={`${fields.participantIds.id}-help${peopleError ? ` ${fields.participantIds.errorId}` : ""}`}
        >
          <legend className="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">
            {t("caseWork.activity.participants")}
          </legend>
          <div
            className="utrecht-form-field__description utrecht-form-field-description"
            id={`${fields.participantIds.id}-help`}
          >
            {t("caseWork.activity.participantsHint")}
          </div>
          {peopleError ? (
            <div
              className="utrecht-form-field__error-message utrecht-form-field-error-message"
              id={fields.participantIds.errorId}
            >
              {peopleError}
            </div>
          ) : null}
          <ul className="spot-checks">
            {people.map(({ key, "aria-describedby": _d, "aria-invalid": _i, ...props }, i) => {
              const person = byId.get(props.value);
              const id = i === 0 ? firstPerson : props.id;
              return (
                <li key={key ?? props.value} className="spot-check">
                  <input
                    {...props}
                    id={id}
                    required={false}
                    className="utrecht-checkbox utrecht-checkbox--html-input"
                  />
                  <label className="utrecht-form-label utrecht-form-label--checkbox" htmlFor={id}>
                    {person?.userId === d.me
                      ? t("caseWork.activity.me", { name: person.name })
                      : person?.name}
                    {person?.role ? (
                      <span className="spot-hint"> ({t(`cases.role.${person.role}`)})</span>
                    ) : null}
                  </label>
                </li>
              );
            })}
          </ul>
        </fieldset>
        <NumberInput
          field={fields.companyParticipants}
          label={t("caseWork.activity.company")}
          description={t("caseWork.activity.companyHint")}
          min={0}
          max={MAX_COMPANY_PARTICIPANTS}
        />
        <TextareaField
          field={fields.outcome}
          label={t("caseWork.activity.outcome")}
          description={t("caseWork.activity.outcomeHint", { max: OUTCOME_MAX })}
          rows={4}
        />
        <SubmitButton>{t("caseWork.activity.submit")}</SubmitButton>
      </Form>

      <section aria-labelledby="recent-title" className="spot-section">
        <h2 id="recent-title" className="utrecht-heading-2">
          {t("caseWork.activity.recent")}
        </h2>
        {d.recent.length === 0 ? (
          <p className="utrecht-paragraph">{t("caseWork.activity.none")}</p>
        ) : (
          <TableWrap captionId="recent-caption">
            <table className="utrecht-table spot-table">
              <caption id="recent-caption">{t("caseWork.activity.recentCaption")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("caseWork.activity.date")}</th>
                  <th scope="col">{t("caseWork.activity.type")}</th>
                  <th scope="col">{t("caseWork.activity.duration")}</th>
                  <th scope="col">{t("caseWork.activity.loggedBy")}</th>
                </tr>
              </thead>
              <tbody>
                {d.recent.map((a) => (
                  <tr key={a.id}>
                    <td className="spot-cell--nowrap">{formatDate(a.occurredOn, lang)}</td>
                    <td>{t(`cases.activity.${a.type}`)}</td>
                    <td className="spot-cell--nowrap">{formatMinutes(a.durationMinutes, lang)}</td>
                    <td>{a.loggedBy ?? t("caseWork.unknownPerson")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
      </section>
    </div>
  );
}
