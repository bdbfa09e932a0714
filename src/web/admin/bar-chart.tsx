// A small grouped bar chart in SVG: one group per week, one bar per series. No chart library: the
// few shapes needed cost less than its download. Screen readers get the figures as a table. A
// withheld figure (null: fewer than five people behind it) gets no bar but a "<5" mark, and words.
import { PRIVACY_FLOOR } from '../privacy-floor/floor.ts';

export interface Series {
  name: string;
  className: string;
}

export function BarChart({ title, labels, series, values, max, withheld = '' }: {
  title: string;
  labels: string[];
  series: Series[];
  /** values[series][group]; null: withheld under the privacy floor */
  values: Array<Array<number | null>>;
  /** The words for a withheld value (required where one may be null). */
  withheld?: string;
  /** The top of the scale; default the largest value. */
  max?: number;
}) {
  const top = Math.max(1, max ?? Math.max(...values.flat().map((v) => v ?? 0)));
  const width = 640;
  const height = 200;
  const left = 32;
  const bottom = 28;
  const topPad = 12;
  const groupWidth = (width - left) / Math.max(1, labels.length);
  const barWidth = (groupWidth * 0.7) / series.length;
  const y = (v: number) => topPad + (height - bottom - topPad) * (1 - v / top);
  const ticks = [...new Set([0, Math.round(top / 2), top])];
  const said = (v: number | null | undefined) => (v === null ? withheld : String(v ?? 0));
  const summary = labels.map((l, g) => `${l}: ${series.map((s, i) => `${s.name} ${said(values[i]?.[g])}`).join(', ')}`).join('; ');
  const anyWithheld = values.some((row) => row.some((v) => v === null));

  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <ul className="legend" aria-hidden="true">
        {series.map((s) => (
          <li key={s.name}>
            <span className={`swatch ${s.className}`} /> {s.name}
          </li>
        ))}
      </ul>
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={`${title}. ${summary}`}>
        {ticks.map((tick) => (
          <g key={tick}>
            <line x1={left} x2={width} y1={y(tick)} y2={y(tick)} className="grid" />
            <text x={left - 6} y={y(tick) + 4} textAnchor="end" className="axis">
              {tick}
            </text>
          </g>
        ))}
        {labels.map((label, g) => (
          <g key={label} transform={`translate(${left + g * groupWidth + groupWidth * 0.15},0)`}>
            {series.map((s, i) => {
              const v = values[i]?.[g] ?? 0;
              if (v === null) {
                return <text key={s.name} x={i * barWidth + barWidth / 2} y={height - bottom - 4} textAnchor="middle" className="axis">&lt;{PRIVACY_FLOOR}</text>;
              }
              return <rect key={s.name} x={i * barWidth} y={y(v)} width={barWidth - 2} height={height - bottom - y(v)} className={s.className} />;
            })}
            <text x={(groupWidth * 0.7) / 2} y={height - 8} textAnchor="middle" className="axis">
              {label}
            </text>
          </g>
        ))}
      </svg>
      {anyWithheld && <p className="hint">&lt;{PRIVACY_FLOOR}: {withheld}</p>}
    </figure>
  );
}
