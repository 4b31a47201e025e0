import { Link } from 'react-router';
import { cx } from '@/components/govuk';
import { PointsChange } from '@/components/points-change';
import { formatCount, formatPercent, heatColumns, isSuppressed, numberOf, rowsOf, SHARE_BANDS, shareBand } from '../api/report-cells';
import type { ReportCell, ReportTable } from '../api/report-types';
import { NoFigure, Withheld } from './cell';

/** The heat map's key: what each shade means; every cell also gives its figure. */
export function HeatMapKey() {
  return (
    <div className="app-heat-key">
      <p className="govuk-body">
        The rows are the council’s{' '}
        <Link className="govuk-link" to="/practice-standards">
          practice standards
        </Link>
        , the columns its teams or services.
      </p>
      <p className="govuk-body govuk-!-margin-bottom-2">
        Each cell gives the share of judgements graded good or better, the change on the previous period in points, and how many judgements there were. The darker
        the cell, the larger the share:
      </p>
      <ul className="app-heat-key__list">
        {SHARE_BANDS.map(({ band, text }) => (
          <li key={band} className="app-heat-key__item">
            <span className={`app-heat-key__swatch app-heat-map__cell--${band}`} aria-hidden="true" />
            {text}
          </li>
        ))}
        <li className="app-heat-key__item">
          <span className="app-heat-key__swatch app-heat-key__swatch--none" aria-hidden="true" />
          No judgements (–)
        </li>
      </ul>
    </div>
  );
}

/**
 * A heat map table: a row per practice standard, a column per team (or service). Each cell is
 * shaded by its share good or better and gives the share, the change in points as an arrow with
 * words, and the count, so it reads without colour. On a phone, or with many teams, the table
 * scrolls within its own region, never the page.
 */
export function HeatMapTable({ table }: { table: ReportTable }) {
  const standards = heatColumns(table);
  const units = rowsOf(table);
  if (units.length === 0) {
    return (
      <>
        <h3 className="govuk-heading-s">{table.caption}</h3>
        <p className="govuk-body">No audits were submitted in this period or the one before.</p>
      </>
    );
  }
  const unitName = (unit: ReportCell[]) => (typeof unit[0] === 'string' ? unit[0] : '');
  // The caption is shown above the scrolling region, so a phone shows all of it; the table keeps
  // it for screen readers.
  return (
    <>
      <p className="govuk-body govuk-!-font-weight-bold govuk-!-margin-bottom-2 app-heat-caption" aria-hidden="true">
        {table.caption}
      </p>
      {/* eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex -- a scrollable region must be reachable by keyboard (WCAG 2.1.1) */}
      <div className="app-table-scroll app-heat-scroll" role="region" aria-label={table.caption} tabIndex={0}>
        <table className={cx('govuk-table', 'app-heat-map', 'app-heat-table', units.length > 6 && 'app-heat-table--wide')}>
          <caption className="govuk-visually-hidden">{table.caption}</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">
                Practice standard
              </th>
              {units.map((unit, index) => (
                <th scope="col" className="govuk-table__header app-heat-table__unit" key={`${index}-${unitName(unit)}`}>
                  {unitName(unit)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {standards.map((standard) => (
              <tr className="govuk-table__row" key={standard.title}>
                <th scope="row" className="govuk-table__header">
                  {standard.title}
                </th>
                {units.map((unit, index) => {
                  const shareCell = unit[standard.share];
                  const share = numberOf(shareCell);
                  const count = numberOf(unit[standard.count]);
                  return (
                    <td className={cx('govuk-table__cell', 'app-heat-map__cell', `app-heat-map__cell--${shareBand(share)}`)} key={`${index}-${unitName(unit)}`}>
                      <span className="app-heat-table__share">
                        {share !== null ? formatPercent(share) : isSuppressed(shareCell) ? <Withheld /> : <NoFigure words="no judgements" />}
                        {share !== null ? <span className="govuk-visually-hidden"> good or better</span> : null}
                      </span>
                      {share !== null ? (
                        <span className="app-heat-table__change">
                          <PointsChange change={numberOf(unit[standard.change])} compact />
                        </span>
                      ) : null}
                      {share !== null && count !== null ? (
                        <span className="app-heat-table__count">
                          of {formatCount(count)}
                          <span className="govuk-visually-hidden"> judgements</span>
                        </span>
                      ) : null}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
