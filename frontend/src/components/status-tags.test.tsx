import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { Table } from './govuk';
import { twoLineLabel } from './status-tags';

describe('grade tags', () => {
  it('break at one place only, so a long grade takes two lines at most', () => {
    expect(twoLineLabel('Requires improvement to be good')).toBe('Requires\u00a0improvement to\u00a0be\u00a0good');
    expect(twoLineLabel('Not applicable')).toBe('Not\u00a0applicable');
    expect(twoLineLabel('Good')).toBe('Good');
  });
});

describe('tables on a phone', () => {
  it('name each value with its column, so a stacked row still says what each value is', () => {
    render(
      <Table
        caption="Cases"
        head={[{ text: 'Child' }, { text: <span>Status</span>, label: 'Status' }, { text: <span /> }]}
        rows={[{ key: '1', cells: ['A.B.', 'Open', 'x'] }]}
      />,
    );
    expect(screen.getByRole('table')).toHaveClass('govuk-table', 'app-table--stacked');
    const cells = screen.getAllByRole('cell');
    expect(cells.map((cell) => cell.getAttribute('data-label'))).toEqual(['Child', 'Status', null]);
    expect(screen.getByRole('columnheader', { name: 'Child' })).toBeInTheDocument();
  });
});
