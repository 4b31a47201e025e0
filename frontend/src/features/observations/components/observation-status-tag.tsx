import { Tag, type TagColour } from '@/components/govuk';
import type { ObservationStatus } from '@/lib/api/types';
import { observationStatusLabels } from '@/lib/labels';

const colours: Record<ObservationStatus, TagColour> = { planned: 'grey', draft: 'yellow', submitted: 'blue', acknowledged: 'green', cancelled: 'red' };

export function ObservationStatusTag({ status }: { status: ObservationStatus }) {
  return <Tag colour={colours[status]}>{observationStatusLabels[status]}</Tag>;
}
