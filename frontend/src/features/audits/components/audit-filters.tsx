import { Select, type SelectOption } from '@/components/govuk';
import { FilterCheckbox, ListFilters, periodOptions } from '@/components/list-filters';
import type { Grade } from '@/lib/api/types';
import { auditKindLabels, auditStatusLabels } from '@/lib/labels';

export interface AuditFilterValues {
  q: string;
  unit: string;
  period: string;
  overall_grade: string;
  status: string;
  kind: string;
  awaiting_response: string;
}

/** Audits past the auditor's hands: what a manager counts as done. */
export const COMPLETED_STATUSES = 'submitted,moderated,closed';

/** Search and filters for the audit lists; applying them starts again from the first page. */
export function AuditFilters({
  initial,
  grades,
  units,
  clearHref,
  onApply,
}: {
  initial: AuditFilterValues;
  grades: Grade[];
  /** Teams and services to choose from, when the list spans several. */
  units?: SelectOption[];
  clearHref: string | null;
  onApply: (values: AuditFilterValues) => void;
}) {
  return (
    <ListFilters label="Filter audits" initial={initial} onApply={onApply} clearHref={clearHref} search={{ hint: 'The child’s initials or reference, or the auditor’s or worker’s name' }}>
      {(field) => (
        <>
          {units ? <Select id="unit" label="Team or service" options={units} {...field('unit')} /> : null}
          <Select id="period" label="Started" options={periodOptions(initial.period)} {...field('period')} />
          <Select
            id="overall_grade"
            label="Overall grade"
            options={[{ value: '', text: 'Any grade' }, ...grades.map((grade) => ({ value: grade.code, text: grade.label }))]}
            {...field('overall_grade')}
          />
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
          <Select
            id="kind"
            label="Kind"
            options={[{ value: '', text: 'Any kind' }, ...Object.entries(auditKindLabels).map(([value, text]) => ({ value, text }))]}
            {...field('kind')}
          />
          <FilterCheckbox id="awaiting_response" legend="Worker’s reply" label="Only audits awaiting the worker’s reply" field={field('awaiting_response')} />
        </>
      )}
    </ListFilters>
  );
}
