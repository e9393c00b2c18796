import { type FieldMetadata, getCollectionProps, getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, Form, Link, redirect } from "react-router";
import type { z } from "zod";
import type { Role } from "~/db/schema";
import { useT } from "~/i18n/use-t";
import { authDeps, requestInfo, requireAbility } from "~/modules/auth/auth.server";
import { inviteUser } from "~/modules/auth/flows.server";
import { STUDENT_LEVELS as LEVELS } from "~/modules/cases/model";
import { can } from "~/modules/policy/rules";
import { adminAbilities, grantableRoles } from "~/modules/users/admin.server";
import { inviteSchema } from "~/modules/users/invite-schema";
import { runtime } from "~/runtime.server";
import { AdminNav, adminLinks } from "~/ui/admin";
import { Alert, ErrorSummary, Field, SubmitButton, useErrorText } from "~/ui/form";
import { formConstraints } from "~/ui/form-constraints";
import type { Route } from "./+types/admin-invite";

export const meta: Route.MetaFunction = () => [{ title: "Iemand uitnodigen | SPOT 035" }];
export const links: Route.LinksFunction = adminLinks;

export async function loader({ request }: Route.LoaderArgs) {
  const { actor } = await requireAbility(request, "user.invite");
  return {
    roles: grantableRoles(actor),
    sent: new URL(request.url).searchParams.get("verstuurd") === "1",
    nav: adminAbilities(actor),
  };
}

export async function action({ request, context }: Route.ActionArgs) {
  const { actor } = await requireAbility(request, "user.invite");
  const rt = await runtime();
  const submission = parseWithZod(await request.formData(), { schema: inviteSchema });
  if (submission.status !== "success") {
    return data({ result: submission.reply() }, { status: 400 });
  }
  const v = submission.value;
  const roles = [...new Set(v.roles)] as Role[];
  // Only roles this person may give (a tampered form asks for more).
  if (!roles.every((r) => can(actor, "user.role.grant", r))) {
    return data(
      { result: submission.reply({ fieldErrors: { roles: ["admin.invite.roleNotAllowed"] } }) },
      { status: 400 },
    );
  }
  const student = roles.includes("student");
  await inviteUser(
    authDeps(rt),
    actor,
    {
      name: v.name,
      email: v.email,
      roles,
      studentLevel: student ? v.studentLevel : undefined,
      studentInstitution: student ? v.studentInstitution : undefined,
    },
    requestInfo(request, context),
  );
  return redirect("/beheer/uitnodigen?verstuurd=1", 303);
}

/** A checkbox or radio group in the error summary: its link goes to the first option. */
function groupField(field: { id: string; errors: string[] | undefined }) {
  return { id: `${field.id}-first`, errors: field.errors } as unknown as FieldMetadata<string>;
}

