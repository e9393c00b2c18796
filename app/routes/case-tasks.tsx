import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, Form, redirect } from "react-router";
import type { z } from "zod";
import { formatDate } from "~/i18n/format";
import { safeReturnTo } from "~/i18n/lang.server";
import { useT } from "~/i18n/use-t";
import { requestInfo } from "~/modules/auth/auth.server";
import { loadCaseFor } from "~/modules/cases/access.server";
import { addTask, caseContext, setTaskDone } from "~/modules/cases/cases.server";
import { TASK_TITLE_MAX, todayIso, yearsAfter } from "~/modules/cases/form-limits";
import { taskSchema } from "~/modules/cases/schema";
import { caseTasks, teamOptions } from "~/modules/cases/work.server";
import { TableWrap } from "~/ui/admin";
import {
  CaseWorkHeader,
  caseWorkLinks,
  caseWorkMeta,
  DateInput,
  summaryField,
} from "~/ui/case-work";
import { Alert, ErrorSummary, Field, SubmitButton, useErrorText } from "~/ui/form";
import { formConstraints } from "~/ui/form-constraints";
import { SelectField } from "~/ui/form-fields";
import type { Route } from "./+types/case-tasks";

export const meta: Route.MetaFunction = ({ matches, loaderData }) =>
  caseWorkMeta("caseWork.tasks.title", matches, loaderData);
export const links: Route.LinksFunction = caseWorkLinks;

/** The "add" form alone, for its field errors. */
const addSchema = taskSchema.options[0];

export async function loader({ request, params }: Route.LoaderArgs) {
  const { rt, actor, row } = await loadCaseFor(request, params.id, "case.work");
  const [tasks, team] = await Promise.all([
    caseTasks(rt.db, row.id),
    teamOptions(rt.db, row.id, actor),
  ]);
  const today = todayIso();
  return {
    id: row.id,
    reference: row.reference,
    title: row.title,
    tasks,
    team,
    today,
    latest: yearsAfter(today, 3),
  };
}

/** Where to go after a change: a safe local path given by the page that sent the form. */
function afterChange(caseId: string, terug: unknown, notice: string): string {
  const back = safeReturnTo(terug, "");
  if (!back) return `/casussen/${caseId}?gedaan=${notice}`;
  const url = new URL(back, "http://same.invalid");
  url.searchParams.set("gedaan", notice);
  return url.pathname + url.search + url.hash;
}

export async function action({ request, params, context }: Route.ActionArgs) {
  const { rt, actor, row } = await loadCaseFor(request, params.id, "case.work");
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: taskSchema });
  if (submission.status !== "success") {
    if (formData.get("intent") === "add") {
      return data(
        { add: parseWithZod(formData, { schema: addSchema }).reply(), error: null },
        { status: 400 },
      );
    }
    return data({ add: null, error: "caseWork.error.taskUnknown" }, { status: 400 });
  }
  const ctx = caseContext(rt, actor, requestInfo(request, context).ip);
  const v = submission.value;
  if (v.intent === "add") {
    const done = await addTask(ctx, row.id, {
      title: v.title,
      dueOn: v.dueOn ?? null,
      assigneeId: v.forCompany ? null : (v.assigneeId ?? null),
      forCompany: Boolean(v.forCompany),
    });
    if (!done.ok) {
      const message = `cases.problem.${done.problem}`;
      return data(
        {
          add: submission.reply(
            done.problem === "notOnTeam"
              ? { fieldErrors: { assigneeId: [message] } }
              : { formErrors: [message] },
          ),
          error: null,
        },
        { status: 400 },
      );
    }
    return redirect(afterChange(row.id, v.terug, "task"), 303);
  }
  const done = await setTaskDone(ctx, row.id, v.taskId, v.intent === "done");
  if (!done.ok) {
    return data({ add: null, error: "caseWork.error.taskUnknown" }, { status: 400 });
  }
  return redirect(
    afterChange(row.id, v.terug, v.intent === "done" ? "taskDone" : "taskReopened"),
    303,
  );
}

