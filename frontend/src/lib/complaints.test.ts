import { describe, expect, it } from 'vitest';
import type { Feedback } from './api/types';
import { complaintDeadline, deadlineState, trackerOrder, workingDaysWords } from './complaints';

type Clocked = Pick<Feedback, 'kind' | 'status' | 'acknowledge_by' | 'stage_due_on' | 'overdue' | 'working_days_left' | 'received_on'>;

const complaint = (changes: Partial<Clocked>): Clocked => ({
  kind: 'complaint',
  status: 'acknowledged',
  acknowledge_by: '2026-11-27',
  stage_due_on: '2026-12-15',
  overdue: false,
  working_days_left: 8,
  received_on: '2026-11-24',
  ...changes,
});

describe('complaints on their clocks', () => {
  it('runs against the acknowledgement, then the stage’s response, and nothing once responded', () => {
    expect(complaintDeadline(complaint({ status: 'received' }))).toEqual({ kind: 'acknowledgement', due: '2026-11-27' });
    expect(complaintDeadline(complaint({}))).toEqual({ kind: 'response', due: '2026-12-15' });
    expect(complaintDeadline(complaint({ status: 'responded', stage_due_on: null }))).toBeNull();
    expect(complaintDeadline(complaint({ kind: 'compliment', status: 'recorded' }))).toBeNull();
  });

  it('is overdue as the API says, due soon within the window, else in time', () => {
    expect(deadlineState(complaint({ overdue: true, working_days_left: -2 }), 2)).toBe('overdue');
    expect(deadlineState(complaint({ working_days_left: 2 }), 2)).toBe('due-soon');
    expect(deadlineState(complaint({ working_days_left: 0 }), 2)).toBe('due-soon');
    expect(deadlineState(complaint({ working_days_left: 3 }), 2)).toBe('in-time');
    expect(deadlineState(complaint({ status: 'closed' }), 2)).toBeNull();
  });

  it('orders the tracker overdue first, then the soonest deadline, then those waiting for the complainant', () => {
    const waiting = complaint({ status: 'responded', stage_due_on: null, working_days_left: null, received_on: '2026-10-01' });
    const soon = complaint({ working_days_left: 1 });
    const later = complaint({ working_days_left: 9 });
    const late = complaint({ overdue: true, working_days_left: -1 });
    const laterStill = complaint({ overdue: true, working_days_left: -4 });
    expect([waiting, later, soon, late, laterStill].sort(trackerOrder)).toEqual([laterStill, late, soon, later, waiting]);
  });

  it('says it in words', () => {
    expect(workingDaysWords(3)).toBe('3 working days left');
    expect(workingDaysWords(1)).toBe('1 working day left');
    expect(workingDaysWords(0)).toBe('Due today');
    expect(workingDaysWords(-2)).toBe('2 working days overdue');
  });
});
