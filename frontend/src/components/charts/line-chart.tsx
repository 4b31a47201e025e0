import { formatDate } from '@/lib/dates';

export interface ChartPoint {
  /** The day, `YYYY-MM-DD`. */
  on: string;
  value: number;
}

const DAY_MS = 86_400_000;
const dayNumber = (on: string) => Math.round(Date.parse(`${on.slice(0, 10)}T00:00:00Z`) / DAY_MS);

// The plot's own units: the SVG stretches to its box, its lines keep their width.
const WIDTH = 100;
const HEIGHT = 50;

/**
 * A small line chart of readings over time from a baseline, against a target (a dashed line,
 * and a mark on the day it should be met). It repeats a table the page shows beside it, which
 * is what screen readers read; its scale and dates are text, so they zoom with the page.
 */
export function LineChart({ readings, baseline, target, format }: { readings: ChartPoint[]; baseline: ChartPoint; target: ChartPoint; format: (value: number) => string }) {
  const all = [baseline, target, ...readings];
  const days = all.map((point) => dayNumber(point.on));
  const values = all.map((point) => point.value);
  const [firstDay, lastDay] = [Math.min(...days), Math.max(...days)];
  let [low, high] = [Math.min(...values), Math.max(...values)];
  if (high === low) [low, high] = [low - 1, high + 1];
  // A little room above and below, so no point sits on the edge; whole numbers on the scale
  // unless the figures are small.
  const pad = (high - low) * 0.1;
  [low, high] = high - low > 4 ? [Math.floor(low - pad), Math.ceil(high + pad)] : [low - pad, high + pad];
  const x = (on: string) => (lastDay === firstDay ? WIDTH / 2 : ((dayNumber(on) - firstDay) / (lastDay - firstDay)) * WIDTH);
  const y = (value: number) => HEIGHT - ((value - low) / (high - low)) * HEIGHT;
  const line = [baseline, ...readings].map((point) => `${x(point.on).toFixed(2)},${y(point.value).toFixed(2)}`).join(' ');
  const dot = (point: ChartPoint, className: string, key: string) => (
    <path key={key} className={className} d={`M${x(point.on).toFixed(2)} ${y(point.value).toFixed(2)}h0`} vectorEffect="non-scaling-stroke" />
  );
  return (
    <figure className="app-line-chart" aria-hidden="true">
      <div className="app-line-chart__plot">
        <div className="app-line-chart__scale">
          <span>{format(high)}</span>
          <span>{format(low)}</span>
        </div>
        <svg className="app-line-chart__svg" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} preserveAspectRatio="none" focusable="false">
          <line className="app-line-chart__target" x1="0" x2={WIDTH} y1={y(target.value)} y2={y(target.value)} vectorEffect="non-scaling-stroke" />
          <polyline className="app-line-chart__line" points={line} vectorEffect="non-scaling-stroke" />
          {dot(baseline, 'app-line-chart__baseline', 'baseline')}
          {readings.map((point, index) => dot(point, 'app-line-chart__reading', String(index)))}
          {dot(target, 'app-line-chart__target-point', 'target')}
        </svg>
      </div>
      <div className="app-line-chart__dates">
        <span>{formatDate(new Date(firstDay * DAY_MS).toISOString())}</span>
        <span>{formatDate(new Date(lastDay * DAY_MS).toISOString())}</span>
      </div>
      <ul className="app-line-chart__key">
        <li>
          <span className="app-line-chart__swatch app-line-chart__swatch--line" /> Readings, from the baseline
        </li>
        <li>
          <span className="app-line-chart__swatch app-line-chart__swatch--target" /> Target: {format(target.value)} by {formatDate(target.on)}
        </li>
      </ul>
    </figure>
  );
}
