import { useQuery } from '@tanstack/react-query';
import { useCallback } from 'react';
import { unwrap } from './api/api-error';
import { api } from './api/client';
import type { Me, StaffMember } from './api/types';

/** The whole staff directory (active colleagues), read page by page. */
async function fetchStaff(teamId?: string): Promise<StaffMember[]> {
  const staff: StaffMember[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await unwrap(api.GET('/api/v1/staff', { params: { query: { limit: 500, cursor, team_id: teamId } } }));
    staff.push(...page.items);
    if (!page.next_cursor) return staff;
    cursor = page.next_cursor;
  }
}

export const staffQueryKey = ['staff'] as const;

/** Every active member of staff, or those of one org unit. */
export function useStaff(teamId?: string) {
  return useQuery({
    queryKey: teamId ? [...staffQueryKey, teamId] : staffQueryKey,
    queryFn: () => fetchStaff(teamId),
    staleTime: 5 * 60_000,
  });
}

/** What to call a person: their name, or words for no one and for someone who has left. */
export function personName(staff: StaffMember[] | undefined, id: string | null | undefined, none = 'Not recorded'): string {
  if (!id) return none;
  if (!staff) return '';
  return staff.find((member) => member.id === id)?.display_name ?? 'A former member of staff';
}

/** A function naming people by their user id, from the staff directory. */
export function usePersonName(): (id: string | null | undefined, none?: string) => string {
  const staff = useStaff();
  const { data } = staff;
  return useCallback((id, none) => personName(data, id, none), [data]);
}

/** Whether a colleague works in a unit whose records the caller sees (everyone, for those who see all). */
export function inScope(member: Pick<StaffMember, 'team_id'>, me: Pick<Me, 'case_scope' | 'scope_unit_ids'>): boolean {
  return me.case_scope === 'all' || (Boolean(member.team_id) && me.scope_unit_ids.includes(member.team_id ?? ''));
}

/** Colleagues as the options of a select, by name. */
export function peopleOptions(staff: StaffMember[]): { value: string; text: string }[] {
  return [...staff].sort((a, b) => a.display_name.localeCompare(b.display_name, 'en-GB')).map((member) => ({ value: member.id, text: member.display_name }));
}
