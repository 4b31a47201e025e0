import { describe, expect, it } from 'vitest';
import { cellKind, columnKind, figureText, formatKappa, formatPercent, heatColumns, labelText, shareBand, sortedByName } from './report-cells';
import type { ReportTable } from './report-types';

const withheld = { value: null, suppressed: true } as const;

describe('report cells', () => {
  it('reads a column by its heading and its cells', () => {
    expect(columnKind('Share (%)', [2, 47.9])).toBe('percent');
    expect(columnKind('Change (points)', [null, -0.7])).toBe('points');
    expect(columnKind('Weighted kappa', [0.8, null])).toBe('kappa');
    expect(columnKind('Fewer than 10: unreliable', [true, false])).toBe('flag');
    expect(columnKind('Theme', ['visits'])).toBe('text');
    // A column of nothing (the previous period of a figure counted today) is still figures.
    expect(columnKind('Previous period', [null, withheld])).toBe('count');
  });

  it('reads a share in a row named as one as a share', () => {
    expect(cellKind('count', 'Agreement (%)')).toBe('percent');
    expect(cellKind('count', 'Audits moderated')).toBe('count');
    expect(cellKind('points', 'Agreement (%)')).toBe('points');
  });

  it('writes figures in words: shares to one decimal, withheld counts, nothing', () => {
    expect(formatPercent(2)).toBe('2.0%');
    expect(figureText(47.9, 'percent')).toBe('47.9%');
    expect(figureText(withheld, 'percent')).toBe('fewer than 5');
    expect(figureText(null, 'percent')).toBe('no figure');
    expect(figureText(-5.9, 'points')).toBe('−5.9 points');
    expect(formatKappa(0.8285)).toBe('0.83');
    expect(formatKappa(1)).toBe('1.00');
  });

  it('writes the API’s codes as words', () => {
    expect(labelText('requires improvement')).toBe('Requires improvement');
    expect(labelText('inadequate_audit')).toBe('Inadequate audit');
    // A day, as the API writes it, reads as a day.
    expect(labelText('2026-10-16')).toBe('16 October 2026');
  });

  it('bands a share for the heat map', () => {
    expect([null, 0, 49.9, 50, 64.9, 65, 79.9, 80, 100].map(shareBand)).toEqual([0, 1, 1, 2, 2, 3, 3, 4, 4]);
  });

  it('finds each standard’s three columns in the heat map', () => {
    const table: ReportTable = {
      name: 'by-team',
      caption: 'c',
      columns: ['Team or service', '1. Risk: good or better (%)', '1: judgements', '1: change (points)', '10. Recording and impact: good or better (%)', '10: judgements', '10: change (points)'],
      rows: [],
    };
    expect(heatColumns(table)).toEqual([
      { title: '1. Risk', share: 1, count: 2, change: 3 },
      { title: '10. Recording and impact', share: 4, count: 5, change: 6 },
    ]);
  });

  it('sorts names with their numbers in order', () => {
    expect(sortedByName([['Auditor 10'], ['Auditor 2'], ['Ann']]).map((row) => row[0])).toEqual(['Ann', 'Auditor 2', 'Auditor 10']);
  });
});
