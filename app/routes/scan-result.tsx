import { Link, redirect } from "react-router";
import { formatDate, formatNumber } from "~/i18n/format";
import { getLang } from "~/i18n/lang.server";
import { useT } from "~/i18n/use-t";
import { loadScanFor } from "~/modules/scans/access.server";
import { COMPARISON_MIN_GROUP } from "~/modules/scans/responses.server";
import { buildResult } from "~/modules/scans/result.server";
import { BarChart, type ChartSeries, RadarChart } from "~/ui/charts";
import type { Route } from "./+types/scan-result";

export const meta: Route.MetaFunction = ({ data: d }) => [
  { title: d ? `${d.result.title} | SPOT 035` : "Resultaat | SPOT 035" },
];

export async function loader({ request, params }: Route.LoaderArgs) {
  const { rt, response, ownsIt } = await loadScanFor(request, params.id, "scan.read");
  if (response.status !== "completed") throw redirect(`/scan/${response.id}`);
  const result = await buildResult(rt.db, response, getLang(request));
  return { result, ownsIt, minGroup: COMPARISON_MIN_GROUP };
}

export default function ScanResult({ loaderData }: Route.ComponentProps) {
  const { t, lang } = useT();
  const { result: r, ownsIt, minGroup } = loaderData;
  const one = (n: number) => formatNumber(n, lang, 1);
  const series: ChartSeries[] = [
    { label: t("result.you"), values: r.dimensions.map((d) => d.score), kind: "own" },
  ];
  if (r.previous)
    series.push({
      label: t("result.previousScan"),
      values: r.dimensions.map((d) => d.previous ?? 0),
      kind: "previous",
    });
  if (r.comparison)
    series.push({
      label: t("result.similar"),
      values: r.dimensions.map((d) => d.groupAverage ?? 0),
      kind: "group",
    });
  return (
    <div className="spot-result">
      <p className="spot-scan__instrument">{r.title}</p>
      <h1 className="utrecht-heading-1">{t("result.title")}</h1>
      <p className="spot-hint">
        {t("result.completedOn", { date: formatDate(r.completedAt, lang) })}
      </p>

      <section className="spot-result__summary" aria-labelledby="level-title">
        <h2 id="level-title" className="utrecht-heading-2">
          {r.levelLabel}: {r.level.label}
        </h2>
        <p className="spot-result__score">{t("result.overall", { score: one(r.overall) })}</p>
        <p className="utrecht-paragraph">{r.level.description}</p>
        <p className="spot-hint">
          {t("result.levelScale")}{" "}
          {r.levels
            .map(
              (l, i) => `${l.label} (${i === 0 ? "0" : `${r.levels[i - 1]!.max}`}–${l.max ?? 100})`,
            )
            .join(" · ")}
        </p>
        {r.previous ? (
          <p className="utrecht-paragraph">
            {t("result.sincePrevious", {
              date: formatDate(r.previous.completedAt, lang),
              before: one(r.previous.overall),
              now: one(r.overall),
              change: `${r.overall - r.previous.overall >= 0 ? "+" : ""}${one(r.overall - r.previous.overall)}`,
            })}
          </p>
        ) : null}
      </section>

      <section aria-labelledby="dims-title">
        <h2 id="dims-title" className="utrecht-heading-2">
          {t("result.perDimension")}
        </h2>
        <div className="spot-result__charts">
          <RadarChart
            id="radar"
            axes={r.dimensions.map((d) => d.label)}
            series={series}
            title={t("result.radarTitle")}
          />
          <BarChart
            id="bars"
            rows={r.dimensions.map((d) => ({
              label: d.label,
              value: d.score,
              marker: d.groupAverage,
            }))}
            title={t("result.barsTitle")}
          />
        </div>
        <ul className="spot-legend">
          {series.map((s) => (
            <li key={s.label} className={`spot-legend__item spot-legend__item--${s.kind}`}>
              {s.label}
            </li>
          ))}
        </ul>
        <div className="spot-table-wrap">
          <table className="utrecht-table spot-table">
            <caption className="utrecht-table__caption">{t("result.tableCaption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("result.dimension")}</th>
                <th scope="col">{t("result.score")}</th>
                {r.previous ? <th scope="col">{t("result.previousScan")}</th> : null}
                {r.comparison ? <th scope="col">{t("result.similar")}</th> : null}
                <th scope="col">{t("result.meaning")}</th>
              </tr>
            </thead>
            <tbody>
              {r.dimensions.map((d) => (
                <tr key={d.id}>
                  <th scope="row">{d.label}</th>
                  <td>{one(d.score)}</td>
                  {r.previous ? <td>{d.previous === null ? "–" : one(d.previous)}</td> : null}
                  {r.comparison ? (
                    <td>{d.groupAverage === null ? "–" : one(d.groupAverage)}</td>
                  ) : null}
                  <td>{d.meaning}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {r.comparison ? (
          <p className="utrecht-paragraph">
            {t("result.comparison", { size: r.comparison.size, score: one(r.comparison.overall) })}
          </p>
        ) : (
          <p className="utrecht-paragraph spot-hint">
            {t("result.noComparison", { min: minGroup })}
          </p>
        )}
      </section>

      <section aria-labelledby="opps-title">
        <h2 id="opps-title" className="utrecht-heading-2">
          {t("result.opportunities")}
        </h2>
        <ol className="spot-opportunities">
          {r.opportunities.map((o) => (
            <li key={o.id} className="spot-card">
              <h3 className="utrecht-heading-3">
                {o.label} <span className="spot-hint">({one(o.score)})</span>
              </h3>
              <p className="utrecht-paragraph">{t("result.firstSteps")}</p>
              <ul className="utrecht-unordered-list">
                {o.steps.map((s) => (
                  <li key={s} className="utrecht-unordered-list__item">
                    {s}
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ol>
        {r.tips.length > 0 ? (
          <>
            <h3 className="utrecht-heading-3">{t("result.tips")}</h3>
            <ul className="utrecht-unordered-list">
              {r.tips.map((tip) => (
                <li key={tip} className="utrecht-unordered-list__item">
                  {tip}
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>

      <section aria-labelledby="next-title" className="spot-result__next">
        <h2 id="next-title" className="utrecht-heading-2">
          {t("result.next")}
        </h2>
        <ul className="spot-doors">
          <li className="spot-door">
            <h3 className="utrecht-heading-3">{t("result.askHelpTitle")}</h3>
            <p className="utrecht-paragraph">{t("result.askHelpBody")}</p>
            <Link
              className="utrecht-button-link utrecht-button-link--primary-action"
              to={`/hulpvraag?scan=${r.id}`}
            >
              {t("result.askHelp")}
            </Link>
          </li>
          <li className="spot-door">
            <h3 className="utrecht-heading-3">{t("result.keepTitle")}</h3>
            <p className="utrecht-paragraph">{t("result.keepBody")}</p>
            <a
              className="utrecht-button-link utrecht-button-link--secondary-action"
              href={`/scan/${r.id}/resultaat.pdf`}
              download
            >
              {t("result.downloadPdf")}
            </a>
            {ownsIt ? (
              <p className="utrecht-paragraph">
                <Link className="utrecht-link" to={`/scan/${r.id}/mailen`}>
                  {t("result.emailIt")}
                </Link>
              </p>
            ) : null}
          </li>
        </ul>
        <p className="utrecht-paragraph">
          <Link className="utrecht-link" to="/scan">
            {t("result.anotherScan")}
          </Link>
        </p>
      </section>
    </div>
  );
}
