import { DateInput, dateInputFirstId, isEmptyDate, isoDateFromParts, Select, type DateParts } from '@/components/govuk';
import type { Me, Reassignment } from '@/lib/api/types';
import { addDays, dateInputExample, todayIso } from '@/lib/dates';
import { fieldErrors, type FieldSpec, type FormErrors } from '@/lib/form-errors';
import { inScope, peopleOptions, useStaff } from '@/lib/staff';

export interface ReassignValues {
  owner_id: string;
  due_on: DateParts;
}

/** The fields of a reassignment, by the API's names; `prefix` keeps two forms on a page apart. */
export const reassignFields = (prefix: string): Record<string, FieldSpec> => ({
  owner_id: { label: 'New owner', id: `${prefix}-owner` },
  due_on: { label: 'New due date', id: dateInputFirstId(`${prefix}-due`) },
});

/**
 * A reassignment from the form's values, or the errors found before sending: a new owner, a new
 * due date or both; a date that is a real one (the API says when it is in the past).
 */
export function reassignment(values: ReassignValues, prefix: string): { body: Reassignment } | { errors: FormErrors } {
  const fields = reassignFields(prefix);
  const day = isEmptyDate(values.due_on) ? null : isoDateFromParts(values.due_on);
  const errors = fieldErrors(fields, {
    owner_id: !values.owner_id && isEmptyDate(values.due_on) ? 'Choose a new owner or enter a new due date' : null,
    due_on: !isEmptyDate(values.due_on) && !day ? 'The new due date must be a real date' : null,
  });
  if (errors.summary.length > 0) return { errors };
  return { body: { owner_id: values.owner_id || null, due_on: day } };
}

/** A new owner (colleagues in the caller's scope) and a new due date. */
export function ReassignFields({ prefix, me, values, onChange, errors }: { prefix: string; me: Pick<Me, 'case_scope' | 'scope_unit_ids'>; values: ReassignValues; onChange: (values: ReassignValues) => void; errors: Record<string, string> }) {
  const staff = useStaff();
  const people = peopleOptions((staff.data ?? []).filter((member) => inScope(member, me)));
  return (
    <>
      <Select
        id={`${prefix}-owner`}
        label="New owner"
        labelSize="s"
        hint="Leave as it is to keep the owner."
        error={errors.owner_id}
        value={values.owner_id}
        onChange={(owner_id) => onChange({ ...values, owner_id })}
        options={[{ value: '', text: 'Keep the owner' }, ...people]}
      />
      <DateInput
        id={`${prefix}-due`}
        legend="New due date"
        legendSize="s"
        hint={`Leave empty to keep the due date. For example, ${dateInputExample(addDays(todayIso(), 14))}`}
        error={errors.due_on}
        value={values.due_on}
        onChange={(due_on) => onChange({ ...values, due_on })}
      />
    </>
  );
}
