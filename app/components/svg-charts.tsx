import { useTranslation } from "~/i18n-react";

/**
 * Charts drawn as SVG on the server: no client library, readable without JavaScript and on paper.
 * Every bar carries its label and value as text (colour is never the only cue), the SVG has a
 * title and description, and the same numbers sit in a table beside it.
 */

export type BarDatum = {
  key: string;
  label: string;
  /** Drawn length; null draws no bar (e.g. a suppressed cell) and shows `display` instead. */
  value: number | null;
  /** Text shown for the value (defaults to the number). */
  display?: string;
  /** A second figure to compare with (same unit as `value`), drawn as a dashed mark. */
  reference?: number | null;
  href?: string;
};

type Common = {
  /** Unique on the page: ids of the SVG title, description and patterns derive from it. */
  id: string;
  title: string;
  description: string;
  /** Show the data table openly (print) rather than in a <details> box. */
  tableOpen?: boolean;
};

const WIDTH = 400;
const LABEL_SIZE = 13;
const ROW = 44;
const VALUE_ROOM = 70;

const finite = (n: number | null | undefined) => (typeof n === "number" && Number.isFinite(n) ? n : 0);

/** Horizontal bars, one row per datum: label above, bar, value at its end. */
export function BarChart({
  id,
  title,
  description,
  data,
  columns,
  referenceLabel,
  tableOpen,
}: Common & { data: BarDatum[]; columns: { label: string; value: string; reference?: string }; referenceLabel?: string }) {
  const max = Math.max(1, ...data.map((d) => Math.max(finite(d.value), finite(d.reference))));
  const span = WIDTH - VALUE_ROOM;
  const legend = referenceLabel && data.some((d) => d.reference != null) ? 24 : 0;
  const height = data.length * ROW + legend + 4;
  return (
    <figure className="chart">
      <svg
        xmlns="http://www.w3.org/2000/svg"
        viewBox={`0 0 ${WIDTH} ${height}`}
        width="100%"
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
        className="chart-svg"
        fontFamily="system-ui, sans-serif"
      >
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{description}</desc>
        {data.map((d, i) => {
          const y = i * ROW;
          const w = d.value == null ? 0 : (finite(d.value) / max) * span;
          const ref = d.reference == null ? null : (finite(d.reference) / max) * span;
          return (
            <g key={d.key} data-key={d.key}>
              <text x={0} y={y + LABEL_SIZE + 2} fontSize={LABEL_SIZE} fill="#000">
                {d.label}
              </text>
              {d.value == null ? null : (
                <rect x={0} y={y + 20} width={w.toFixed(1)} height={16} fill="#1f3a93" stroke="#000" strokeWidth={w > 0 ? 0.5 : 0} />
              )}
              <text x={(w + 6).toFixed(1)} y={y + 33} fontSize={LABEL_SIZE} fill="#000" fontWeight={700}>
                {d.display ?? String(d.value ?? "")}
              </text>
              {ref == null ? null : (
                <line x1={ref.toFixed(1)} x2={ref.toFixed(1)} y1={y + 16} y2={y + 40} stroke="#000" strokeWidth={2} strokeDasharray="3 2" />
              )}
            </g>
          );
        })}
        {legend ? (
          <g>
            <line x1={0} x2={0} y1={height - 18} y2={height - 2} stroke="#000" strokeWidth={2} strokeDasharray="3 2" transform="translate(4 0)" />
            <text x={14} y={height - 6} fontSize={12} fill="#000">
              {referenceLabel}
            </text>
          </g>
        ) : null}
      </svg>
      <ChartTable title={title} open={tableOpen}>
        <thead>
          <tr>
            <th scope="col">{columns.label}</th>
            <th scope="col" className="num">
              {columns.value}
            </th>
            {columns.reference ? (
              <th scope="col" className="num">
                {columns.reference}
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {data.map((d) => (
            <tr key={d.key}>
              <th scope="row">{d.href ? <a href={d.href}>{d.label}</a> : d.label}</th>
              <td className="num">{d.display ?? String(d.value ?? "")}</td>
              {columns.reference ? <td className="num">{d.reference == null ? "—" : formatReference(d.reference)}</td> : null}
            </tr>
          ))}
        </tbody>
      </ChartTable>
    </figure>
  );
}

const formatReference = (n: number) => `${Math.round(n * 10) / 10} %`;

export type ColumnSeries = { key: string; label: string };
export type ColumnDatum = { key: string; label: string; values: Record<string, number> };

// Fill and pattern per series, so columns differ in print and for colour-blind readers too.
const SERIES_STYLES = ["solid", "hatch", "dots"] as const;

/** Columns per period (e.g. weeks), up to three series side by side, with a legend. */
export function ColumnChart({ id, title, description, series, data, tableOpen, periodLabel }: Common & { series: ColumnSeries[]; data: ColumnDatum[]; periodLabel: string }) {
  const shown = series.slice(0, SERIES_STYLES.length);
  const max = Math.max(1, ...data.flatMap((d) => shown.map((s) => finite(d.values[s.key]))));
  const plotTop = 24 + shown.length * 18;
  const plotHeight = 150;
  const bottom = plotTop + plotHeight;
  const slot = data.length ? WIDTH / data.length : WIDTH;
  const barWidth = Math.max(1, (slot * 0.8) / Math.max(1, shown.length));
  const everyLabel = Math.max(1, Math.ceil(data.length / 8));
  const fill = (i: number) => (SERIES_STYLES[i] === "solid" ? "#1f3a93" : `url(#${id}-${SERIES_STYLES[i]})`);
  return (
    <figure className="chart">
      <svg
        xmlns="http://www.w3.org/2000/svg"
        viewBox={`0 0 ${WIDTH} ${bottom + 22}`}
        width="100%"
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
        className="chart-svg"
        fontFamily="system-ui, sans-serif"
      >
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{description}</desc>
        <defs>
          <pattern id={`${id}-hatch`} width={6} height={6} patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
            <rect width={6} height={6} fill="#fff" />
            <line x1={0} y1={0} x2={0} y2={6} stroke="#5b2a86" strokeWidth={3} />
          </pattern>
          <pattern id={`${id}-dots`} width={5} height={5} patternUnits="userSpaceOnUse">
            <rect width={5} height={5} fill="#fff" />
            <circle cx={2.5} cy={2.5} r={1.5} fill="#000" />
          </pattern>
        </defs>
        {shown.map((s, i) => (
          <g key={s.key}>
            <rect x={0} y={6 + i * 18} width={14} height={12} fill={fill(i)} stroke="#000" strokeWidth={0.75} />
            <text x={20} y={16 + i * 18} fontSize={12} fill="#000">
              {s.label}
            </text>
          </g>
        ))}
        <line x1={0} x2={WIDTH} y1={bottom} y2={bottom} stroke="#000" strokeWidth={1} />
        <text x={WIDTH} y={plotTop - 4} fontSize={11} fill="#000" textAnchor="end">
          {`max ${max}`}
        </text>
        {data.map((d, j) => (
          <g key={d.key} data-key={d.key}>
            {shown.map((s, i) => {
              const h = (finite(d.values[s.key]) / max) * plotHeight;
              return (
                <rect
                  key={s.key}
                  x={(j * slot + slot * 0.1 + i * barWidth).toFixed(1)}
                  y={(bottom - h).toFixed(1)}
                  width={barWidth.toFixed(1)}
                  height={h.toFixed(1)}
                  fill={fill(i)}
                  stroke="#000"
                  strokeWidth={h > 0 ? 0.5 : 0}
                />
              );
            })}
            {j % everyLabel === 0 ? (
              <text x={(j * slot + slot / 2).toFixed(1)} y={bottom + 16} fontSize={11} fill="#000" textAnchor="middle">
                {d.label}
              </text>
            ) : null}
          </g>
        ))}
      </svg>
      <ChartTable title={title} open={tableOpen}>
        <thead>
          <tr>
            <th scope="col">{periodLabel}</th>
            {series.map((s) => (
              <th key={s.key} scope="col" className="num">
                {s.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {data.map((d) => (
            <tr key={d.key}>
              <th scope="row">{d.label}</th>
              {series.map((s) => (
                <td key={s.key} className="num">
                  {finite(d.values[s.key])}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </ChartTable>
    </figure>
  );
}

function ChartTable({ title, open, children }: { title: string; open?: boolean; children: React.ReactNode }) {
  const { t } = useTranslation();
  const table = (
    <div className="table-scroll" role="region" aria-label={title} tabIndex={0}>
      <table>
        <caption className={open ? undefined : "visually-hidden"}>{title}</caption>
        {children}
      </table>
    </div>
  );
  if (open) return table;
  return (
    <details className="chart-data">
      <summary>{t("synthesis.chart.showData")}</summary>
      {table}
    </details>
  );
}
