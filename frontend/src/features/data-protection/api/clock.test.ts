import { describe, expect, it } from 'vitest';
import { byUrgency, clockWords } from './clock';

const open = { status: 'open' as const, paused: false, due_on: '2026-03-03', received_on: '2026-02-03' };

describe('a subject access request’s clock', () => {
  it('says days left, due today, or how many days overdue', () => {
    expect(clockWords({ ...open, days_left: 12 })).toBe('12 days left');
    expect(clockWords({ ...open, days_left: 1 })).toBe('1 day left');
    expect(clockWords({ ...open, days_left: 0 })).toBe('Due today');
    expect(clockWords({ ...open, days_left: -3 })).toBe('3 days overdue');
    expect(clockWords({ ...open, days_left: -1 })).toBe('1 day overdue');
  });

  it('says when the clock is stopped, not started or done with', () => {
    expect(clockWords({ ...open, paused: true, days_left: 5 })).toBe('Clock stopped');
    expect(clockWords({ ...open, due_on: null, days_left: null })).toBe('Clock not started');
    expect(clockWords({ ...open, status: 'released', days_left: -40 })).toBe('Released');
  });

  it('puts the most overdue first, then the soonest due, then stopped clocks and released requests', () => {
    const list = [
      { id: 'released', ...open, status: 'released' as const, days_left: -50 },
      { id: 'paused', ...open, paused: true, days_left: -9 },
      { id: 'later', ...open, days_left: 20 },
      { id: 'overdue', ...open, days_left: -3 },
      { id: 'soon', ...open, days_left: 2 },
    ];
    expect(byUrgency(list).map((r) => r.id)).toEqual(['overdue', 'soon', 'later', 'paused', 'released']);
  });
});
