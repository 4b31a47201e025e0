import { Tag } from '@/components/govuk';

export function CaseStatusTag({ status }: { status: string }) {
  return status === 'open' ? <Tag colour="green">Open</Tag> : <Tag colour="grey">Closed</Tag>;
}
