import { Tag } from '@/components/govuk';
import type { Escalation, Me } from '@/lib/api/types';
import { managesTeam } from '@/lib/permissions';

/** "Overdue" and "Long-running" tags for an open escalation that needs attention. */
export function EscalationFlags({ escalation }: { escalation: Pick<Escalation, 'overdue' | 'long_running'> }) {
  return (
    <>
      {escalation.overdue ? <Tag colour="red">Overdue</Tag> : null}
      {escalation.overdue && escalation.long_running ? ' ' : null}
      {escalation.long_running ? <Tag colour="orange">Long-running</Tag> : null}
    </>
  );
}

/**
 * Whether the caller may respond to and resolve it: the person it is raised to, a head of
 * service over the team, or a senior leader (the API's `can_act`).
 */
export function canAct(escalation: Pick<Escalation, 'raised_to' | 'team_id' | 'status'>, me: Pick<Me, 'id' | 'roles' | 'scope_unit_ids'>): boolean {
  if (escalation.status !== 'open') return false;
  return (
    escalation.raised_to === me.id ||
    me.roles.includes('senior_leader') ||
    (me.roles.includes('head_of_service') && managesTeam(me, escalation.team_id))
  );
}
