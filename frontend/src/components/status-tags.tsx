import { Tag, type TagColour } from '@/components/govuk';
import type { ActionStatus, AuditStatus } from '@/lib/api/types';
import { actionStatusLabels, auditStatusLabels, escalationStatusLabels, labelFor } from '@/lib/labels';
import { gradeColour, gradeLabel, gradesOf, NOT_APPLICABLE, useGradeScales } from '@/lib/reference-data';

const auditColours: Record<AuditStatus, TagColour> = { draft: 'grey', submitted: 'blue', moderated: 'purple', closed: 'green' };

export function AuditStatusTag({ status }: { status: AuditStatus }) {
  return <Tag colour={auditColours[status]}>{auditStatusLabels[status]}</Tag>;
}

const actionColours: Record<ActionStatus, TagColour> = { open: 'blue', in_progress: 'teal', completed: 'green', verified: 'purple', cancelled: 'grey' };

export function ActionStatusTag({ status, overdue }: { status: ActionStatus; overdue?: boolean }) {
  return (
    <>
      <Tag colour={actionColours[status]}>{actionStatusLabels[status]}</Tag>
      {overdue ? (
        <>
          {' '}
          <Tag colour="red">Overdue</Tag>
        </>
      ) : null}
    </>
  );
}

export function EscalationStatusTag({ status }: { status: string }) {
  const colour: TagColour = status === 'open' ? 'blue' : status === 'resolved' ? 'green' : 'grey';
  return <Tag colour={colour}>{labelFor(escalationStatusLabels, status)}</Tag>;
}

/**
 * A label that wraps onto two lines at most: its words joined by non-breaking spaces into two
 * halves of about equal length, "Requires improvement" and "to be good".
 */
export function twoLineLabel(label: string): string {
  const words = label.trim().split(/\s+/);
  if (words.length < 3) return words.join('\u00a0');
  let best = 1;
  let bestDifference = Infinity;
  for (let split = 1; split < words.length; split++) {
    const difference = Math.abs(words.slice(0, split).join(' ').length - words.slice(split).join(' ').length);
    if (difference < bestDifference) {
      best = split;
      bestDifference = difference;
    }
  }
  return `${words.slice(0, best).join('\u00a0')} ${words.slice(best).join('\u00a0')}`;
}

/** A grade as a tag coloured by its place on the audit's grade scale, on one or two lines (never three). */
export function GradeTag({ code, scaleId, notApplicable }: { code: string | null | undefined; scaleId?: string; notApplicable?: boolean }) {
  const scales = useGradeScales();
  const grades = gradesOf(scales.data?.items, scaleId);
  if (notApplicable) return <Tag colour="grey" classes="app-tag--grade">{twoLineLabel(gradeLabel(grades, NOT_APPLICABLE))}</Tag>;
  if (!code) return <Tag colour="grey" classes="app-tag--grade">Not graded</Tag>;
  return <Tag colour={gradeColour(grades, code)} classes="app-tag--grade">{twoLineLabel(gradeLabel(grades, code))}</Tag>;
}
