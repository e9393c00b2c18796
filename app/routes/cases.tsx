/**
 * /casussen: the coordinator's pipeline of every case, as a board (a column per phase 0–5)
 * or as a sortable list. The filters are a GET form (works without JavaScript); filtering,
 * counting and sorting happen in SQL (listPipeline), so hundreds of cases stay quick: the
 * list pages by 100, the board shows the 10 latest cards a column with a link to the rest (decision 012).
 * Odd values in the address (a hand-edited link) are ignored, never an error.
 */
import { Form, Link } from "react-router";
import { formatDate, formatNumber, isoDay } from "~/i18n/format";
import { getT, isLang } from "~/i18n/i18n";
import { getLang } from "~/i18n/lang.server";
import { useT } from "~/i18n/use-t";
import { requireAbility } from "~/modules/auth/auth.server";
import {
  isEndPhase,
  isPhase,
  PHASES,
  type Phase,
  WORK_PHASES,
  type WorkPhase,
} from "~/modules/cases/model";
import {
  listPipeline,
  type PipelineFilter,
  type PipelineRow,
  type PipelineSort,
  pipelineBoard,
} from "~/modules/cases/queries.server";
import { can } from "~/modules/policy/rules";
import { isTheme, THEMES } from "~/modules/reference/themes";
import { runtime } from "~/runtime.server";
import casesListCss from "~/styles/cases-list.css?url";
import { adminLinks, FilterField, Pager, TableWrap, VisuallyHidden } from "~/ui/admin";
import type { Route } from "./+types/cases";

export const meta: Route.MetaFunction = ({ matches }) => {
  const lang = (matches[0]?.data as { lang?: string } | undefined)?.lang;
  return [{ title: getT(isLang(lang) ? lang : "nl")("casesList.pipeline.meta") }];
};
export const links: Route.LinksFunction = () => [
  ...adminLinks(),
  { rel: "stylesheet", href: casesListCss },
];

const PAGE_SIZE = 100;
const BOARD_SIZE = 10;
const STALE_CHOICES = [7, 14, 30];

/** Sort keys in the address (Dutch) and what listPipeline calls them. */
const SORT_KEYS = {
  bedrijf: "company",
  fase: "phase",
  activiteit: "activity",
  gewijzigd: "updated",
  aangemaakt: "created",
} as const;
type SortKey = keyof typeof SORT_KEYS;
const DEFAULT_SORT = "-gewijzigd";

type View = "bord" | "lijst";

interface Filters {
  weergave: View;
  fase: Phase[];
  thema: string;
  sector: string;
  gemeente: string;
  /** A team member's name or e-mail address (part of it). */
  lid: string;
  /** "1": only cases the signed-in person is on. */
  mijn: string;
  stil: string;
  zoek: string;
  sorteer: string;
  pagina: number;
}

function parseSort(raw: string | null): { param: string; sort: PipelineSort } {
  const v = (raw ?? "").trim();
  const desc = v.startsWith("-");
  const key = v.replace(/^-/, "");
  if (key in SORT_KEYS) {
    const sort = `${desc ? "-" : ""}${SORT_KEYS[key as SortKey]}` as PipelineSort;
    return { param: v, sort };
  }
  return { param: DEFAULT_SORT, sort: "-updated" };
}

/** The address's filters, each checked against what exists; anything else is left out. */
function parseFilters(
  params: URLSearchParams,
  known: { sectors: Set<string>; municipalities: Set<string> },
): Filters {
  const one = (name: string) => (params.get(name) ?? "").trim();
  const fase = [...new Set(params.getAll("fase"))].filter(isPhase);
  const stil = one("stil");
  const staleDays = /^\d{1,3}$/.test(stil) ? Number(stil) : 0;
  const page = one("pagina");
  return {
    weergave: one("weergave") === "lijst" ? "lijst" : "bord",
    fase: PHASES.filter((p) => fase.includes(p)),
    thema: isTheme(one("thema")) ? one("thema") : "",
    sector: known.sectors.has(one("sector")) ? one("sector") : "",
    gemeente: known.municipalities.has(one("gemeente")) ? one("gemeente") : "",
    lid: one("lid").slice(0, 100),
    mijn: one("mijn") === "1" ? "1" : "",
    stil: staleDays >= 1 && staleDays <= 365 ? String(staleDays) : "",
    zoek: one("zoek").slice(0, 100),
    sorteer: parseSort(params.get("sorteer")).param,
    pagina: /^\d{1,6}$/.test(page) && Number(page) >= 1 ? Number(page) : 1,
  };
}