export default function AdminInvite({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useT();
  const errorText = useErrorText();
  const [form, fields] = useForm<z.input<typeof inviteSchema>>({
    lastResult: actionData?.result,
    constraint: formConstraints.invite,
  });
  const roleInputs = getCollectionProps(fields.roles, {
    type: "checkbox",
    options: [...loaderData.roles],
  });
  const levelInputs = getCollectionProps(fields.studentLevel, {
    type: "radio",
    options: [...LEVELS],
  });
  const rolesError = errorText(fields.roles.errors);
  const levelError = errorText(fields.studentLevel.errors);
  return (
    <>
      <h1 className="utrecht-heading-1">{t("admin.invite.title")}</h1>
      <AdminNav can={loaderData.nav} />
      <div className="spot-narrow">
        {loaderData.sent ? (
          <Alert type="ok">
            <p className="utrecht-paragraph">{t("admin.invite.sent")}</p>
            {loaderData.nav.mail ? (
              <p className="utrecht-paragraph">
                <Link className="utrecht-link" to="/beheer/mail">
                  {t("admin.invite.seeOutbox")}
                </Link>
              </p>
            ) : null}
          </Alert>
        ) : null}
        <p className="utrecht-paragraph">{t("admin.invite.lead")}</p>
        <ErrorSummary
          formErrors={form.errors}
          fields={[
            { field: fields.name, label: t("admin.invite.name") },
            { field: fields.email, label: t("admin.invite.email") },
            { field: groupField(fields.roles), label: t("admin.invite.roles") },
            { field: groupField(fields.studentLevel), label: t("admin.invite.level") },
            { field: fields.studentInstitution, label: t("admin.invite.institution") },
          ]}
        />
        <Form method="post" {...getFormProps(form)} className="spot-form">
          <Field field={fields.name} label={t("admin.invite.name")} autoComplete="off" />
          <Field
            field={fields.email}
            label={t("admin.invite.email")}
            type="email"
            autoComplete="off"
          />
          <fieldset
            className={`utrecht-form-fieldset utrecht-form-fieldset--html-fieldset${rolesError ? " utrecht-form-field--invalid" : ""}`}
            aria-describedby={`${fields.roles.id}-help${rolesError ? ` ${fields.roles.errorId}` : ""}`}
          >
            <legend className="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">
              {t("admin.invite.roles")}
            </legend>
            <div
              className="utrecht-form-field__description utrecht-form-field-description"
              id={`${fields.roles.id}-help`}
            >
              {t("admin.invite.rolesHelp")}
            </div>
            {rolesError ? (
              <div
                className="utrecht-form-field__error-message utrecht-form-field-error-message"
                id={fields.roles.errorId}
              >
                {rolesError}
              </div>
            ) : null}
            <ul className="spot-checks">
              {roleInputs.map(({ key, ...props }, i) => (
                <li key={key ?? props.value} className="spot-check">
                  <input
                    {...props}
                    id={i === 0 ? `${fields.roles.id}-first` : props.id}
                    required={false}
                    className="utrecht-checkbox utrecht-checkbox--html-input"
                  />
                  <label
                    className="utrecht-form-label utrecht-form-label--checkbox"
                    htmlFor={i === 0 ? `${fields.roles.id}-first` : props.id}
                  >
                    {t(`role.${props.value}`)}
                  </label>
                </li>
              ))}
            </ul>
          </fieldset>
          {loaderData.roles.includes("student") ? (
            <>
              <fieldset
                className={`utrecht-form-fieldset utrecht-form-fieldset--html-fieldset${levelError ? " utrecht-form-field--invalid" : ""}`}
                aria-describedby={`${fields.studentLevel.id}-help${levelError ? ` ${fields.studentLevel.errorId}` : ""}`}
              >
                <legend className="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">
                  {t("admin.invite.level")}
                </legend>
                <div
                  className="utrecht-form-field__description utrecht-form-field-description"
                  id={`${fields.studentLevel.id}-help`}
                >
                  {t("admin.invite.studentOnly")}
                </div>
                {levelError ? (
                  <div
                    className="utrecht-form-field__error-message utrecht-form-field-error-message"
                    id={fields.studentLevel.errorId}
                  >
                    {levelError}
                  </div>
                ) : null}
                <ul className="spot-checks">
                  {levelInputs.map(({ key, ...props }, i) => (
                    <li key={key ?? props.value} className="spot-check">
                      <input
                        {...props}
                        id={i === 0 ? `${fields.studentLevel.id}-first` : props.id}
                        required={false}
                        className="utrecht-radio-button utrecht-radio-button--html-input"
                      />
                      <label
                        className="utrecht-form-label utrecht-form-label--radio-button"
                        htmlFor={i === 0 ? `${fields.studentLevel.id}-first` : props.id}
                      >
                        {t(`admin.level.${props.value}`)}
                      </label>
                    </li>
                  ))}
                </ul>
              </fieldset>
              <Field
                field={fields.studentInstitution}
                label={t("admin.invite.institution")}
                description={t("admin.invite.studentOnly")}
                autoComplete="off"
              />
            </>
          ) : null}
          <SubmitButton>{t("admin.invite.submit")}</SubmitButton>
        </Form>
      </div>
    </>
  );
}
