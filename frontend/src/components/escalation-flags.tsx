import { Tag } from '@/components/govuk';
import type { Escalation } from '@/lib/api/types';

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

