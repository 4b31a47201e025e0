import { useState, type SyntheticEvent } from 'react';
import { useNavigate } from 'react-router';
import { Button, ErrorSummary, Textarea } from '@/components/govuk';
import { useFormErrors } from '@/components/use-form-errors';
import type { Observation } from '@/lib/api/types';
import { formErrorsFromError, missingErrors, type FieldSpec } from '@/lib/form-errors';
import { forgetDraft } from '@/lib/session/drafts';
import { useMe } from '@/lib/session/session-context';
import { useCancelObservation } from '../api/use-observations';

const fields: Record<string, FieldSpec> = { reason: { label: 'Why', id: 'cancel-reason', required: 'Enter why you are cancelling the observation' } };

/** Cancelling a planned or draft observation, with the reason; folded away under its summary so it is not chosen by mistake. */
export function CancelObservation({ observation }: { observation: Observation }) {
  const me = useMe();
  const navigate = useNavigate();
  const cancel = useCancelObservation(observation.id);
  const form = useFormErrors();
  const [reason, setReason] = useState('');
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (cancel.isPending) return;
    const missing = missingErrors(fields, () => !reason.trim());
    if (missing.summary.length > 0) {
      form.show(missing);
      return;
    }
    cancel.mutate(reason.trim(), {
      onSuccess: () => {
        // Nothing of a cancelled observation is saved any more.
        forgetDraft(me.id, observation.id);
        void navigate(`/observations/${observation.id}`, { state: { flash: 'The observation is cancelled' } });
      },
      onError: (error) => form.show(formErrorsFromError(error, fields)),
    });
  };
  return (
    <details className="govuk-details app-audit-section" open={form.errors.summary.length > 0}>
      <summary className="govuk-details__summary">
        <span className="govuk-details__summary-text">Cancel this observation</span>
      </summary>
      <div className="govuk-details__text">
        <form noValidate onSubmit={submit} aria-label="Cancel this observation">
          <p className="govuk-body">Cancel it if it will not take place, or should not be recorded. It cannot be submitted once cancelled.</p>
          {form.errors.summary.length > 0 ? <ErrorSummary key={form.attempt} errors={form.errors.summary} /> : null}
          <Textarea id="cancel-reason" label="Why are you cancelling it?" labelSize="s" error={form.errors.byField.reason} rows={3} value={reason} onChange={setReason} />
          <Button variant="warning">Cancel observation</Button>
        </form>
      </div>
    </details>
  );
}
