import { describe, expect, it } from 'vitest';
import type { OrgUnit, StaffMember, TimelineEvent } from '@/lib/api/types';
import { stageHolders, stageStarts } from './stage-ladder';

const unit = (id: string, kind: OrgUnit['kind'], parent_id: string | null, extra: Partial<OrgUnit> = {}): OrgUnit => ({
  id,
  name: id,
  kind,
  parent_id,
  active: true,
  version: 1,
  created_at: '',
  updated_at: '',
  ...extra,
});

describe('the stage ladder', () => {
  it('names who would hold the stages above from the org tree', () => {
    const units = [unit('dir', 'directorate', null, { lead_user_id: 'director' }), unit('svc', 'service', 'dir', { assistant_director_id: 'ad' }), unit('team', 'team', 'svc')];
    const staff: StaffMember[] = [{ id: 'hos', display_name: 'Head', roles: ['head_of_service'], team_id: 'svc' }];
    expect(stageHolders('team', units, staff)).toEqual({ 2: 'hos', 3: 'ad', 4: 'director' });
    const led = units.map((u) => (u.id === 'svc' ? { ...u, lead_user_id: 'lead' } : u));
    expect(stageHolders('team', led, staff)[2]).toBe('lead');
    expect(stageHolders('team', [unit('team', 'team', null)], [])).toEqual({ 2: null, 3: null, 4: null });
  });

  it('finds when each stage began from the timeline', () => {
    const event = (id: string, kind: TimelineEvent['kind'], stage: number): TimelineEvent => ({ id, kind, stage, created_at: `2026-12-0${id}T09:00:00Z` });
    const starts = stageStarts([event('1', 'raised', 0), event('2', 'response', 0), event('3', 'stage_change', 1), event('4', 'stage_change', 2)]);
    expect([...starts.keys()]).toEqual([0, 1, 2]);
    expect(starts.get(1)?.id).toBe('3');
  });
});
