import { data, Form, Link } from "react-router";
import { z } from "zod";
import { ROLES } from "~/db/schema";
import { formatDateTime, formatNumber } from "~/i18n/format";
import { useT } from "~/i18n/use-t";
import { requireAbility } from "~/modules/auth/auth.server";
import { adminAbilities } from "~/modules/users/admin.server";
import { listUsers } from "~/modules/users/users.server";
import { runtime } from "~/runtime.server";
import { AdminNav, adminLinks, FilterField, Pager, TableWrap, VisuallyHidden } from "~/ui/admin";
import type { Route } from "./+types/admin-users";

export const meta: Route.MetaFunction = () => [{ title: "Gebruikers | SPOT 035" }];
export const links: Route.LinksFunction = adminLinks;

const PAGE_SIZE = 25;

/** The filter form's query string. Messages are i18n keys. */
const querySchema = z.object({
  zoek: z.string().trim().max(100, "admin.users.searchTooLong"),
  rol: z.union([z.literal(""), z.enum(ROLES)], { error: "admin.users.roleUnknown" }),
  status: z.enum(["", "actief", "uitgezet"], { error: "admin.users.statusUnknown" }),
  // Sort order and page come from our own links: an odd value falls back quietly.
  sorteer: z.enum(["naam", "-naam"]).catch("naam"),
  pagina: z.coerce.number().int().min(1).max(100_000).catch(1),
});
type Filters = { zoek: string; rol: string; status: string; sorteer: string; pagina: string };
const FIELDS = ["zoek", "rol", "status", "sorteer", "pagina"] as const;
/** The fields that can have an error (the others fall back quietly). */
const CHECKED = ["zoek", "rol", "status"] as const;
type Checked = (typeof CHECKED)[number];

export async function loader({ request }: Route.LoaderArgs) {
  const { actor } = await requireAbility(request, "user.list");
  const { db } = await runtime();
  const params = new URL(request.url).searchParams;
  const raw: Filters = {
    zoek: params.get("zoek") ?? "",
    rol: params.get("rol") ?? "",
    status: params.get("status") ?? "",
    sorteer: params.get("sorteer") || "naam",
    pagina: params.get("pagina") || "1",
  };
  const nav = adminAbilities(actor);
  const parsed = querySchema.safeParse(raw);
  if (!parsed.success) {
    const errors: Partial<Record<Checked, string>> = {};
    for (const issue of parsed.error.issues) {
      const field = issue.path[0] as Checked;
      if (CHECKED.includes(field) && !errors[field]) errors[field] = issue.message;
    }
    // Echo what was typed (shortened), so it can be corrected.
    const echo = Object.fromEntries(
      FIELDS.map((f) => [f, raw[f].slice(0, 200)]),
    ) as unknown as Filters;
    return data({ filters: echo, errors, list: null, nav }, { status: 400 });
  }
  const q = parsed.data;
  const result = await listUsers(db, {
    search: q.zoek || undefined,
    role: q.rol || undefined,
    status: q.status === "actief" ? "active" : q.status === "uitgezet" ? "disabled" : undefined,
    sort: q.sorteer === "-naam" ? "-name" : "name",
    offset: (q.pagina - 1) * PAGE_SIZE,
    limit: PAGE_SIZE,
  });
  return {
    filters: { ...q, pagina: String(q.pagina) } as Filters,
    errors: null,
    list: {
      ...result,
      page: q.pagina,
      pageCount: Math.max(1, Math.ceil(result.total / PAGE_SIZE)),
      filtered: Boolean(q.zoek || q.rol || q.status),
    },
    nav,
  };
}

function href(filters: Filters, change: Partial<Filters>): string {
  const next = { ...filters, ...change };
  const params = new URLSearchParams();
  if (next.zoek) params.set("zoek", next.zoek);
  if (next.rol) params.set("rol", next.rol);
  if (next.status) params.set("status", next.status);
  if (next.sorteer && next.sorteer !== "naam") params.set("sorteer", next.sorteer);
  if (next.pagina && next.pagina !== "1") params.set("pagina", next.pagina);
  const s = params.toString();
  return s ? `/beheer/gebruikers?${s}` : "/beheer/gebruikers";
}

