import { Tag } from '@/components/govuk';
import type { Feedback } from '@/lib/api/types';
import { complaintDeadline, deadlineState, workingDaysWords } from '@/lib/complaints';
import { formatDate } from '@/lib/dates';

type Clocked = Pick<Feedback, 'kind' | 'status' | 'acknowledge_by' | 'stage_due_on' | 'overdue' | 'working_days_left'>;

/** A running complaint's state as a tag: "Overdue" in red, "Due soon" in yellow; nothing while in time. */
export function DeadlineTag({ complaint, dueSoonDays }: { complaint: Clocked; dueSoonDays: number }) {
  const state = deadlineState(complaint, dueSoonDays);
  if (state === 'overdue') return <Tag colour="red">Overdue</Tag>;
  if (state === 'due-soon') return <Tag colour="yellow">Due soon</Tag>;
  return null;
}

/**
 * A complaint's next deadline in words: what is due and when, the working days left or overdue
 * ("3 working days left", "2 working days overdue"), and a tag when it is overdue or due soon.
 */
export function ComplaintDeadline({ complaint, dueSoonDays }: { complaint: Clocked; dueSoonDays: number }) {
  const deadline = complaintDeadline(complaint);
  if (!deadline) return null;
  const days = complaint.working_days_left;
  return (
    <>
      {deadline.kind === 'acknowledgement' ? 'Acknowledge by' : 'Response due by'} {formatDate(deadline.due)}
      {typeof days === 'number' ? (
        <>
          <br />
          <span className="app-nowrap">{workingDaysWords(days)}</span>
        </>
      ) : null}{' '}
      <DeadlineTag complaint={complaint} dueSoonDays={dueSoonDays} />
    </>
  );
}
