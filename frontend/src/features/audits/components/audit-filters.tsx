import { useState, type SyntheticEvent } from 'react';
import { Button, Select, type SelectOption } from '@/components/govuk';
import type { Grade } from '@/lib/api/types';
import { formatMonth, recentMonths } from '@/lib/dates';
import { auditKindLabels, auditStatusLabels } from '@/lib/labels';

export interface AuditFilterValues {
  month: string;
  overall_grade: string;
  status: string;
  kind: string;
  team_id: string;
}

/** Filters for the audit lists; applying them starts again from the first page. */
export function AuditFilters({
  initial,
  grades,
  teams,
  onApply,
}: {
  initial: AuditFilterValues;
  grades: Grade[];
  /** Teams to choose from, when the caller's audits span several. */
  teams?: SelectOption[];
  onApply: (values: AuditFilterValues) => void;
}) {
  const [values, setValues] = useState(initial);
  const set = (name: keyof AuditFilterValues) => (value: string) => setValues((current) => ({ ...current, [name]: value }));
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    onApply(values);
  };
  return (
    <form noValidate onSubmit={submit} aria-label="Filter audits">
      <div className="app-filters">
        {teams ? (
          <Select id="team_id" label="Team" value={values.team_id} onChange={set('team_id')} options={teams} />
        ) : null}
        <Select
          id="month"
          label="Month started"
          value={values.month}
          onChange={set('month')}
          options={[{ value: '', text: 'Any month' }, ...recentMonths(24).map((month) => ({ value: month, text: formatMonth(month) }))]}
        />
        <Select
          id="overall_grade"
          label="Overall grade"
          value={values.overall_grade}
          onChange={set('overall_grade')}
          options={[{ value: '', text: 'Any grade' }, ...grades.map((grade) => ({ value: grade.code, text: grade.label }))]}
        />
        <Select
          id="status"
          label="Status"
          value={values.status}
          onChange={set('status')}
          options={[{ value: '', text: 'Any status' }, ...Object.entries(auditStatusLabels).map(([value, text]) => ({ value, text }))]}
        />
        <Select
          id="kind"
          label="Kind"
          value={values.kind}
          onChange={set('kind')}
          options={[{ value: '', text: 'Any kind' }, ...Object.entries(auditKindLabels).map(([value, text]) => ({ value, text }))]}
        />
      </div>
      <Button variant="secondary">Apply filters</Button>
    </form>
  );
}
