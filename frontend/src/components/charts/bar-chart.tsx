export interface Bar {
  key: string;
  label: string;
  value: number;
}

/**
 * Horizontal bars, each with its label and figure. It repeats a table the page shows beside it
 * with the same figures, which is what screen readers read, so the bars are hidden from them.
 * `max` is the value of a full bar (the largest value when not given).
 */
export function BarChart({ bars, max }: { bars: Bar[]; max?: number }) {
  const full = max ?? Math.max(0, ...bars.map((bar) => bar.value));
  return (
    <div className="app-bar-chart" aria-hidden="true">
      {bars.map((bar) => (
        <div className="app-bar-chart__row" key={bar.key}>
          <span className="app-bar-chart__label">{bar.label}</span>
          <svg className="app-bar-chart__track" viewBox="0 0 100 10" preserveAspectRatio="none" focusable="false">
            <rect className="app-bar-chart__bar" width={full > 0 ? (Math.min(bar.value, full) / full) * 100 : 0} height="10" />
          </svg>
          <span className="app-bar-chart__value">{bar.value}</span>
        </div>
      ))}
    </div>
  );
}
