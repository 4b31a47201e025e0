import { ComparisonChart } from '@/components/charts/comparison-chart';
import { columnIndex, figureText, labelText, numberOf, rowsOf, sortedByName } from '../api/report-cells';
import { periodText } from '../api/report-query';
import type { Report, ReportCell, ReportTable } from '../api/report-types';

/** A chart drawn over a table: its title and the columns it plots, by their headings. */
interface ChartSpec {
  title: string;
  value: string;
  previous?: string;
  /** Counts (the scale runs to a round number above the largest) rather than shares (0% to 100%). */
  counts?: boolean;
  /** The second series is the team's service, not the previous period. */
  againstService?: boolean;
  /** The column counting what stands behind each share, given beside it ("60.0% (5 audits)"). */
  of?: { column: string; noun: string };
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
    'by-team': { title: 'Agreement on the overall grade, by team audited', value: 'Agreement on the overall grade (%)', of: { column: 'Moderated audits', noun: 'audit' } },
  },
  escalations: {
    'by-source': { title: 'Escalations raised this period and the one before, by source', value: 'Raised', previous: 'Previous period raised', counts: true },
    'time-at-stage': { title: 'Mean working days at each stage', value: 'Mean working days at the stage', counts: true },
  },
  participation: {
    'by-theme': { title: 'What children and families raised, by theme', value: 'This period', previous: 'Previous period', counts: true },
  },
  'learning-needs': {
    'by-standard': { title: 'Audit judgements below good, by practice standard', value: 'Below good (%)' },
  },
  'team-briefing': {
    standards: {
      title: 'Judgements graded good or better: the team against its service',
      value: 'Team good or better (%)',
      previous: 'Service good or better (%)',
      againstService: true,
    },
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
  const of = spec.of ? columnIndex(table, spec.of.column) : -1;
  const compared = previous >= 0;
  // A row with nothing to draw in either series (no figure, none withheld) is left to the table.
  const drawn = (cell: ReportCell | undefined) => cell !== null && cell !== undefined;
  const rows = (report.name === 'calibration' ? sortedByName(rowsOf(table)) : rowsOf(table)).filter((row) => drawn(row[value]) || (compared && drawn(row[previous])));
  if (value < 0 || rows.length === 0) return null;
  const kind = spec.counts ? 'count' : 'percent';
  const largest = Math.max(0, ...rows.flatMap((row) => [numberOf(row[value]) ?? 0, compared ? (numberOf(row[previous]) ?? 0) : 0]));
  const countText = (row: ReportCell[]) => {
    const count = numberOf(row[of]);
    return spec.of && count !== null ? ` (${count} ${spec.of.noun}${count === 1 ? '' : 's'})` : '';
  };
  const service = spec.againstService ? 'the service as a whole' : '';
  return (
    <ComparisonChart
      title={spec.title}
      current={service ? report.scope : periodText(report.period)}
      previous={compared ? service || periodText(report.previous) : undefined}
      keys={service ? { current: `${report.scope} (the team)`, previous: 'The service as a whole', previousWords: service } : undefined}
      max={spec.counts ? Math.max(1, largest) : 100}
      bars={rows.map((row, index) => ({
        key: `${index}`,
        label: typeof row[0] === 'string' ? labelText(row[0]) : '',
        value: numberOf(row[value]),
        valueText: `${figureText(row[value], kind)}${countText(row)}`,
        ...(compared ? { previous: numberOf(row[previous]), previousText: figureText(row[previous], kind) } : {}),
      }))}
    />
  );
}
