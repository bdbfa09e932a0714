// A small grouped bar chart in SVG: one group per week, one bar per series. No chart library: the
// few shapes needed cost less than its download. Screen readers get the figures as a table. A
// withheld figure (null: fewer than five people behind it) gets no bar but a "<5" mark, and words.
// The drawing is as wide as its box in pixels, so text keeps its size (13 px) on a phone instead of
// shrinking with the picture; labels too long for their group are turned, and thinned out where
// even turned they would touch.
import { useEffect, useRef, useState } from 'react';
import { PRIVACY_FLOOR } from '../privacy-floor/floor.ts';

export interface Series {
  name: string;
  className: string;
}

const FONT = 13;
/** About how wide a character of the axis font is, in pixels (labels are short: "3.11.", "3 Nov"). */
const CHAR = FONT * 0.6;

/** The element's width in pixels, followed as it changes; `fallback` before it is measured. */
function useWidth(fallback: number) {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(fallback);
  useEffect(() => {
    const element = ref.current;
    if (!element || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(([entry]) => {
      const measured = Math.floor(entry?.contentRect.width ?? 0);
      if (measured > 0) setWidth(measured);
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [ref, width] as const;
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
  const [box, width] = useWidth(640);
  const top = Math.max(1, max ?? Math.max(...values.flat().map((v) => v ?? 0)));
  const axis = 8 + String(top).length * CHAR;
  const topPad = 12;
  const longest = Math.max(0, ...labels.map((l) => l.length)) * CHAR;
  const turned = longest > (width - axis) / Math.max(1, labels.length) - 6;
  // A turned label reaches left of its group, by its length and its height (the top of its first
  // letter turns further left than the baseline): the first one must not be cut off at the edge.
  const left = turned ? Math.max(axis, Math.ceil((longest + FONT) * Math.SQRT1_2) - (width - axis) / Math.max(1, labels.length) / 2 + 4) : axis;
  const groupWidth = (width - left) / Math.max(1, labels.length);
  // Turned at 45°, neighbours are groupWidth·sin 45° apart across the text: at least a line's height.
  const every = turned ? Math.max(1, Math.ceil((FONT * 1.3) / (groupWidth * Math.SQRT1_2))) : 1;
  const bottom = turned ? Math.ceil(longest * Math.SQRT1_2) + FONT + 8 : FONT + 15;
  const height = 172 + bottom;
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
      <div ref={box}>
        <svg viewBox={`0 0 ${width} ${height}`} width={width} height={height} role="img" aria-label={`${title}. ${summary}`} fontSize={FONT}>
          {ticks.map((tick) => (
            <g key={tick}>
              <line x1={left} x2={width} y1={y(tick)} y2={y(tick)} className="grid" />
              <text x={left - 6} y={y(tick) + 4} textAnchor="end" className="axis">
                {tick}
              </text>
            </g>
          ))}
          {labels.map((label, g) => (
            <g key={`${label}-${g}`} transform={`translate(${left + g * groupWidth + groupWidth * 0.15},0)`}>
              {series.map((s, i) => {
                const v = values[i]?.[g] ?? 0;
                if (v === null) {
                  return <text key={s.name} x={i * barWidth + barWidth / 2} y={height - bottom - 4} textAnchor="middle" className="axis">&lt;{PRIVACY_FLOOR}</text>;
                }
                return <rect key={s.name} x={i * barWidth} y={y(v)} width={Math.max(1, barWidth - 2)} height={height - bottom - y(v)} className={s.className} />;
              })}
              {g % every === 0 && (turned ? (
                <text x={(groupWidth * 0.7) / 2} y={height - bottom + FONT} textAnchor="end" className="axis"
                  transform={`rotate(-45 ${(groupWidth * 0.7) / 2} ${height - bottom + FONT})`}>
                  {label}
                </text>
              ) : (
                <text x={(groupWidth * 0.7) / 2} y={height - 8} textAnchor="middle" className="axis">
                  {label}
                </text>
              ))}
            </g>
          ))}
        </svg>
      </div>
      {anyWithheld && <p className="hint">&lt;{PRIVACY_FLOOR}: {withheld}</p>}
    </figure>
  );
}