export default function CaseTasks({ loaderData, actionData }: Route.ComponentProps) {
  const { t, lang } = useT();
  const errorText = useErrorText();
  const d = loaderData;
  const [form, fields] = useForm<z.input<typeof addSchema>>({
    id: "task-add",
    lastResult: actionData?.add ?? undefined,
    constraint: formConstraints.taskAdd,
  });
  const forCompanyProps = getInputProps(fields.forCompany, { type: "checkbox" });
  const forCompanyError = errorText(fields.forCompany.errors);
  const open = d.tasks.filter((task) => task.status === "open");
  const done = d.tasks.filter((task) => task.status === "done");
  const whoFor = (task: (typeof d.tasks)[number]) =>
    task.forCompany
      ? t("caseWork.tasks.forCompanyShort")
      : (task.assignee ?? t("caseWork.tasks.nobody"));

  return (
    <div className="spot-case-work">
      <CaseWorkHeader c={d} title={t("caseWork.tasks.title")} />
      {actionData?.error ? (
        <Alert type="error">
          <p className="utrecht-paragraph">{t(actionData.error)}</p>
        </Alert>
      ) : null}

      <section aria-labelledby="open-title" className="spot-section">
        <h2 id="open-title" className="utrecht-heading-2">
          {t("caseWork.tasks.open", { count: open.length })}
        </h2>
        {open.length === 0 ? (
          <p className="utrecht-paragraph">{t("caseWork.tasks.openNone")}</p>
        ) : (
          <TableWrap captionId="open-caption">
            <table className="utrecht-table spot-table">
              <caption id="open-caption">{t("caseWork.tasks.openCaption")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("caseWork.tasks.task")}</th>
                  <th scope="col">{t("caseWork.tasks.due")}</th>
                  <th scope="col">{t("caseWork.tasks.who")}</th>
                  <th scope="col">{t("caseWork.tasks.action")}</th>
                </tr>
              </thead>
              <tbody>
                {open.map((task) => {
                  const overdue = task.dueOn !== null && task.dueOn < d.today;
                  return (
                    <tr key={task.id}>
                      <th scope="row" className="spot-cell--wrap">
                        {task.title}
                      </th>
                      <td className="spot-cell--nowrap">
                        {task.dueOn ? formatDate(task.dueOn, lang) : t("caseWork.tasks.noDue")}
                        {overdue ? (
                          <span className="spot-case-work__overdue">
                            {" "}
                            {t("caseWork.tasks.overdue")}
                          </span>
                        ) : null}
                      </td>
                      <td>{whoFor(task)}</td>
                      <td>
                        <Form method="post" className="spot-case-work__row-form">
                          <input type="hidden" name="intent" value="done" />
                          <input type="hidden" name="taskId" value={task.id} />
                          <button
                            type="submit"
                            className="utrecht-button utrecht-button--secondary-action"
                            aria-label={`${t("caseWork.tasks.markDone")}: ${task.title}`}
                          >
                            {t("caseWork.tasks.markDone")}
                          </button>
                        </Form>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </TableWrap>
        )}
      </section>

      <section aria-labelledby="add-title" className="spot-section">
        <h2 id="add-title" className="utrecht-heading-2">
          {t("caseWork.tasks.add")}
        </h2>
        <ErrorSummary
          formErrors={form.errors}
          fields={[
            { field: fields.title, label: t("caseWork.tasks.taskTitle") },
            { field: fields.dueOn, label: t("caseWork.tasks.due") },
            { field: fields.assigneeId, label: t("caseWork.tasks.assignee") },
            { field: summaryField(fields.forCompany), label: t("caseWork.tasks.forCompany") },
          ]}
        />
        <Form method="post" {...getFormProps(form)} className="spot-form spot-case-work__form">
          <input type="hidden" name="intent" value="add" />
          <Field
            field={fields.title}
            label={t("caseWork.tasks.taskTitle")}
            description={t("caseWork.tasks.taskTitleHint", { max: TASK_TITLE_MAX })}
            autoComplete="off"
          />
          <DateInput
            field={fields.dueOn}
            label={t("caseWork.tasks.due")}
            description={t("caseWork.tasks.dueHint")}
            min={d.today}
            max={d.latest}
            optional
          />
          <SelectField
            field={fields.assigneeId}
            label={t("caseWork.tasks.assignee")}
            placeholder={t("caseWork.tasks.nobodyYet")}
            options={d.team.map((m) => ({
              value: m.userId,
              label: m.role ? `${m.name} (${t(`cases.role.${m.role}`)})` : m.name,
            }))}
            optional
          />
          <div
            className={`utrecht-form-field utrecht-form-field--checkbox spot-check${forCompanyError ? " utrecht-form-field--invalid" : ""}`}
          >
            <input
              {...forCompanyProps}
              key={forCompanyProps.key}
              aria-describedby={`${fields.forCompany.id}-help`}
              className="utrecht-checkbox utrecht-checkbox--html-input"
            />
            <label
              className="utrecht-form-label utrecht-form-label--checkbox"
              htmlFor={fields.forCompany.id}
            >
              {t("caseWork.tasks.forCompany")}
            </label>
            <div
              className="utrecht-form-field__description utrecht-form-field-description spot-case-work__check-help"
              id={`${fields.forCompany.id}-help`}
            >
              {t("caseWork.tasks.forCompanyHint")}
            </div>
          </div>
          <SubmitButton>{t("caseWork.tasks.submit")}</SubmitButton>
        </Form>
      </section>

      <section aria-labelledby="done-title" className="spot-section">
        <h2 id="done-title" className="utrecht-heading-2">
          {t("caseWork.tasks.done", { count: done.length })}
        </h2>
        {done.length === 0 ? (
          <p className="utrecht-paragraph">{t("caseWork.tasks.doneNone")}</p>
        ) : (
          <TableWrap captionId="done-caption">
            <table className="utrecht-table spot-table">
              <caption id="done-caption">{t("caseWork.tasks.doneCaption")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("caseWork.tasks.task")}</th>
                  <th scope="col">{t("caseWork.tasks.doneOn")}</th>
                  <th scope="col">{t("caseWork.tasks.who")}</th>
                  <th scope="col">{t("caseWork.tasks.action")}</th>
                </tr>
              </thead>
              <tbody>
                {done.map((task) => (
                  <tr key={task.id}>
                    <th scope="row" className="spot-cell--wrap">
                      {task.title}
                    </th>
                    <td className="spot-cell--nowrap">
                      {task.doneAt ? formatDate(task.doneAt, lang) : ""}
                      {task.doneBy ? ` (${task.doneBy})` : ""}
                    </td>
                    <td>{whoFor(task)}</td>
                    <td>
                      <Form method="post" className="spot-case-work__row-form">
                        <input type="hidden" name="intent" value="reopen" />
                        <input type="hidden" name="taskId" value={task.id} />
                        <button
                          type="submit"
                          className="utrecht-button utrecht-button--secondary-action"
                          aria-label={`${t("caseWork.tasks.reopen")}: ${task.title}`}
                        >
                          {t("caseWork.tasks.reopen")}
                        </button>
                      </Form>
                    </td>
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
