import { useQuery } from '@tanstack/react-query';
import { unwrap } from './api/api-error';
import { api } from './api/client';
import type { Feedback } from './api/types';

/**
 * Complaints on their working-day clocks, as the feedback list and the home page show them. The
 * API counts the working days (`working_days_left`, negative once passed) and says what is
 * `overdue`; this only words it and orders it.
 */

/** What a complaint's next deadline is for. */
export type DeadlineKind = 'acknowledgement' | 'response';

type Clocked = Pick<Feedback, 'kind' | 'status' | 'acknowledge_by' | 'stage_due_on' | 'overdue' | 'working_days_left'>;

/**
 * The deadline a complaint runs against now: its acknowledgement while received, the current
 * stage's response while acknowledged; none once responded (the complainant's move), closed or
 * withdrawn, and none for other feedback.
 */
export function complaintDeadline(feedback: Clocked): { kind: DeadlineKind; due: string } | null {
  if (feedback.kind !== 'complaint') return null;
  if (feedback.status === 'received' && feedback.acknowledge_by) return { kind: 'acknowledgement', due: feedback.acknowledge_by };
  if (feedback.status === 'acknowledged' && feedback.stage_due_on) return { kind: 'response', due: feedback.stage_due_on };
  return null;
}

/** The council's default: the QA unit is reminded two working days before a complaint's deadline. */
export const DEFAULT_DUE_SOON_DAYS = 2;

/**
 * How many working days before a deadline a complaint counts as due soon: the council's
 * complaint reminder setting, or its default where the settings cannot be read.
 */
export function useDueSoonDays(): number {
  const settings = useQuery({
    queryKey: ['settings', 'complaint-reminder'],
    queryFn: () => unwrap(api.GET('/api/v1/settings')),
    staleTime: 10 * 60_000,
    retry: false,
  });
  const value = settings.data?.items.find((item) => item.key === 'complaint_reminder_working_days')?.value;
  return typeof value === 'number' ? value : DEFAULT_DUE_SOON_DAYS;
}

export type DeadlineState = 'overdue' | 'due-soon' | 'in-time';

/** Whether a running complaint is overdue, due within `dueSoonDays` working days, or in time; null when no clock runs. */
export function deadlineState(feedback: Clocked, dueSoonDays: number): DeadlineState | null {
  if (!complaintDeadline(feedback)) return null;
  if (feedback.overdue) return 'overdue';
  const left = feedback.working_days_left;
  if (typeof left === 'number' && left <= dueSoonDays) return 'due-soon';
  return 'in-time';
}

/**
 * The complaints tracker's order: overdue first (the longest overdue first), then the soonest
 * deadline, then those with no clock running (responded, waiting for the complainant), oldest
 * received first.
 */
export function trackerOrder(a: Clocked & Pick<Feedback, 'received_on'>, b: Clocked & Pick<Feedback, 'received_on'>): number {
  const rank = (f: Clocked) => (f.overdue ? 0 : complaintDeadline(f) ? 1 : 2);
  const byRank = rank(a) - rank(b);
  if (byRank !== 0) return byRank;
  const left = (f: Clocked) => (typeof f.working_days_left === 'number' && complaintDeadline(f) ? f.working_days_left : Number.POSITIVE_INFINITY);
  const byDays = left(a) - left(b);
  if (byDays !== 0 && Number.isFinite(byDays)) return byDays;
  return a.received_on.localeCompare(b.received_on);
}

/** "3 working days left", "due today", "2 working days overdue". */
export function workingDaysWords(days: number): string {
  if (days === 0) return 'Due today';
  const n = Math.abs(days);
  return `${n} working day${n === 1 ? '' : 's'} ${days > 0 ? 'left' : 'overdue'}`;
}
