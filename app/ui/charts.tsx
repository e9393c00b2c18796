/**
 * Server-rendered SVG charts (no script): a radar chart and horizontal bars for scores 0–100.
 * Both are images for sighted readers (role="img" with a title); the numbers are also in a
 * table next to them for screen readers and for copying.
 */

export interface ChartSeries {
  label: string;
  values: number[];
  /** Visual style: the respondent's own scores are solid, comparisons dashed. */
  kind: "own" | "group" | "previous";
}

const COLORS = { own: "#0b4f6c", group: "#8a5a00", previous: "#5a2d82" } as const;

function polar(cx: number, cy: number, r: number, i: number, n: number): [number, number] {
  const angle = -Math.PI / 2 + (2 * Math.PI * i) / n;
  return [cx + r * Math.cos(angle), cy + r * Math.sin(angle)];
}

const fmt = (n: number) => n.toFixed(1);

export function RadarChart({
  axes,
  series,
  title,
  id,
}: {
  axes: string[];
  series: ChartSeries[];
  title: string;
  id: string;
}) {
  const width = 560;
  const height = 400;
  const cx = width / 2;
  const cy = height / 2;
  const r = 135;
  const n = axes.length;
  const rings = [25, 50, 75, 100];
  return (
    <svg
      viewBox={`0 0 ${width} ${height}`}
      className="spot-chart spot-chart--radar"
      role="img"
      aria-labelledby={`${id}-title`}
      focusable="false"
    >
      <title id={`${id}-title`}>{title}</title>
      {rings.map((ring) => (
        <polygon
          key={ring}
          points={axes
            .map((_, i) =>
              polar(cx, cy, (r * ring) / 100, i, n)
                .map(fmt)
                .join(","),
            )
            .join(" ")}
          fill="none"
          stroke="#c5ccd1"
          strokeWidth="1"
        />
      ))}
      {axes.map((label, i) => {
        const [x, y] = polar(cx, cy, r, i, n);
        const [lx, ly] = polar(cx, cy, r + 22, i, n);
        const anchor = Math.abs(lx - cx) < 10 ? "middle" : lx > cx ? "start" : "end";
        return (
          <g key={label}>
            <line x1={cx} y1={cy} x2={fmt(x)} y2={fmt(y)} stroke="#c5ccd1" strokeWidth="1" />
            <text
              x={fmt(lx)}
              y={fmt(ly)}
              textAnchor={anchor}
              dominantBaseline="middle"
              fontSize="13"
              fill="#1c1c1c"
            >
              {label.length > 26 ? `${label.slice(0, 25)}…` : label}
            </text>
          </g>
        );
      })}
      {series.map((s) => (
        <polygon
          key={s.label}
          points={s.values
            .map((v, i) =>
              polar(cx, cy, (r * Math.max(0, Math.min(100, v))) / 100, i, n)
                .map(fmt)
                .join(","),
            )
            .join(" ")}
          fill={s.kind === "own" ? "rgba(11,79,108,0.25)" : "none"}
          stroke={COLORS[s.kind]}
          strokeWidth={s.kind === "own" ? 3 : 2}
          strokeDasharray={s.kind === "own" ? undefined : s.kind === "group" ? "6 4" : "2 4"}
        />
      ))}
    </svg>
  );
}

export function BarChart({
  rows,
  title,
  id,
}: {
  rows: { label: string; value: number; marker?: number | null }[];
  title: string;
  id: string;
}) {
  const rowH = 40;
  const labelW = 0;
  const width = 460;
  const barW = width - 70;
  const height = rows.length * rowH + 10;
  return (
    <svg
      viewBox={`0 0 ${width} ${height}`}
      className="spot-chart spot-chart--bars"
      role="img"
      aria-labelledby={`${id}-title`}
      focusable="false"
    >
      <title id={`${id}-title`}>{title}</title>
      {rows.map((row, i) => {
        const y = i * rowH + 4;
        const w = (barW * Math.max(0, Math.min(100, row.value))) / 100;
        return (
          <g key={row.label}>
            <text x={labelW} y={y + 10} fontSize="14" fill="#1c1c1c">
              {row.label}
            </text>
            <rect x={labelW} y={y + 16} width={barW} height="14" fill="#e6ecef" rx="3" />
            <rect x={labelW} y={y + 16} width={fmt(w)} height="14" fill="#0b4f6c" rx="3" />
            {row.marker !== undefined && row.marker !== null ? (
              <line
                x1={fmt(labelW + (barW * row.marker) / 100)}
                x2={fmt(labelW + (barW * row.marker) / 100)}
                y1={y + 12}
                y2={y + 34}
                stroke="#8a5a00"
                strokeWidth="3"
              />
            ) : null}
            <text x={labelW + barW + 8} y={y + 28} fontSize="14" fill="#1c1c1c">
              {Math.round(row.value)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
