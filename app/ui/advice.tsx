/**
 * Building blocks of the advice pages (the team's draft and the entrepreneur's view): amounts,
 * the totals, an action's facts, the roadmap (an SVG drawing with a table alternative) and
 * the scan chart with its numbers.
 */
import { formatDate, formatEuro } from "~/i18n/format";
import type { Lang } from "~/i18n/i18n";
import { useT } from "~/i18n/use-t";
import { type PlanItem, type PlanTotals, roadmap, weeksOf } from "~/modules/advice/plan";
import { TableWrap } from "./admin";
import { BarChart } from "./charts";

export function euroRange(r: { min: number; max: number }, lang: Lang): string {
  return r.min === r.max
    ? formatEuro(r.min, lang)
    : `${formatEuro(r.min, lang)} – ${formatEuro(r.max, lang)}`;
}

export function Totals({ totals, id }: { totals: PlanTotals; id: string }) {
  const { t, lang } = useT();
  return (
    <TableWrap captionId={`${id}-caption`}>
      <table className="utrecht-table spot-table spot-advice__totals">
        <caption id={`${id}-caption`}>{t("advice.totals.caption")}</caption>
        <tbody>
          <tr>
            <th scope="row">{t("advice.totals.once")}</th>
            <td>{euroRange(totals.once, lang)}</td>
          </tr>
          <tr>
            <th scope="row">{t("advice.totals.monthly")}</th>
            <td>{euroRange(totals.monthly, lang)}</td>
          </tr>
          <tr>
            <th scope="row">{t("advice.totals.firstYear")}</th>
            <td>{euroRange(totals.firstYear, lang)}</td>
          </tr>
          <tr>
            <th scope="row">{t("advice.totals.time")}</th>
            <td>
              {totals.startOn && totals.endOn
                ? t("advice.totals.timeValue", {
                    count: totals.weeks,
                    from: formatDate(totals.startOn, lang),
                    to: formatDate(totals.endOn, lang),
                  })
                : "–"}
            </td>
          </tr>
        </tbody>
      </table>
    </TableWrap>
  );
}

/** The facts of one action as a description list. */
export function ActionFacts({ item, all }: { item: PlanItem; all: readonly PlanItem[] }) {
  const { t, lang } = useT();
  const deps = item.dependsOn
    .map((d) => all.find((i) => i.id === d)?.title)
    .filter((x): x is string => !!x);
  return (
    <dl className="spot-advice__facts">
      {item.description ? (
        <>
          <dt>{t("advice.item.description")}</dt>
          <dd>{item.description}</dd>
        </>
      ) : null}
      <dt>{t("advice.item.costOnce")}</dt>
      <dd>{euroRange({ min: item.costOnceMin, max: item.costOnceMax }, lang)}</dd>
      <dt>{t("advice.item.costMonthly")}</dt>
      <dd>{euroRange({ min: item.costMonthlyMin, max: item.costMonthlyMax }, lang)}</dd>
      <dt>{t("advice.item.planning")}</dt>
      <dd>
        {t("advice.item.planningValue", {
          from: formatDate(item.startOn, lang),
          to: formatDate(item.endOn, lang),
          count: weeksOf(item),
        })}
      </dd>
      {deps.length > 0 ? (
        <>
          <dt>{t("advice.item.dependsOn")}</dt>
          <dd>{deps.join(", ")}</dd>
        </>
      ) : null}
      {item.effect ? (
        <>
          <dt>{t("advice.item.effect")}</dt>
          <dd>{item.effect}</dd>
        </>
      ) : null}
      {item.indicator ? (
        <>
          <dt>{t("advice.item.indicator")}</dt>
          <dd>{item.indicator}</dd>
        </>
      ) : null}
      <dt>{t("advice.item.owner")}</dt>
      <dd>{item.owner || t("advice.item.ownerNone")}</dd>
    </dl>
  );
}

