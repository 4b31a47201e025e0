import type { SubjectAccessRequest } from '@/lib/api/types';

const days = (n: number) => `${n} day${n === 1 ? '' : 's'}`;

/**
 * A request's clock in words, from the API's calendar days left: "12 days left", "Due today",
 * "3 days overdue"; "Clock stopped" while paused; nothing once released.
 */
export function clockWords(request: Pick<SubjectAccessRequest, 'days_left' | 'paused' | 'status' | 'due_on'>): string {
  if (request.status === 'released') return 'Released';
  if (request.paused) return 'Clock stopped';
  const left = request.days_left;
  if (left === null || left === undefined) return request.due_on ? '' : 'Clock not started';
  if (left === 0) return 'Due today';
  return left > 0 ? `${days(left)} left` : `${days(-left)} overdue`;
}

/** Overdue first (most overdue at the top), then by days left, then paused and released ones. */
export function byUrgency<T extends Pick<SubjectAccessRequest, 'days_left' | 'paused' | 'status' | 'received_on'>>(requests: T[]): T[] {
  const rank = (r: T) => (r.status === 'released' ? 2 : r.paused || r.days_left === null || r.days_left === undefined ? 1 : 0);
  return [...requests].sort((a, b) => rank(a) - rank(b) || (a.days_left ?? 0) - (b.days_left ?? 0) || a.received_on.localeCompare(b.received_on));
}

/** The requester's role, as the DPO records it. */
export const requesterRoles: Record<string, string> = {
  child: 'The child or young person',
  parent: 'A parent or carer, for the child',
  representative: 'A solicitor or other representative',
  staff: 'A member of staff, about themselves',
  other: 'Someone else',
};

export const requesterRoleLabel = (role: string) => requesterRoles[role] ?? role.replace(/_/g, ' ');
