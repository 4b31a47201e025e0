import { Tag } from '@/components/govuk';
import type { ThemeStatus } from '@/lib/api/types';
import { themeStatusLabels } from '@/lib/labels';

export function ThemeStatusTag({ status }: { status: ThemeStatus }) {
  return <Tag colour={status === 'closed' ? 'grey' : status === 'in_progress' ? 'teal' : 'blue'}>{themeStatusLabels[status]}</Tag>;
}
