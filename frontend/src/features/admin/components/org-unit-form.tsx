import { useState, type SyntheticEvent } from 'react';
import { Button, Input, Radios, Select } from '@/components/govuk';
import type { OrgUnit, OrgUnitKind, Role, StaffMember } from '@/lib/api/types';
import type { FieldSpec } from '@/lib/form-errors';
import { orgUnitPaths } from '@/lib/org-units';

export interface OrgUnitFormValues {
  name: string;
  kind: OrgUnitKind | '';
  parent_id: string;
  /** A service's head of service, or the directorate's director (empty: nobody). */
  lead_user_id: string;
  /** A service's assistant director (empty: nobody). */
  assistant_director_id: string;
}

export const orgUnitFields: Record<string, FieldSpec> = {
  name: { label: 'Name', required: 'Enter a name' },
  kind: { label: 'Kind of unit', required: 'Select the kind of unit' },
  parent_id: { label: 'Part of' },
  lead_user_id: { label: 'Lead', id: 'lead_user_id' },
  assistant_director_id: { label: 'Assistant director', id: 'assistant_director_id' },
};

/** The kind of unit each kind sits under. */
export const parentKind: Record<OrgUnitKind, OrgUnitKind | null> = { directorate: null, service: 'directorate', team: 'service' };

/** Active staff holding a role, by name, as a select's options (the one chosen kept, should they have left). */
function peopleWith(staff: StaffMember[], role: Role, chosen: string, none: string) {
  const people = staff.filter((person) => person.roles.includes(role)).sort((a, b) => a.display_name.localeCompare(b.display_name, 'en-GB'));
  const options = [{ value: '', text: none }, ...people.map((person) => ({ value: person.id, text: person.display_name }))];
  if (chosen && !people.some((person) => person.id === chosen)) options.push({ value: chosen, text: 'Someone who is no longer active' });
  return options;
}

export function OrgUnitForm({
  mode,
  initial,
  units,
  staff,
  errors,
  submitting,
  onSubmit,
}: {
  mode: 'create' | 'edit';
  initial: OrgUnitFormValues;
  units: OrgUnit[];
  /** Active staff, to name a service's or the directorate's leads (editing only). */
  staff?: StaffMember[];
  errors: Record<string, string>;
  submitting: boolean;
  onSubmit: (values: OrgUnitFormValues) => void;
}) {
  const [values, setValues] = useState(initial);
  const needed = values.kind ? parentKind[values.kind] : null;
  const parents = needed ? orgUnitPaths(units).filter(({ unit }) => unit.kind === needed) : [];
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (!submitting) onSubmit({ ...values, parent_id: needed ? values.parent_id : '' });
  };
  return (
    <form noValidate onSubmit={submit}>
      <Input id="name" label="Name" value={values.name} onChange={(name) => setValues({ ...values, name })} error={errors.name} autoComplete="off" />
      {mode === 'create' ? (
        <Radios
          idPrefix="kind"
          legend="Kind of unit"
          legendSize="m"
          items={[
            { value: 'directorate', text: 'Directorate', hint: 'The top of the organisation, e.g. Children’s Services' },
            { value: 'service', text: 'Service', hint: 'Part of a directorate, led by a head of service' },
            { value: 'team', text: 'Team', hint: 'Part of a service, led by a team manager' },
          ]}
          value={values.kind}
          onChange={(kind) => setValues({ ...values, kind: kind as OrgUnitKind, parent_id: '' })}
          error={errors.kind}
        />
      ) : null}
      {needed ? (
        <Select
          id="parent_id"
          label={needed === 'directorate' ? 'Which directorate is it part of?' : 'Which service is it part of?'}
          labelSize="m"
          value={values.parent_id}
          onChange={(parent_id) => setValues({ ...values, parent_id })}
          error={errors.parent_id}
          options={[{ value: '', text: `Choose a ${needed}` }, ...parents.map(({ unit, path }) => ({ value: unit.id, text: path }))]}
        />
      ) : null}
      {mode === 'edit' && staff && values.kind === 'service' ? (
        <>
          <h2 className="govuk-heading-m">Who holds the dispute resolution stages</h2>
          <p className="govuk-body">Escalations about this service’s cases go to these people at stages 2 and 3.</p>
          <Select
            id="lead_user_id"
            label="Head of service (stage 2)"
            labelSize="s"
            hint="Without one, stage 2 goes to a head of service of the service."
            value={values.lead_user_id}
            onChange={(lead_user_id) => setValues({ ...values, lead_user_id })}
            error={errors.lead_user_id}
            options={peopleWith(staff, 'head_of_service', values.lead_user_id, 'Nobody named')}
          />
          <Select
            id="assistant_director_id"
            label="Assistant director (stage 3)"
            labelSize="s"
            hint="A senior leader. Without one, escalations cannot go to stage 3."
            value={values.assistant_director_id}
            onChange={(assistant_director_id) => setValues({ ...values, assistant_director_id })}
            error={errors.assistant_director_id}
            options={peopleWith(staff, 'senior_leader', values.assistant_director_id, 'Nobody named')}
          />
        </>
      ) : null}
      {mode === 'edit' && staff && values.kind === 'directorate' ? (
        <>
          <h2 className="govuk-heading-m">Who holds the last dispute resolution stage</h2>
          <Select
            id="lead_user_id"
            label="Director (stage 4)"
            labelSize="s"
            hint="A senior leader. Without one, escalations cannot go to stage 4."
            value={values.lead_user_id}
            onChange={(lead_user_id) => setValues({ ...values, lead_user_id })}
            error={errors.lead_user_id}
            options={peopleWith(staff, 'senior_leader', values.lead_user_id, 'Nobody named')}
          />
        </>
      ) : null}
      <Button>
        {mode === 'create' ? 'Add unit' : 'Save changes'}
      </Button>
    </form>
  );
}
