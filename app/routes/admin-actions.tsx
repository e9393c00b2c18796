import { data, Form, Link } from "react-router";
import { z } from "zod";
import { formatEuro } from "~/i18n/format";
import { getT, isLang } from "~/i18n/i18n";
import { getLang } from "~/i18n/lang.server";
import { useT } from "~/i18n/use-t";
import { listCatalogue } from "~/modules/advice/catalogue.server";
import { normalizeText } from "~/modules/advice/proposal";
import { requireAbility } from "~/modules/auth/auth.server";
import { THEMES } from "~/modules/reference/themes";
import { adminAbilities } from "~/modules/users/admin.server";
import { runtime } from "~/runtime.server";
import actionsCss from "~/styles/action-catalogue.css?url";
import { AdminNav, adminLinks, FilterField, TableWrap } from "~/ui/admin";
import type { Route } from "./+types/admin-actions";

export const meta: Route.MetaFunction = ({ matches }) => {
  const lang = (matches[0]?.data as { lang?: string } | undefined)?.lang;
  return [{ title: getT(isLang(lang) ? lang : "nl")("actions.meta.list") }];
};
export const links: Route.LinksFunction = () => [
  ...adminLinks(),
  { rel: "stylesheet", href: actionsCss },
];

const STATUSES = ["active", "inactive"] as const;
const querySchema = z.object({
  q: z.string().max(100),
  thema: z.union([z.literal(""), z.enum(THEMES)]),
  status: z.union([z.literal(""), z.enum(STATUSES)]),
});
type Filters = z.infer<typeof querySchema>;

export async function loader({ request }: Route.LoaderArgs) {
  const { actor } = await requireAbility(request, "catalogue.edit");
  const { db } = await runtime();
  const lang = getLang(request);
  const params = new URL(request.url).searchParams;
  const raw = {
    q: params.get("q") ?? "",
    thema: params.get("thema") ?? "",
    status: params.get("status") ?? "",
  };
  const nav = adminAbilities(actor);
  const parsed = querySchema.safeParse(raw);
  if (!parsed.success) {
    const echo: Filters = { q: raw.q.slice(0, 100), thema: "", status: "" };
    return data({ filters: echo, invalid: true, rows: [], total: 0, nav }, { status: 400 });
  }
  const f = parsed.data;
  const all = await listCatalogue(db);
  const needle = normalizeText(f.q).trim();
  const rows = all
    .filter((e) => !f.thema || e.action.theme === f.thema)
    .filter((e) => !f.status || (f.status === "active") === e.active)
    .filter(
      (e) =>
        !needle ||
        normalizeText(
          [e.action.id, e.action.title.nl, e.action.title.en, e.action.description[lang]].join(" "),
        ).includes(needle),
    )
    .map((e) => ({
      id: e.action.id,
      title: e.action.title[lang],
      theme: e.action.theme,
      costOnce: e.action.costOnce,
      costMonthly: e.action.costMonthly,
      durationWeeks: e.action.durationWeeks,
      active: e.active,
    }))
    .sort((a, b) => a.theme.localeCompare(b.theme) || a.title.localeCompare(b.title, lang));
  return { filters: f, invalid: false, rows, total: all.length, nav };
}

