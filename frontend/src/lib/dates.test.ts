import { describe, expect, it } from 'vitest';
import { addDays, formatDate, formatDateTime, formatPeriod, monthRange, periodRange, quarterOf, recentMonths, recentQuarters, startOfDayInstant, todayIso } from './dates';

describe('dates', () => {
  it('writes dates as GOV.UK does', () => {
    expect(formatDate('2026-05-03')).toBe('3 May 2026');
    expect(formatDateTime('2026-07-01T13:32:00Z')).toBe('1 July 2026 at 14:32');
  });

  it('knows the council’s today and a month’s first and last days', () => {
    expect(todayIso(new Date('2026-03-29T23:30:00Z'))).toBe('2026-03-30');
    expect(monthRange('2024-02')).toEqual({ from: '2024-02-01', to: '2024-02-29' });
    expect(recentMonths(3, new Date('2026-01-15T12:00:00Z'))).toEqual(['2026-01', '2025-12', '2025-11']);
  });

  it('knows when a day starts in London, summer time and clock changes included', () => {
    expect(startOfDayInstant('2026-01-15')).toBe('2026-01-15T00:00:00Z');
    expect(startOfDayInstant('2026-06-01')).toBe('2026-05-31T23:00:00Z');
    expect(startOfDayInstant('2026-03-29')).toBe('2026-03-29T00:00:00Z');
    expect(startOfDayInstant('2026-10-25')).toBe('2026-10-24T23:00:00Z');
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });

  it('knows the periods lists are filtered by: months and calendar quarters', () => {
    expect(quarterOf('2026-12-02')).toBe('2026-Q4');
    expect(periodRange('2026-Q1')).toEqual({ from: '2026-01-01', to: '2026-03-31' });
    expect(periodRange('2026-02')).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(periodRange('last week')).toBeUndefined();
    expect(formatPeriod('2026-Q4')).toBe('October to December 2026');
    expect(recentQuarters(2, new Date('2026-01-15T12:00:00Z'))).toEqual(['2026-Q1', '2025-Q4']);
  });
});
