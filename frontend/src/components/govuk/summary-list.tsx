import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { cx } from './use-govuk-component';

export interface SummaryListAction {
  to: string;
  text: string;
  /** Said to screen reader users after the text, e.g. "name" for "Change name". */
  visuallyHiddenText: string;
}

export interface SummaryListRow {
  key: ReactNode;
  value: ReactNode;
  actions?: SummaryListAction[];
}

/** GOV.UK summary list. */
export function SummaryList({ rows, noBorder }: { rows: SummaryListRow[]; noBorder?: boolean }) {
  const anyActions = rows.some((row) => row.actions?.length);
  return (
    <dl className={cx('govuk-summary-list', noBorder && 'govuk-summary-list--no-border')}>
      {rows.map((row, index) => (
        <div
          key={index}
          className={cx('govuk-summary-list__row', anyActions && !row.actions?.length && 'govuk-summary-list__row--no-actions')}
        >
          <dt className="govuk-summary-list__key">{row.key}</dt>
          <dd className="govuk-summary-list__value">{row.value}</dd>
          {row.actions?.length ? (
            <dd className="govuk-summary-list__actions">
              {row.actions.length === 1 && row.actions[0] ? (
                <ActionLink action={row.actions[0]} />
              ) : (
                <ul className="govuk-summary-list__actions-list">
                  {row.actions.map((action) => (
                    <li className="govuk-summary-list__actions-list-item" key={action.to}>
                      <ActionLink action={action} />
                    </li>
                  ))}
                </ul>
              )}
            </dd>
          ) : null}
        </div>
      ))}
    </dl>
  );
}

function ActionLink({ action }: { action: SummaryListAction }) {
  return (
    <Link className="govuk-link" to={action.to}>
      {action.text}
      <span className="govuk-visually-hidden"> {action.visuallyHiddenText}</span>
    </Link>
  );
}
