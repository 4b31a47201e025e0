import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { describe, expect, it } from 'vitest';
import { ChangeArrow } from './change-arrow';

const text = (node: ReactElement) => render(node).container.textContent;

describe('a change in grade', () => {
  it('says the direction in words beside the arrow', () => {
    expect(text(<ChangeArrow change={2} />)).toBe('▲ 2 grades better');
    expect(text(<ChangeArrow change={-1} />)).toBe('▼ 1 grade worse');
    expect(text(<ChangeArrow change={0} />)).toBe('= Same grade');
    expect(text(<ChangeArrow change={null} />)).toBe('Not compared');
  });

  it('gives a mean change with its sign and what it means', () => {
    expect(text(<ChangeArrow change={0.5} mean />)).toBe('▲ +0.5 better on average');
    expect(text(<ChangeArrow change={-1.25} mean />)).toBe('▼ −1.3 worse on average');
  });
});