/** The address of the pipeline with these filters (only what differs from the default). */
function pipelineHref(filters: Filters, change: Partial<Filters> = {}): string {
  const f = { ...filters, ...change };
  const p = new URLSearchParams();
  if (f.weergave !== "bord") p.set("weergave", f.weergave);
  for (const phase of f.fase) p.append("fase", phase);
  if (f.thema) p.set("thema", f.thema);
  if (f.sector) p.set("sector", f.sector);
  if (f.gemeente) p.set("gemeente", f.gemeente);
  if (f.lid) p.set("lid", f.lid);
  if (f.mijn) p.set("mijn", f.mijn);
  if (f.stil) p.set("stil", f.stil);
  if (f.zoek) p.set("zoek", f.zoek);
  if (f.sorteer !== DEFAULT_SORT) p.set("sorteer", f.sorteer);
  if (f.pagina > 1) p.set("pagina", String(f.pagina));
  const s = p.toString();
  return s ? `/casussen?${s}` : "/casussen";
}

function daysBetween(from: string, to: string): number {
  const a = Date.parse(`${from.slice(0, 10)}T00:00:00Z`);
  const b = Date.parse(`${to}T00:00:00Z`);
  return Math.max(0, Math.round((b - a) / 86_400_000));
}

/** What a card (board) or a row (list) shows, and nothing more: it is also in the page's data. */
function card(r: PipelineRow, today: string, staleAfter: number) {
  const quietDays = daysBetween(r.lastActivityOn ?? r.createdAt, today);
  return {
    id: r.id,
    reference: r.reference,
    companyName: r.companyName,
    phase: r.phase,
    theme: r.theme,
    lead: r.lead,
    lastActivityOn: r.lastActivityOn,
    quietDays,
    stale: !isEndPhase(r.phase) && quietDays >= staleAfter,
    openTasks: r.openTasks,
    overdueTasks: r.overdueTasks,
  };
}
type Card = ReturnType<typeof card>;

export async function loader({ request }: Route.LoaderArgs) {
  const { actor } = await requireAbility(request, "case.list");
  const rt = await runtime();
  const lang = getLang(request);
  const sectors = rt.reference.sbiSections.map((s) => ({
    value: s.code,
    label: `${s.code} – ${lang === "en" ? s.nameEn : s.nameNl}`,
  }));
  const municipalities = rt.reference.municipalities
    .map((m) => ({ value: m.cbsCode, label: m.name }))
    .sort((a, b) => a.label.localeCompare(b.label, "nl"));
  const filters = parseFilters(new URL(request.url).searchParams, {
    sectors: new Set(sectors.map((s) => s.value)),
    municipalities: new Set(municipalities.map((m) => m.value)),
  });
  const staleAfter = rt.config.journey.staleAfterDays;
  const today = isoDay(new Date());
  const base: PipelineFilter = {
    theme: filters.thema || undefined,
    sector: filters.sector || undefined,
    municipality: filters.gemeente || undefined,
    member: filters.lid || undefined,
    memberId: filters.mijn ? actor.id : undefined,
    staleDays: filters.stil ? Number(filters.stil) : undefined,
    search: filters.zoek || undefined,
    sort: parseSort(filters.sorteer).sort,
    today,
  };
  const filtered = Boolean(
    filters.fase.length ||
      filters.thema ||
      filters.sector ||
      filters.gemeente ||
      filters.lid ||
      filters.mijn ||
      filters.stil ||
      filters.zoek,
  );

  let counts: Record<Phase, number>;
  let total: number;
  let list: { rows: Card[]; page: number; pageCount: number } | null = null;
  let board: { phase: WorkPhase; count: number; cards: Card[] }[] | null = null;
  if (filters.weergave === "lijst") {
    const pageCount = (n: number) => Math.max(1, Math.ceil(n / PAGE_SIZE));
    const r = await listPipeline(rt.db, {
      ...base,
      phases: filters.fase,
      limit: PAGE_SIZE,
      offset: (filters.pagina - 1) * PAGE_SIZE,
    });
    counts = r.counts;
    total = r.total;
    list = {
      rows: r.rows.map((row) => card(row, today, staleAfter)),
      page: filters.pagina,
      pageCount: pageCount(r.total),
    };
  } else {
    const columns = WORK_PHASES.filter((p) => !filters.fase.length || filters.fase.includes(p));
    // One count for every column head, then each column's first cards.
    const r = await pipelineBoard(rt.db, base, columns, BOARD_SIZE);
    counts = r.counts;
    const shown: readonly Phase[] = filters.fase.length ? filters.fase : PHASES;
    total = shown.reduce((sum, p) => sum + counts[p], 0);
    board = r.columns.map((col) => ({
      phase: col.phase as WorkPhase,
      count: counts[col.phase],
      cards: col.rows.map((row) => card(row, today, staleAfter)),
    }));
  }

  return {
    filters,
    filtered,
    counts,
    total,
    list,
    board,
    boardSize: BOARD_SIZE,
    staleAfter,
    options: {
      sectors,
      municipalities,
      stale: [
        ...new Set([...STALE_CHOICES, staleAfter, ...(filters.stil ? [Number(filters.stil)] : [])]),
      ].sort((a, b) => a - b),
    },
    canCreate: can(actor, "case.create"),
    canIntake: can(actor, "intake.list"),
  };
}

