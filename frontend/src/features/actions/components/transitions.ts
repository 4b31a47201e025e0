import type { Action, Me } from '@/lib/api/types';
import { managesTeam } from '@/lib/permissions';

export type Step = 'start' | 'complete' | 'verify' | 'cancel';

/**
 * The steps the caller may take on the action now, as the API allows them: the owner, their
 * managers, senior leaders and the QA unit start and complete; only the QA unit verifies;
 * managers, senior leaders and the QA unit cancel.
 */
export function allowedSteps(action: Pick<Action, 'status' | 'owner_id' | 'team_id'>, me: Pick<Me, 'id' | 'roles' | 'scope_unit_ids'>): Step[] {
  const owner = action.owner_id === me.id;
  const manager = Boolean(action.team_id) && managesTeam(me, action.team_id ?? '');
  const leads = me.roles.includes('qa_officer') || me.roles.includes('senior_leader');
  const steps: Step[] = [];
  const active = action.status === 'open' || action.status === 'in_progress';
  if (action.status === 'open' && (owner || manager || leads)) steps.push('start');
  if (active && (owner || manager || leads)) steps.push('complete');
  if (action.status === 'completed' && me.roles.includes('qa_officer')) steps.push('verify');
  if (active && (manager || leads)) steps.push('cancel');
  return steps;
}
