import { useState, type ReactNode, type SyntheticEvent } from 'react';
import { Button, DateInput, dateInputFirstId, emptyDate, ErrorSummary, isEmptyDate, isoDateFromParts, Radios, Textarea, type DateParts } from '@/components/govuk';
import { useFormErrors } from '@/components/use-form-errors';
import type { Escalation } from '@/lib/api/types';
import { dateInputExample, todayIso } from '@/lib/dates';
import { fieldErrors, formErrorsFromError, type FieldSpec } from '@/lib/form-errors';
import { escalationStageLabels } from '@/lib/labels';
import { useMoveStage, useReferToCafcass } from '../api/use-escalations';

/** What a command's mutation offers a form. */
interface Command<I> {
  mutate: (input: I, options: { onSuccess: () => void; onError: (error: unknown) => void }) => void;
  isPending: boolean;
}

interface CommandFormProps {
  id: string;
  heading: string;
  intro?: ReactNode;
  errors: ReturnType<typeof useFormErrors>;
  button: string;
  variant?: 'primary' | 'secondary' | 'warning';
  onSubmit: (event: SyntheticEvent) => void;
  children: ReactNode;
}

/** One command's form on the escalation page, with its heading and its own error summary. */
function CommandForm({ id, heading, intro, errors, button, variant = 'secondary', onSubmit, children }: CommandFormProps) {
  return (
    <form noValidate onSubmit={onSubmit} className="app-audit-section" aria-labelledby={`${id}-heading`} id={`${id}-form`}>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h2 className="govuk-heading-m" id={`${id}-heading`}>
            {heading}
          </h2>
          {intro}
          {errors.errors.summary.length > 0 ? <ErrorSummary key={errors.attempt} errors={errors.errors.summary} /> : null}
          {children}
          <Button variant={variant}>{button}</Button>
        </div>
      </div>
    </form>
  );
}

export interface TextCommandProps {
  /** The textarea's id (and the form's, with `-form`). */
  id: string;
  heading: string;
  intro?: ReactNode;
  label: string;
  hint?: string;
  /** The error when it is left empty; none when it may be. */
  required?: string;
  button: string;
  variant?: 'primary' | 'secondary' | 'warning';
  command: Command<string>;
  onDone: () => void;
}

/** A command that takes a text (a response, a resolution, a reason, a comment). */
export function TextCommand({ id, heading, intro, label, hint, required, button, variant, command, onDone }: TextCommandProps) {
  const [text, setText] = useState('');
  const errors = useFormErrors();
  const fields: Record<string, FieldSpec> = { text: { label, id, required } };
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (command.isPending) return;
    const missing = fieldErrors(fields, { text: required && !text.trim() ? required : null });
    if (missing.summary.length > 0) {
      errors.show(missing);
      return;
    }
    command.mutate(text.trim(), {
      // Each form clears only itself: the others keep what was typed into them while this one
      // was being sent, even though the escalation is read again.
      onSuccess: () => {
        setText('');
        errors.clear();
        onDone();
      },
      onError: (error) => {
        // Whatever the API calls the field (text, resolution, reason, comment), it is this one.
        const shown = formErrorsFromError(error, fields);
        errors.show({ summary: shown.summary.map((item) => ({ ...item, href: `#${id}` })), byField: { text: Object.values(shown.byField)[0] ?? shown.summary[0]?.text ?? '' } });
      },
    });
  };
  return (
    <CommandForm id={id} heading={heading} intro={intro} errors={errors} button={button} variant={variant} onSubmit={submit}>
      <Textarea id={id} label={label} labelSize="s" hint={hint} error={errors.errors.byField.text || undefined} rows={4} value={text} onChange={setText} />
    </CommandForm>
  );
}

const stageFields: Record<string, FieldSpec> = {
  to_stage: { label: 'The stage', id: 'to_stage', required: 'Select the stage to move it to' },
  reason: { label: 'Why', id: 'stage-reason', required: 'Enter why you are moving it up' },
};

/**
 * Moving an escalation up (`holderOf` names who would hold a stage: null for nobody, undefined
 * while not known): a practice alert into the formal process, an unanswered stage to the
 * next, or a disputed resolution on. Only a reviewing officer may skip stages, so others are
 * offered the next stage only.
 */
