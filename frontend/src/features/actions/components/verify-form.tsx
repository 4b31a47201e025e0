import { useState, type SyntheticEvent } from 'react';
import { Button, ErrorSummary, Select, Textarea } from '@/components/govuk';
import { useFormErrors } from '@/components/use-form-errors';
import type { Measure } from '@/lib/api/types';
import { fieldErrors, formErrorsFromError, type FieldSpec, type FormErrors } from '@/lib/form-errors';
import { useActionTransition } from '../api/use-actions';
import { emptyReading, reading, ReadingFields, readingFields, type ReadingValues } from './reading-fields';

const PREFIX = 'verify-reading';

const fields: Record<string, FieldSpec> = {
  impact: { label: 'The impact it had', id: 'verify-impact', required: 'Enter the impact the action had' },
  'reading.measure_id': { label: 'Measure', id: 'verify-measure' },
  ...readingFields(PREFIX, 'reading.'),
  // The API names a reading's day without the `reading.` when it is in the future.
  read_on: readingFields(PREFIX).read_on ?? { label: 'Day it describes' },
};

/**
 * Verifying a completed action (the QA unit): the impact it had and, when the plan has measures
 * read by hand, a reading of one of them taken now, which the plan's measure then shows.
 */
export function VerifyForm({ actionId, measures, onDone }: { actionId: string; measures: Measure[]; onDone: (message: string) => void }) {
  const transition = useActionTransition(actionId);
  const form = useFormErrors();
  const [impact, setImpact] = useState('');
  const [measureId, setMeasureId] = useState('');
  const [values, setValues] = useState<ReadingValues>(emptyReading);
  // Measures read from re-audits read themselves.
  const readable = measures.filter((measure) => measure.method !== 'reaudit');
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (transition.isPending) return;
    const missing: FormErrors = fieldErrors(fields, { impact: impact.trim() ? null : fields.impact?.required });
    const taken = measureId ? reading(values, PREFIX, 'reading.') : null;
    const errors: FormErrors = taken && 'errors' in taken ? { summary: [...missing.summary, ...taken.errors.summary], byField: { ...missing.byField, ...taken.errors.byField } } : missing;
    if (errors.summary.length > 0) {
      form.show(errors);
      return;
    }
    transition.mutate(
      { step: 'verify', impact: impact.trim(), ...(taken && 'body' in taken ? { reading: { ...taken.body, measure_id: measureId } } : {}) },
      {
        onSuccess: () => {
          form.clear();
          onDone(taken ? 'Action verified, and the reading recorded' : 'Action verified');
        },
        onError: (error) => form.show(formErrorsFromError(error, fields, {}, { impact })),
      },
    );
  };
  const errors = { ...form.errors.byField, 'reading.read_on': form.errors.byField['reading.read_on'] ?? form.errors.byField.read_on ?? '' };
  return (
    <form noValidate onSubmit={submit} className="app-audit-section" aria-labelledby="verify-heading">
      <h2 className="govuk-heading-m" id="verify-heading">
        Verify this action
      </h2>
      {form.errors.summary.length > 0 ? <ErrorSummary key={form.attempt} errors={form.errors.summary} /> : null}
      <Textarea
        id="verify-impact"
        label="The impact it had"
        labelSize="s"
        hint="What changed for the child or the practice."
        error={form.errors.byField.impact}
        rows={4}
        value={impact}
        onChange={setImpact}
      />
      {readable.length > 0 ? (
        <>
          <Select
            id="verify-measure"
            label="Record a reading of the plan’s measures (optional)"
            labelSize="s"
            hint="If verifying shows where a measure has got to, record it: the plan shows it against the target."
            error={form.errors.byField['reading.measure_id']}
            value={measureId}
            onChange={setMeasureId}
            options={[{ value: '', text: 'No reading' }, ...readable.map((measure) => ({ value: measure.id, text: measure.description }))]}
          />
          {measureId ? (
            <div className="govuk-inset-text">
              <ReadingFields prefix={PREFIX} path="reading." values={values} onChange={setValues} errors={errors} />
            </div>
          ) : null}
        </>
      ) : null}
      <Button>Verify action</Button>
    </form>
  );
}
