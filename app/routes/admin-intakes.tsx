import { data, Form, Link } from "react-router";
import { z } from "zod";
import { formatDateTime } from "~/i18n/format";
import { getT, isLang } from "~/i18n/i18n";
import { useT } from "~/i18n/use-t";
import { requireAbility } from "~/modules/auth/auth.server";
import { ELIGIBILITIES, INTAKE_STATUSES } from "~/modules/intake/form-limits";
import { countIntakeRequests, listIntakeRequests } from "~/modules/intake/intake.server";
import { adminAbilities } from "~/modules/users/admin.server";
import { runtime } from "~/runtime.server";
import intakeCss from "~/styles/intake.css?url";
import { AdminNav, adminLinks, FilterField, Pager, TableWrap } from "~/ui/admin";
import type { Route } from "./+types/admin-intakes";

export const meta: Route.MetaFunction = ({ matches }) => {
  const lang = (matches[0]?.data as { lang?: string } | undefined)?.lang;
  return [{ title: getT(isLang(lang) ? lang : "nl")("intake.meta.list") }];
};
export const links: Route.LinksFunction = () => [
  ...adminLinks(),
  { rel: "stylesheet", href: intakeCss },
];

const PAGE_SIZE = 25;

const querySchema = z.object({
  status: z.union([z.literal(""), z.enum(INTAKE_STATUSES)]),
  geschikt: z.union([z.literal(""), z.enum(ELIGIBILITIES)]),
  pagina: z.coerce.number().int().min(1).max(100_000),
});
type Filters = { status: string; geschikt: string; pagina: string };

function href(filters: Filters, change: Partial<Filters>): string {
  const next = { ...filters, ...change };
  const params = new URLSearchParams();
  if (next.status) params.set("status", next.status);
  if (next.geschikt) params.set("geschikt", next.geschikt);
  if (next.pagina && next.pagina !== "1") params.set("pagina", next.pagina);
  const s = params.toString();
  return s ? `/beheer/aanvragen?${s}` : "/beheer/aanvragen";
}

export async function loader({ request }: Route.LoaderArgs) {
  const { actor } = await requireAbility(request, "intake.list");
  const { db } = await runtime();
  const params = new URL(request.url).searchParams;
  const raw: Filters = {
    status: params.get("status") ?? "",
    geschikt: params.get("geschikt") ?? "",
    pagina: params.get("pagina") || "1",
  };
  const nav = adminAbilities(actor);
  const counts = await countIntakeRequests(db);
  const parsed = querySchema.safeParse(raw);
  if (!parsed.success) {
    // An unknown filter value (a hand-edited address): say so, and show the filter form.
    const echo = {
      status: raw.status.slice(0, 40),
      geschikt: raw.geschikt.slice(0, 40),
      pagina: "1",
    };
    return data({ filters: echo, invalid: true, counts, list: null, nav }, { status: 400 });
  }
  const q = parsed.data;
  const result = await listIntakeRequests(db, {
    status: q.status || undefined,
    eligibility: q.geschikt || undefined,
    offset: (q.pagina - 1) * PAGE_SIZE,
    limit: PAGE_SIZE,
  });
  return {
    filters: { ...q, pagina: String(q.pagina) } as Filters,
    invalid: false,
    counts,
    list: {
      ...result,
      page: q.pagina,
      pageCount: Math.max(1, Math.ceil(result.total / PAGE_SIZE)),
      filtered: Boolean(q.status || q.geschikt),
    },
    nav,
  };
}

