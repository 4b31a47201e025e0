import { useState, type ReactNode, type SyntheticEvent } from 'react';
import { Button, DateInput, dateInputFirstId, datePartsFromIso, emptyDate, ErrorSummary, Input, isEmptyDate, isoDateFromParts, Radios, Textarea, type DateParts } from '@/components/govuk';
import { useFormErrors } from '@/components/use-form-errors';
import { ApiError } from '@/lib/api/api-error';
import { COMPLAINT_OUTCOMES } from '@/lib/api/enums';
import type { ComplaintOutcome, ComplaintStage, Feedback } from '@/lib/api/types';
import { dateInputExample, formatDate, todayIso } from '@/lib/dates';
import { fieldErrors, type FieldSpec } from '@/lib/form-errors';
import { complaintOutcomeLabels, complaintStageLabels } from '@/lib/labels';
import { feedbackErrors } from '../api/feedback-errors';
import { useAcknowledge, useAnswerParticipant, useClose, useEscalateStage, useExtend, useOmbudsman, usePanel, useRespond, useWithdraw } from '../api/use-feedback';
import { lastStage } from './complaint-ladder';

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
  children?: ReactNode;
}

/** One command's form on the complaint's page, with its heading and its own error summary. */
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

/** A day from a date input, checked: null and a message when it is not a real day, or is in the future. */
function pastDay(parts: DateParts, what: string, required: boolean): { iso: string | null; error: string | null } {
  if (isEmptyDate(parts)) return { iso: null, error: required ? `Enter ${what}` : null };
  const iso = isoDateFromParts(parts);
  const name = what.charAt(0).toUpperCase() + what.slice(1);
  if (!iso) return { iso: null, error: `${name} must be a real date` };
  if (iso > todayIso()) return { iso: null, error: `${name} must be today or in the past` };
  return { iso, error: null };
}

const example = `For example, ${dateInputExample(todayIso())}`;

/**
 * Sends a command and shows what came back: the errors on this form, or `onDone` with the form
 * emptied. A refusal because of the complaint's state (409) is the server's own words; when it
 * is about one of the form's fields (`conflictField`), it links to that field.
 */
function run<I>(command: Command<I>, input: I, errors: ReturnType<typeof useFormErrors>, fields: Record<string, FieldSpec>, values: object, onDone: () => void, conflictField?: string) {
  command.mutate(input, {
    onSuccess: () => {
      errors.clear();
      onDone();
    },
    onError: (error) => {
      const spec = conflictField ? fields[conflictField] : undefined;
      if (conflictField && spec && error instanceof ApiError && error.status === 409 && error.problem?.detail) {
        errors.show({ summary: [{ href: `#${spec.id ?? conflictField}`, text: error.problem.detail, field: conflictField }], byField: { [conflictField]: error.problem.detail } });
      } else errors.show(feedbackErrors(error, fields, values));
    },
  });
}

export interface CommandProps {
  complaint: Feedback;
  onDone: (message: string) => void;
}

/** Acknowledging a complaint: no more than a button, with when it is due. */
export function AcknowledgeCommand({ complaint, onDone }: CommandProps) {
  const acknowledge = useAcknowledge(complaint);
  const errors = useFormErrors();
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (acknowledge.isPending) return;
    run(acknowledge, undefined, errors, {}, {}, () => onDone('The complaint is acknowledged'));
  };
  return (
    <CommandForm
      id="acknowledge"
      heading="Acknowledge the complaint"
      intro={
        <p className="govuk-body">
          Tell the complainant it has been received{complaint.acknowledge_by ? ` by ${formatDate(complaint.acknowledge_by)}` : ''}.{' '}
          {complaint.route === 'corporate' ? 'On the corporate route, stage 1’s working days start today.' : 'Stage 1’s working days started when it was received.'}
        </p>
      }
      errors={errors}
      button="Acknowledge complaint"
      variant="primary"
      onSubmit={submit}
    />
  );
}

const extendFields: Record<string, FieldSpec> = {
  extra_working_days: { label: 'Extra working days', id: 'extra_working_days', required: 'Enter how many working days to add' },
  reason: { label: 'Why', id: 'extend-reason', required: 'Enter why the stage needs longer' },
};

