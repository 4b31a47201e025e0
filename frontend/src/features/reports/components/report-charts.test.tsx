import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Report } from '../api/report-types';
import { ReportChart } from './report-charts';

const report = (name: string, table: { name: string; columns: string[]; rows: unknown[][] }) =>
  ({
    name,
    title: 'A report',
    period: { label: '2026-Q4', from: '2026-10-01', to: '2026-12-31' },
    previous: { label: '2026-Q3', from: '2026-07-01', to: '2026-09-30' },
    scope: 'Safeguarding North',
    small_numbers_suppressed: false,
    tables: [{ caption: 'A table', ...table }],
    definitions: [],
    notes: [],
  }) as unknown as Report;

const chartOf = (data: Report) => render(<ReportChart report={data} table={data.tables[0]!} />).container;

describe('the charts over report tables', () => {
  it('leaves out a row with no figure in either period, and gives the count behind a share', () => {
    const container = chartOf(
      report('calibration', {
        name: 'by-team',
        columns: ['Team', 'Moderated audits', 'Agreement on the overall grade (%)'],
        rows: [
          ['Team B', 2, 100],
          ['Team A', 0, null],
        ],
      }),
    );
    expect(container.querySelector('.govuk-visually-hidden')?.textContent).toBe('Bar chart. Team B: 100.0% (2 audits).');
  });

  it('sets a team against its service in the team briefing', () => {
    const container = chartOf(
      report('team-briefing', {
        name: 'standards',
        columns: ['Standard', 'Team judgements', 'Team good or better (%)', 'Change (points)', 'Service good or better (%)'],
        rows: [['1. Risk', 36, 66.7, 9.6, 74.2]],
      }),
    );
    expect(container.querySelector('.govuk-visually-hidden')?.textContent).toBe(
      'Bar chart of Safeguarding North against the service as a whole. 1. Risk: 66.7%, the service as a whole 74.2%.',
    );
    expect(container.querySelector('.app-comparison-chart__key')?.textContent).toBe('Safeguarding North (the team)The service as a whole');
  });
});