export default function AdminActions({ loaderData }: Route.ComponentProps) {
  const { t, lang } = useT();
  const { filters, invalid, rows, total, nav } = loaderData;
  const filtered = Boolean(filters.q || filters.thema || filters.status);
  const euro = (n: number) => formatEuro(n, lang);
  return (
    <>
      <h1 className="utrecht-heading-1">{t("actions.list.title")}</h1>
      <AdminNav can={nav} />
      <p className="utrecht-paragraph">{t("actions.list.lead")}</p>
      <p className="utrecht-paragraph">
        <Link className="utrecht-link" to="/beheer/acties/nieuw">
          {t("actions.list.new")}
        </Link>
      </p>
      {invalid ? (
        <div
          className="utrecht-alert utrecht-alert--error spot-error-summary"
          role="alert"
          tabIndex={-1}
        >
          <h2 className="utrecht-heading-3">{t("actions.list.filterProblem")}</h2>
          <p className="utrecht-paragraph">
            <Link className="utrecht-link" to="/beheer/acties">
              {t("actions.list.filterReset")}
            </Link>
          </p>
        </div>
      ) : null}
      <Form
        method="get"
        className="spot-filter"
        role="search"
        aria-label={t("actions.list.filterLabel")}
      >
        <FilterField
          id="filter-q"
          label={t("actions.list.search")}
          description={t("actions.list.searchHelp")}
        >
          {(aria) => (
            <input
              {...aria}
              id="filter-q"
              name="q"
              type="search"
              maxLength={100}
              defaultValue={filters.q}
              className="utrecht-textbox utrecht-textbox--html-input"
            />
          )}
        </FilterField>
        <FilterField id="filter-thema" label={t("actions.list.theme")}>
          {(aria) => (
            <select
              {...aria}
              id="filter-thema"
              name="thema"
              defaultValue={filters.thema}
              className="utrecht-select utrecht-select--html-select"
            >
              <option value="">{t("actions.list.anyTheme")}</option>
              {THEMES.map((th) => (
                <option key={th} value={th}>
                  {t(`theme.${th}`)}
                </option>
              ))}
            </select>
          )}
        </FilterField>
        <FilterField id="filter-status" label={t("actions.list.status")}>
          {(aria) => (
            <select
              {...aria}
              id="filter-status"
              name="status"
              defaultValue={filters.status}
              className="utrecht-select utrecht-select--html-select"
            >
              <option value="">{t("actions.list.anyStatus")}</option>
              {STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`actions.status.${s}`)}
                </option>
              ))}
            </select>
          )}
        </FilterField>
        <button type="submit" className="utrecht-button utrecht-button--secondary-action">
          {t("actions.list.filter")}
        </button>
      </Form>

      {rows.length === 0 && !invalid ? (
        <p className="utrecht-paragraph">{t("actions.list.none")}</p>
      ) : null}
      {rows.length > 0 ? (
        <TableWrap captionId="actions-caption">
          <table className="utrecht-table spot-table">
            <caption id="actions-caption" className="utrecht-table__caption">
              {filtered
                ? t("actions.list.captionFiltered", { count: rows.length, total })
                : t("actions.list.caption", { count: rows.length })}
            </caption>
            <thead className="utrecht-table__header">
              <tr className="utrecht-table__row">
                <th scope="col" className="utrecht-table__header-cell">
                  {t("actions.list.colTitle")}
                </th>
                <th scope="col" className="utrecht-table__header-cell">
                  {t("actions.list.colTheme")}
                </th>
                <th scope="col" className="utrecht-table__header-cell">
                  {t("actions.list.colOnce")}
                </th>
                <th scope="col" className="utrecht-table__header-cell">
                  {t("actions.list.colMonthly")}
                </th>
                <th scope="col" className="utrecht-table__header-cell">
                  {t("actions.list.colDuration")}
                </th>
                <th scope="col" className="utrecht-table__header-cell">
                  {t("actions.list.colStatus")}
                </th>
              </tr>
            </thead>
            <tbody className="utrecht-table__body">
              {rows.map((r) => (
                <tr key={r.id} className="utrecht-table__row">
                  <th scope="row" className="utrecht-table__header-cell spot-action-title">
                    <Link className="utrecht-link" to={`/beheer/acties/${r.id}`}>
                      {r.title}
                    </Link>
                    <span className="spot-action-code">{r.id}</span>
                  </th>
                  <td className="utrecht-table__cell">{t(`theme.${r.theme}`)}</td>
                  <td className="utrecht-table__cell spot-nowrap">
                    {t("actions.list.range", {
                      min: euro(r.costOnce.min),
                      max: euro(r.costOnce.max),
                    })}
                  </td>
                  <td className="utrecht-table__cell spot-nowrap">
                    {t("actions.list.range", {
                      min: euro(r.costMonthly.min),
                      max: euro(r.costMonthly.max),
                    })}
                  </td>
                  <td className="utrecht-table__cell spot-nowrap">
                    {t("actions.list.weeks", { count: r.durationWeeks })}
                  </td>
                  <td className="utrecht-table__cell">
                    <span
                      className={`spot-status ${r.active ? "spot-status--ok" : "spot-status--muted"}`}
                    >
                      {t(`actions.status.${r.active ? "active" : "inactive"}`)}
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : null}
    </>
  );
}