export function StageCommand({ escalation, maySkip, holderOf, onDone }: { escalation: Escalation; maySkip: boolean; holderOf: (stage: number) => string | null | undefined; onDone: (stage: number) => void }) {
  const move = useMoveStage(escalation.id);
  const errors = useFormErrors();
  const above = [1, 2, 3, 4].filter((stage) => stage > escalation.stage && (maySkip || stage === escalation.stage + 1));
  const [stage, setStage] = useState(above.length === 1 ? String(above[0]) : '');
  const [reason, setReason] = useState('');
  const heading =
    escalation.stage === 0 ? 'Move into the formal process' : escalation.status === 'resolved' ? 'Dispute the resolution: move it up a stage' : 'Move it up a stage';
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (move.isPending) return;
    const missing = fieldErrors(stageFields, { to_stage: stage ? null : stageFields.to_stage?.required, reason: reason.trim() ? null : stageFields.reason?.required });
    if (missing.summary.length > 0) {
      errors.show(missing);
      return;
    }
    move.mutate(
      { to_stage: Number(stage), reason: reason.trim() },
      {
        onSuccess: () => {
          setReason('');
          errors.clear();
          onDone(Number(stage));
        },
        onError: (error) => errors.show(formErrorsFromError(error, stageFields, {}, { reason })),
      },
    );
  };
  return (
    <CommandForm
      id="stage"
      heading={heading}
      intro={
        <p className="govuk-body">
          {escalation.stage === 0
            ? 'If the practice alert has had no reply, or the reply does not resolve the concern, start the formal dispute resolution process. Each stage has 5 working days; the whole process 20.'
            : 'The escalation goes to the person who holds the next stage, who has 5 working days to resolve it.'}
        </p>
      }
      errors={errors}
      button={escalation.stage === 0 ? 'Start the formal process' : 'Move up a stage'}
      onSubmit={submit}
    >
      <Radios
        idPrefix="to_stage"
        legend="Move it to"
        legendSize="s"
        hint={maySkip && above.length > 1 ? 'As a reviewing officer you may skip a stage.' : undefined}
        error={errors.errors.byField.to_stage}
        value={stage}
        onChange={setStage}
        items={above.map((n) => {
          const holder = holderOf(n);
          return {
            value: String(n),
            text: escalationStageLabels[n] ?? `Stage ${n}`,
            hint: n <= 1 ? 'Goes to the case-accountable manager' : holder ? `Goes to ${holder}` : holder === null ? 'Nobody is named for this stage yet' : undefined,
          };
        })}
      />
      <Textarea id="stage-reason" label="Why" labelSize="s" error={errors.errors.byField.reason} rows={4} value={reason} onChange={setReason} />
    </CommandForm>
  );
}

const cafcassFields: Record<string, FieldSpec> = {
  referred_on: { label: 'The day of the referral', id: dateInputFirstId('referred_on'), required: 'Enter the day of the referral' },
  notes: { label: 'What was referred', id: 'cafcass-notes', required: 'Enter what was referred and why' },
};

/** A reviewing officer records a referral of a looked-after child's case to Cafcass. */
export function CafcassCommand({ escalation, onDone }: { escalation: Escalation; onDone: () => void }) {
  const refer = useReferToCafcass(escalation.id);
  const errors = useFormErrors();
  const [day, setDay] = useState<DateParts>(emptyDate);
  const [notes, setNotes] = useState('');
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (refer.isPending) return;
    const iso = isEmptyDate(day) ? null : isoDateFromParts(day);
    const missing = fieldErrors(cafcassFields, {
      referred_on: isEmptyDate(day) ? cafcassFields.referred_on?.required : !iso ? 'The day of the referral must be a real date' : iso > todayIso() ? 'The day of the referral must be today or in the past' : null,
      notes: notes.trim() ? null : cafcassFields.notes?.required,
    });
    if (missing.summary.length > 0 || !iso) {
      errors.show(missing);
      return;
    }
    refer.mutate(
      { referred_on: iso, notes: notes.trim() },
      {
        onSuccess: () => {
          errors.clear();
          onDone();
        },
        onError: (error) => errors.show(formErrorsFromError(error, cafcassFields, {}, { notes })),
      },
    );
  };
  return (
    <details className="govuk-details app-audit-section">
      <summary className="govuk-details__summary">
        <span className="govuk-details__summary-text">Record a referral to Cafcass</span>
      </summary>
      <div className="govuk-details__text">
        <CommandForm
          id="cafcass"
          heading="Record a referral to Cafcass"
          intro={<p className="govuk-body">For a child in care, you may refer the case to Cafcass at any point. The referral goes on the timeline.</p>}
          errors={errors}
          button="Record the referral"
          onSubmit={submit}
        >
          <DateInput id="referred_on" legend="When did you refer it?" legendSize="s" hint={`For example, ${dateInputExample(todayIso())}`} error={errors.errors.byField.referred_on} value={day} onChange={setDay} />
          <Textarea id="cafcass-notes" label="What you referred, and why" labelSize="s" error={errors.errors.byField.notes} rows={4} value={notes} onChange={setNotes} />
        </CommandForm>
      </div>
    </details>
  );
}
