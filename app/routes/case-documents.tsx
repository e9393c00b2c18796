import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, Form, redirect } from "react-router";
import type { z } from "zod";
import { formatDateTime, formatNumber } from "~/i18n/format";
import type { Lang } from "~/i18n/i18n";
import { useT } from "~/i18n/use-t";
import { requestInfo } from "~/modules/auth/auth.server";
import { loadCaseFor } from "~/modules/cases/access.server";
import { addDocument, caseContext } from "~/modules/cases/cases.server";
import { documentSchema } from "~/modules/cases/schema";
import { caseDocuments, checkUpload, DOCUMENT_EXTENSIONS } from "~/modules/cases/work.server";
import { TableWrap, VisuallyHidden } from "~/ui/admin";
import { CaseWorkHeader, caseWorkLinks, caseWorkMeta, summaryField } from "~/ui/case-work";
import { ErrorSummary, SubmitButton, useErrorText } from "~/ui/form";
import { formConstraints } from "~/ui/form-constraints";
import type { Route } from "./+types/case-documents";

export const meta: Route.MetaFunction = ({ matches, loaderData }) =>
  caseWorkMeta("caseWork.documents.title", matches, loaderData);
export const links: Route.LinksFunction = caseWorkLinks;

export async function loader({ request, params }: Route.LoaderArgs) {
  const { rt, row, abilities } = await loadCaseFor(request, params.id, "case.work");
  return {
    id: row.id,
    reference: row.reference,
    title: row.title,
    documents: await caseDocuments(rt.db, row.id, abilities.readInternal),
    limitBytes: rt.config.bodyLimitBytes,
    extensions: DOCUMENT_EXTENSIONS,
  };
}

export async function action({ request, params, context }: Route.ActionArgs) {
  const { rt, actor, row } = await loadCaseFor(request, params.id, "case.work");
  const submission = parseWithZod(await request.formData(), { schema: documentSchema });
  if (submission.status !== "success") {
    return data({ result: submission.reply() }, { status: 400 });
  }
  const { file, internal } = submission.value;
  // A form sent without choosing a file still carries an empty, nameless file.
  const checked =
    file.name === "" && file.size === 0
      ? ({ ok: false, problem: "none" } as const)
      : checkUpload(file.name, new Uint8Array(await file.arrayBuffer()));
  if (!checked.ok) {
    return data(
      {
        result: submission.reply({
          fieldErrors: {
            file: [
              checked.problem === "none"
                ? "caseWork.error.fileRequired"
                : `caseWork.error.file.${checked.problem}`,
            ],
          },
        }),
      },
      { status: 400 },
    );
  }
  const ctx = caseContext(rt, actor, requestInfo(request, context).ip);
  const done = await addDocument(ctx, row.id, {
    name: checked.name,
    mediaType: checked.mediaType,
    content: checked.content,
    internal: Boolean(internal),
  });
  if (!done.ok) {
    return data(
      { result: submission.reply({ formErrors: [`cases.problem.${done.problem}`] }) },
      { status: 400 },
    );
  }
  return redirect(`/casussen/${row.id}?gedaan=document`, 303);
}

/** "1 MB", "340 kB". */
function formatSize(bytes: number, lang: Lang): string {
  if (bytes >= 1024 * 1024) return `${formatNumber(bytes / (1024 * 1024), lang)} MB`;
  if (bytes >= 1024) return `${formatNumber(Math.ceil(bytes / 1024), lang, 0)} kB`;
  return `${formatNumber(bytes, lang, 0)} B`;
}

