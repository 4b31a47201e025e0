import * as Plot from '@observablehq/plot';
import { useCallback, useMemo } from 'react';
import { PlotFrame } from '@/components/charts/plot-frame';
import { formatDate, formatQuarter } from '@/lib/dates';
import { figureText, isSuppressed, numberOf, rowsOf } from '../api/report-cells';
import type { ReportCell, ReportTable } from '../api/report-types';

/** The row of the trend table that is every standard together. */
const ALL = 'All standards';

/** One point of a line: a period and its share good or better (null: no figure or withheld). */
interface TrendPoint {
  period: string;
  value: number | null;
  text: string;
  withheld: boolean;
}

interface TrendSeries {
  label: string;
  points: TrendPoint[];
}

/** A quarter's first and last months, short (the same three letters everywhere, "Sep" too). */
const QUARTER_MONTHS = [
  ['Jan', 'Mar'],
  ['Apr', 'Jun'],
  ['Jul', 'Sep'],
  ['Oct', 'Dec'],
];

/** A period's label on a chart's axis, on two lines: "Jul–Sep" over "2026"; dates as given. */
export function periodTick(label: string): string {
  const match = /^(\d{4})-Q([1-4])$/.exec(label);
  if (!match) return periodWords(label).replace(' to ', '\nto ');
  const [first, last] = QUARTER_MONTHS[Number(match[2]) - 1] ?? [];
  return `${first}–${last}\n${match[1] ?? ''}`;
}

/** A period's label in words: "January to March 2026"; dates as given. */
export const periodWords = (label: string) => formatQuarter(label) || label.replace(/\d{4}-\d{2}-\d{2}/g, (day) => formatDate(day));

/** The trend table's lines: a series per row, its periods the columns after the first. */
export function trendSeries(table: ReportTable): { periods: string[]; all: TrendSeries | undefined; standards: TrendSeries[] } {
  const periods = table.columns.slice(1);
  const series = rowsOf(table)
    .filter((row) => typeof row[0] === 'string')
    .map((row) => ({
      label: row[0] as string,
      points: periods.map((period, index) => {
        const cell: ReportCell | undefined = row[index + 1];
        return { period, value: numberOf(cell), text: figureText(cell, 'percent'), withheld: isSuppressed(cell) };
      }),
    }));
  return { periods, all: series.find((line) => line.label === ALL), standards: series.filter((line) => line.label !== ALL) };
}

/** The table with its periods in words, each a share: "January to March 2026 (%)". */
export function trendTableForReading(table: ReportTable): ReportTable {
  return { ...table, columns: table.columns.map((heading, index) => (index === 0 ? heading : `${periodWords(heading)} (%)`)) };
}

const shown = (points: TrendPoint[]) => points.filter((point) => point.value !== null);

/** The shares' axis: 0% to 100% whatever the figures, so charts side by side compare. */
const shareAxis = (ticks: number[]) => ({ domain: [0, 100], ticks, tickFormat: (value: number) => `${value}%`, label: null, grid: true });

/** All standards together, large: the line, a dot and the share at each period. */
function drawAll(series: TrendSeries, periods: string[], width: number) {
  const points = series.points;
  return Plot.plot({
    width,
    height: 260,
    marginTop: 28,
    marginRight: 32,
    marginBottom: 44,
    marginLeft: 48,
    x: { type: 'point', domain: periods, tickFormat: periodTick, label: null, padding: 0.35 },
    y: shareAxis([0, 25, 50, 75, 100]),
    marks: [
      Plot.ruleY([0]),
      Plot.lineY(points, { x: 'period', y: 'value', className: 'app-trend-line', strokeWidth: 3 }),
      Plot.dot(shown(points), { x: 'period', y: 'value', r: 5, fill: 'currentColor', className: 'app-trend-line' }),
      Plot.text(shown(points), { x: 'period', y: 'value', text: 'text', dy: -16, className: 'app-trend-label' }),
      Plot.text(
        points.filter((point) => point.withheld),
        { x: 'period', y: () => 0, text: () => 'fewer than 5', dy: -12, className: 'app-trend-label' },
      ),
    ],
  });
}