function SortHeader({
  label,
  sortKey,
  filters,
}: {
  label: string;
  sortKey: SortKey;
  filters: Filters;
}) {
  const { t } = useT();
  const current = filters.sorteer.replace(/^-/, "") === sortKey;
  const desc = filters.sorteer.startsWith("-");
  const next = current && !desc ? `-${sortKey}` : sortKey;
  return (
    <th
      scope="col"
      aria-sort={current ? (desc ? "descending" : "ascending") : undefined}
      className="spot-cell--nowrap"
    >
      <Link
        className="utrecht-link spot-sort-link"
        to={pipelineHref(filters, { sorteer: next, pagina: 1 })}
      >
        {label}
        {current ? <span aria-hidden="true">{desc ? " ▼" : " ▲"}</span> : null}
        <VisuallyHidden>
          {next.startsWith("-")
            ? t("casesList.pipeline.sortDesc")
            : t("casesList.pipeline.sortAsc")}
        </VisuallyHidden>
      </Link>
    </th>
  );
}

function Quiet({ c }: { c: Card }) {
  const { t } = useT();
  const text = c.lastActivityOn
    ? c.quietDays === 0
      ? t("casesList.pipeline.activityToday")
      : t("casesList.pipeline.quietDays", { count: c.quietDays })
    : t("casesList.pipeline.noActivityYet", { count: c.quietDays });
  return <span className={c.stale ? "spot-quiet spot-quiet--stale" : "spot-quiet"}>{text}</span>;
}

function Overdue({ n }: { n: number }) {
  const { t } = useT();
  return n > 0 ? (
    <span className="spot-badge spot-badge--overdue">
      {t("casesList.pipeline.overdueBadge", { count: n })}
    </span>
  ) : null;
}

