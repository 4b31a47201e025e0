import { useState, type SyntheticEvent } from 'react';
import { Button, emptyDate, ErrorSummary } from '@/components/govuk';
import { useFormErrors } from '@/components/use-form-errors';
import type { Me } from '@/lib/api/types';
import { formErrorsFromError } from '@/lib/form-errors';
import { useReassignAction } from '../api/use-actions';
import { reassignFields, reassignment, ReassignFields, type ReassignValues } from './reassign-fields';

const PREFIX = 'reassign';

/** Gives one unfinished action a new owner, a new due date, or both; the new owner is told. */
export function ReassignForm({ me, actionId, onDone }: { me: Me; actionId: string; onDone: (message: string) => void }) {
  const reassign = useReassignAction(actionId);
  const form = useFormErrors();
  const [values, setValues] = useState<ReassignValues>({ owner_id: '', due_on: emptyDate });
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (reassign.isPending) return;
    const checked = reassignment(values, PREFIX);
    if ('errors' in checked) {
      form.show(checked.errors);
      return;
    }
    reassign.mutate(checked.body, {
      onSuccess: () => {
        form.clear();
        setValues({ owner_id: '', due_on: emptyDate });
        onDone(checked.body.owner_id ? 'Action reassigned: the new owner has been told' : 'Action re-dated');
      },
      onError: (error) => form.show(formErrorsFromError(error, reassignFields(PREFIX))),
    });
  };
  return (
    <form noValidate onSubmit={submit} className="app-audit-section" aria-labelledby="reassign-heading">
      <h2 className="govuk-heading-m" id="reassign-heading">
        Reassign or re-date this action
      </h2>
      {form.errors.summary.length > 0 ? <ErrorSummary key={form.attempt} errors={form.errors.summary} /> : null}
      <ReassignFields prefix={PREFIX} me={me} values={values} onChange={setValues} errors={form.errors.byField} />
      <Button variant="secondary">Save changes</Button>
    </form>
  );
}
