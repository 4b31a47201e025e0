import { describe, expect, it } from 'vitest';
import type { Me } from '@/lib/api/types';
import { allowedSteps } from './transitions';

const me = (roles: Me['roles'], scope: string[] = []): Pick<Me, 'id' | 'roles' | 'scope_unit_ids'> => ({ id: 'me', roles, scope_unit_ids: scope });

describe('action transitions offered', () => {
  it('lets the owner start and complete, but not cancel or verify', () => {
    expect(allowedSteps({ status: 'open', owner_id: 'me', team_id: 't1' }, me(['practitioner']))).toEqual(['start', 'complete']);
    expect(allowedSteps({ status: 'in_progress', owner_id: 'me', team_id: 't1' }, me(['practitioner']))).toEqual(['complete']);
  });

  it('lets the team’s manager cancel, and only the QA unit verify a completed action', () => {
    expect(allowedSteps({ status: 'open', owner_id: 'x', team_id: 't1' }, me(['team_manager'], ['t1']))).toEqual(['start', 'complete', 'cancel']);
    expect(allowedSteps({ status: 'open', owner_id: 'x', team_id: 't2' }, me(['team_manager'], ['t1']))).toEqual([]);
    expect(allowedSteps({ status: 'completed', owner_id: 'me', team_id: 't1' }, me(['practitioner']))).toEqual([]);
    expect(allowedSteps({ status: 'completed', owner_id: 'x', team_id: 't1' }, me(['qa_officer']))).toEqual(['verify']);
  });

  it('offers nothing on a finished action', () => {
    expect(allowedSteps({ status: 'verified', owner_id: 'me', team_id: 't1' }, me(['qa_officer']))).toEqual([]);
    expect(allowedSteps({ status: 'cancelled', owner_id: 'me', team_id: 't1' }, me(['senior_leader']))).toEqual([]);
  });
});
