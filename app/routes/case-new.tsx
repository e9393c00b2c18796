/**
 * /casussen/nieuw: a coordinator opens a case for a company that did not come in through a
 * help request (met at an event, referred by a partner). First a GET search for the company
 * (name or KvK number, small and medium-sized companies only), then one form: the company
 * (radio buttons), title, question and theme. Works without JavaScript; field errors come
 * back from the server with status 400.
 */
import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, Form, Link, redirect } from "react-router";
import type { z } from "zod";
import { getT, isLang } from "~/i18n/i18n";
import { useT } from "~/i18n/use-t";
import { requestInfo, requireAbility } from "~/modules/auth/auth.server";
import { caseContext, createCase } from "~/modules/cases/cases.server";
import {
  COMPANY_SEARCH_LIMIT,
  findSmeCompany,
  searchSmeCompanies,
} from "~/modules/cases/pick-company.server";
import { newCaseSchema } from "~/modules/cases/schema";
import { can } from "~/modules/policy/rules";
import { THEMES } from "~/modules/reference/themes";
import { runtime } from "~/runtime.server";
import casesListCss from "~/styles/cases-list.css?url";
import intakeCss from "~/styles/intake.css?url";
import { adminLinks } from "~/ui/admin";
import { ErrorSummary, Field, SubmitButton } from "~/ui/form";
import { formConstraints } from "~/ui/form-constraints";
import { RadioGroupField, SelectField, TextareaField } from "~/ui/form-fields";
import type { Route } from "./+types/case-new";

export const meta: Route.MetaFunction = ({ matches }) => {
  const lang = (matches[0]?.data as { lang?: string } | undefined)?.lang;
  return [{ title: getT(isLang(lang) ? lang : "nl")("casesList.new.meta") }];
};
export const links: Route.LinksFunction = () => [
  ...adminLinks(),
  { rel: "stylesheet", href: intakeCss },
  { rel: "stylesheet", href: casesListCss },
];

export async function loader({ request }: Route.LoaderArgs) {
  const { actor } = await requireAbility(request, "case.create");
  const rt = await runtime();
  const search = (new URL(request.url).searchParams.get("zoek") ?? "").trim().slice(0, 100);
  const found = search ? await searchSmeCompanies(rt.db, search, COMPANY_SEARCH_LIMIT + 1) : [];
  const municipality = (code: string | null) =>
    code ? (rt.reference.municipality(code)?.name ?? null) : null;
  return {
    search,
    companies: found.slice(0, COMPANY_SEARCH_LIMIT).map((c) => ({
      id: c.id,
      name: c.name,
      kvkNumber: c.kvkNumber,
      municipality: municipality(c.municipality),
    })),
    more: found.length > COMPANY_SEARCH_LIMIT,
    canIntake: can(actor, "intake.list"),
  };
}

export async function action({ request, context }: Route.ActionArgs) {
  const { actor } = await requireAbility(request, "case.create");
  const rt = await runtime();
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: newCaseSchema });
  if (submission.status !== "success") {
    return data({ result: submission.reply() }, { status: 400 });
  }
  const v = submission.value;
  const company = await findSmeCompany(rt.db, v.companyId);
  if (!company) {
    return data(
      {
        result: submission.reply({
          fieldErrors: { companyId: ["casesList.new.error.companyUnknown"] },
        }),
      },
      { status: 400 },
    );
  }
  const ctx = caseContext(rt, actor, requestInfo(request, context).ip);
  const r = await createCase(ctx, {
    companyId: company.id,
    title: v.title,
    question: v.question,
    theme: v.theme ?? null,
  });
  if (!r.ok) {
    return data(
      { result: submission.reply({ formErrors: [`cases.problem.${r.problem}`] }) },
      { status: 400 },
    );
  }
  return redirect(`/casussen/${r.caseId}?gedaan=created`, 303);
}

