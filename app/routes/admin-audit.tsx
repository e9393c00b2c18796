import { data, Form, Link } from "react-router";
import { z } from "zod";
import { formatDateTime } from "~/i18n/format";
import { useT } from "~/i18n/use-t";
import { listAudit } from "~/modules/audit/audit.server";
import { requireAbility } from "~/modules/auth/auth.server";
import { adminAbilities, describeUsers, isPlausibleId } from "~/modules/users/admin.server";
import { runtime } from "~/runtime.server";
import { AdminNav, adminLinks, FilterField, TableWrap } from "~/ui/admin";
import type { Route } from "./+types/admin-audit";

export const meta: Route.MetaFunction = () => [{ title: "Auditlog | SPOT 035" }];
export const links: Route.LinksFunction = adminLinks;

const PAGE_SIZE = 50;
const RESULTS = ["ok", "denied", "failed"] as const;

/** A page cursor: the time and id of the last row seen, "<iso time>~<id>". */
const CURSOR = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)~([A-Za-z0-9_-]{1,64})$/;

const querySchema = z.object({
  actie: z
    .string()
    .trim()
    .max(60, "admin.audit.actionTooLong")
    .regex(/^[a-z0-9._-]*$/i, "admin.audit.actionInvalid"),
  resultaat: z.enum(["", ...RESULTS], { error: "admin.audit.resultUnknown" }),
  door: z
    .string()
    .trim()
    .max(254, "admin.audit.actorTooLong")
    .refine((v) => v === "" || /^[^\s@]+@[^\s@]+$/.test(v), "admin.audit.actorInvalid"),
  doel: z.string().refine((v) => v === "" || isPlausibleId(v), "admin.audit.targetInvalid"),
  voor: z.string().refine((v) => v === "" || CURSOR.test(v), "admin.audit.cursorInvalid"),
});
type Filters = z.input<typeof querySchema>;
const FIELDS = ["actie", "resultaat", "door", "doel", "voor"] as const;

export async function loader({ request }: Route.LoaderArgs) {
  const { actor } = await requireAbility(request, "audit.read");
  const { db } = await runtime();
  const params = new URL(request.url).searchParams;
  const raw = Object.fromEntries(FIELDS.map((f) => [f, params.get(f) ?? ""])) as Filters;
  const nav = adminAbilities(actor);
  const parsed = querySchema.safeParse(raw);
  if (!parsed.success) {
    const errors: Partial<Record<keyof Filters, string>> = {};
    for (const issue of parsed.error.issues) {
      const f = issue.path[0] as keyof Filters;
      if (!errors[f]) errors[f] = issue.message;
    }
    const echo = Object.fromEntries(
      FIELDS.map((f) => [f, String(raw[f]).slice(0, 300)]),
    ) as Filters;
    return data({ filters: echo, errors, rows: null, older: null, nav }, { status: 400 });
  }
  const q = parsed.data;
  const cursor = q.voor ? CURSOR.exec(q.voor) : null;
  const entries = await listAudit(db, {
    action: q.actie || undefined,
    result: q.resultaat || undefined,
    actorEmail: q.door || undefined,
    targetId: q.doel || undefined,
    before: cursor?.[1],
    beforeId: cursor?.[2],
    limit: PAGE_SIZE + 1,
  });
  const page = entries.slice(0, PAGE_SIZE);
  const last = page[page.length - 1];
  const people = await describeUsers(
    db,
    page.flatMap((e) => [e.actor_id, e.target_type === "user" ? e.target_id : null]),
  );
  return {
    filters: q as Filters,
    errors: null,
    rows: page.map((e) => ({
      id: e.id,
      at: e.at,
      actorId: e.actor_id,
      actorEmail: e.actor_email,
      actorName: e.actor_id ? (people[e.actor_id]?.name ?? null) : null,
      action: e.action,
      targetType: e.target_type,
      targetId: e.target_id,
      target: e.target_type === "user" && e.target_id ? (people[e.target_id] ?? null) : null,
      ip: e.ip,
      result: e.result,
      details: formatDetails(e.details),
    })),
    older: entries.length > PAGE_SIZE && last ? `${last.at}~${last.id}` : null,
    nav,
  };
}

