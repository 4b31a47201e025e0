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

/** A grade as a tag coloured by its place on the audit's grade scale. */
export function GradeTag({ code, scaleId, notApplicable }: { code: string | null | undefined; scaleId?: string; notApplicable?: boolean }) {
  const scales = useGradeScales();
  const grades = gradesOf(scales.data?.items, scaleId);
  if (notApplicable) return <Tag colour="grey">{gradeLabel(grades, NOT_APPLICABLE)}</Tag>;
  if (!code) return <Tag colour="grey">Not graded</Tag>;
  return <Tag colour={gradeColour(grades, code)}>{gradeLabel(grades, code)}</Tag>;
}
