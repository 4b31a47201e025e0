import { useState, type SyntheticEvent } from 'react';
import { Button, ErrorSummary, Radios, Table, Textarea } from '@/components/govuk';
import { useFormErrors } from '@/components/use-form-errors';
import type { FamilyFeedback as Feedback, FeedbackFromRole, Observation } from '@/lib/api/types';
import { formatDay } from '@/lib/dates';
import { formErrorsFromError, missingErrors, type FieldSpec } from '@/lib/form-errors';
import { feedbackFromLabels, narrativeText } from '@/lib/labels';
import { useAddFamilyFeedback } from '../api/use-observations';

const CHILD: FeedbackFromRole[] = ['child', 'young_person'];
const FAMILY: FeedbackFromRole[] = ['parent', 'carer'];

/** Who may give feedback: nobody who declined consent (nothing they say is kept). */
export function feedbackRoles(observation: Pick<Observation, 'child_consented' | 'family_consented'>): FeedbackFromRole[] {
  return (Object.keys(feedbackFromLabels) as FeedbackFromRole[]).filter(
    (role) => !(CHILD.includes(role) && observation.child_consented === false) && !(FAMILY.includes(role) && observation.family_consented === false),
  );
}

const recommendText = (value: boolean | null | undefined) => (value === true ? 'Yes' : value === false ? 'No' : 'Not asked');

/** The feedback the child and family gave on the practice, and (while recording) the form to add theirs. */
export function FamilyFeedbackSection({ observation, readsNarrative, editable }: { observation: Observation; readsNarrative: boolean; editable: boolean }) {
  const feedback = observation.family_feedback ?? [];
  return (
    <section className="app-audit-section" id="family-feedback" aria-labelledby="family-feedback-heading">
      <h2 className="govuk-heading-l" id="family-feedback-heading">
        Feedback from the child and family
      </h2>
      {feedback.length === 0 ? (
        <p className="govuk-body">No feedback has been recorded.</p>
      ) : (
        <Table
          caption="Feedback from the child and family"
          captionHidden
          head={[{ text: 'From' }, { text: 'What they said' }, { text: 'Would recommend the worker' }, { text: 'Recorded' }]}
          rows={feedback.map((item: Feedback) => ({
            key: item.id,
            cells: [
              feedbackFromLabels[item.from_role],
              <span className="app-narrative">{narrativeText(item.feedback, readsNarrative)}</span>,
              recommendText(item.would_recommend),
              formatDay(item.created_at),
            ],
          }))}
        />
      )}
      {editable ? <AddFeedback observation={observation} /> : null}
    </section>
  );
}

const fields: Record<string, FieldSpec> = {
  from_role: { label: 'Who gave it', id: 'feedback-from', required: 'Select who gave the feedback' },
  feedback: { label: 'What they said', id: 'feedback-text', required: 'Enter what they said' },
  would_recommend: { label: 'Would they recommend the worker', id: 'feedback-recommend' },
};

function AddFeedback({ observation }: { observation: Observation }) {
  const add = useAddFamilyFeedback(observation.id);
  const form = useFormErrors();
  const [from, setFrom] = useState('');
  const [text, setText] = useState('');
  const [recommend, setRecommend] = useState('');
  const [done, setDone] = useState(false);
  const roles = feedbackRoles(observation);
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (add.isPending) return;
    setDone(false);
    const missing = missingErrors(fields, (field) => (field === 'from_role' ? !from : field === 'feedback' ? !text.trim() : false));
    if (missing.summary.length > 0) {
      form.show(missing);
      return;
    }
    add.mutate(
      { from_role: from as FeedbackFromRole, feedback: text.trim(), would_recommend: recommend === '' || recommend === 'not_asked' ? null : recommend === 'yes' },
      {
        onSuccess: () => {
          form.clear();
          setFrom('');
          setText('');
          setRecommend('');
          setDone(true);
        },
        onError: (error) => form.show(formErrorsFromError(error, fields)),
      },
    );
  };
  return (
    <form noValidate onSubmit={submit} className="app-inline-form" aria-labelledby="add-feedback-heading">
      <h3 className="govuk-heading-m" id="add-feedback-heading">
        Add feedback from the child or family
      </h3>
      <p className="govuk-body">Write down what they said, in their words where you can. You enter it on their behalf.</p>
      {observation.child_consented === false || observation.family_consented === false ? (
        <p className="govuk-body">
          {observation.child_consented === false ? 'The child ' : 'The family '}
          {observation.child_consented === false && observation.family_consented === false ? 'and the family ' : ''}
          did not consent, so nothing they say is kept.
        </p>
      ) : null}
      {form.errors.summary.length > 0 ? <ErrorSummary key={form.attempt} errors={form.errors.summary} /> : null}
      <div role="status" className="app-inline-confirmation">
        {done ? <p className="govuk-body govuk-!-font-weight-bold">Feedback added.</p> : null}
      </div>
      <Radios
        idPrefix="feedback-from"
        legend="Who gave it"
        legendSize="s"
        error={form.errors.byField.from_role}
        value={from}
        onChange={setFrom}
        items={roles.map((role) => ({ value: role, text: feedbackFromLabels[role] }))}
      />
      <Textarea id="feedback-text" label="What they said" labelSize="s" error={form.errors.byField.feedback} rows={3} value={text} onChange={setText} />
      <Radios
        idPrefix="feedback-recommend"
        legend="Would they recommend the worker to another family? (optional)"
        legendSize="s"
        inline
        value={recommend}
        onChange={setRecommend}
        items={[
          { value: 'yes', text: 'Yes' },
          { value: 'no', text: 'No' },
          { value: 'not_asked', text: 'Not asked' },
        ]}
      />
      <Button variant="secondary">Add feedback</Button>
    </form>
  );
}
