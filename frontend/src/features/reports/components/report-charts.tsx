import { ComparisonChart } from '@/components/charts/comparison-chart';
import { columnIndex, figureText, labelText, numberOf, rowsOf, sortedByName } from '../api/report-cells';
import { periodText } from '../api/report-query';
import type { Report, ReportTable } from '../api/report-types';

/** A chart drawn over a table: its title and the columns it plots, by their headings. */
interface ChartSpec {
  title: string;
  value: string;
  previous?: string;
}

/** The tables that get a chart, by report and table name: shares, where a picture helps. */
const CHARTS: Record<string, Record<string, ChartSpec>> = {
  'quarterly-qa': {
    'overall-grades': { title: 'Overall grades: share of the audits submitted', value: 'Share (%)', previous: 'Previous share (%)' },
    standards: { title: 'Judgements graded good or better, by practice standard', value: 'Good or better (%)', previous: 'Previous good or better (%)' },
    'by-team': { title: 'Audits graded good or better overall, by team', value: 'Good or better overall (%)' },
    complaints: { title: 'Complaints answered in time, by stage', value: 'In time (%)', previous: 'Previous in time (%)' },
  },
  calibration: {
    'by-team': { title: 'Agreement on the overall grade, by team audited', value: 'Agreement on the overall grade (%)' },
  },
};

/**
 * The chart of a report's table, if it has one: bars of its shares, this period against the
 * previous one where the table has both. Nothing when the table lacks the columns (a report
 * whose shape changed) or has no rows.
 */
export function ReportChart({ report, table }: { report: Report; table: ReportTable }) {
  const spec = CHARTS[report.name]?.[table.name];
  if (!spec) return null;
  const value = columnIndex(table, spec.value);
  const previous = spec.previous ? columnIndex(table, spec.previous) : -1;
  const rows = report.name === 'calibration' ? sortedByName(rowsOf(table)) : rowsOf(table);
  if (value < 0 || rows.length === 0) return null;
  const compared = previous >= 0;
  return (
    <ComparisonChart
      title={spec.title}
      current={periodText(report.period)}
      previous={compared ? periodText(report.previous) : undefined}
      scale="Bars run from 0% to 100%."
      bars={rows.map((row, index) => ({
        key: `${index}`,
        label: typeof row[0] === 'string' ? labelText(row[0]) : '',
        value: numberOf(row[value]),
        valueText: figureText(row[value], 'percent'),
        ...(compared ? { previous: numberOf(row[previous]), previousText: figureText(row[previous], 'percent') } : {}),
      }))}
    />
  );
}
