import { Link } from 'react-router';
import type { SummaryListRow } from '@/components/govuk';
import { cx } from '@/components/govuk';
import { useCount, type CountQuery } from '../api/use-your-work';

export interface CountProps {
  /** What is counted, as the row's key: "Overdue actions". */
  label: string;
  /** The list it counts, filtered as counted. */
  to: string;
  noun: [one: string, many: string];
  /** Something is late: the figure stands out while it is not zero. */
  warning?: boolean;
}

/**
 * A count that links to the list it counts ("12 audits"), with what it counts said to screen
 * readers, since a link is often read out on its own. Nothing to link to when there are none.
 */
export function CountLink({ label, to, noun, warning, count, atLeast }: CountProps & { count: number | undefined; atLeast?: boolean }) {
  if (count === undefined) return <span className="app-secondary-text">Counting…</span>;
  if (count === 0) return <>None</>;
  return (
    <Link className="govuk-link app-count" to={to}>
      <span className={cx('app-count__figure', warning && 'app-count__figure--warning')}>
        {atLeast ? 'At least ' : ''}
        {count.toLocaleString('en-GB')}
      </span>{' '}
      {count === 1 ? noun[0] : noun[1]}
      <span className="govuk-visually-hidden"> – {label}</span>
    </Link>
  );
}

/** A count asked of the API (`count=true&limit=1`). */
export function QueryCount({ query, ...props }: CountProps & { query: CountQuery }) {
  const count = useCount(query);
  if (count.isError) return <span className="app-secondary-text">Could not be counted</span>;
  return <CountLink {...props} count={count.data} />;
}

/** A summary list row of a count asked of the API. */
export const countRow = (props: CountProps & { query: CountQuery }): SummaryListRow => ({ key: props.label, value: <QueryCount {...props} /> });