export default function CaseNew({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useT();
  const d = loaderData;
  const [form, fields] = useForm<z.input<typeof newCaseSchema>>({
    id: "new-case",
    lastResult: actionData?.result ?? undefined,
    constraint: formConstraints.newCase,
  });
  const companyError = fields.companyId.errors?.map((e) => t(e)).join(" ");
  const labels = {
    companyId: t("casesList.new.company"),
    title: t("casesList.new.caseTitle"),
    question: t("casesList.new.question"),
    theme: t("casesList.new.theme"),
  };
  return (
    <div className="spot-intake">
      <p className="utrecht-paragraph">
        <Link className="utrecht-link" to="/casussen">
          {t("casesList.new.back")}
        </Link>
      </p>
      <h1 className="utrecht-heading-1">{t("casesList.new.title")}</h1>
      <p className="utrecht-paragraph">{t("casesList.new.lead")}</p>
      {d.canIntake ? (
        <p className="utrecht-paragraph">
          <Link className="utrecht-link" to="/beheer/aanvragen">
            {t("casesList.new.intakesLink")}
          </Link>
        </p>
      ) : null}

      <ErrorSummary
        fields={[
          { field: fields.companyId, label: labels.companyId },
          { field: fields.title, label: labels.title },
          { field: fields.question, label: labels.question },
          { field: fields.theme, label: labels.theme },
        ]}
        formErrors={form.errors}
      />

      <section aria-labelledby="find-title" className="spot-section">
        <h2 id="find-title" className="utrecht-heading-2">
          {t("casesList.new.findTitle")}
        </h2>
        <Form
          key={d.search}
          method="get"
          role="search"
          aria-labelledby="find-title"
          className="spot-company-search"
        >
          <div className="utrecht-form-field utrecht-form-field--text">
            <div className="utrecht-form-field__label">
              <label className="utrecht-form-label" htmlFor="zoek">
                {t("casesList.new.search")}
              </label>
            </div>
            <div
              className="utrecht-form-field__description utrecht-form-field-description"
              id="zoek-description"
            >
              {t("casesList.new.searchHint")}
            </div>
            <div className="utrecht-form-field__input">
              <input
                id="zoek"
                name="zoek"
                type="search"
                defaultValue={d.search}
                maxLength={100}
                aria-describedby="zoek-description"
                className="utrecht-textbox utrecht-textbox--html-input"
              />
            </div>
          </div>
          <SubmitButton secondary>{t("casesList.new.searchSubmit")}</SubmitButton>
        </Form>
      </section>

      <section aria-labelledby="details-title" className="spot-section">
        <h2 id="details-title" className="utrecht-heading-2">
          {t("casesList.new.detailsTitle")}
        </h2>
        <Form method="post" {...getFormProps(form)} className="spot-form">
          {d.companies.length > 0 ? (
            <RadioGroupField
              field={fields.companyId}
              legend={labels.companyId}
              description={
                d.more
                  ? t("casesList.new.tooMany", { count: d.companies.length })
                  : t("casesList.new.found", { count: d.companies.length })
              }
              options={d.companies.map((c) => ({
                value: c.id,
                label: [
                  c.name,
                  c.kvkNumber ? t("casesList.new.kvk", { number: c.kvkNumber }) : null,
                  c.municipality,
                ]
                  .filter(Boolean)
                  .join(" · "),
              }))}
            />
          ) : (
            <div
              id={fields.companyId.id}
              tabIndex={-1}
              className={`utrecht-form-field spot-company-none${companyError ? " utrecht-form-field--invalid" : ""}`}
            >
              <p className="utrecht-paragraph">
                <strong>{labels.companyId}</strong>
              </p>
              {companyError ? (
                <p className="utrecht-form-field-error-message" id={fields.companyId.errorId}>
                  {companyError}
                </p>
              ) : null}
              <p className="utrecht-paragraph">
                {d.search
                  ? t("casesList.new.noneFound", { search: d.search })
                  : t("casesList.new.searchFirst")}
              </p>
            </div>
          )}
          <Field
            field={fields.title}
            label={labels.title}
            description={t("casesList.new.caseTitleHint")}
          />
          <TextareaField
            field={fields.question}
            label={labels.question}
            description={t("casesList.new.questionHint")}
            rows={6}
          />
          <SelectField
            field={fields.theme}
            label={labels.theme}
            placeholder={t("casesList.new.themeUnknown")}
            options={THEMES.map((th) => ({ value: th, label: t(`theme.${th}`) }))}
            optional
          />
          <SubmitButton>{t("casesList.new.submit")}</SubmitButton>
        </Form>
      </section>
    </div>
  );
}