export default function AdminUsers({ loaderData }: Route.ComponentProps) {
  const { t, lang } = useT();
  const { filters, errors, list, nav } = loaderData;
  const fieldError = (f: Checked) => (errors?.[f] ? t(errors[f]) : undefined);
  const labels: Record<Checked, string> = {
    zoek: t("admin.users.search"),
    rol: t("admin.users.role"),
    status: t("admin.users.status"),
  };
  const descending = filters.sorteer === "-naam";
  return (
    <>
      <h1 className="utrecht-heading-1">{t("admin.users.title")}</h1>
      <AdminNav can={nav} />
      <p className="utrecht-paragraph">{t("admin.users.lead")}</p>

      {errors ? (
        <div
          className="utrecht-alert utrecht-alert--error spot-error-summary"
          role="alert"
          tabIndex={-1}
        >
          <h2 className="utrecht-heading-3">{t("admin.users.filterProblem")}</h2>
          <ul className="utrecht-unordered-list">
            {CHECKED.filter((f) => errors[f]).map((f) => (
              <li key={f} className="utrecht-unordered-list__item">
                <a className="utrecht-link" href={`#filter-${f}`}>
                  {labels[f]}: {fieldError(f)}
                </a>
              </li>
            ))}
          </ul>
        </div>
      ) : null}

      <Form
        method="get"
        className="spot-filter"
        role="search"
        aria-label={t("admin.users.filterLabel")}
      >
        <FilterField
          id="filter-zoek"
          label={labels.zoek}
          description={t("admin.users.searchHelp")}
          error={fieldError("zoek")}
        >
          {(aria) => (
            <input
              {...aria}
              id="filter-zoek"
              name="zoek"
              type="search"
              maxLength={100}
              defaultValue={filters.zoek}
              className={`utrecht-textbox utrecht-textbox--html-input${aria["aria-invalid"] ? " utrecht-textbox--invalid" : ""}`}
            />
          )}
        </FilterField>
        <FilterField id="filter-rol" label={labels.rol} error={fieldError("rol")}>
          {(aria) => (
            <select
              {...aria}
              id="filter-rol"
              name="rol"
              defaultValue={filters.rol}
              className="utrecht-select utrecht-select--html-select"
            >
              <option value="">{t("admin.users.anyRole")}</option>
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {t(`role.${r}`)}
                </option>
              ))}
            </select>
          )}
        </FilterField>
        <FilterField id="filter-status" label={labels.status} error={fieldError("status")}>
          {(aria) => (
            <select
              {...aria}
              id="filter-status"
              name="status"
              defaultValue={filters.status}
              className="utrecht-select utrecht-select--html-select"
            >
              <option value="">{t("admin.users.anyStatus")}</option>
              <option value="actief">{t("admin.users.statusActive")}</option>
              <option value="uitgezet">{t("admin.users.statusDisabled")}</option>
            </select>
          )}
        </FilterField>
        {filters.sorteer === "-naam" ? <input type="hidden" name="sorteer" value="-naam" /> : null}
        <div className="spot-filter__actions">
          <button type="submit" className="utrecht-button utrecht-button--primary-action">
            {t("admin.users.filterSubmit")}
          </button>
          <Link className="utrecht-link" to="/beheer/gebruikers">
            {t("admin.users.filterReset")}
          </Link>
        </div>
      </Form>

      {list ? (
        <>
          <p className="utrecht-paragraph" role="status">
            {t("admin.users.count", { count: list.total, n: formatNumber(list.total, lang) })}
          </p>
          {list.items.length === 0 ? (
            <div className="utrecht-alert utrecht-alert--info spot-alert">
              <p className="utrecht-paragraph">
                {list.total > 0
                  ? t("admin.users.emptyPage")
                  : list.filtered
                    ? t("admin.users.emptyFiltered")
                    : t("admin.users.empty")}
              </p>
              <ul className="utrecht-link-list">
                {list.total > 0 ? (
                  <li className="utrecht-link-list__item">
                    <Link className="utrecht-link" to={href(filters, { pagina: "1" })}>
                      {t("admin.pager.first")}
                    </Link>
                  </li>
                ) : null}
                {list.filtered ? (
                  <li className="utrecht-link-list__item">
                    <Link className="utrecht-link" to="/beheer/gebruikers">
                      {t("admin.users.filterReset")}
                    </Link>
                  </li>
                ) : null}
                {nav.invite ? (
                  <li className="utrecht-link-list__item">
                    <Link className="utrecht-link" to="/beheer/uitnodigen">
                      {t("admin.users.inviteSomeone")}
                    </Link>
                  </li>
                ) : null}
              </ul>
            </div>
          ) : (
            <TableWrap captionId="users-caption">
              <table className="spot-table">
                <caption id="users-caption">
                  {t("admin.users.caption", {
                    order: descending ? t("admin.users.orderDesc") : t("admin.users.orderAsc"),
                    page: list.page,
                    pages: list.pageCount,
                  })}
                </caption>
                <thead>
                  <tr>
                    <th scope="col" aria-sort={descending ? "descending" : "ascending"}>
                      <Link
                        className="utrecht-link spot-sort-link"
                        to={href(filters, { sorteer: descending ? "naam" : "-naam", pagina: "1" })}
                      >
                        {t("admin.users.colName")}
                        <span aria-hidden="true">{descending ? " ▼" : " ▲"}</span>
                        <VisuallyHidden>
                          {descending ? t("admin.users.sortToAsc") : t("admin.users.sortToDesc")}
                        </VisuallyHidden>
                      </Link>
                    </th>
                    <th scope="col">{t("admin.users.colEmail")}</th>
                    <th scope="col">{t("admin.users.colRoles")}</th>
                    <th scope="col">{t("admin.users.colStatus")}</th>
                    <th scope="col">{t("admin.users.colLastLogin")}</th>
                  </tr>
                </thead>
                <tbody>
                  {list.items.map((u) => (
                    <tr key={u.id}>
                      <th scope="row">
                        <Link className="utrecht-link" to={`/beheer/gebruikers/${u.id}`}>
                          {u.name}
                        </Link>
                      </th>
                      <td className="spot-cell--wrap">{u.email}</td>
                      <td>
                        {u.roles.length
                          ? u.roles.map((r) => t(`role.${r}`)).join(", ")
                          : t("admin.users.noRoles")}
                      </td>
                      <td>
                        {u.disabled ? (
                          <span className="spot-status spot-status--off">
                            {t("admin.users.statusDisabled")}
                          </span>
                        ) : (
                          <span className="spot-status spot-status--ok">
                            {t("admin.users.statusActive")}
                          </span>
                        )}
                        {u.verified ? null : (
                          <>
                            {" "}
                            <span className="spot-status spot-status--muted">
                              {t("admin.users.unverified")}
                            </span>
                          </>
                        )}
                      </td>
                      <td className="spot-cell--nowrap">
                        {u.lastLoginAt
                          ? formatDateTime(u.lastLoginAt, lang)
                          : t("admin.users.never")}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          )}
          <Pager
            page={list.page}
            pageCount={list.pageCount}
            hrefFor={(p) => href(filters, { pagina: String(p) })}
          />
        </>
      ) : null}
    </>
  );
}
