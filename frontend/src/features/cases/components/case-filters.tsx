import { useState, type SyntheticEvent } from 'react';
import { Button, Select } from '@/components/govuk';
import type { OrgUnit } from '@/lib/api/types';
import { categoryLabels } from '@/lib/roles';

export interface FilterValues {
  team_id: string;
  category: string;
  status: string;
}

/** Filters for the cases list; applying them starts again from the first page. */
export function CaseFilters({ initial, teams, onApply }: { initial: FilterValues; teams: OrgUnit[]; onApply: (values: FilterValues) => void }) {
  const [values, setValues] = useState(initial);
  const set = (name: keyof FilterValues) => (value: string) => setValues((current) => ({ ...current, [name]: value }));
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    onApply(values);
  };
  return (
    <form noValidate onSubmit={submit} aria-label="Filter cases">
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-one-third">
          <Select
            id="team_id"
            label="Team"
            value={values.team_id}
            onChange={set('team_id')}
            options={[{ value: '', text: 'All teams' }, ...teams.map((team) => ({ value: team.id, text: team.name }))]}
          />
        </div>
        <div className="govuk-grid-column-one-third">
          <Select
            id="category"
            label="Category"
            value={values.category}
            onChange={set('category')}
            options={[
              { value: '', text: 'All categories' },
              ...Object.entries(categoryLabels).map(([value, text]) => ({ value, text })),
            ]}
          />
        </div>
        <div className="govuk-grid-column-one-third">
          <Select
            id="status"
            label="Status"
            value={values.status}
            onChange={set('status')}
            options={[
              { value: '', text: 'Open and closed' },
              { value: 'open', text: 'Open' },
              { value: 'closed', text: 'Closed' },
            ]}
          />
        </div>
      </div>
      <Button variant="secondary">Apply filters</Button>
    </form>
  );
}
