import { useState, type SyntheticEvent } from 'react';
import { Button, emptyDate, ErrorSummary } from '@/components/govuk';
import { useFormErrors } from '@/components/use-form-errors';
import type { Action, BulkOutcome, Me } from '@/lib/api/types';
import { formErrorsFromError, formErrorsFromProblem } from '@/lib/form-errors';
import { narrativeText } from '@/lib/labels';
import { useBulkReassign } from '../api/use-actions';
import { reassignFields, reassignment, ReassignFields, type ReassignValues } from './reassign-fields';

const PREFIX = 'bulk';

/** The checkbox that selects an action in the tracker, which a refusal links to. */
export const selectId = (actionId: string) => `select-${actionId}`;

/**
 * Why an action was refused, as a sentence: the API's "owner_id: names someone who…" becomes
 * "New owner names someone who…".
 */
function reason(detail: string | null | undefined): string {
  const match = /^([a-z_]+): (.+)$/s.exec(detail ?? '');
  if (!match) return detail ?? 'It cannot be changed';
  const [, field = '', message = ''] = match;
  return formErrorsFromProblem([{ field, message }], reassignFields(PREFIX)).summary[0]?.text ?? message;
}

/** Why each action was refused, linked to its row; those that could have changed are not listed. */
function refusals(outcome: BulkOutcome, actions: Action[], readsNarrative: boolean) {
  return outcome.items
    .filter((item) => item.status !== 200)
    .map((item) => {
      const action = actions.find((a) => a.id === item.action_id);
      const name = action ? narrativeText(action.description, readsNarrative, 'Action') : 'An action';
      return { href: `#${selectId(item.action_id)}`, text: `${name}: ${reason(item.detail)}` };
    });
}

/**
 * Reassigns or re-dates the actions selected in the tracker at once (a manager leaving): all of
 * them or, if any is refused, none, with why each refused one was.
 */
export function BulkReassign({ me, selected, onDone }: { me: Me; selected: Action[]; onDone: (message: string) => void }) {
  const bulk = useBulkReassign();
  const form = useFormErrors();
  const [values, setValues] = useState<ReassignValues>({ owner_id: '', due_on: emptyDate });
  // How many actions were asked for when some were refused (and so none changed).
  const [refusedOf, setRefusedOf] = useState<number | null>(null);
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (bulk.isPending) return;
    setRefusedOf(null);
    if (selected.length === 0) {
      form.show({ summary: [{ text: 'Select the actions to change in the list above' }], byField: {} });
      return;
    }
    const checked = reassignment(values, PREFIX);
    if ('errors' in checked) {
      form.show(checked.errors);
      return;
    }
    bulk.mutate(
      { ...checked.body, action_ids: selected.map((action) => action.id) },
      {
        onSuccess: (outcome) => {
          if (outcome.changed) {
            form.clear();
            setValues({ owner_id: '', due_on: emptyDate });
            onDone(`${outcome.items.length} ${outcome.items.length === 1 ? 'action' : 'actions'} changed`);
            return;
          }
          const reasons = refusals(outcome, selected, me.reads_narrative);
          setRefusedOf(outcome.items.length);
          form.show({ summary: reasons, byField: {} });
        },
        onError: (error) => form.show(formErrorsFromError(error, reassignFields(PREFIX))),
      },
    );
  };
  const count = selected.length;
  return (
    <form noValidate onSubmit={submit} className="app-inline-form" aria-labelledby="bulk-heading">
      <h2 className="govuk-heading-m" id="bulk-heading">
        Reassign or re-date the selected actions
      </h2>
      {form.errors.summary.length > 0 ? (
        <ErrorSummary
          key={form.attempt}
          title={refusedOf ? 'Nothing was changed' : 'There is a problem'}
          description={refusedOf ? `${form.errors.summary.length} of the ${refusedOf} actions cannot be changed, so none were. Untick them, or choose differently, and try again.` : undefined}
          errors={form.errors.summary}
        />
      ) : null}
      <p className="govuk-body govuk-!-font-weight-bold" role="status">
        {count === 0 ? 'No actions selected: tick them in the list above' : `${count} ${count === 1 ? 'action' : 'actions'} selected`}
      </p>
      <ReassignFields prefix={PREFIX} me={me} values={values} onChange={setValues} errors={form.errors.byField} />
      <Button variant="secondary">Change selected actions</Button>
    </form>
  );
}
