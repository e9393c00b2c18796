import {
  type FieldMetadata,
  getFormProps,
  type SubmissionResult,
  useForm,
} from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, Form, redirect } from "react-router";
import type { z } from "zod";
import { formatDateTime } from "~/i18n/format";
import { useT } from "~/i18n/use-t";
import { loadAdviceCaseFor } from "~/modules/advice/access.server";
import {
  type RealisationView,
  realisationItems,
  updateRealisationItem,
} from "~/modules/advice/advice.server";
import { NOTE_MAX, REALISATION_STATUSES } from "~/modules/advice/form-limits";
import { realisationSchema } from "~/modules/advice/schema";
import { requestInfo } from "~/modules/auth/auth.server";
import { caseContext } from "~/modules/cases/cases.server";
import adviceCss from "~/styles/advice.css?url";
import { RealisationTable } from "~/ui/advice";
import { CaseWorkHeader, caseWorkLinks, caseWorkMeta } from "~/ui/case-work";
import { Alert, ErrorSummary, Field, SubmitButton } from "~/ui/form";
import { formConstraints } from "~/ui/form-constraints";
import { SelectField, TextareaField } from "~/ui/form-fields";
import type { Route } from "./+types/case-realisation";

export const meta: Route.MetaFunction = ({ matches, loaderData }) =>
  caseWorkMeta("advice.realisation.title", matches, loaderData);
export const links: Route.LinksFunction = () => [
  ...caseWorkLinks(),
  { rel: "stylesheet", href: adviceCss },
];

export async function loader({ request, params }: Route.LoaderArgs) {
  const { rt, row, abilities } = await loadAdviceCaseFor(
    request,
    params.id,
    "advice.read",
    "advice.edit",
  );
  return {
    id: row.id,
    reference: row.reference,
    title: row.title,
    canEdit: abilities.edit,
    items: await realisationItems(rt.db, row.id),
    saved: new URL(request.url).searchParams.get("gedaan") === "progress",
  };
}

type ActionData = {
  form: string;
  result: SubmissionResult<string[]>;
  conflict?: { by: string | null; at: string; current: RealisationView };
};

export async function action({ request, params, context }: Route.ActionArgs) {
  const { rt, actor, row } = await loadAdviceCaseFor(request, params.id, "advice.edit");
  const form = await request.formData();
  const formId = `progress-${String(form.get("itemId") ?? "")}`;
  const s = parseWithZod(form, { schema: realisationSchema });
  if (s.status !== "success")
    return data<ActionData>({ form: formId, result: s.reply() }, { status: 400 });
  const ctx = caseContext(rt, actor, requestInfo(request, context).ip);
  const r = await updateRealisationItem(ctx, row.id, s.value);
  if (!r.ok) {
    if (r.problem === "conflict") {
      return data<ActionData>(
        {
          form: formId,
          result: s.reply({ formErrors: ["advice.problem.conflictItem"] }),
          conflict: { by: r.lastChange.by, at: r.lastChange.at, current: r.current },
        },
        { status: 409 },
      );
    }
    return data<ActionData>(
      { form: formId, result: s.reply({ formErrors: [`advice.problem.${r.problem}`] }) },
      { status: 400 },
    );
  }
  return redirect(
    `/casussen/${row.id}/realisatie?gedaan=progress#voortgang-${s.value.itemId}`,
    303,
  );
}

export default function CaseRealisation({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useT();
  const d = loaderData;
  const a = actionData as ActionData | undefined;
  return (
    <div className="spot-case-work spot-advice">
      <CaseWorkHeader c={d} title={t("advice.realisation.title")} />
      <p className="utrecht-paragraph">{t("advice.realisation.lead")}</p>
      {d.saved ? (
        <Alert type="ok">
          <p className="utrecht-paragraph">{t("advice.notice.progress")}</p>
        </Alert>
      ) : null}
      {d.items.length === 0 ? (
        <p className="utrecht-paragraph">{t("advice.realisation.none")}</p>
      ) : (
        <>
          <RealisationTable items={d.items} />
          {d.canEdit ? (
            <section aria-labelledby="update-title" className="spot-section">
              <h2 id="update-title" className="utrecht-heading-2">
                {t("advice.realisation.updateTitle")}
              </h2>
              {d.items.map((item) => (
                <ProgressForm
                  key={item.id}
                  item={item}
                  actionData={a?.form === `progress-${item.id}` ? a : undefined}
                />
              ))}
            </section>
          ) : null}
        </>
      )}
    </div>
  );
}

function ProgressForm({ item, actionData }: { item: RealisationView; actionData?: ActionData }) {
  const { t, lang } = useT();
  const [form, fields] = useForm<z.input<typeof realisationSchema>>({
    id: `progress-${item.id}`,
    lastResult: actionData?.result,
    constraint: formConstraints.realisation,
    defaultValue: { status: item.status, progress: String(item.progress), note: item.note },
  });
  const conflict = actionData?.conflict;
  const version = conflict?.current.version ?? item.version;
  return (
    <div className="spot-advice__item" id={`voortgang-${item.id}`}>
      <h3 className="utrecht-heading-3">{item.title}</h3>
      {conflict ? (
        <Alert type="warning">
          <p className="utrecht-paragraph">
            {t("advice.conflict.lead", {
              by: conflict.by ?? t("advice.conflict.someone"),
              at: formatDateTime(conflict.at, lang),
            })}
          </p>
          <p className="utrecht-paragraph">
            {t("advice.realisation.theirs", {
              status: t(`advice.realisation.statuses.${conflict.current.status}`),
              progress: conflict.current.progress,
              note: conflict.current.note || "–",
            })}
          </p>
          <p className="utrecht-paragraph">{t("advice.conflict.yours")}</p>
        </Alert>
      ) : null}
      <ErrorSummary
        formErrors={conflict ? undefined : form.errors}
        fields={[
          { field: fields.status, label: t("advice.realisation.status") },
          {
            field: fields.progress as unknown as FieldMetadata<string>,
            label: t("advice.realisation.progress"),
          },
          { field: fields.note, label: t("advice.realisation.note") },
        ]}
      />
      <Form method="post" {...getFormProps(form)} className="spot-form spot-advice__form">
        <input type="hidden" name="itemId" value={item.id} />
        <input type="hidden" name="version" value={version} key={`v${version}`} />
        <div className="spot-case-work__pair">
          <SelectField
            field={fields.status}
            label={t("advice.realisation.statusOf", { title: item.title })}
            placeholder={t("advice.realisation.choose")}
            options={REALISATION_STATUSES.map((s) => ({
              value: s,
              label: t(`advice.realisation.statuses.${s}`),
            }))}
          />
          <Field
            field={fields.progress as unknown as FieldMetadata<string>}
            label={t("advice.realisation.progressOf", { title: item.title })}
            description={t("advice.realisation.progressHint")}
            type="number"
            inputMode="numeric"
          />
        </div>
        <TextareaField
          field={fields.note}
          label={t("advice.realisation.noteOf", { title: item.title })}
          description={t("advice.realisation.noteHint", { max: NOTE_MAX })}
          rows={2}
          optional
        />
        <SubmitButton secondary>{t("advice.realisation.save", { title: item.title })}</SubmitButton>
      </Form>
    </div>
  );
}