/** Extending the current stage by working days, with a reason; no further than the stage's maximum. */
export function ExtendCommand({ complaint, stage, onDone }: CommandProps & { stage: ComplaintStage | undefined }) {
  const extend = useExtend(complaint);
  const errors = useFormErrors();
  const [days, setDays] = useState('');
  const [reason, setReason] = useState('');
  const room = stage ? stage.max_days - stage.standard_days - stage.extended_days : undefined;
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (extend.isPending) return;
    const n = Number(days.trim());
    const missing = fieldErrors(extendFields, {
      extra_working_days: !days.trim() ? extendFields.extra_working_days?.required : !Number.isInteger(n) || n < 1 ? 'Extra working days must be a whole number, 1 or more' : null,
      reason: reason.trim() ? null : extendFields.reason?.required,
    });
    if (missing.summary.length > 0) {
      errors.show(missing);
      return;
    }
    // The stage's maximum is the API's to enforce: it says how many more days there are.
    run(extend, { extra_working_days: n, reason: reason.trim() }, errors, extendFields, { reason }, () => {
      setDays('');
      setReason('');
      onDone(`${complaintStageLabels[complaint.stage ?? 1] ?? 'The stage'} is extended by ${n} working day${n === 1 ? '' : 's'}`);
    });
  };
  return (
    <CommandForm
      id="extend"
      heading="Extend this stage"
      intro={
        stage ? (
          <p className="govuk-body">
            It has {stage.standard_days + stage.extended_days} working days{stage.extended_days > 0 ? ` (extended by ${stage.extended_days})` : ''} and may have at most {stage.max_days}
            {room !== undefined ? `: up to ${room} more` : ''}. Tell the complainant why it needs longer.
          </p>
        ) : undefined
      }
      errors={errors}
      button="Extend stage"
      onSubmit={submit}
    >
      <Input id="extra_working_days" label="How many working days to add?" labelSize="s" width="3" inputMode="numeric" spellCheck={false} error={errors.errors.byField.extra_working_days} value={days} onChange={setDays} />
      <Textarea id="extend-reason" label="Why does it need longer?" labelSize="s" error={errors.errors.byField.reason} rows={3} value={reason} onChange={setReason} />
    </CommandForm>
  );
}

const respondFields: Record<string, FieldSpec> = {
  outcome: { label: 'Outcome', id: 'outcome', required: 'Select the outcome' },
  response_summary: { label: 'The response', id: 'response_summary', required: 'Enter the response' },
  responded_on: { label: 'The day the response was sent', id: dateInputFirstId('responded_on'), required: 'Enter the day the response was sent' },
};

/** Recording the current stage's response: its outcome, what it said and the day it went. */
export function RespondCommand({ complaint, onDone }: CommandProps) {
  const respond = useRespond(complaint);
  const errors = useFormErrors();
  const [outcome, setOutcome] = useState('');
  const [summary, setSummary] = useState('');
  const [day, setDay] = useState<DateParts>(() => datePartsFromIso(todayIso()));
  const stage = complaint.stage ?? 1;
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (respond.isPending) return;
    const sent = pastDay(day, 'the day the response was sent', true);
    const missing = fieldErrors(respondFields, {
      outcome: outcome ? null : respondFields.outcome?.required,
      response_summary: summary.trim() ? null : respondFields.response_summary?.required,
      responded_on: sent.error,
    });
    if (missing.summary.length > 0 || !sent.iso) {
      errors.show(missing);
      return;
    }
    run(respond, { outcome: outcome as ComplaintOutcome, response_summary: summary.trim(), responded_on: sent.iso }, errors, respondFields, { response_summary: summary }, () => {
      setOutcome('');
      setSummary('');
      onDone(`The response to stage ${stage} is recorded`);
    });
  };
  return (
    <CommandForm
      id="respond"
      heading={`Record stage ${stage}’s response`}
      intro={<p className="govuk-body">Once the response is recorded, the complainant may ask for {stage < lastStage(complaint) ? `stage ${stage + 1}` : 'the Ombudsman'} within the request window.</p>}
      errors={errors}
      button="Record response"
      variant="primary"
      onSubmit={submit}
    >
      <Radios
        idPrefix="outcome"
        legend="What was the outcome?"
        legendSize="s"
        error={errors.errors.byField.outcome}
        value={outcome}
        onChange={setOutcome}
        items={COMPLAINT_OUTCOMES.map((o) => ({ value: o, text: complaintOutcomeLabels[o] }))}
      />
      <Textarea id="response_summary" label="What did the response say?" labelSize="s" hint="A summary: what was found and what the council will do." error={errors.errors.byField.response_summary} rows={4} value={summary} onChange={setSummary} />
      <DateInput id="responded_on" legend="When was it sent?" legendSize="s" hint={example} error={errors.errors.byField.responded_on} value={day} onChange={setDay} />
    </CommandForm>
  );
}

