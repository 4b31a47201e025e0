import { Tag } from '@/components/govuk';
import type { Audit } from '@/lib/api/types';
import { formatDate } from '@/lib/dates';

/**
 * When the worker's reply is due (the council's working days after submission), as a tag: red
 * once overdue. Nothing for drafts, audits with no worker, or once the reply has come.
 */
export function ReplyDue({ audit }: { audit: Pick<Audit, 'reply_due_on' | 'reply_overdue' | 'acknowledged_at'> }) {
  if (!audit.reply_due_on || audit.acknowledged_at) return null;
  const day = formatDate(audit.reply_due_on);
  return audit.reply_overdue ? <Tag colour="red" classes="app-tag--wide">{`Reply overdue since ${day}`}</Tag> : <Tag colour="blue" classes="app-tag--wide">{`Reply due by ${day}`}</Tag>;
}
