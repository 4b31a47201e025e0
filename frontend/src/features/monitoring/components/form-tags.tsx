import { Tag, type TagColour } from '@/components/govuk';
import type { FormStatus, QualityRating } from '@/lib/api/types';
import { formStatusLabels, qualityRatingLabels } from '@/lib/labels';

const ratingColours: Record<QualityRating, TagColour> = { good: 'green', adequate: 'yellow', concern: 'red' };

export function QualityRatingTag({ rating }: { rating: QualityRating }) {
  return <Tag colour={ratingColours[rating]}>{qualityRatingLabels[rating]}</Tag>;
}

export function FormStatusTag({ status }: { status: FormStatus }) {
  return <Tag colour={status === 'draft' ? 'grey' : 'blue'}>{formStatusLabels[status]}</Tag>;
}
