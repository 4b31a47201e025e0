import { useState, type SyntheticEvent } from 'react';
import { Button, ErrorSummary, Select, Table, Tag, Textarea } from '@/components/govuk';
import { useFormErrors } from '@/components/use-form-errors';
import type { LearningNeed, Observation, PracticeStandard } from '@/lib/api/types';
import { formErrorsFromError, missingErrors, type FieldSpec } from '@/lib/form-errors';
import { narrativeText } from '@/lib/labels';
import { standardName, standardOptions } from '@/lib/reference-data';
import { useAddLearningNeed } from '../api/use-observations';

/** The learning needs raised from an observation, whether the worker agreed each, and (while recording) the form to raise another. */
export function LearningNeedsSection({
  observation,
  standards,
  readsNarrative,
  editable,
}: {
  observation: Observation;
  standards: PracticeStandard[];
  readsNarrative: boolean;
  editable: boolean;
}) {
  const needs = observation.learning_needs ?? [];
  const reflected = Boolean(observation.acknowledged_at);
  return (
    <section className="app-audit-section" id="learning-needs" aria-labelledby="learning-needs-heading">
      <h2 className="govuk-heading-l" id="learning-needs-heading">
        Learning needs
      </h2>
      <p className="govuk-body">Learning needs feed the worker’s supervision and the council’s training. The worker agrees them when they reflect.</p>
      {needs.length === 0 ? (
        <p className="govuk-body">No learning needs have been raised.</p>
      ) : (
        <Table
          caption="Learning needs raised"
          captionHidden
          head={[{ text: 'Learning need' }, { text: 'Standard' }, { text: 'Agreed by the worker' }]}
          rows={needs.map((need: LearningNeed) => ({
            key: need.id,
            cells: [
              <span className="app-narrative">{narrativeText(need.need, readsNarrative)}</span>,
              standardName(standards, need.standard_number),
              need.agreed_by_worker ? <Tag colour="green">Agreed</Tag> : reflected ? <Tag colour="grey">Not agreed</Tag> : 'Not yet asked',
            ],
          }))}
        />
      )}
      {editable ? <AddLearningNeed observationId={observation.id} standards={standards} /> : null}
    </section>
  );
}

const fields: Record<string, FieldSpec> = {
  need: { label: 'The learning need', id: 'learning-need', required: 'Enter the learning need' },
  standard_number: { label: 'Practice standard', id: 'learning-need-standard' },
};

function AddLearningNeed({ observationId, standards }: { observationId: string; standards: PracticeStandard[] }) {
  const add = useAddLearningNeed(observationId);
  const form = useFormErrors();
  const [need, setNeed] = useState('');
  const [standard, setStandard] = useState('');
  const [done, setDone] = useState(false);
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (add.isPending) return;
    setDone(false);
    const missing = missingErrors(fields, (field) => field === 'need' && !need.trim());
    if (missing.summary.length > 0) {
      form.show(missing);
      return;
    }
    add.mutate(
      { need: need.trim(), standard_number: standard ? Number(standard) : null },
      {
        onSuccess: () => {
          form.clear();
          setNeed('');
          setStandard('');
          setDone(true);
        },
        onError: (error) => form.show(formErrorsFromError(error, fields)),
      },
    );
  };
  return (
    <form noValidate onSubmit={submit} className="app-inline-form" aria-labelledby="add-learning-need-heading">
      <h3 className="govuk-heading-m" id="add-learning-need-heading">
        Raise a learning need
      </h3>
      {form.errors.summary.length > 0 ? <ErrorSummary key={form.attempt} errors={form.errors.summary} /> : null}
      <div role="status" className="app-inline-confirmation">
        {done ? <p className="govuk-body govuk-!-font-weight-bold">Learning need added.</p> : null}
      </div>
      <Textarea id="learning-need" label="The learning need" labelSize="s" error={form.errors.byField.need} rows={2} value={need} onChange={setNeed} />
      <Select
        id="learning-need-standard"
        label="Practice standard it relates to (optional)"
        labelSize="s"
        error={form.errors.byField.standard_number}
        value={standard}
        onChange={setStandard}
        options={[{ value: '', text: 'None' }, ...standardOptions(standards)]}
      />
      <Button variant="secondary">Add learning need</Button>
    </form>
  );
}
