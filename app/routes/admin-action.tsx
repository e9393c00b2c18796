import { data, Link, redirect } from "react-router";
import { formatDateTime } from "~/i18n/format";
import { getT, isLang } from "~/i18n/i18n";
import { getLang } from "~/i18n/lang.server";
import { useT } from "~/i18n/use-t";
import { getCatalogueEntry } from "~/modules/advice/catalogue.server";
import { formChoices, handleActionForm } from "~/modules/advice/catalogue-edit.server";
import { formFromAction } from "~/modules/advice/catalogue-form";
import { requireAbility } from "~/modules/auth/auth.server";
import { adminAbilities } from "~/modules/users/admin.server";
import { runtime } from "~/runtime.server";
import actionsCss from "~/styles/action-catalogue.css?url";
import { ActionForm } from "~/ui/action-form";
import { ActionFormProblems } from "~/ui/action-form-problems";
import { AdminNav, adminLinks } from "~/ui/admin";
import { Alert } from "~/ui/form";
import type { Route } from "./+types/admin-action";

export const meta: Route.MetaFunction = ({ matches }) => {
  const lang = (matches[0]?.data as { lang?: string } | undefined)?.lang;
  return [{ title: getT(isLang(lang) ? lang : "nl")("actions.meta.edit") }];
};
export const links: Route.LinksFunction = () => [
  ...adminLinks(),
  { rel: "stylesheet", href: actionsCss },
];

const NOTICES = ["saved", "created"] as const;
const SLUG = /^[a-z0-9][a-z0-9-]{1,59}$/;
const notFound = () => new Response("Not Found", { status: 404 });

async function userName(id: string): Promise<string | null> {
  const { db } = await runtime();
  const u = await db
    .selectFrom("users")
    .select(["name", "email"])
    .where("id", "=", id)
    .executeTakeFirst();
  return u ? u.name || u.email : null;
}

export async function loader({ request, params }: Route.LoaderArgs) {
  const { actor } = await requireAbility(request, "catalogue.edit");
  if (!SLUG.test(params.id)) throw notFound();
  const { db } = await runtime();
  const lang = getLang(request);
  const entry = await getCatalogueEntry(db, params.id);
  if (!entry) throw notFound();
  const notice = new URL(request.url).searchParams.get("gedaan");
  return {
    id: entry.action.id,
    title: entry.action.title[lang],
    version: entry.version,
    updatedAt: entry.updatedAt,
    defaultValue: formFromAction(entry.action, entry.active, entry.version),
    choices: await formChoices(db, lang, entry.action.id),
    notice: (NOTICES as readonly string[]).includes(notice ?? "") ? notice : null,
    nav: adminAbilities(actor),
  };
}

export async function action({ request, params }: Route.ActionArgs) {
  const { actor } = await requireAbility(request, "catalogue.edit");
  if (!SLUG.test(params.id)) throw notFound();
  const { db } = await runtime();
  if (!(await getCatalogueEntry(db, params.id))) throw notFound();
  const out = await handleActionForm(db, await request.formData(), {
    id: params.id,
    userId: actor.id,
    lang: getLang(request),
    userName,
  });
  if (out.ok) return redirect(`/beheer/acties/${out.id}?gedaan=saved`, 303);
  return data(out.body, { status: out.status });
}

export default function AdminAction({ loaderData, actionData }: Route.ComponentProps) {
  const { t, lang } = useT();
  const d = loaderData;
  return (
    <>
      <p className="utrecht-paragraph">
        <Link className="utrecht-link" to="/beheer/acties">
          {t("actions.edit.back")}
        </Link>
      </p>
      <h1 className="utrecht-heading-1">{t("actions.edit.title", { title: d.title })}</h1>
      <AdminNav can={d.nav} />
      <p className="utrecht-paragraph">
        {t("actions.edit.code", { id: d.id })}{" "}
        {t("actions.edit.lastChange", { date: formatDateTime(d.updatedAt, lang) })}
      </p>
      {d.notice && !actionData ? (
        <Alert type="ok">
          <p className="utrecht-paragraph">{t(`actions.edit.${d.notice}`)}</p>
        </Alert>
      ) : null}
      <ActionFormProblems result={actionData ?? null} />
      <ActionForm
        mode="edit"
        defaultValue={d.defaultValue}
        lastResult={actionData?.result}
        version={actionData?.current?.version ?? d.version}
        choices={d.choices}
      />
    </>
  );
}
