import type { ReactNode } from 'react';
import { cx } from './use-govuk-component';

export interface TableHeadCell {
  text: ReactNode;
  format?: 'numeric';
  /** Class for the column's width, e.g. `govuk-!-width-one-quarter`. */
  classes?: string;
}

export interface TableProps {
  caption: ReactNode;
  captionSize?: 's' | 'm' | 'l' | 'xl';
  /** Hides the caption visually (it is still read out). */
  captionHidden?: boolean;
  head: TableHeadCell[];
  rows: { key: string; cells: ReactNode[] }[];
  firstCellIsHeader?: boolean;
}

/** GOV.UK table; every table has a caption. */
export function Table({ caption, captionSize = 'm', captionHidden, head, rows, firstCellIsHeader }: TableProps) {
  return (
    <table className="govuk-table">
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
              className={cx('govuk-table__header', cell.format && `govuk-table__header--${cell.format}`, cell.classes)}
            >
              {cell.text}
            </th>
          ))}
        </tr>
      </thead>
      <tbody className="govuk-table__body">
        {rows.map((row) => (
          <tr className="govuk-table__row" key={row.key}>
            {row.cells.map((cell, index) => {
              const format = head[index]?.format;
              return index === 0 && firstCellIsHeader ? (
                <th scope="row" className="govuk-table__header" key={index}>
                  {cell}
                </th>
              ) : (
                <td className={cx('govuk-table__cell', format && `govuk-table__cell--${format}`)} key={index}>
                  {cell}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
