import { useQueries } from '@tanstack/react-query';
import { unwrap } from './api/api-error';
import { api } from './api/client';
import { addDays, todayIso } from './dates';

/**
 * Working days as the council's statutory clocks count them: not Saturdays, Sundays or England
 * and Wales bank holidays (the API's calendar, which holds the one-off changes too).
 */

const isWeekend = (date: string) => {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 || day === 6;
};

/**
 * How many working days from `from` to `to`: those after `from` up to and including `to`, so a
 * deadline tomorrow is 1 away and one today 0; negative when `to` has passed (how overdue).
 */
export function workingDaysBetween(from: string, to: string, holidays: ReadonlySet<string>): number {
  const forwards = to >= from;
  const [start, end] = forwards ? [from, to] : [to, from];
  let count = 0;
  for (let day = addDays(start, 1); day <= end; day = addDays(day, 1)) {
    if (!isWeekend(day) && !holidays.has(day)) count += 1;
  }
  return forwards ? count : -count;
}

/** The bank holidays of the years between two dates (read once a session: they rarely change). */
export function useBankHolidays(from: string, to: string): ReadonlySet<string> | undefined {
  const first = Number(from.slice(0, 4));
  const last = Number(to.slice(0, 4));
  const years = Number.isFinite(first) && Number.isFinite(last) ? Array.from({ length: Math.max(0, Math.abs(last - first)) + 1 }, (_, i) => Math.min(first, last) + i) : [];
  const results = useQueries({
    queries: years.map((year) => ({
      queryKey: ['calendar', 'bank-holidays', year],
      queryFn: () => unwrap(api.GET('/api/v1/calendar/bank-holidays', { params: { query: { year } } })),
      staleTime: 24 * 60 * 60_000,
    })),
  });
  if (results.some((result) => !result.data)) return undefined;
  return new Set(results.flatMap((result) => result.data?.items.map((holiday) => holiday.date) ?? []));
}

/** Working days from today to a due date (negative once it has passed), when the calendar is read. */
export function useWorkingDaysLeft(due: string | null | undefined): number | undefined {
  const today = todayIso();
  const holidays = useBankHolidays(today, due ?? today);
  if (!due || !holidays) return undefined;
  return workingDaysBetween(today, due, holidays);
}

/** "3 working days left", "due today", "1 working day overdue". */
export function daysLeftText(days: number): string {
  if (days === 0) return 'due today';
  const n = Math.abs(days);
  return `${n} working day${n === 1 ? '' : 's'} ${days > 0 ? 'left' : 'overdue'}`;
}
