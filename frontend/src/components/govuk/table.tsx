import type { ReactNode } from 'react';
import { cx } from './use-govuk-component';

export type SortDirection = 'ascending' | 'descending';

const sortArrows: Record<SortDirection | 'none', ReactNode> = {
  ascending: <path d="M6.5 0 13 8H0z" />,
  descending: <path d="M6.5 16 0 8h13z" />,
  none: (
    <>
      <path d="M6.5 0 13 6.5H0z" />
      <path d="M6.5 16 0 9.5h13z" />
    </>
  ),
};

export interface TableHeadCell {
  text: ReactNode;
  /**
   * The column's name beside each value when rows stack on a narrow screen; the text itself
   * when that is a string.
   */
  label?: string;
  format?: 'numeric';
  /** Class for the column's width, e.g. `govuk-!-width-one-quarter`. */
  classes?: string;
  /**
   * A column the list can be sorted by: its heading is a button, and the heading cell says how
   * the list is sorted (`aria-sort`), as in the sortable table of the MOJ Design System.
   */
  sort?: { direction: SortDirection | 'none'; onSort: () => void };
}

export interface TableProps {
  caption: ReactNode;
  captionSize?: 's' | 'm' | 'l' | 'xl';
  /** Hides the caption visually (it is still read out). */
  captionHidden?: boolean;
  head: TableHeadCell[];
  rows: { key: string; cells: ReactNode[] }[];
  firstCellIsHeader?: boolean;
  /**
   * Below the tablet breakpoint, show each row as a block with the column's name beside each
   * value (the default), so that no table makes a phone's page scroll sideways. Wider screens
   * always get the table as a table.
   */
  stackOnMobile?: boolean;
}

const labelOf = (cell: TableHeadCell | undefined) => cell?.label ?? (typeof cell?.text === 'string' ? cell.text : '');

/** GOV.UK table; every table has a caption. */
export function Table({ caption, captionSize = 'm', captionHidden, head, rows, firstCellIsHeader, stackOnMobile = true }: TableProps) {
  return (
    <table className={cx('govuk-table', stackOnMobile && 'app-table--stacked')}>
      <caption
        className={cx('govuk-table__caption', `govuk-table__caption--${captionSize}`, captionHidden && 'govuk-visually-hidden')}
      >
        {caption}
      </caption>
      <thead className="govuk-table__head">
        <tr className="govuk-table__row">
          {head.map((cell, index) => (
            <th
              scope="col"
              key={index}
              className={cx('govuk-table__header', cell.format && `govuk-table__header--${cell.format}`, cell.sort && 'app-sortable-header', cell.classes)}
              aria-sort={cell.sort?.direction}
            >
              {cell.sort ? (
                <button type="button" className="app-sort-button" onClick={cell.sort.onSort}>
                  {cell.text}
                  <svg className="app-sort-button__icon" width="13" height="16" viewBox="0 0 13 16" aria-hidden="true" focusable="false">
                    {sortArrows[cell.sort.direction]}
                  </svg>
                </button>
              ) : (
                cell.text
              )}
            </th>
          ))}
        </tr>
      </thead>
      <tbody className="govuk-table__body">
        {rows.map((row) => (
          <tr className="govuk-table__row" key={row.key}>
            {row.cells.map((cell, index) => {
              const format = head[index]?.format;
              // The value in one element, so that a stacked row lays out as name | value.
              const value = stackOnMobile ? <span className="app-table__value">{cell}</span> : cell;
              const label = stackOnMobile ? labelOf(head[index]) || undefined : undefined;
              return index === 0 && firstCellIsHeader ? (
                <th scope="row" className="govuk-table__header" key={index} data-label={label}>
                  {value}
                </th>
              ) : (
                <td className={cx('govuk-table__cell', format && `govuk-table__cell--${format}`)} key={index} data-label={label}>
                  {value}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
