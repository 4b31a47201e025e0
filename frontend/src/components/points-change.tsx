import { cx } from '@/components/govuk';

const points = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 });

/**
 * A change in a share between two periods, in percentage points, as an arrow and words ("▲ up
 * 4.4 points"), so the direction never rests on the arrow or its colour alone. `compact` (a
 * heat map's cell) leaves "points" to screen readers and the colour to the cell.
 */
export function PointsChange({ change, compact = false }: { change: number | null | undefined; compact?: boolean }) {
  if (change === null || change === undefined) {
    return compact ? <span className="govuk-visually-hidden">not compared</span> : <span className="app-secondary-text">Not compared</span>;
  }
  const direction = change > 0 ? 'up' : change < 0 ? 'down' : 'same';
  const arrow = { up: '▲', down: '▼', same: '=' }[direction];
  const size = points.format(Math.abs(change));
  const unit = Math.abs(change) === 1 ? 'point' : 'points';
  const words = direction === 'same' ? 'no change' : `${direction} ${size}`;
  return (
    <span className={cx('app-change', !compact && `app-change--${direction}`, compact && 'app-change--compact')}>
      <span aria-hidden="true">{arrow}</span> {words}
      {direction === 'same' ? null : compact ? <span className="govuk-visually-hidden"> {unit}</span> : ` ${unit}`}
    </span>
  );
}