export default function AdminIntakes({ loaderData }: Route.ComponentProps) {
  const { t, lang } = useT();
  const { filters, invalid, counts, list, nav } = loaderData;
  return (
    <>
      <h1 className="utrecht-heading-1">{t("intake.list.title")}</h1>
      <AdminNav can={nav} />
      <p className="utrecht-paragraph">{t("intake.list.lead")}</p>
      <p className="utrecht-paragraph">
        {t("intake.list.counts", {
          all: counts.all,
          new: counts.status.new,
          accepted: counts.status.accepted,
          answered: counts.status.answered,
          ambiguous: counts.eligibility.ambiguous,
        })}
      </p>

      {invalid ? (
        <div
          className="utrecht-alert utrecht-alert--error spot-error-summary"
          role="alert"
          tabIndex={-1}
        >
          <h2 className="utrecht-heading-3">{t("intake.list.filterProblem")}</h2>
          <p className="utrecht-paragraph">
            <Link className="utrecht-link" to="/beheer/aanvragen">
              {t("intake.list.filterReset")}
            </Link>
          </p>
        </div>
      ) : null}

      <Form
        method="get"
        className="spot-filter"
        role="search"
        aria-label={t("intake.list.filterLabel")}
      >
        <FilterField id="filter-status" label={t("intake.list.status")}>
          {(aria) => (
            <select
              {...aria}
              id="filter-status"
              name="status"
              defaultValue={filters.status}
              className="utrecht-select utrecht-select--html-select"
            >
              <option value="">{t("intake.list.anyStatus")}</option>
              {INTAKE_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`intake.status.${s}`)} ({counts.status[s]})
                </option>
              ))}
            </select>
          )}
        </FilterField>
        <FilterField id="filter-geschikt" label={t("intake.list.eligibility")}>
          {(aria) => (
            <select
              {...aria}
              id="filter-geschikt"
              name="geschikt"
              defaultValue={filters.geschikt}
              className="utrecht-select utrecht-select--html-select"
            >
              <option value="">{t("intake.list.anyEligibility")}</option>
              {ELIGIBILITIES.map((e) => (
                <option key={e} value={e}>
                  {t(`intake.eligibility.${e}`)} ({counts.eligibility[e]})
                </option>
              ))}
            </select>
          )}
        </FilterField>
        <div className="spot-filter__actions">
          <button type="submit" className="utrecht-button utrecht-button--primary-action">
            {t("intake.list.filterSubmit")}
          </button>
          <Link className="utrecht-link" to="/beheer/aanvragen">
            {t("intake.list.filterReset")}
          </Link>
        </div>
      </Form>

      {list ? (
        <>
          <p className="utrecht-paragraph" role="status">
            {t("intake.list.count", { count: list.total })}
          </p>
          {list.items.length === 0 ? (
            <div className="utrecht-alert utrecht-alert--info spot-alert">
              <p className="utrecht-paragraph">
                {list.total > 0
                  ? t("intake.list.emptyPage")
                  : list.filtered
                    ? t("intake.list.emptyFiltered")
                    : t("intake.list.empty")}
              </p>
              {list.filtered || list.total > 0 ? (
                <p className="utrecht-paragraph">
                  <Link className="utrecht-link" to="/beheer/aanvragen">
                    {t("intake.list.filterReset")}
                  </Link>
                </p>
              ) : null}
            </div>
          ) : (
            <TableWrap captionId="intakes-caption">
              <table className="spot-table">
                <caption id="intakes-caption">
                  {t("intake.list.caption", { page: list.page, pages: list.pageCount })}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">{t("intake.list.colCompany")}</th>
                    <th scope="col">{t("intake.list.colDate")}</th>
                    <th scope="col">{t("intake.list.colContact")}</th>
                    <th scope="col">{t("intake.list.colQuestion")}</th>
                    <th scope="col">{t("intake.list.colStatus")}</th>
                    <th scope="col">{t("intake.list.colEligibility")}</th>
                  </tr>
                </thead>
                <tbody>
                  {list.items.map((r) => (
                    <tr key={r.id}>
                      <th scope="row">
                        <Link className="utrecht-link" to={`/beheer/aanvragen/${r.id}`}>
                          {r.companyName}
                        </Link>
                        {r.kvkChecked ? (
                          <>
                            <br />
                            <span className="spot-status spot-status--muted">
                              {t("intake.list.kvkChecked")}
                            </span>
                          </>
                        ) : null}
                      </th>
                      <td className="spot-cell--nowrap">{formatDateTime(r.createdAt, lang)}</td>
                      <td className="spot-cell--wrap">{r.contactName}</td>
                      <td className="spot-cell--wrap">{r.question}</td>
                      <td>
                        <span
                          className={`spot-status ${r.status === "new" ? "spot-status--ok" : "spot-status--muted"}`}
                        >
                          {t(`intake.status.${r.status}`)}
                        </span>
                      </td>
                      <td>
                        <span
                          className={`spot-status ${r.eligibility === "eligible" ? "spot-status--ok" : r.eligibility === "ineligible" ? "spot-status--off" : "spot-status--muted"}`}
                        >
                          {t(`intake.eligibility.${r.eligibility}`)}
                        </span>
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
