import { cx } from '@/components/govuk';

const grades = (n: number) => `${n} ${n === 1 ? 'grade' : 'grades'}`;

/**
 * A change in grade as an arrow with words ("▲ 1 grade better"), so the direction never rests on
 * the arrow or its colour alone. `mean` shows an average change in grade ranks ("▲ +0.5").
 */
export function ChangeArrow({ change, mean = false }: { change: number | null | undefined; mean?: boolean }) {
  if (change === null || change === undefined) return <span className="app-secondary-text">Not compared</span>;
  const direction = change > 0 ? 'up' : change < 0 ? 'down' : 'same';
  const arrow = { up: '▲', down: '▼', same: '=' }[direction];
  const words = mean
    ? `${change > 0 ? '+' : change < 0 ? '−' : ''}${Math.abs(change).toFixed(1)}`
    : direction === 'same'
      ? 'Same grade'
      : `${grades(Math.abs(change))} ${direction === 'up' ? 'better' : 'worse'}`;
  return (
    <span className={cx('app-change', `app-change--${direction}`)}>
      <span aria-hidden="true">{arrow}</span> {words}
      {mean ? <span className="govuk-visually-hidden">{direction === 'up' ? ' better on average' : direction === 'down' ? ' worse on average' : ' no change on average'}</span> : null}
    </span>
  );
}
