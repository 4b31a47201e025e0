import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { ReportTable } from '../api/report-types';
import { periodTick, TrendChart, trendSeries, trendTableForReading } from './trend-chart';

const table = {
  name: 'trend',
  caption: 'Judgements graded good or better (%) over the last four periods, oldest first',
  columns: ['Standard', '2025-Q4', '2026-Q1', '2026-Q2', '2026-Q3'],
  rows: [
    ['1. Risk', null, 50, { value: null, suppressed: true }, 75],
    ['2. Plans', 40, 60, 70, 80],
    ['All standards', 40, 55, 70, 77.5],
  ],
} as unknown as ReportTable;

describe('the trend of good or better', () => {
  it('reads a line per standard and all standards from the table', () => {
    const { periods, all, standards } = trendSeries(table);
    expect(periods).toEqual(['2025-Q4', '2026-Q1', '2026-Q2', '2026-Q3']);
    expect(all?.points.map((point) => point.value)).toEqual([40, 55, 70, 77.5]);
    expect(standards.map((line) => line.label)).toEqual(['1. Risk', '2. Plans']);
    expect(standards[0]?.points.map((point) => [point.value, point.text, point.withheld])).toEqual([
      [null, 'no figure', false],
      [50, '50.0%', false],
      [null, 'fewer than 5', true],
      [75, '75.0%', false],
    ]);
  });

  it('names the periods in words in the table and briefly on the axis', () => {
    expect(trendTableForReading(table).columns).toEqual(['Standard', 'October to December 2025 (%)', 'January to March 2026 (%)', 'April to June 2026 (%)', 'July to September 2026 (%)']);
    expect(periodTick('2026-Q3')).toBe('Jul–Sep\n2026');
    expect(periodTick('1 July 2026 to 15 August 2026')).toBe('1 July 2026\nto 15 August 2026');
  });

  it('draws all standards large and each standard small, with a text alternative and no inline style', () => {
    const { container, getByText } = render(<TrendChart table={table} title="Judgements graded good or better over the last 4 quarters" />);
    expect(container.querySelector('figcaption')?.textContent).toBe('Judgements graded good or better over the last 4 quarters');
    getByText(/All standards: October to December 2025 40\.0%, January to March 2026 55\.0%, April to June 2026 70\.0%, July to September 2026 77\.5%\./);
    // One chart for all standards, one per standard, each an SVG drawn by Plot.
    expect(container.querySelectorAll('.app-plot svg')).toHaveLength(3);
    expect([...container.querySelectorAll('.app-trend-chart__name')].map((name) => name.textContent)).toEqual(['1. Risk', '2. Plans']);
    // The standard's line solid, all standards' dashed beside it, the shares written at the points.
    const risk = container.querySelectorAll('.app-trend-chart__multiple')[0];
    expect(risk?.querySelector('.app-trend-reference')?.getAttribute('stroke-dasharray')).toBe('5,4');
    expect([...(risk?.querySelectorAll('.app-trend-label text') ?? [])].map((text) => text.textContent)).toEqual(['50.0%', '75.0%', 'fewer than 5']);
    // Plot's own <style> is taken out: the Content-Security-Policy would refuse it.
    expect(container.querySelectorAll('style')).toHaveLength(0);
    getByText(/A gap in a line is a period with no figure or one withheld \(fewer than 5\)\./);
  });
});