const escalateFields: Record<string, FieldSpec> = {
  requested_on: { label: 'The day the complainant asked', id: dateInputFirstId('requested_on') },
  investigator: { label: 'Investigating officer', id: 'investigator', required: 'Enter the investigating officer’s name' },
  independent_person: { label: 'Independent person', id: 'independent_person', required: 'Enter the independent person’s name' },
  panel_members: { label: 'Panel members', id: 'panel_members-0', required: 'Enter the names of the panel’s three members' },
};

/**
 * Opening the next stage on the complainant's request, within the request window: stage 2 names
 * its investigating officer and independent person, stage 3 its three panel members.
 */
export function EscalateCommand({ complaint, window, onDone }: CommandProps & { window: string | null | undefined }) {
  const escalate = useEscalateStage(complaint);
  const errors = useFormErrors();
  const next = (complaint.stage ?? 1) + 1;
  const statutory = complaint.route === 'statutory';
  const [day, setDay] = useState<DateParts>(() => datePartsFromIso(todayIso()));
  const [investigator, setInvestigator] = useState('');
  const [independent, setIndependent] = useState('');
  const [members, setMembers] = useState(['', '', '']);
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (escalate.isPending) return;
    const asked = pastDay(day, 'the day the complainant asked', false);
    const named = members.map((m) => m.trim()).filter(Boolean);
    const missing = fieldErrors(escalateFields, {
      requested_on: asked.error,
      investigator: statutory && next === 2 && !investigator.trim() ? escalateFields.investigator?.required : null,
      independent_person: statutory && next === 2 && !independent.trim() ? escalateFields.independent_person?.required : null,
      panel_members: statutory && next === 3 && named.length !== 3 ? escalateFields.panel_members?.required : null,
    });
    if (missing.summary.length > 0) {
      errors.show(missing);
      return;
    }
    run(
      escalate,
      {
        requested_on: asked.iso,
        investigator: statutory && next === 2 ? investigator.trim() : null,
        independent_person: statutory && next === 2 ? independent.trim() : null,
        panel_members: statutory && next === 3 ? named : [],
      },
      errors,
      escalateFields,
      { investigator, independent_person: independent, panel_members: named },
      () => onDone(`The complaint is at ${(complaintStageLabels[next] ?? `stage ${next}`).toLowerCase()}`),
      // A request after the window closed is refused for its day.
      'requested_on',
    );
  };
  return (
    <CommandForm
      id="escalate"
      heading={`Open stage ${next}: the complainant asked`}
      intro={
        <p className="govuk-body">
          {window ? (window < todayIso() ? `The complainant could ask until ${formatDate(window)}: the window has closed, unless they asked by then. ` : `The complainant may ask until ${formatDate(window)}. `) : ''}
          {statutory && next === 2 ? 'Stage 2 is an investigation by an investigating officer, with an independent person.' : statutory && next === 3 ? 'Stage 3 is a review panel of three independent people.' : ''}
        </p>
      }
      errors={errors}
      button={`Open stage ${next}`}
      onSubmit={submit}
    >
      <DateInput id="requested_on" legend="When did the complainant ask?" legendSize="s" hint={`The stage’s working days count from this day. ${example}`} error={errors.errors.byField.requested_on} value={day} onChange={setDay} />
      {statutory && next === 2 ? (
        <>
          <Input id="investigator" label="Investigating officer" labelSize="s" autoComplete="off" error={errors.errors.byField.investigator} value={investigator} onChange={setInvestigator} />
          <Input id="independent_person" label="Independent person" labelSize="s" autoComplete="off" error={errors.errors.byField.independent_person} value={independent} onChange={setIndependent} />
        </>
      ) : null}
      {statutory && next === 3 ? (
        <fieldset className="govuk-fieldset">
          <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">The panel’s three members</legend>
          {errors.errors.byField.panel_members ? (
            <p className="govuk-error-message" id="panel_members-error">
              <span className="govuk-visually-hidden">Error:</span> {errors.errors.byField.panel_members}
            </p>
          ) : null}
          {members.map((member, index) => (
            <Input
              key={index}
              id={`panel_members-${index}`}
              label={`Panel member ${index + 1}`}
              autoComplete="off"
              aria-describedby={errors.errors.byField.panel_members ? 'panel_members-error' : undefined}
              value={member}
              onChange={(value) => setMembers((current) => current.map((m, i) => (i === index ? value : m)))}
            />
          ))}
        </fieldset>
      ) : null}
    </CommandForm>
  );
}

