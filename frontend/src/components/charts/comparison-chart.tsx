import * as Plot from '@observablehq/plot';
import { useCallback, useId } from 'react';
import { PlotFrame } from './plot-frame';

export interface ComparisonBar {
  key: string;
  label: string;
  /** This period's figure; null draws no bar (nothing to show, or withheld). */
  value: number | null;
  /** The words beside the bar: "47.9%", "fewer than 5". */
  valueText: string;
  /** The previous period's figure, when the chart compares two periods. */
  previous?: number | null;
  previousText?: string;
}

/** The size of the chart's type, in pixels (the style sheet's `.app-plot svg`). */
const FONT_PX = 14;

/**
 * The bars, drawn by Observable Plot at the box's width: a band per group, its name wrapped on
 * the left, this period's bar over the previous period's hatched one, each with its figure in
 * words at its end.
 */
export function drawBars({ bars, max, compared, hatch, width }: { bars: ComparisonBar[]; max: number; compared: boolean; hatch: string; width: number }) {
  const narrow = width < 520;
  const marginLeft = narrow ? 112 : 208;
  const marginRight = 96;
  const lineWidth = (marginLeft - 12) / FONT_PX;
  // As many lines as the longest name wraps to (about half an em a letter), so none overlaps the next.
  const lines = Math.max(1, ...bars.map((bar) => Math.ceil((bar.label.length * 0.55) / lineWidth)));
  const step = Math.max(compared ? 46 : 30, lines * 17 + 10);
  const band = step * 0.8;
  const half = band / 2;
  const clamp = (value: number) => Math.max(0, Math.min(value, max));
  const now = bars.filter((bar) => bar.value !== null).map((bar) => ({ ...bar, at: clamp(bar.value ?? 0) }));
  const before = compared ? bars.filter((bar) => bar.previous !== null && bar.previous !== undefined).map((bar) => ({ ...bar, at: clamp(bar.previous ?? 0) })) : [];
  const label = new Map(bars.map((bar) => [bar.key, bar.label]));
  // Shares run 0% to 100% in quarters; counts to a round number at or above the largest, in
  // whatever steps fit (Plot's "nice" scale).
  const shares = max === 100;
  return Plot.plot({
    width,
    height: bars.length * step + 36,
    marginTop: 4,
    marginBottom: 32,
    marginLeft,
    marginRight,
    x: {
      domain: [0, max],
      ...(shares ? { ticks: [0, 25, 50, 75, 100] } : { nice: true, ticks: Math.min(5, Math.ceil(max)) }),
      tickFormat: (value: number) => (shares ? `${value}%` : new Intl.NumberFormat('en-GB').format(value)),
      label: null,
      grid: true,
    },
    y: { domain: bars.map((bar) => bar.key), padding: 0.2, axis: null },
    marks: [
      Plot.axisY({ tickFormat: (key: string) => label.get(key) ?? '', label: null, tickSize: 0, lineWidth, textAnchor: 'end', className: 'app-comparison-chart__label' }),
      Plot.barX(now, { x: 'at', y: 'key', insetBottom: compared ? half + 1 : 0, className: 'app-comparison-chart__bar' }),
      Plot.barX(before, { x: 'at', y: 'key', insetTop: half + 1, fill: `url(#${hatch})`, className: 'app-comparison-chart__bar--previous' }),
      Plot.ruleX([0], { className: 'app-comparison-chart__axis' }),
      Plot.text(bars, {
        x: (bar: ComparisonBar) => clamp(bar.value ?? 0),
        y: 'key',
        text: 'valueText',
        dx: 6,
        dy: compared ? -half / 2 : 0,
        textAnchor: 'start',
        className: 'app-comparison-chart__value app-comparison-chart__value--now',
      }),
      ...(compared
        ? [
            Plot.text(bars, {
              x: (bar: ComparisonBar) => clamp(bar.previous ?? 0),
              y: 'key',
              text: (bar: ComparisonBar) => bar.previousText ?? 'no figure',
              dx: 6,
              dy: half / 2,
              textAnchor: 'start',
              className: 'app-comparison-chart__value',
            }),
          ]
        : []),
    ],
  });
}

/**
 * Horizontal bars of a figure per group (a grade, a standard, a stage), this period as a solid
 * bar and, where given, the previous period as a hatched one under it: the pattern, the key
 * and each bar's figure in words tell them apart without colour, so the chart reads in
 * greyscale and in print. Its text alternative lists every figure; the table beside it has
 * them too. The bars are drawn by Observable Plot.
 */
export function ComparisonChart({
  title,
  current,
  previous,
  bars,
  max = 100,
  scale,
  keys,
}: {
  /** What it shows, as its caption. */
  title: string;
  /** The name of this period's series: "July to September 2026". */
  current: string;
  /** The name of the previous period's series, when compared. */
  previous?: string;
  bars: ComparisonBar[];
  /** 100 for shares (0% to 100%); otherwise the largest count, the scale rounded up from it. */
  max?: number;
  /** What the bars run between, in words: "Bars run from 0% to 100%." */
  scale?: string;
  /**
   * The key's words and the text alternative's, where the two series are not two periods (a
   * team against its service): `current` and `previous` as the key says them, and the words
   * before each second figure ("the service as a whole").
   */
  keys?: { current: string; previous: string; previousWords: string };
}) {
  const hatch = `app-hatch-${useId().replace(/[^a-zA-Z0-9_-]/g, '')}`;
  const compared = previous !== undefined;
  const draw = useCallback((width: number) => drawBars({ bars, max, compared, hatch, width }), [bars, max, compared, hatch]);
  const summary = bars
    .map((bar) => (compared ? `${bar.label}: ${bar.valueText}, ${keys?.previousWords ?? 'previous period'} ${bar.previousText ?? 'no figure'}` : `${bar.label}: ${bar.valueText}`))
    .join('; ');
  return (
    <figure className="app-comparison-chart">
      <figcaption className="app-comparison-chart__title">{title}</figcaption>
      <p className="govuk-visually-hidden">
        {compared ? `Bar chart of ${current} against ${previous}. ` : 'Bar chart. '}
        {summary}.
      </p>
      <div aria-hidden="true">
        <svg className="app-comparison-chart__defs" width="0" height="0" focusable="false">
          <defs>
            <pattern id={hatch} patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)">
              <rect className="app-comparison-chart__hatch-ground" width="6" height="6" />
              <line className="app-comparison-chart__hatch-line" x1="0" y1="0" x2="0" y2="6" />
            </pattern>
          </defs>
        </svg>
        <ul className="app-comparison-chart__key">
          <li>
            <svg className="app-comparison-chart__swatch" focusable="false">
              <rect className="app-comparison-chart__bar" width="100%" height="100%" />
            </svg>
            {keys?.current ?? (compared ? `${current} (this period)` : current)}
          </li>
          {compared ? (
            <li>
              <svg className="app-comparison-chart__swatch" focusable="false">
                <rect className="app-comparison-chart__bar--previous" width="100%" height="100%" fill={`url(#${hatch})`} />
              </svg>
              {keys?.previous ?? `${previous} (previous period)`}
            </li>
          ) : null}
        </ul>
        {scale ? <p className="app-comparison-chart__scale">{scale}</p> : null}
        <PlotFrame draw={draw} />
      </div>
    </figure>
  );
}
