import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, Form, redirect } from "react-router";
import type { z } from "zod";
import { formatDateTime } from "~/i18n/format";
import { useT } from "~/i18n/use-t";
import { requestInfo } from "~/modules/auth/auth.server";
import { loadCaseFor } from "~/modules/cases/access.server";
import { addNote, caseContext } from "~/modules/cases/cases.server";
import { NOTE_MAX } from "~/modules/cases/form-limits";
import { noteSchema } from "~/modules/cases/schema";
import { caseNotes } from "~/modules/cases/work.server";
import { CaseWorkHeader, caseWorkLinks, caseWorkMeta } from "~/ui/case-work";
import { ErrorSummary, SubmitButton } from "~/ui/form";
import { formConstraints } from "~/ui/form-constraints";
import { TextareaField } from "~/ui/form-fields";
import type { Route } from "./+types/case-note";

export const meta: Route.MetaFunction = ({ matches, loaderData }) =>
  caseWorkMeta("caseWork.note.title", matches, loaderData);
export const links: Route.LinksFunction = caseWorkLinks;

export async function loader({ request, params }: Route.LoaderArgs) {
  const { rt, row, abilities } = await loadCaseFor(request, params.id, "case.work");
  // Notes are internal: whoever works on a case may read them (the policy says so too).
  if (!abilities.readInternal) throw new Response("Not Found", { status: 404 });
  return {
    id: row.id,
    reference: row.reference,
    title: row.title,
    notes: await caseNotes(rt.db, row.id),
  };
}

export async function action({ request, params, context }: Route.ActionArgs) {
  const { rt, actor, row } = await loadCaseFor(request, params.id, "case.work");
  const submission = parseWithZod(await request.formData(), { schema: noteSchema });
  if (submission.status !== "success") {
    return data({ result: submission.reply() }, { status: 400 });
  }
  const ctx = caseContext(rt, actor, requestInfo(request, context).ip);
  const done = await addNote(ctx, row.id, submission.value.body);
  if (!done.ok) {
    return data(
      { result: submission.reply({ formErrors: [`cases.problem.${done.problem}`] }) },
      { status: 400 },
    );
  }
  return redirect(`/casussen/${row.id}?gedaan=note`, 303);
}

export default function CaseNote({ loaderData, actionData }: Route.ComponentProps) {
  const { t, lang } = useT();
  const d = loaderData;
  const [form, fields] = useForm<z.input<typeof noteSchema>>({
    id: "note",
    lastResult: actionData?.result,
    constraint: formConstraints.note,
  });
  return (
    <div className="spot-case-work">
      <CaseWorkHeader c={d} title={t("caseWork.note.title")} />
      <p className="utrecht-paragraph">{t("caseWork.note.lead")}</p>
      <ErrorSummary
        formErrors={form.errors}
        fields={[{ field: fields.body, label: t("caseWork.note.body") }]}
      />
      <Form method="post" {...getFormProps(form)} className="spot-form spot-case-work__form">
        <TextareaField
          field={fields.body}
          label={t("caseWork.note.body")}
          description={t("caseWork.note.bodyHint", { max: NOTE_MAX })}
          rows={6}
        />
        <SubmitButton>{t("caseWork.note.submit")}</SubmitButton>
      </Form>

      <section aria-labelledby="notes-title" className="spot-section">
        <h2 id="notes-title" className="utrecht-heading-2">
          {t("caseWork.note.list", { count: d.notes.length })}
        </h2>
        {d.notes.length === 0 ? (
          <p className="utrecht-paragraph">{t("caseWork.note.none")}</p>
        ) : (
          <ul className="spot-case-work__notes">
            {d.notes.map((n) => (
              <li key={n.id} className="spot-case-work__note">
                <p className="utrecht-paragraph spot-case-work__note-meta">
                  {t("caseWork.note.by", {
                    name: n.author ?? t("caseWork.unknownPerson"),
                    date: formatDateTime(n.createdAt, lang),
                  })}
                </p>
                <p className="utrecht-paragraph spot-case-work__note-body">{n.body}</p>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
