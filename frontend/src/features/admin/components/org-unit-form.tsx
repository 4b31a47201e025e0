import { useState, type SyntheticEvent } from 'react';
import { Button, Input, Radios, Select } from '@/components/govuk';
import type { OrgUnit, OrgUnitKind } from '@/lib/api/types';
import type { FieldSpec } from '@/lib/form-errors';
import { orgUnitPaths } from '@/lib/org-units';

export interface OrgUnitFormValues {
  name: string;
  kind: OrgUnitKind | '';
  parent_id: string;
}

export const orgUnitFields: Record<string, FieldSpec> = {
  name: { label: 'Name', required: 'Enter a name' },
  kind: { label: 'Kind of unit', required: 'Select the kind of unit' },
  parent_id: { label: 'Part of' },
};

/** The kind of unit each kind sits under. */
export const parentKind: Record<OrgUnitKind, OrgUnitKind | null> = { directorate: null, service: 'directorate', team: 'service' };

export function OrgUnitForm({
  mode,
  initial,
  units,
  errors,
  submitting,
  onSubmit,
}: {
  mode: 'create' | 'edit';
  initial: OrgUnitFormValues;
  units: OrgUnit[];
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
      <Button>
        {mode === 'create' ? 'Add unit' : 'Save changes'}
      </Button>
    </form>
  );
}