export default function CaseDocuments({ loaderData, actionData }: Route.ComponentProps) {
  const { t, lang } = useT();
  const errorText = useErrorText();
  const d = loaderData;
  const [form, fields] = useForm<z.input<typeof documentSchema>>({
    id: "document",
    lastResult: actionData?.result,
    constraint: formConstraints.document,
  });
  const fileError = errorText(fields.file.errors);
  const fileProps = getInputProps(fields.file, { type: "file" });
  const internalProps = getInputProps(fields.internal, { type: "checkbox" });
  const accept = d.extensions.map((e) => `.${e}`).join(",");
  const hintId = `${fields.file.id}-description`;

  return (
    <div className="spot-case-work">
      <CaseWorkHeader c={d} title={t("caseWork.documents.title")} />
      <ErrorSummary
        formErrors={form.errors}
        fields={[{ field: summaryField(fields.file), label: t("caseWork.documents.file") }]}
      />
      <Form
        method="post"
        encType="multipart/form-data"
        {...getFormProps(form)}
        className="spot-form spot-case-work__form"
      >
        <div
          className={`utrecht-form-field utrecht-form-field--text${fileError ? " utrecht-form-field--invalid" : ""}`}
        >
          <div className="utrecht-form-field__label">
            <label className="utrecht-form-label" htmlFor={fields.file.id}>
              {t("caseWork.documents.file")}
            </label>
          </div>
          <div
            className="utrecht-form-field__description utrecht-form-field-description"
            id={hintId}
          >
            {t("caseWork.documents.fileHint", {
              size: formatSize(d.limitBytes, lang),
              types: d.extensions.join(", "),
            })}
          </div>
          {fileError ? (
            <div
              className="utrecht-form-field__error-message utrecht-form-field-error-message"
              id={fields.file.errorId}
            >
              {fileError}
            </div>
          ) : null}
          <div className="utrecht-form-field__input">
            <input
              {...fileProps}
              key={fileProps.key}
              accept={accept}
              aria-describedby={[hintId, fileError ? fields.file.errorId : null]
                .filter(Boolean)
                .join(" ")}
              className="spot-case-work__file"
            />
          </div>
        </div>
        <div className="utrecht-form-field utrecht-form-field--checkbox spot-check">
          <input
            {...internalProps}
            key={internalProps.key}
            aria-describedby={`${fields.internal.id}-help`}
            className="utrecht-checkbox utrecht-checkbox--html-input"
          />
          <label
            className="utrecht-form-label utrecht-form-label--checkbox"
            htmlFor={fields.internal.id}
          >
            {t("caseWork.documents.internal")}
          </label>
          <div
            className="utrecht-form-field__description utrecht-form-field-description spot-case-work__check-help"
            id={`${fields.internal.id}-help`}
          >
            {t("caseWork.documents.internalHint")}
          </div>
        </div>
        <SubmitButton>{t("caseWork.documents.submit")}</SubmitButton>
      </Form>

      <section aria-labelledby="documents-title" className="spot-section">
        <h2 id="documents-title" className="utrecht-heading-2">
          {t("caseWork.documents.list", { count: d.documents.length })}
        </h2>
        {d.documents.length === 0 ? (
          <p className="utrecht-paragraph">{t("caseWork.documents.none")}</p>
        ) : (
          <TableWrap captionId="documents-caption">
            <table className="utrecht-table spot-table">
              <caption id="documents-caption">{t("caseWork.documents.caption")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("caseWork.documents.name")}</th>
                  <th scope="col">{t("caseWork.documents.size")}</th>
                  <th scope="col">{t("caseWork.documents.who")}</th>
                  <th scope="col">{t("caseWork.documents.visible")}</th>
                </tr>
              </thead>
              <tbody>
                {d.documents.map((doc) => (
                  <tr key={doc.id}>
                    <th scope="row" className="spot-cell--wrap">
                      <a
                        className="utrecht-link"
                        href={`/casussen/${d.id}/documenten/${doc.id}`}
                        download={doc.name}
                      >
                        {doc.name}
                        <VisuallyHidden> ({t("caseWork.documents.download")})</VisuallyHidden>
                      </a>
                    </th>
                    <td className="spot-cell--nowrap">{formatSize(doc.size, lang)}</td>
                    <td>
                      {t("caseWork.documents.uploaded", {
                        name: doc.uploadedBy ?? t("caseWork.unknownPerson"),
                        date: formatDateTime(doc.uploadedAt, lang),
                      })}
                    </td>
                    <td>
                      {doc.internal
                        ? t("caseWork.documents.internalShort")
                        : t("caseWork.documents.sharedShort")}
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
