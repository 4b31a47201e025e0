import { Tag } from '@/components/govuk';
import type { SubjectAccessRequest } from '@/lib/api/types';
import { clockWords } from '../api/clock';

const statusText = { open: 'Open', gathered: 'Gathered', released: 'Released' } as const;

/** Where a request stands: open, gathered or released; "Clock stopped" while paused. */
export function RequestStatusTag({ request }: { request: Pick<SubjectAccessRequest, 'status' | 'paused'> }) {
  if (request.status === 'released') return <Tag colour="green">Released</Tag>;
  if (request.paused) return <Tag colour="grey">Clock stopped</Tag>;
  return <Tag colour={request.status === 'gathered' ? 'teal' : 'blue'}>{statusText[request.status]}</Tag>;
}

/** The clock in words, with a red "Overdue" or yellow "Due soon" tag. */
export function RequestClock({ request }: { request: Pick<SubjectAccessRequest, 'days_left' | 'paused' | 'status' | 'due_on' | 'overdue'> }) {
  const words = clockWords(request);
  if (request.status === 'released' || request.paused) return <>{words === 'Released' || words === 'Clock stopped' ? '' : words}</>;
  const left = request.days_left;
  return (
    <>
      <span className="app-nowrap">{words}</span>{' '}
      {request.overdue ? <Tag colour="red">Overdue</Tag> : typeof left === 'number' && left <= 5 ? <Tag colour="yellow">Due soon</Tag> : null}
    </>
  );
}
