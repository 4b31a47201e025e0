import { Select, type SelectOption } from '@/components/govuk';
import { FilterCheckbox, ListFilters } from '@/components/list-filters';
import type { Grade } from '@/lib/api/types';
import { formatMonth, formatPeriod, formatQuarter, recentMonths, recentQuarters } from '@/lib/dates';
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

/** Months, then quarters, for the "Started" filter; a period from a bookmark is kept if older. */
function periodOptions(current: string): SelectOption[] {
  const months = recentMonths(24).map((month) => ({ value: month, text: formatMonth(month) }));
  const quarters = recentQuarters(8).map((quarter) => ({ value: quarter, text: `Quarter: ${formatQuarter(quarter)}` }));
  const options = [{ value: '', text: 'Any time' }, ...months, ...quarters];
  if (current && !options.some((option) => option.value === current) && formatPeriod(current)) options.push({ value: current, text: formatPeriod(current) });
  return options;
}

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
