import { Select, type SelectOption } from '@/components/govuk';
import { FilterCheckbox, ListFilters, periodOptions } from '@/components/list-filters';
import type { Grade } from '@/lib/api/types';
import { auditKindLabels, auditStatusLabels } from '@/lib/labels';

export interface AuditFilterValues {
  q: string;
  unit: string;
  period: string;
  submitted: string;
  overall_grade: string;
  status: string;
  kind: string;
  awaiting_response: string;
  reply_overdue: string;
}

/** Audits past the auditor's hands: what a manager counts as done. */
export const COMPLETED_STATUSES = 'submitted,moderated,closed';

/** Search and filters for the audit lists; applying them starts again from the first page. */
export function AuditFilters({
  initial,
  grades,
  units,
  clearHref,
  queue = false,
  onApply,
}: {
  initial: AuditFilterValues;
  grades: Grade[];
  /** Teams and services to choose from, when the list spans several. */
  units?: SelectOption[];
  clearHref: string | null;
  /** The moderation queue: its status is fixed, and its audits wait for moderation, not replies. */
  queue?: boolean;
  onApply: (values: AuditFilterValues) => void;
}) {
  return (
    <ListFilters label="Filter audits" initial={initial} onApply={onApply} clearHref={clearHref} search={{ hint: 'The child’s initials or reference, or the auditor’s or worker’s name' }}>
      {(field) => (
        <>
          {units ? <Select id="unit" label="Team or service" options={units} {...field('unit')} /> : null}
          <Select id="period" label="Started" options={periodOptions(initial.period)} {...field('period')} />
          <Select id="submitted" label="Submitted" options={periodOptions(initial.submitted)} {...field('submitted')} />
          <Select
            id="overall_grade"
            label="Overall grade"
            options={[{ value: '', text: 'Any grade' }, ...grades.map((grade) => ({ value: grade.code, text: grade.label }))]}
            {...field('overall_grade')}
          />
          {queue ? null : (
            <Select
              id="status"
              label="Status"
              options={[
                { value: '', text: 'Any status' },
                ...Object.entries(auditStatusLabels).map(([value, text]) => ({ value, text })),
                { value: COMPLETED_STATUSES, text: 'Submitted, moderated or closed' },
              ]}
              {...field('status')}
            />
          )}
          <Select
            id="kind"
            label="Kind"
            options={[{ value: '', text: 'Any kind' }, ...Object.entries(auditKindLabels).map(([value, text]) => ({ value, text }))]}
            {...field('kind')}
          />
          {queue ? null : (
            <>
              <FilterCheckbox id="awaiting_response" legend="Worker’s reply" label="Only audits awaiting the worker’s reply" field={field('awaiting_response')} />
              <FilterCheckbox id="reply_overdue" legend="Reply deadline" label="Only audits whose reply is overdue" field={field('reply_overdue')} />
            </>
          )}
        </>
      )}
    </ListFilters>
  );
}