/** Details are a JSON object; show them as "key: value" text (never as markup). */
function formatDetails(json: string | null): string {
  if (!json) return "";
  try {
    const obj = JSON.parse(json) as Record<string, unknown>;
    return Object.entries(obj)
      .map(
        ([k, v]) =>
          `${k}: ${Array.isArray(v) ? v.join(", ") : typeof v === "object" ? JSON.stringify(v) : String(v)}`,
      )
      .join("; ");
  } catch {
    return json;
  }
}

function href(filters: Filters, change: Partial<Filters>): string {
  const next = { ...filters, ...change };
  const params = new URLSearchParams();
  for (const f of FIELDS) if (next[f]) params.set(f, String(next[f]));
  const s = params.toString();
  return s ? `/beheer/audit?${s}` : "/beheer/audit";
}

export default function AdminAudit({ loaderData }: Route.ComponentProps) {
  const { t, lang } = useT();
  const { filters, errors, rows, older, nav } = loaderData;
  const labels: Record<keyof Filters, string> = {
    actie: t("admin.audit.action"),
    resultaat: t("admin.audit.result"),
    door: t("admin.audit.actor"),
    doel: t("admin.audit.target"),
    voor: t("admin.audit.page"),
  };
  const err = (f: keyof Filters) => (errors?.[f] ? t(errors[f]) : undefined);
  const filtered = Boolean(filters.actie || filters.resultaat || filters.door || filters.doel);
  return (
    <>
      <h1 className="utrecht-heading-1">{t("admin.audit.title")}</h1>
      <AdminNav can={nav} />
      <p className="utrecht-paragraph">{t("admin.audit.lead")}</p>

      {errors ? (
        <div
          className="utrecht-alert utrecht-alert--error spot-error-summary"
          role="alert"
          tabIndex={-1}
        >
          <h2 className="utrecht-heading-3">{t("admin.users.filterProblem")}</h2>
          <ul className="utrecht-unordered-list">
            {FIELDS.filter((f) => errors[f]).map((f) => (
              <li key={f} className="utrecht-unordered-list__item">
                {f === "actie" || f === "resultaat" || f === "door" ? (
                  <a className="utrecht-link" href={`#filter-${f}`}>
                    {labels[f]}: {err(f)}
                  </a>
                ) : (
                  <>
                    {labels[f]}: {err(f)}
                  </>
                )}
              </li>
            ))}
          </ul>
          <p className="utrecht-paragraph">
            <Link className="utrecht-link" to="/beheer/audit">
              {t("admin.users.filterReset")}
            </Link>
          </p>
        </div>
      ) : null}

      <Form
        method="get"
        className="spot-filter"
        role="search"
        aria-label={t("admin.audit.filterLabel")}
      >
        <FilterInput
          id="filter-actie"
          name="actie"
          label={labels.actie}
          description={t("admin.audit.actionHelp")}
          defaultValue={String(filters.actie)}
          error={err("actie")}
          maxLength={60}
        />
        <FilterField id="filter-resultaat" label={labels.resultaat} error={err("resultaat")}>
          {(aria) => (
            <select
              {...aria}
              id="filter-resultaat"
              name="resultaat"
              defaultValue={String(filters.resultaat)}
              className="utrecht-select utrecht-select--html-select"
            >
              <option value="">{t("admin.audit.anyResult")}</option>
              {RESULTS.map((r) => (
                <option key={r} value={r}>
                  {t(`admin.audit.results.${r}`)}
                </option>
              ))}
            </select>
          )}
        </FilterField>
        <FilterInput
          id="filter-door"
          name="door"
          type="email"
          label={labels.door}
          description={t("admin.audit.actorHelp")}
          defaultValue={String(filters.door)}
          error={err("door")}
          maxLength={254}
        />
        {filters.doel && !errors?.doel ? (
          <input type="hidden" name="doel" value={String(filters.doel)} />
        ) : null}
        <div className="spot-filter__actions">
          <button type="submit" className="utrecht-button utrecht-button--primary-action">
            {t("admin.users.filterSubmit")}
          </button>
          <Link className="utrecht-link" to="/beheer/audit">
            {t("admin.users.filterReset")}
          </Link>
        </div>
      </Form>
      {filters.doel && !errors?.doel ? (
        <p className="utrecht-paragraph">
          {t("admin.audit.targetFilter", { id: filters.doel })}{" "}
          <Link className="utrecht-link" to={href(filters, { doel: "", voor: "" })}>
            {t("admin.audit.targetFilterRemove")}
          </Link>
        </p>
      ) : null}

      {rows ? (
        rows.length === 0 ? (
          <div className="utrecht-alert utrecht-alert--info spot-alert">
            <p className="utrecht-paragraph">
              {filters.voor
                ? t("admin.audit.emptyOlder")
                : filtered
                  ? t("admin.audit.emptyFiltered")
                  : t("admin.audit.empty")}
            </p>
            {filtered || filters.voor ? (
              <p className="utrecht-paragraph">
                <Link className="utrecht-link" to="/beheer/audit">
                  {t("admin.audit.newest")}
                </Link>
              </p>
            ) : null}
          </div>
        ) : (
          <>
            <TableWrap captionId="audit-caption">
              <table className="spot-table">
                <caption id="audit-caption">
                  {filters.voor ? t("admin.audit.captionOlder") : t("admin.audit.caption")}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">{t("admin.audit.colTime")}</th>
                    <th scope="col">{t("admin.audit.colActor")}</th>
                    <th scope="col">{t("admin.audit.colAction")}</th>
                    <th scope="col">{t("admin.audit.colTarget")}</th>
                    <th scope="col">{t("admin.audit.colIp")}</th>
                    <th scope="col">{t("admin.audit.colResult")}</th>
                    <th scope="col">{t("admin.audit.colDetails")}</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((r) => (
                    <tr key={r.id}>
                      <th scope="row" className="spot-cell--nowrap">
                        <time dateTime={r.at}>{formatDateTime(r.at, lang)}</time>
                      </th>
                      <td className="spot-cell--wrap">
                        {r.actorId && nav.users ? (
                          <Link className="utrecht-link" to={`/beheer/gebruikers/${r.actorId}`}>
                            {r.actorEmail ?? r.actorName ?? r.actorId}
                          </Link>
                        ) : (
                          (r.actorEmail ?? t("admin.audit.nobody"))
                        )}
                      </td>
                      <td>
                        <code className="utrecht-code">{r.action}</code>
                      </td>
                      <td className="spot-cell--wrap">
                        {r.target && r.targetId && nav.users ? (
                          <Link className="utrecht-link" to={`/beheer/gebruikers/${r.targetId}`}>
                            {r.target.email}
                          </Link>
                        ) : r.targetId ? (
                          `${r.targetType ? `${r.targetType}: ` : ""}${r.targetId}`
                        ) : (
                          "—"
                        )}
                      </td>
                      <td className="spot-cell--nowrap">{r.ip || "—"}</td>
                      <td>
                        <span
                          className={`spot-status ${r.result === "ok" ? "spot-status--ok" : "spot-status--off"}`}
                        >
                          {t(`admin.audit.results.${r.result}`)}
                        </span>
                      </td>
                      <td className="spot-details">{r.details || "—"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
            <nav className="spot-pager" aria-label={t("admin.pager.label")}>
              {filters.voor ? (
                <Link className="utrecht-link spot-pager__link" to={href(filters, { voor: "" })}>
                  {t("admin.audit.newest")}
                </Link>
              ) : null}
              {older ? (
                <Link
                  className="utrecht-link spot-pager__link"
                  to={href(filters, { voor: older })}
                  rel="next"
                >
                  {t("admin.audit.older")}
                </Link>
              ) : (
                <span>{t("admin.audit.noOlder")}</span>
              )}
            </nav>
          </>
        )
      ) : null}
    </>
  );
}

function FilterInput({
  id,
  name,
  label,
  description,
  defaultValue,
  error,
  maxLength,
  type = "text",
}: {
  id: string;
  name: string;
  label: string;
  description?: string;
  defaultValue: string;
  error?: string;
  maxLength: number;
  type?: "text" | "email";
}) {
  return (
    <FilterField id={id} label={label} description={description} error={error}>
      {(aria) => (
        <input
          {...aria}
          id={id}
          name={name}
          type={type}
          maxLength={maxLength}
          defaultValue={defaultValue}
          className={`utrecht-textbox utrecht-textbox--html-input${error ? " utrecht-textbox--invalid" : ""}`}
        />
      )}
    </FilterField>
  );
}
