import { useState, type SyntheticEvent } from 'react';
import { Button, Checkboxes, Input, Radios, Select } from '@/components/govuk';
import type { OrgUnit, Role } from '@/lib/api/types';
import type { FieldSpec } from '@/lib/form-errors';
import { orgUnitPaths } from '@/lib/org-units';
import { allRoles, roleHints, roleLabels } from '@/lib/roles';

export interface UserFormValues {
  display_name: string;
  email: string;
  roles: Role[];
  team_id: string;
  password: string;
  active: 'true' | 'false';
}

/** The fields the API may report on, with the ids of the inputs the error summary links to. */
export const userFields: Record<string, FieldSpec> = {
  display_name: { label: 'Full name', required: 'Enter the person’s full name' },
  email: { label: 'Email address', required: 'Enter an email address' },
  roles: { label: 'Roles', required: 'Select at least one role' },
  team_id: { label: 'Team or unit' },
  password: { label: 'Password', required: 'Enter a password' },
  active: { label: 'Account status' },
};

export function UserForm({
  mode,
  initial,
  orgUnits,
  errors,
  submitting,
  onSubmit,
}: {
  mode: 'create' | 'edit';
  initial: UserFormValues;
  orgUnits: OrgUnit[];
  errors: Record<string, string>;
  submitting: boolean;
  onSubmit: (values: UserFormValues) => void;
}) {
  const [values, setValues] = useState(initial);
  const set =
    <K extends keyof UserFormValues>(name: K) =>
    (value: UserFormValues[K]) =>
      setValues((current) => ({ ...current, [name]: value }));
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    // A second press while the first is on its way does nothing (the button is never disabled:
    // GOV.UK advises against disabled buttons).
    if (!submitting) onSubmit(values);
  };
  return (
    <form noValidate onSubmit={submit}>
      <Input id="display_name" label="Full name" autoComplete="off" spellCheck={false} value={values.display_name} onChange={set('display_name')} error={errors.display_name} />
      {mode === 'create' ? (
        <Input
          id="email"
          label="Email address"
          hint="Their work email address. They sign in with it."
          type="email"
          autoComplete="off"
          spellCheck={false}
          value={values.email}
          onChange={set('email')}
          error={errors.email}
        />
      ) : null}
      <Checkboxes
        idPrefix="roles"
        legend="Roles"
        legendSize="m"
        hint="Select all that apply. A person may do what any of their roles allows."
        items={allRoles.map((role) => ({ value: role, text: roleLabels[role], hint: roleHints[role] }))}
        values={values.roles}
        onChange={(roles) => set('roles')(roles as Role[])}
        error={errors.roles}
        small
      />
      <Select
        id="team_id"
        label="Team or unit"
        labelSize="m"
        hint="Practitioners and team managers belong to a team, a head of service to a service."
        value={values.team_id}
        onChange={set('team_id')}
        error={errors.team_id}
        options={[{ value: '', text: 'Not in a team or unit' }, ...orgUnitPaths(orgUnits).map(({ unit, path }) => ({ value: unit.id, text: path }))]}
      />
      {mode === 'create' ? (
        <Input
          id="password"
          label="Password"
          labelSize="m"
          hint="At least 12 characters, and not a common password. Give it to the person in a secure way."
          type="password"
          autoComplete="new-password"
          value={values.password}
          onChange={set('password')}
          error={errors.password}
          width="20"
        />
      ) : (
        <Radios
          idPrefix="active"
          legend="Account status"
          legendSize="m"
          hint="A deactivated account cannot sign in. Its records stay."
          items={[
            { value: 'true', text: 'Active' },
            { value: 'false', text: 'Deactivated' },
          ]}
          value={values.active}
          onChange={(value) => set('active')(value as UserFormValues['active'])}
          error={errors.active}
        />
      )}
      <Button>
        {mode === 'create' ? 'Add user' : 'Save changes'}
      </Button>
    </form>
  );
}