/** The roadmap: a bar per action over the weeks or months of the plan, arrows for dependencies. */
export function Roadmap({ items, id }: { items: readonly PlanItem[]; id: string }) {
  const { t, lang } = useT();
  const map = roadmap(items);
  if (!map) return null;
  const labelW = 230;
  const width = 820;
  const barsW = width - labelW - 20;
  const rowH = 30;
  const top = 28;
  const height = top + map.bars.length * rowH + 10;
  const x = (day: number) => labelW + (barsW * day) / map.days;
  const short = (s: string) => (s.length > 30 ? `${s.slice(0, 29)}…` : s);
  const month = new Intl.DateTimeFormat(lang === "nl" ? "nl-NL" : "en-GB", {
    month: "short",
    year: "2-digit",
    timeZone: "UTC",
  });
  const dayMonth = new Intl.DateTimeFormat(lang === "nl" ? "nl-NL" : "en-GB", {
    day: "numeric",
    month: "short",
    timeZone: "UTC",
  });
  return (
    <figure className="spot-advice__roadmap">
      <svg
        viewBox={`0 0 ${width} ${height}`}
        className="spot-advice__roadmap-svg"
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
        focusable="false"
      >
        <title id={`${id}-title`}>{t("advice.roadmap.svgTitle")}</title>
        <desc id={`${id}-desc`}>{t("advice.roadmap.svgDesc")}</desc>
        <defs>
          <marker
            id={`${id}-arrow`}
            viewBox="0 0 10 10"
            refX="9"
            refY="5"
            markerWidth="6"
            markerHeight="6"
            orient="auto-start-reverse"
          >
            <path d="M 0 0 L 10 5 L 0 10 z" fill="#4d4d4d" />
          </marker>
        </defs>
        {map.ticks.map((tick) => (
          <g key={tick.day}>
            <line
              x1={x(tick.day)}
              x2={x(tick.day)}
              y1={top - 6}
              y2={height - 6}
              stroke="#c5ccd1"
              strokeWidth="1"
            />
            {x(tick.day) < width - 50 ? (
              <text x={x(tick.day) + 3} y={top - 10} fontSize="12" fill="#4d4d4d">
                {(tick.kind === "month" ? month : dayMonth).format(
                  new Date(`${tick.date}T00:00:00Z`),
                )}
              </text>
            ) : null}
          </g>
        ))}
        {map.bars.map((b) => {
          const y = top + b.row * rowH;
          return (
            <g key={b.id}>
              <text x={0} y={y + 19} fontSize="13" fill="#1c1c1c">
                {`${b.row + 1}. ${short(b.title)}`}
              </text>
              <rect
                x={x(b.from)}
                y={y + 6}
                width={Math.max(4, x(b.to) - x(b.from))}
                height={rowH - 12}
                rx="3"
                fill="#0b4f6c"
              />
            </g>
          );
        })}
        {map.bars.flatMap((b) =>
          b.dependsOnRows.map((r) => {
            const from = map.bars[r]!;
            const x1 = x(from.to);
            const y1 = top + r * rowH + rowH / 2;
            const x2 = x(b.from);
            const y2 = top + b.row * rowH + rowH / 2;
            const mid = Math.max(x1 + 6, Math.min(x2 - 6, x1 + 6));
            return (
              <path
                key={`${b.id}-${from.id}`}
                d={`M ${x1} ${y1} H ${mid} V ${y2} H ${x2 - 1}`}
                fill="none"
                stroke="#4d4d4d"
                strokeWidth="1.5"
                markerEnd={`url(#${id}-arrow)`}
              />
            );
          }),
        )}
      </svg>
      <figcaption className="utrecht-paragraph spot-advice__muted">
        {t("advice.roadmap.caption")}
      </figcaption>
      <details className="spot-advice__details">
        <summary>{t("advice.roadmap.tableSummary")}</summary>
        <TableWrap captionId={`${id}-table-caption`}>
          <table className="utrecht-table spot-table">
            <caption id={`${id}-table-caption`}>{t("advice.roadmap.tableCaption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("advice.item.title")}</th>
                <th scope="col">{t("advice.item.startOn")}</th>
                <th scope="col">{t("advice.item.endOn")}</th>
                <th scope="col">{t("advice.roadmap.weeks")}</th>
                <th scope="col">{t("advice.item.dependsOn")}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((i, n) => (
                <tr key={i.id}>
                  <th scope="row">{`${n + 1}. ${i.title}`}</th>
                  <td className="spot-cell--nowrap">{formatDate(i.startOn, lang)}</td>
                  <td className="spot-cell--nowrap">{formatDate(i.endOn, lang)}</td>
                  <td>{weeksOf(i)}</td>
                  <td>
                    {i.dependsOn
                      .map((d) => {
                        const k = items.findIndex((x) => x.id === d);
                        return k < 0 ? null : `${k + 1}. ${items[k]!.title}`;
                      })
                      .filter(Boolean)
                      .join(", ") || "–"}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      </details>
    </figure>
  );
}

export interface ScanChartData {
  title: string;
  completedAt: string;
  overall: number;
  dimensions: { id: string; label: string; score: number }[];
}

/** The linked scan's scores: bars and the same numbers in a table. */
export function ScanChartSection({ scan, id }: { scan: ScanChartData; id: string }) {
  const { t, lang } = useT();
  return (
    <div className="spot-advice__scan">
      <p className="utrecht-paragraph">
        {t("advice.scan.lead", {
          scan: scan.title,
          date: formatDate(scan.completedAt, lang),
          score: Math.round(scan.overall),
        })}
      </p>
      <BarChart
        id={`${id}-chart`}
        title={t("advice.scan.chartTitle", { scan: scan.title })}
        rows={scan.dimensions.map((d) => ({ label: d.label, value: d.score }))}
      />
      <TableWrap captionId={`${id}-caption`}>
        <table className="utrecht-table spot-table">
          <caption id={`${id}-caption`}>
            {t("advice.scan.tableCaption", { scan: scan.title })}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t("advice.scan.dimension")}</th>
              <th scope="col">{t("advice.scan.score")}</th>
            </tr>
          </thead>
          <tbody>
            {scan.dimensions.map((d) => (
              <tr key={d.id}>
                <th scope="row">{d.label}</th>
                <td>{Math.round(d.score)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </div>
  );
}

/** Paragraphs of a text typed with blank lines. */
export function Paragraphs({ text, empty }: { text: string; empty: string }) {
  const parts = text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length === 0) return <p className="utrecht-paragraph spot-advice__muted">{empty}</p>;
  return (
    <>
      {parts.map((p, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: paragraphs of one text, in order
        <p key={i} className="utrecht-paragraph spot-advice__text">
          {p}
        </p>
      ))}
    </>
  );
}

/** The realisation plan: accepted actions with status and progress. */
export function RealisationTable({
  items,
}: {
  items: {
    id: string;
    title: string;
    status: string;
    progress: number;
    startOn: string | null;
    endOn: string | null;
    note: string;
  }[];
}) {
  const { t, lang } = useT();
  return (
    <TableWrap captionId="realisation-caption">
      <table className="utrecht-table spot-table">
        <caption id="realisation-caption">{t("advice.realisation.caption")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("advice.item.title")}</th>
            <th scope="col">{t("advice.realisation.status")}</th>
            <th scope="col">{t("advice.realisation.progress")}</th>
            <th scope="col">{t("advice.item.planning")}</th>
            <th scope="col">{t("advice.realisation.note")}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((r) => (
            <tr key={r.id}>
              <th scope="row">{r.title}</th>
              <td>{t(`advice.realisation.statuses.${r.status}`)}</td>
              <td>
                <progress
                  className="spot-advice__progress"
                  max={100}
                  value={r.progress}
                  aria-label={t("advice.realisation.progressOf", { title: r.title })}
                >
                  {r.progress}%
                </progress>{" "}
                {r.progress}%
              </td>
              <td className="spot-cell--nowrap">
                {r.startOn && r.endOn
                  ? `${formatDate(r.startOn, lang)} – ${formatDate(r.endOn, lang)}`
                  : "–"}
              </td>
              <td>{r.note || "–"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}
