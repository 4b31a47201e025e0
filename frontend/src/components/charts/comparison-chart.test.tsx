import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { PointsChange } from '../points-change';
import { ComparisonChart } from './comparison-chart';

describe('a chart of two periods', () => {
  it('has a text alternative with every figure, a key and bars with their figures', () => {
    const { container, getByText } = render(
      <ComparisonChart
        title="Complaints answered in time, by stage"
        current="July to September 2026"
        previous="April to June 2026"
        bars={[
          { key: '1', label: 'Stage 1', value: 100, valueText: '100.0%', previous: 84.6, previousText: '84.6%' },
          { key: '3', label: 'Stage 3', value: null, valueText: 'no figure', previous: null, previousText: 'fewer than 5' },
        ]}
      />,
    );
    getByText(
      'Bar chart of July to September 2026 against April to June 2026. Stage 1: 100.0%, previous period 84.6%; Stage 3: no figure, previous period fewer than 5.',
    );
    expect(container.querySelector('figcaption')?.textContent).toBe('Complaints answered in time, by stage');
    // This period solid, the previous hatched (a pattern), so they differ without colour.
    const previous = container.querySelector('g.app-comparison-chart__bar--previous');
    expect(previous?.getAttribute('fill')).toMatch(/^url\(#app-hatch-/);
    expect(container.querySelector('pattern')?.id).toBe(previous?.getAttribute('fill')?.slice(5, -1));
    // Drawn by Plot: a bar for each figure there is (none for Stage 3), the figures in words at their ends.
    expect(container.querySelectorAll('.app-plot g.app-comparison-chart__bar rect')).toHaveLength(1);
    expect(previous?.querySelectorAll('rect')).toHaveLength(1);
    expect([...container.querySelectorAll('.app-comparison-chart__value text')].map((text) => text.textContent)).toEqual(['100.0%', 'no figure', '84.6%', 'fewer than 5']);
    expect([...container.querySelectorAll('.app-comparison-chart__label text')].map((text) => text.textContent)).toEqual(['Stage 1', 'Stage 3']);
    // Plot's own <style> is taken out: the Content-Security-Policy would refuse it.
    expect(container.querySelectorAll('style')).toHaveLength(0);
  });
});

describe('a change in points', () => {
  it('says the direction in words beside the arrow', () => {
    const text = (change: number | null, compact = false) => render(<PointsChange change={change} compact={compact} />).container.textContent;
    expect(text(4.4)).toBe('▲ up 4.4 points');
    expect(text(-1)).toBe('▼ down 1 point');
    expect(text(0)).toBe('= no change');
    expect(text(null)).toBe('Not compared');
    expect(text(-5.9, true)).toBe('▼ down 5.9 points');
  });
});