const panelFields: Record<string, FieldSpec> = {
  panel_on: { label: 'The day the panel met', id: dateInputFirstId('panel_on'), required: 'Enter the day the panel met' },
  report_on: { label: 'The day its report came', id: dateInputFirstId('report_on') },
  council_response_on: { label: 'The day of the council’s response', id: dateInputFirstId('council_response_on') },
};

/** Stage 3's review panel: when it met, when its report came, when the council responded (which ends the stage). */
export function PanelCommand({ complaint, stage, onDone }: CommandProps & { stage: ComplaintStage | undefined }) {
  const record = usePanel(complaint);
  const errors = useFormErrors();
  const [panel, setPanel] = useState<DateParts>(() => datePartsFromIso(stage?.panel_on));
  const [report, setReport] = useState<DateParts>(() => datePartsFromIso(stage?.report_on));
  const [response, setResponse] = useState<DateParts>(emptyDate);
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (record.isPending) return;
    const met = pastDay(panel, 'the day the panel met', true);
    const came = pastDay(report, 'the day its report came', false);
    const answered = pastDay(response, 'the day of the council’s response', false);
    const missing = fieldErrors(panelFields, {
      panel_on: met.error,
      report_on: came.error,
      council_response_on: answered.error ?? (answered.iso && !came.iso && !came.error ? 'Enter the day the report came: the council’s response follows it' : null),
    });
    if (missing.summary.length > 0 || !met.iso) {
      errors.show(missing);
      return;
    }
    run(record, { panel_on: met.iso, report_on: came.iso, council_response_on: answered.iso }, errors, panelFields, {}, () =>
      onDone(answered.iso ? 'The council’s response is recorded: stage 3 is answered' : came.iso ? 'The panel’s report is recorded' : 'The panel is recorded'),
    );
  };
  return (
    <CommandForm
      id="panel"
      heading="Record the review panel"
      intro={<p className="govuk-body">Each date has its own deadline: the panel, then its report, then the council’s response, which ends the stage. Record them as they happen.</p>}
      errors={errors}
      button="Record panel dates"
      onSubmit={submit}
    >
      <DateInput id="panel_on" legend="When did the panel meet?" legendSize="s" hint={example} error={errors.errors.byField.panel_on} value={panel} onChange={setPanel} />
      <DateInput id="report_on" legend="When did its report come? (optional)" legendSize="s" error={errors.errors.byField.report_on} value={report} onChange={setReport} />
      <DateInput id="council_response_on" legend="When did the council respond to the report? (optional)" legendSize="s" error={errors.errors.byField.council_response_on} value={response} onChange={setResponse} />
    </CommandForm>
  );
}

const ombudsmanFields: Record<string, FieldSpec> = {
  referred_on: { label: 'The day the complainant went to the Ombudsman', id: dateInputFirstId('referred_on'), required: 'Enter the day the complainant went to the Ombudsman' },
  outcome: { label: 'The Ombudsman’s finding', id: 'ombudsman-outcome' },
};

/** Recording that the complainant went to the Local Government and Social Care Ombudsman. */
export function OmbudsmanCommand({ complaint, onDone }: CommandProps) {
  const refer = useOmbudsman(complaint);
  const errors = useFormErrors();
  const [day, setDay] = useState<DateParts>(emptyDate);
  const [outcome, setOutcome] = useState('');
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (refer.isPending) return;
    const went = pastDay(day, 'the day the complainant went to the Ombudsman', true);
    const missing = fieldErrors(ombudsmanFields, { referred_on: went.error });
    if (missing.summary.length > 0 || !went.iso) {
      errors.show(missing);
      return;
    }
    run(refer, { referred_on: went.iso, outcome: outcome.trim() || null }, errors, ombudsmanFields, {}, () => onDone('The referral to the Ombudsman is recorded'));
  };
  return (
    <details className="govuk-details app-audit-section">
      <summary className="govuk-details__summary">
        <span className="govuk-details__summary-text">Record a referral to the Ombudsman</span>
      </summary>
      <div className="govuk-details__text">
        <CommandForm id="ombudsman" heading="Record a referral to the Ombudsman" errors={errors} button="Record referral" onSubmit={submit}>
          <DateInput id="referred_on" legend="When did the complainant go to the Ombudsman?" legendSize="s" hint={example} error={errors.errors.byField.referred_on} value={day} onChange={setDay} />
          <Input id="ombudsman-outcome" label="The Ombudsman’s finding, if known (optional)" labelSize="s" error={errors.errors.byField.outcome} value={outcome} onChange={setOutcome} />
        </CommandForm>
      </div>
    </details>
  );
}