export default function Cases({ loaderData }: Route.ComponentProps) {
  const { t, lang } = useT();
  const d = loaderData;
  const f = d.filters;
  const sortLabel = (() => {
    const key = f.sorteer.replace(/^-/, "") as SortKey;
    return t(`casesList.pipeline.order.${key}${f.sorteer.startsWith("-") ? "Desc" : "Asc"}`);
  })();
  const nothingAtAll = d.total === 0 && !d.filtered;
  return (
    <>
      <h1 className="utrecht-heading-1">{t("casesList.pipeline.title")}</h1>
      <p className="utrecht-paragraph">{t("casesList.pipeline.lead")}</p>
      <div className="spot-pipeline-top">
        <nav aria-label={t("casesList.pipeline.viewLabel")} className="spot-view-switch">
          <ul className="spot-view-switch__list">
            {(["bord", "lijst"] as const).map((v) => (
              <li key={v}>
                <Link
                  className="utrecht-link spot-view-switch__link"
                  to={pipelineHref(f, { weergave: v, pagina: 1 })}
                  aria-current={f.weergave === v ? "page" : undefined}
                >
                  {t(`casesList.pipeline.view.${v}`)}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        {d.canCreate ? (
          <Link
            className="utrecht-button-link utrecht-button-link--html-a utrecht-button utrecht-button--secondary-action"
            to="/casussen/nieuw"
          >
            {t("casesList.pipeline.newCase")}
          </Link>
        ) : null}
      </div>

      <Form
        // A new address is a new form: the checkboxes and selects show its filters.
        key={pipelineHref(f)}
        method="get"
        className="spot-filter spot-pipeline-filter"
        role="search"
        aria-label={t("casesList.pipeline.filterLabel")}
      >
        <input type="hidden" name="weergave" value={f.weergave} />
        {f.sorteer !== DEFAULT_SORT ? (
          <input type="hidden" name="sorteer" value={f.sorteer} />
        ) : null}
        <fieldset className="utrecht-form-fieldset utrecht-form-fieldset--html-fieldset spot-pipeline-phases">
          <legend className="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">
            {t("casesList.pipeline.phase")}
          </legend>
          <ul className="spot-checks">
            {PHASES.map((p) => (
              <li key={p} className="spot-check">
                <input
                  type="checkbox"
                  id={`fase-${p}`}
                  name="fase"
                  value={p}
                  defaultChecked={f.fase.includes(p)}
                  className="utrecht-checkbox utrecht-checkbox--html-input"
                />
                <label
                  className="utrecht-form-label utrecht-form-label--checkbox"
                  htmlFor={`fase-${p}`}
                >
                  {t(`cases.phaseNumbered.${p}`)} ({formatNumber(d.counts[p], lang)})
                </label>
              </li>
            ))}
          </ul>
        </fieldset>
        <div className="spot-pipeline-fields">
          <FilterField id="filter-thema" label={t("casesList.pipeline.theme")}>
            {(aria) => (
              <select
                {...aria}
                id="filter-thema"
                name="thema"
                defaultValue={f.thema}
                className="utrecht-select utrecht-select--html-select"
              >
                <option value="">{t("casesList.pipeline.anyTheme")}</option>
                {THEMES.map((th) => (
                  <option key={th} value={th}>
                    {t(`theme.${th}`)}
                  </option>
                ))}
              </select>
            )}
          </FilterField>
          <FilterField id="filter-sector" label={t("casesList.pipeline.sector")}>
            {(aria) => (
              <select
                {...aria}
                id="filter-sector"
                name="sector"
                defaultValue={f.sector}
                className="utrecht-select utrecht-select--html-select"
              >
                <option value="">{t("casesList.pipeline.anySector")}</option>
                {d.options.sectors.map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </select>
            )}
          </FilterField>
          <FilterField id="filter-gemeente" label={t("casesList.pipeline.municipality")}>
            {(aria) => (
              <select
                {...aria}
                id="filter-gemeente"
                name="gemeente"
                defaultValue={f.gemeente}
                className="utrecht-select utrecht-select--html-select"
              >
                <option value="">{t("casesList.pipeline.anyMunicipality")}</option>
                {d.options.municipalities.map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </select>
            )}
          </FilterField>
          <FilterField
            id="filter-lid"
            label={t("casesList.pipeline.member")}
            description={t("casesList.pipeline.memberHint")}
          >
            {(aria) => (
              <input
                {...aria}
                id="filter-lid"
                name="lid"
                type="search"
                defaultValue={f.lid}
                maxLength={100}
                autoComplete="off"
                className="utrecht-textbox utrecht-textbox--html-input"
              />
            )}
          </FilterField>
          <div className="spot-check spot-pipeline-mine">
            <input
              type="checkbox"
              id="filter-mijn"
              name="mijn"
              value="1"
              defaultChecked={f.mijn === "1"}
              className="utrecht-checkbox utrecht-checkbox--html-input"
            />
            <label
              className="utrecht-form-label utrecht-form-label--checkbox"
              htmlFor="filter-mijn"
            >
              {t("casesList.pipeline.mine")}
            </label>
          </div>
          <FilterField id="filter-stil" label={t("casesList.pipeline.stale")}>
            {(aria) => (
              <select
                {...aria}
                id="filter-stil"
                name="stil"
                defaultValue={f.stil}
                className="utrecht-select utrecht-select--html-select"
              >
                <option value="">{t("casesList.pipeline.anyStale")}</option>
                {d.options.stale.map((n) => (
                  <option key={n} value={String(n)}>
                    {n === d.staleAfter
                      ? t("casesList.pipeline.staleOptionDefault", { count: n })
                      : t("casesList.pipeline.staleOption", { count: n })}
                  </option>
                ))}
              </select>
            )}
          </FilterField>
          <FilterField id="filter-zoek" label={t("casesList.pipeline.search")}>
            {(aria) => (
              <input
                {...aria}
                id="filter-zoek"
                name="zoek"
                type="search"
                defaultValue={f.zoek}
                maxLength={100}
                className="utrecht-textbox utrecht-textbox--html-input"
              />
            )}
          </FilterField>
        </div>
        <div className="spot-filter__actions">
          <button type="submit" className="utrecht-button utrecht-button--primary-action">
            {t("casesList.pipeline.filterSubmit")}
          </button>
          <Link
            className="utrecht-link"
            to={pipelineHref({
              ...f,
              fase: [],
              thema: "",
              sector: "",
              gemeente: "",
              lid: "",
              mijn: "",
              stil: "",
              zoek: "",
              pagina: 1,
            })}
          >
            {t("casesList.pipeline.filterReset")}
          </Link>
        </div>
      </Form>

      <section aria-labelledby="counts-title" className="spot-pipeline-counts">
        <h2 id="counts-title" className="utrecht-heading-2">
          {t("casesList.pipeline.countsTitle")}
        </h2>
        <ul className="spot-count-list">
          {PHASES.map((p) => (
            <li key={p}>
              <Link
                className="utrecht-link"
                to={pipelineHref(f, {
                  weergave: isEndPhase(p) ? "lijst" : f.weergave,
                  fase: [p],
                  pagina: 1,
                })}
              >
                {t(`cases.phaseNumbered.${p}`)}
              </Link>{" "}
              <span className="spot-count-list__n">{formatNumber(d.counts[p], lang)}</span>
            </li>
          ))}
        </ul>
        <p className="utrecht-paragraph" role="status">
          {t("casesList.pipeline.total", { count: d.total, n: formatNumber(d.total, lang) })}
        </p>
      </section>

      {nothingAtAll ? (
        <div className="utrecht-alert utrecht-alert--info spot-alert">
          <h2 className="utrecht-heading-3">{t("casesList.pipeline.emptyTitle")}</h2>
          <p className="utrecht-paragraph">{t("casesList.pipeline.emptyBody")}</p>
          <ul className="utrecht-link-list">
            {d.canIntake ? (
              <li className="utrecht-link-list__item">
                <Link className="utrecht-link" to="/beheer/aanvragen">
                  {t("casesList.pipeline.emptyIntakes")}
                </Link>
              </li>
            ) : null}
            {d.canCreate ? (
              <li className="utrecht-link-list__item">
                <Link className="utrecht-link" to="/casussen/nieuw">
                  {t("casesList.pipeline.newCase")}
                </Link>
              </li>
            ) : null}
          </ul>
        </div>
      ) : d.total === 0 ? (
        <div className="utrecht-alert utrecht-alert--info spot-alert">
          <p className="utrecht-paragraph">{t("casesList.pipeline.emptyFiltered")}</p>
          <p className="utrecht-paragraph">
            <Link
              className="utrecht-link"
              to={pipelineHref({
                ...f,
                fase: [],
                thema: "",
                sector: "",
                gemeente: "",
                lid: "",
                mijn: "",
                stil: "",
                zoek: "",
                pagina: 1,
              })}
            >
              {t("casesList.pipeline.filterReset")}
            </Link>
          </p>
        </div>
      ) : null}

      {d.board && !nothingAtAll ? (
        d.board.length === 0 ? (
          <p className="utrecht-paragraph">
            <Link className="utrecht-link" to={pipelineHref(f, { weergave: "lijst", pagina: 1 })}>
              {t("casesList.pipeline.endedInList")}
            </Link>
          </p>
        ) : (
          <div className="spot-board">
            {d.board.map((col) => (
              <section
                key={col.phase}
                aria-labelledby={`col-${col.phase}`}
                className="spot-board__column"
              >
                <h2 id={`col-${col.phase}`} className="utrecht-heading-3 spot-board__title">
                  {t(`cases.phaseNumbered.${col.phase}`)}{" "}
                  <span className="spot-board__count">({formatNumber(col.count, lang)})</span>
                </h2>
                {col.cards.length === 0 ? (
                  <p className="spot-board__empty">{t("casesList.pipeline.columnEmpty")}</p>
                ) : (
                  <ul className="spot-board__cards">
                    {col.cards.map((c) => (
                      <li key={c.id} className="spot-case-card">
                        <Link
                          className="utrecht-link spot-case-card__link"
                          to={`/casussen/${c.id}`}
                        >
                          {c.companyName}
                        </Link>
                        <span className="spot-case-card__meta">{c.reference}</span>
                        <span className="spot-case-card__meta">
                          {c.lead
                            ? t("casesList.pipeline.leadIs", { name: c.lead })
                            : t("casesList.pipeline.noLead")}
                        </span>
                        <Quiet c={c} />
                        <Overdue n={c.overdueTasks} />
                      </li>
                    ))}
                  </ul>
                )}
                {col.count > col.cards.length ? (
                  <p className="spot-board__more">
                    <Link
                      className="utrecht-link"
                      to={pipelineHref(f, { weergave: "lijst", fase: [col.phase], pagina: 1 })}
                    >
                      {t("casesList.pipeline.showAll", {
                        count: col.count,
                        n: formatNumber(col.count, lang),
                        phase: t(`cases.phase.${col.phase}`),
                      })}
                    </Link>
                  </p>
                ) : null}
              </section>
            ))}
          </div>
        )
      ) : null}

      {d.list && d.total > 0 ? (
        <>
          {d.list.rows.length === 0 ? (
            <div className="utrecht-alert utrecht-alert--info spot-alert">
              <p className="utrecht-paragraph">
                {t("casesList.pipeline.emptyPage")}{" "}
                <Link className="utrecht-link" to={pipelineHref(f, { pagina: 1 })}>
                  {t("admin.pager.first")}
                </Link>
              </p>
            </div>
          ) : (
            <TableWrap captionId="cases-caption">
              <table className="spot-table spot-pipeline-table">
                <caption id="cases-caption">
                  {t("casesList.pipeline.caption", {
                    order: sortLabel,
                    page: d.list.page,
                    pages: d.list.pageCount,
                  })}
                </caption>
                <thead>
                  <tr>
                    <SortHeader
                      label={t("casesList.pipeline.colCompany")}
                      sortKey="bedrijf"
                      filters={f}
                    />
                    <th scope="col">{t("casesList.pipeline.colReference")}</th>
                    <SortHeader
                      label={t("casesList.pipeline.colPhase")}
                      sortKey="fase"
                      filters={f}
                    />
                    <th scope="col">{t("casesList.pipeline.colTheme")}</th>
                    <th scope="col">{t("casesList.pipeline.colLead")}</th>
                    <SortHeader
                      label={t("casesList.pipeline.colActivity")}
                      sortKey="activiteit"
                      filters={f}
                    />
                    <th scope="col">{t("casesList.pipeline.colTasks")}</th>
                  </tr>
                </thead>
                <tbody>
                  {d.list.rows.map((c) => (
                    <tr key={c.id}>
                      <th scope="row">
                        <Link className="utrecht-link" to={`/casussen/${c.id}`}>
                          {c.companyName}
                        </Link>
                      </th>
                      <td className="spot-cell--nowrap">{c.reference}</td>
                      <td className="spot-cell--nowrap">{t(`cases.phaseNumbered.${c.phase}`)}</td>
                      <td>
                        {c.theme ? t(`theme.${c.theme}`) : <span className="spot-hint">–</span>}
                      </td>
                      <td>
                        {c.lead ?? (
                          <span className="spot-hint">{t("casesList.pipeline.noLead")}</span>
                        )}
                      </td>
                      <td>
                        {c.lastActivityOn ? (
                          <span className="spot-cell--nowrap">
                            {formatDate(c.lastActivityOn, lang)}
                          </span>
                        ) : null}
                        {c.lastActivityOn ? <br /> : null}
                        <Quiet c={c} />
                      </td>
                      <td>
                        {t("casesList.pipeline.openTasks", { count: c.openTasks })}
                        {c.overdueTasks > 0 ? (
                          <>
                            <br />
                            <Overdue n={c.overdueTasks} />
                          </>
                        ) : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          )}
          <Pager
            page={d.list.page}
            pageCount={d.list.pageCount}
            hrefFor={(p) => pipelineHref(f, { pagina: p })}
          />
        </>
      ) : null}
    </>
  );
}
