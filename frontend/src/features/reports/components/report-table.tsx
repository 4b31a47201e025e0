import { Table, type TableHeadCell } from '@/components/govuk';
import { cellKind, columnKind, rowsOf, sortedByName } from '../api/report-cells';
import type { ReportCell, ReportTable } from '../api/report-types';
import { Cell, isReliabilityColumn } from './cell';

/**
 * One of a report's tables as a GOV.UK table with its caption: the first column names each row,
 * the figures are right-aligned, shares in percent, changes as arrows with words, withheld counts
 * as "fewer than 5". On a phone each row stacks, each figure beside its column's name.
 */
export function ReportTableView({ table, sortRows = false, firstHeading }: { table: ReportTable; sortRows?: boolean; firstHeading?: string }) {
  const rows: ReportCell[][] = sortRows ? sortedByName(rowsOf(table)) : rowsOf(table);
  const kinds = table.columns.map((heading, index) => columnKind(heading, rows.map((row) => row[index] ?? null)));
  const head: TableHeadCell[] = table.columns.map((heading, index) => {
    const text = index === 0 && firstHeading ? firstHeading : isReliabilityColumn(heading) && kinds[index] === 'flag' ? 'Reliability' : heading;
    return index === 0 || kinds[index] === 'text' || kinds[index] === 'flag' ? { text } : { text, format: 'numeric' };
  });
  if (rows.length === 0) {
    return (
      <>
        <Table caption={table.caption} captionSize="s" head={head} rows={[]} firstCellIsHeader />
        <p className="govuk-body">Nothing to show for this period.</p>
      </>
    );
  }
  return (
    <Table
      caption={table.caption}
      captionSize="s"
      firstCellIsHeader
      head={head}
      rows={rows.map((row, index) => ({
        key: `${index}-${typeof row[0] === 'string' ? row[0] : ''}`,
        cells: table.columns.map((heading, column) => <Cell key={column} cell={row[column]} kind={column === 0 ? 'text' : cellKind(kinds[column] ?? 'count', row[0])} heading={heading} />),
      }))}
    />
  );
}
