import { useState, type SyntheticEvent } from 'react';
import { useNavigate } from 'react-router';
import { Button, Checkboxes, ErrorSummary, Radios, Select, Textarea } from '@/components/govuk';
import { useFormErrors } from '@/components/use-form-errors';
import { ESCALATION_STAGES } from '@/lib/api/enums';
import type { MonitoringForm, PracticeStandard } from '@/lib/api/types';
import { formErrorsFromError, missingErrors, type FieldSpec } from '@/lib/form-errors';
import { escalationCategoryLabels, escalationStageLabels } from '@/lib/labels';
import { standardOptions } from '@/lib/reference-data';
import { useRaiseEscalation } from '../api/use-monitoring-forms';

const fields: Record<string, FieldSpec> = {
  stage: { label: 'Stage', id: 'alert-stage' },
  category: { label: 'What it is about', id: 'alert-category', required: 'Select what the concern is about' },
  standards: { label: 'Practice standards', id: 'alert-standards' },
  concern: { label: 'The concern', id: 'alert-concern', required: 'Enter the concern' },
  raised_to: { label: 'Who it is raised to', id: 'alert-stage' },
  source_id: { label: 'The form', id: 'alert-stage' },
};

const CATEGORIES = Object.keys(escalationCategoryLabels).filter((code) => code !== 'inadequate_audit');

/**
 * Raising a practice alert (or, where it cannot wait, the formal dispute resolution process at
 * a stage of the reviewing officer's choosing) from a monitoring form, in one step: the form's
 * concerns and the standards it found a concern with are filled in.
 */
export function RaiseAlert({
  form,
  standards,
  concerns = form.concerns ?? '',
  concernStandards = form.quality_checks.filter((check) => check.rating === 'concern').map((check) => check.standard_number),
}: {
  form: MonitoringForm;
  standards: PracticeStandard[];
  /** The form's concerns as written now (on the draft, before they are saved). */
  concerns?: string;
  /** The standards rated a concern now. */
  concernStandards?: number[];
}) {
  const navigate = useNavigate();
  const raise = useRaiseEscalation();
  const errors = useFormErrors();
  const [stage, setStage] = useState('0');
  const [category, setCategory] = useState('');
  // The form's own concerns fill these in until the officer changes them here.
  const [chosenHere, setChosen] = useState<string[] | null>(null);
  const [concernHere, setConcern] = useState<string | null>(null);
  const chosen = chosenHere ?? concernStandards.map(String);
  const concern = concernHere ?? concerns;
  const alert = stage === '0';

  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (raise.isPending) return;
    const missing = missingErrors(fields, (field) => (field === 'category' ? !category : field === 'concern' ? !concern.trim() : false));
    if (missing.summary.length > 0) {
      errors.show(missing);
      return;
    }
    raise.mutate(
      { case_id: form.case_id, source: 'monitoring_form', source_id: form.id, stage: Number(stage), category, standards: chosen.map(Number), concern: concern.trim() },
      {
        onSuccess: (escalation) =>
          void navigate(`/escalations/${escalation.id}`, {
            state: { flash: `${alert ? 'Practice alert' : 'Escalation'} raised. We have told ${escalation.raised_to_name ?? 'the person who holds it'}.` },
          }),
        onError: (error) => errors.show(formErrorsFromError(error, fields, {}, { concern })),
      },
    );
  };

  return (
    <form noValidate onSubmit={submit} className="app-inline-form app-audit-section" id="raise-alert" aria-labelledby="raise-alert-heading">
      <h2 className="govuk-heading-m" id="raise-alert-heading">
        Raise a practice alert from this form
      </h2>
      <p className="govuk-body">
        A practice alert goes to the case-accountable manager, who has 10 working days to reply. If it cannot wait, start the formal dispute resolution process
        instead: each stage has 5 working days, the whole process 20.
      </p>
      {errors.errors.summary.length > 0 ? <ErrorSummary key={errors.attempt} errors={errors.errors.summary} /> : null}
      <Radios
        idPrefix="alert-stage"
        legend="How do you raise it?"
        legendSize="s"
        error={errors.errors.byField.stage ?? errors.errors.byField.raised_to}
        value={stage}
        onChange={setStage}
        items={ESCALATION_STAGES.map((n) => ({
          value: String(n),
          text: n === 0 ? 'As a practice alert to the case-accountable manager' : `Formally, at ${escalationStageLabels[n]?.toLowerCase() ?? `stage ${n}`}`,
          dividerBefore: n === 1 ? 'or' : undefined,
        }))}
      />
      <Select
        id="alert-category"
        label="What is it about?"
        labelSize="s"
        error={errors.errors.byField.category}
        value={category}
        onChange={setCategory}
        options={[{ value: '', text: 'Choose' }, ...CATEGORIES.map((code) => ({ value: code, text: escalationCategoryLabels[code] ?? code }))]}
      />
      <Checkboxes
        idPrefix="alert-standards"
        legend="Which practice standards does it concern? (optional)"
        legendSize="s"
        hint="The standards you rated a concern are ticked."
        small
        error={errors.errors.byField.standards}
        values={chosen}
        onChange={setChosen}
        items={standardOptions(standards)}
      />
      <Textarea id="alert-concern" label="The concern" labelSize="s" hint="From the form’s concerns: change it as you need." error={errors.errors.byField.concern} rows={5} value={concern} onChange={setConcern} />
      <Button variant="secondary">{alert ? 'Raise practice alert' : 'Raise escalation'}</Button>
    </form>
  );
}
