import { useId } from 'react';

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

/**
 * Horizontal bars of a figure per group (a grade, a standard, a stage), this period as a solid
 * bar and, where given, the previous period as a hatched one under it: the pattern, the key
 * and each bar's figure in words tell them apart without colour, so the chart reads in
 * greyscale and in print. Its text alternative lists every figure; the table beside it has
 * them too.
 */
export function ComparisonChart({
  title,
  current,
  previous,
  bars,
  max = 100,
  scale,
}: {
  /** What it shows, as its caption. */
  title: string;
  /** The name of this period's series: "July to September 2026". */
  current: string;
  /** The name of the previous period's series, when compared. */
  previous?: string;
  bars: ComparisonBar[];
  /** The figure of a full bar (100 for shares). */
  max?: number;
  /** What the bars run between, in words: "Bars run from 0% to 100%." */
  scale?: string;
}) {
  const hatch = `app-hatch-${useId().replace(/[^a-zA-Z0-9_-]/g, '')}`;
  const compared = previous !== undefined;
  const width = (value: number | null | undefined) => (value === null || value === undefined || max <= 0 ? 0 : Math.max(0, Math.min(value, max)) / max) * 100;
  const summary = bars
    .map((bar) => (compared ? `${bar.label}: ${bar.valueText}, previous period ${bar.previousText ?? 'no figure'}` : `${bar.label}: ${bar.valueText}`))
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
            {compared ? `${current} (this period)` : current}
          </li>
          {compared ? (
            <li>
              <svg className="app-comparison-chart__swatch" focusable="false">
                <rect className="app-comparison-chart__bar--previous" width="100%" height="100%" fill={`url(#${hatch})`} />
              </svg>
              {previous} (previous period)
            </li>
          ) : null}
        </ul>
        {scale ? <p className="app-comparison-chart__scale">{scale}</p> : null}
        {bars.map((bar) => (
          <div className="app-comparison-chart__group" key={bar.key}>
            <span className="app-comparison-chart__label">{bar.label}</span>
            <span className="app-comparison-chart__bars">
              <span className="app-comparison-chart__row">
                <svg className="app-comparison-chart__track" focusable="false">
                  {bar.value !== null ? <rect className="app-comparison-chart__bar" width={`${width(bar.value)}%`} height="100%" /> : null}
                </svg>
                <span className="app-comparison-chart__value">{bar.valueText}</span>
              </span>
              {compared ? (
                <span className="app-comparison-chart__row app-comparison-chart__row--previous">
                  <svg className="app-comparison-chart__track" focusable="false">
                    {bar.previous !== null && bar.previous !== undefined ? (
                      <rect className="app-comparison-chart__bar--previous" width={`${width(bar.previous)}%`} height="100%" fill={`url(#${hatch})`} />
                    ) : null}
                  </svg>
                  <span className="app-comparison-chart__value">{bar.previousText ?? 'no figure'}</span>
                </span>
              ) : null}
            </span>
          </div>
        ))}
      </div>
    </figure>
  );
}
