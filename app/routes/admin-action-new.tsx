import { data, Link, redirect } from "react-router";
import { getT, isLang } from "~/i18n/i18n";
import { getLang } from "~/i18n/lang.server";
import { useT } from "~/i18n/use-t";
import { formChoices, handleActionForm } from "~/modules/advice/catalogue-edit.server";
import { requireAbility } from "~/modules/auth/auth.server";
import { adminAbilities } from "~/modules/users/admin.server";
import { runtime } from "~/runtime.server";
import actionsCss from "~/styles/action-catalogue.css?url";
import { ActionForm } from "~/ui/action-form";
import { ActionFormProblems } from "~/ui/action-form-problems";
import { AdminNav, adminLinks } from "~/ui/admin";
import type { Route } from "./+types/admin-action-new";

export const meta: Route.MetaFunction = ({ matches }) => {
  const lang = (matches[0]?.data as { lang?: string } | undefined)?.lang;
  return [{ title: getT(isLang(lang) ? lang : "nl")("actions.meta.new") }];
};
export const links: Route.LinksFunction = () => [
  ...adminLinks(),
  { rel: "stylesheet", href: actionsCss },
];

export async function loader({ request }: Route.LoaderArgs) {
  const { actor } = await requireAbility(request, "catalogue.edit");
  const { db } = await runtime();
  return {
    choices: await formChoices(db, getLang(request), null),
    nav: adminAbilities(actor),
  };
}

export async function action({ request }: Route.ActionArgs) {
  const { actor } = await requireAbility(request, "catalogue.edit");
  const { db } = await runtime();
  const out = await handleActionForm(db, await request.formData(), {
    id: null,
    userId: actor.id,
    lang: getLang(request),
    userName: async () => null,
  });
  if (out.ok) return redirect(`/beheer/acties/${out.id}?gedaan=created`, 303);
  return data(out.body, { status: out.status });
}

export default function AdminActionNew({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useT();
  return (
    <>
      <p className="utrecht-paragraph">
        <Link className="utrecht-link" to="/beheer/acties">
          {t("actions.edit.back")}
        </Link>
      </p>
      <h1 className="utrecht-heading-1">{t("actions.edit.newTitle")}</h1>
      <AdminNav can={loaderData.nav} />
      <ActionFormProblems result={actionData ?? null} />
      <ActionForm
        mode="new"
        defaultValue={{
          triggers: "[]",
          costOnceMin: "0",
          costOnceMax: "0",
          costMonthlyMin: "0",
          costMonthlyMax: "0",
        }}
        lastResult={actionData?.result}
        version={null}
        choices={loaderData.choices}
      />
    </>
  );
}