/** One standard, small: its line (solid, with its shares) over all standards' (dashed). */
function drawStandard(series: TrendSeries, all: TrendSeries | undefined, periods: string[], width: number) {
  const points = series.points;
  const overall = new Map(all?.points.map((point) => [point.period, point.value]));
  const below = (point: TrendPoint) => {
    const reference = overall.get(point.period);
    return point.value !== null && reference !== null && reference !== undefined && point.value < reference;
  };
  return Plot.plot({
    width,
    height: 170,
    marginTop: 22,
    marginRight: 24,
    marginBottom: 40,
    marginLeft: 44,
    x: { type: 'point', domain: periods, tickFormat: periodTick, label: null, padding: 0.3 },
    y: shareAxis([0, 50, 100]),
    marks: [
      Plot.ruleY([0]),
      ...(all ? [Plot.lineY(all.points, { x: 'period', y: 'value', className: 'app-trend-reference', strokeWidth: 2, strokeDasharray: '5,4' })] : []),
      Plot.lineY(points, { x: 'period', y: 'value', className: 'app-trend-line', strokeWidth: 2.5 }),
      Plot.dot(shown(points), { x: 'period', y: 'value', r: 3.5, fill: 'currentColor', className: 'app-trend-line' }),
      // Each share on the side of its point away from all standards' line, so the two never cross.
      Plot.text(
        shown(points).filter((point) => !below(point)),
        { x: 'period', y: 'value', text: 'text', dy: -11, className: 'app-trend-label app-trend-label--small' },
      ),
      Plot.text(
        shown(points).filter(below),
        { x: 'period', y: 'value', text: 'text', dy: 13, className: 'app-trend-label app-trend-label--small' },
      ),
      Plot.text(
        points.filter((point) => point.withheld),
        { x: 'period', y: () => 0, text: () => 'fewer than 5', dy: -9, className: 'app-trend-label app-trend-label--small' },
      ),
    ],
  });
}

function AllStandards({ series, periods }: { series: TrendSeries; periods: string[] }) {
  const draw = useCallback((width: number) => drawAll(series, periods, width), [series, periods]);
  return <PlotFrame draw={draw} className="app-trend-chart__all" />;
}

function OneStandard({ series, all, periods }: { series: TrendSeries; all: TrendSeries | undefined; periods: string[] }) {
  const draw = useCallback((width: number) => drawStandard(series, all, periods, width), [series, all, periods]);
  return (
    <div className="app-trend-chart__multiple">
      <p className="app-trend-chart__name">{series.label}</p>
      <PlotFrame draw={draw} />
    </div>
  );
}

/** "January to March 2026 70.0%, April to June 2026 fewer than 5". */
const figuresInWords = (series: TrendSeries) => series.points.map((point) => `${periodWords(point.period)} ${point.text}`).join(', ');

/**
 * The trend of good or better over the last four periods: all standards together as a large
 * line with its shares, then each standard as a small chart of its own, its line solid over
 * all standards' dashed, so the eye can compare the ten on the same 0% to 100% scale. Solid
 * against dashed, and the shares written at each point, read in greyscale and on paper. A gap
 * in a line is a period with no figure (or one withheld). The table under it has every figure.
 */
export function TrendChart({ table, title }: { table: ReportTable; title: string }) {
  const { periods, all, standards } = useMemo(() => trendSeries(table), [table]);
  if (periods.length === 0 || (!all && standards.length === 0)) return null;
  return (
    <figure className="app-trend-chart">
      <figcaption className="app-chart-title">{title}</figcaption>
      <p className="govuk-visually-hidden">
        Line charts of {periods.length} periods, oldest first.{all ? ` All standards: ${figuresInWords(all)}.` : ''} Each standard’s figures are in the table
        below.
      </p>
      {all ? (
        <>
          <p className="app-trend-chart__heading" aria-hidden="true">
            All standards
          </p>
          <AllStandards series={all} periods={periods} />
        </>
      ) : null}
      {standards.length > 0 ? (
        <div aria-hidden="true">
          <p className="app-trend-chart__heading">Each standard</p>
          <ul className="app-chart-key">
            <li>
              <svg className="app-chart-key__swatch" viewBox="0 0 32 12" focusable="false">
                <line className="app-trend-line" x1="0" x2="32" y1="6" y2="6" strokeWidth="2.5" />
              </svg>
              The standard
            </li>
            {all ? (
              <li>
                <svg className="app-chart-key__swatch" viewBox="0 0 32 12" focusable="false">
                  <line className="app-trend-reference" x1="0" x2="32" y1="6" y2="6" strokeWidth="2" strokeDasharray="5,4" />
                </svg>
                All standards, for comparison
              </li>
            ) : null}
          </ul>
          <div className="app-trend-chart__multiples">
            {standards.map((series) => (
              <OneStandard key={series.label} series={series} all={all} periods={periods} />
            ))}
          </div>
        </div>
      ) : null}
      <p className="app-chart-note" aria-hidden="true">
        Lines run from 0% to 100%. A gap in a line is a period with no figure{table.rows.some((row) => (row as unknown as ReportCell[]).some(isSuppressed)) ? ' or one withheld (fewer than 5)' : ''}.
      </p>
    </figure>
  );
}
