import type { ReactNode } from 'react';
import { Tag } from '@/components/govuk';
import { PointsChange } from '@/components/points-change';
import { FEWER_THAN_5, formatCount, formatKappa, formatPercent, isSuppressed, labelText, type ColumnKind } from '../api/report-cells';
import type { ReportCell } from '../api/report-types';

/** Nothing to show: a dash, with words for screen readers. */
export function NoFigure({ words = 'no figure' }: { words?: string }) {
  return (
    <>
      <span aria-hidden="true">–</span>
      <span className="govuk-visually-hidden">{words}</span>
    </>
  );
}

/**
 * A count withheld from the Performance Team. In a narrow column it may take two lines, "fewer"
 * over "than 5", never leaving the 5 alone; so a table of many columns still fits the page.
 */
export function Withheld() {
  return <span className="app-withheld">{FEWER_THAN_5.replace(/ (\d+)$/, '\u00a0$1')}</span>;
}

/** Whether a flag column is calibration's "Fewer than 10: unreliable". */
export const isReliabilityColumn = (heading: string) => /unreliable/i.test(heading);

/** One cell of a report's table, as its column reads it. */
export function Cell({ cell, kind, heading }: { cell: ReportCell | undefined; kind: ColumnKind; heading: string }): ReactNode {
  if (isSuppressed(cell)) return <Withheld />;
  if (cell === null || cell === undefined) return kind === 'points' ? <PointsChange change={null} /> : <NoFigure />;
  if (typeof cell === 'boolean') {
    if (isReliabilityColumn(heading)) return cell ? <Tag colour="yellow">Unreliable (fewer than 10)</Tag> : 'Reliable (10 or more)';
    return cell ? 'Yes' : 'No';
  }
  if (typeof cell === 'string') return labelText(cell);
  switch (kind) {
    case 'percent':
      return formatPercent(cell);
    case 'points':
      return <PointsChange change={cell} />;
    case 'kappa':
      return formatKappa(cell);
    default:
      return formatCount(cell);
  }
}
