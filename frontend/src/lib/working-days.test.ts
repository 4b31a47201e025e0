import { describe, expect, it } from 'vitest';
import { daysLeftText, workingDaysBetween } from './working-days';

describe('working days', () => {
  const none = new Set<string>();

  it('counts the days after the start up to the due date, skipping weekends', () => {
    // Friday 4 December 2026 to Monday 7 December: one working day.
    expect(workingDaysBetween('2026-12-04', '2026-12-07', none)).toBe(1);
    expect(workingDaysBetween('2026-12-07', '2026-12-07', none)).toBe(0);
    expect(workingDaysBetween('2026-12-07', '2026-12-14', none)).toBe(5);
  });

  it('skips bank holidays, and counts backwards once the day has passed', () => {
    const christmas = new Set(['2026-12-25', '2026-12-28']);
    expect(workingDaysBetween('2026-12-24', '2026-12-29', christmas)).toBe(1);
    expect(workingDaysBetween('2026-12-29', '2026-12-24', christmas)).toBe(-1);
  });

  it('says it in words', () => {
    expect(daysLeftText(3)).toBe('3 working days left');
    expect(daysLeftText(1)).toBe('1 working day left');
    expect(daysLeftText(0)).toBe('due today');
    expect(daysLeftText(-2)).toBe('2 working days overdue');
  });
});
