import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, Form, redirect } from "react-router";
import type { z } from "zod";
import { formatDate } from "~/i18n/format";
import { useT } from "~/i18n/use-t";
import { requestInfo } from "~/modules/auth/auth.server";
import { loadCaseFor } from "~/modules/cases/access.server";
import { caseContext, logHours } from "~/modules/cases/cases.server";
import { HOURS_DESCRIPTION_MAX, todayIso, totalMinutes } from "~/modules/cases/form-limits";
import { EARLIEST_DATE, MAX_MINUTES } from "~/modules/cases/model";
import { hoursSchema } from "~/modules/cases/schema";
import { hoursOverview } from "~/modules/cases/work.server";
import { TableWrap } from "~/ui/admin";
import {
  CaseWorkHeader,
  caseWorkLinks,
  caseWorkMeta,
  DateInput,
  formatMinutes,
  NumberInput,
  summaryField,
} from "~/ui/case-work";
import { ErrorSummary, SubmitButton } from "~/ui/form";
import { formConstraints } from "~/ui/form-constraints";
import { TextareaField } from "~/ui/form-fields";
import type { Route } from "./+types/case-hours";

export const meta: Route.MetaFunction = ({ matches, loaderData }) =>
  caseWorkMeta("caseWork.hours.title", matches, loaderData);
export const links: Route.LinksFunction = caseWorkLinks;

export async function loader({ request, params }: Route.LoaderArgs) {
  const { rt, actor, row } = await loadCaseFor(request, params.id, "case.work");
  const overview = await hoursOverview(rt.db, row.id, actor.id);
  return {
    id: row.id,
    reference: row.reference,
    title: row.title,
    ...overview,
    today: todayIso(),
  };
}

export async function action({ request, params, context }: Route.ActionArgs) {
  const { rt, actor, row } = await loadCaseFor(request, params.id, "case.work");
  const submission = parseWithZod(await request.formData(), { schema: hoursSchema });
  if (submission.status !== "success") {
    return data({ result: submission.reply() }, { status: 400 });
  }
  const ctx = caseContext(rt, actor, requestInfo(request, context).ip);
  const v = submission.value;
  const done = await logHours(ctx, row.id, {
    workedOn: v.workedOn,
    minutes: totalMinutes(v),
    description: v.description,
  });
  if (!done.ok) {
    return data(
      { result: submission.reply({ formErrors: [`cases.problem.${done.problem}`] }) },
      { status: 400 },
    );
  }
  return redirect(`/casussen/${row.id}?gedaan=hours`, 303);
}

export default function CaseHours({ loaderData, actionData }: Route.ComponentProps) {
  const { t, lang } = useT();
  const d = loaderData;
  const [form, fields] = useForm<z.input<typeof hoursSchema>>({
    id: "hours",
    lastResult: actionData?.result,
    constraint: formConstraints.hours,
    defaultValue: { workedOn: d.today },
  });
  const myTotal = d.mine.reduce((s, e) => s + e.minutes, 0);
  const total = d.perPerson.reduce((s, p) => s + p.minutes, 0);

  return (
    <div className="spot-case-work">
      <CaseWorkHeader c={d} title={t("caseWork.hours.title")} />
      <p className="utrecht-paragraph">{t("caseWork.hours.lead")}</p>
      <ErrorSummary
        formErrors={form.errors}
        fields={[
          { field: fields.workedOn, label: t("caseWork.hours.date") },
          { field: summaryField(fields.hours), label: t("caseWork.hours.hours") },
          { field: summaryField(fields.minutes), label: t("caseWork.hours.minutes") },
          { field: fields.description, label: t("caseWork.hours.description") },
        ]}
      />
      <Form method="post" {...getFormProps(form)} className="spot-form spot-case-work__form">
        <DateInput
          field={fields.workedOn}
          label={t("caseWork.hours.date")}
          description={t("caseWork.hours.dateHint")}
          min={EARLIEST_DATE}
          max={d.today}
        />
        <fieldset className="utrecht-form-fieldset utrecht-form-fieldset--html-fieldset spot-case-work__group">
          <legend className="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">
            {t("caseWork.hours.time")}
          </legend>
          <div className="utrecht-form-field__description utrecht-form-field-description">
            {t("caseWork.hours.timeHint")}
          </div>
          <div className="spot-case-work__pair">
            <NumberInput
              field={fields.hours}
              label={t("caseWork.hours.hours")}
              description={t("caseWork.hours.hoursHint")}
              min={0}
              max={24}
              notRequired
            />
            <NumberInput
              field={fields.minutes}
              label={t("caseWork.hours.minutes")}
              description={t("caseWork.hours.minutesHint", { max: MAX_MINUTES })}
              min={0}
              max={MAX_MINUTES}
              notRequired
            />
          </div>
        </fieldset>
        <TextareaField
          field={fields.description}
          label={t("caseWork.hours.description")}
          description={t("caseWork.hours.descriptionHint", { max: HOURS_DESCRIPTION_MAX })}
          rows={3}
        />
        <SubmitButton>{t("caseWork.hours.submit")}</SubmitButton>
      </Form>

      <section aria-labelledby="mine-title" className="spot-section">
        <h2 id="mine-title" className="utrecht-heading-2">
          {t("caseWork.hours.mine")}
        </h2>
        {d.mine.length === 0 ? (
          <p className="utrecht-paragraph">{t("caseWork.hours.mineNone")}</p>
        ) : (
          <TableWrap captionId="mine-caption">
            <table className="utrecht-table spot-table">
              <caption id="mine-caption">
                {t("caseWork.hours.mineCaption", { total: formatMinutes(myTotal, lang) })}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{t("caseWork.hours.date")}</th>
                  <th scope="col">{t("caseWork.hours.time")}</th>
                  <th scope="col">{t("caseWork.hours.description")}</th>
                </tr>
              </thead>
              <tbody>
                {d.mine.map((e) => (
                  <tr key={e.id}>
                    <td className="spot-cell--nowrap">{formatDate(e.workedOn, lang)}</td>
                    <td className="spot-cell--nowrap">{formatMinutes(e.minutes, lang)}</td>
                    <td className="spot-cell--wrap">{e.description}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
      </section>

      <section aria-labelledby="team-title" className="spot-section">
        <h2 id="team-title" className="utrecht-heading-2">
          {t("caseWork.hours.perPerson")}
        </h2>
        {d.perPerson.length === 0 ? (
          <p className="utrecht-paragraph">{t("caseWork.hours.perPersonNone")}</p>
        ) : (
          <TableWrap captionId="team-caption">
            <table className="utrecht-table spot-table">
              <caption id="team-caption">{t("caseWork.hours.perPersonCaption")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("caseWork.hours.person")}</th>
                  <th scope="col">{t("caseWork.hours.total")}</th>
                </tr>
              </thead>
              <tbody>
                {d.perPerson.map((p) => (
                  <tr key={p.userId}>
                    <th scope="row">{p.name}</th>
                    <td className="spot-cell--nowrap">{formatMinutes(p.minutes, lang)}</td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">{t("caseWork.hours.everyone")}</th>
                  <td className="spot-cell--nowrap">{formatMinutes(total, lang)}</td>
                </tr>
              </tfoot>
            </table>
          </TableWrap>
        )}
      </section>
    </div>
  );
}