const withdrawFields: Record<string, FieldSpec> = { reason: { label: 'Why', id: 'withdraw-reason', required: 'Enter why the complainant withdrew it' } };

/** Withdrawing a complaint with the complainant's reason: its clock stops. */
export function WithdrawCommand({ complaint, onDone }: CommandProps) {
  const withdraw = useWithdraw(complaint);
  const errors = useFormErrors();
  const [reason, setReason] = useState('');
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (withdraw.isPending) return;
    const missing = fieldErrors(withdrawFields, { reason: reason.trim() ? null : withdrawFields.reason?.required });
    if (missing.summary.length > 0) {
      errors.show(missing);
      return;
    }
    run(withdraw, reason.trim(), errors, withdrawFields, { reason }, () => onDone('The complaint is withdrawn'));
  };
  return (
    <details className="govuk-details app-audit-section" open={errors.errors.summary.length > 0 || undefined}>
      <summary className="govuk-details__summary">
        <span className="govuk-details__summary-text">Withdraw the complaint</span>
      </summary>
      <div className="govuk-details__text">
        <CommandForm
          id="withdraw"
          heading="Withdraw the complaint"
          intro={<p className="govuk-body">When the complainant withdraws it. Its clock stops and it leaves the tracker.</p>}
          errors={errors}
          button="Withdraw complaint"
          variant="warning"
          onSubmit={submit}
        >
          <Textarea id="withdraw-reason" label="Why did the complainant withdraw it?" labelSize="s" error={errors.errors.byField.reason} rows={3} value={reason} onChange={setReason} />
        </CommandForm>
      </div>
    </details>
  );
}

/** Closing a responded complaint when the complainant did not go further. */
export function CloseCommand({ complaint, onDone }: CommandProps) {
  const close = useClose(complaint);
  const errors = useFormErrors();
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (close.isPending) return;
    run(close, undefined, errors, {}, {}, () => onDone('The complaint is closed'));
  };
  return (
    <CommandForm
      id="close"
      heading="Close the complaint"
      intro={
        <p className="govuk-body">
          {(complaint.stage ?? 1) < lastStage(complaint)
            ? `When the complainant has not asked for stage ${(complaint.stage ?? 1) + 1} within the request window.`
            : 'This was the last stage of its route.'}{' '}
          A referral to the Ombudsman may still be recorded afterwards.
        </p>
      }
      errors={errors}
      button="Close complaint"
      onSubmit={submit}
    />
  );
}

const weDidFields: Record<string, FieldSpec> = { we_did: { label: 'What changed', id: 'we_did', required: 'Enter what changed because of what they said' } };

/** Answering a participant, once: "you said, we did". */
export function WeDidCommand({ feedback, onDone }: { feedback: Feedback; onDone: (message: string) => void }) {
  const answer = useAnswerParticipant(feedback);
  const errors = useFormErrors();
  const [text, setText] = useState('');
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (answer.isPending) return;
    const missing = fieldErrors(weDidFields, { we_did: text.trim() ? null : weDidFields.we_did?.required });
    if (missing.summary.length > 0) {
      errors.show(missing);
      return;
    }
    run(answer, text.trim(), errors, weDidFields, { we_did: text }, () => {
      setText('');
      onDone('Your answer is recorded: “you said, we did”');
    });
  };
  return (
    <CommandForm
      id="we-did"
      heading="Answer them: we did"
      intro={<p className="govuk-body">The participation report shows your answer beside what they said. You answer once.</p>}
      errors={errors}
      button="Record answer"
      variant="primary"
      onSubmit={submit}
    >
      <Textarea id="we_did" label="What changed because of what they said?" labelSize="s" error={errors.errors.byField.we_did} rows={4} value={text} onChange={setText} />
    </CommandForm>
  );
}
