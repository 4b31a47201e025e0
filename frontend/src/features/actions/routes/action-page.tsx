import { useState, type SyntheticEvent } from 'react';
import { Link, useParams } from 'react-router';
import { BackLink, Button, ErrorSummary, NotificationBanner, SummaryList, Textarea } from '@/components/govuk';
import { Loading } from '@/components/loading';
import { ProblemPage } from '@/components/status-pages/problem-page';
import { ActionStatusTag } from '@/components/status-tags';
import type { Action, ActionOperation } from '@/lib/api/types';
import { caseLabel } from '@/lib/cases';
import { formatDate, formatDateTime } from '@/lib/dates';
import { formErrorsFromError, noErrors, type FormErrors } from '@/lib/form-errors';
import { actionKindLabels, labelFor, narrativeText } from '@/lib/labels';
import { usePageTitle } from '@/lib/page-title';
import { standardName, usePracticeStandards } from '@/lib/reference-data';
import { useMe } from '@/lib/session/session-context';
import { usePersonName } from '@/lib/staff';
import { useAction, useActionTransition, type Transition } from '../api/use-actions';
import { usePlan } from '../api/use-plans';
import { ReassignForm } from '../components/reassign-form';
import { VerifyForm } from '../components/verify-form';

export function ActionPage() {
  const { id = '' } = useParams();
  const action = useAction(id);
  if (action.isError) return <ProblemPage error={action.error} />;
  if (!action.data) return <LoadingAction />;
  return <ActionView action={action.data.data} />;
}

function LoadingAction() {
  usePageTitle('Action');
  return (
    <>
      <h1 className="govuk-heading-l">Action</h1>
      <Loading />
    </>
  );
}

// Verifying (with a reading) and reassigning have forms of their own; the other steps take a text at most.
type Step = Exclude<ActionOperation, 'reassign' | 'verify'>;
const isStep = (operation: ActionOperation): operation is Step => operation !== 'reassign' && operation !== 'verify';

const stepText: Record<Step, { heading: string; button: string; field?: { label: string; hint: string; required: string }; done: string }> = {
  start: { heading: 'Start this action', button: 'Start action', done: 'Action started' },
  complete: {
    heading: 'Complete this action',
    button: 'Complete action',
    field: { label: 'Evidence of what was done', hint: 'The quality assurance unit checks it when they verify the action.', required: 'Enter the evidence of what was done' },
    done: 'Action completed',
  },
  cancel: {
    heading: 'Cancel this action',
    button: 'Cancel action',
    field: { label: 'Why it is cancelled', hint: '', required: 'Enter why the action is cancelled' },
    done: 'Action cancelled',
  },
};

function ActionView({ action }: { action: Action }) {
  const me = useMe();
  const personName = usePersonName();
  const standards = usePracticeStandards();
  const [done, setDone] = useState<string | null>(null);
  const reads = me.reads_narrative;
  const description = reads ? (action.description?.trim() ?? '') : '';
  // A short description is the heading; a long one follows a plain heading.
  const title = description && description.length <= 100 ? description : 'Action';
  usePageTitle(title === 'Action' ? 'Action' : `Action: ${title}`);
  // The plan, for its title and measures; an owner who may not read it is not shown it.
  const plan = usePlan(action.plan_id);
  // The steps offered are the ones the API's record policy allows the caller now.
  const allowed = (operation: ActionOperation) => action.allowed_operations.includes(operation);
  const steps = action.allowed_operations.filter(isStep);

  return (
    <>
      <BackLink to="/actions">Back to your actions</BackLink>
      {done ? <NotificationBanner type="success" heading={done} /> : null}
      <span className="govuk-caption-l">{labelFor(actionKindLabels, action.kind)} action</span>
      <h1 className="govuk-heading-l app-narrative">{title}</h1>
      {description && title !== description ? <p className="govuk-body-l app-narrative">{description}</p> : null}
      <SummaryList
        rows={[
          { key: 'Status', value: <ActionStatusTag status={action.status} overdue={action.overdue} /> },
          { key: 'Owner', value: personName(action.owner_id, 'No one') },
          { key: 'Due', value: formatDate(action.due_on) },
          ...(action.case_id
            ? [
                {
                  key: 'Case',
                  value: (
                    <Link className="govuk-link" to={`/cases/${action.case_id}`}>
                      {caseLabel(action) || 'View the case'}
                    </Link>
                  ),
                },
              ]
            : []),
          ...(plan.data
            ? [
                {
                  key: 'Action plan',
                  value: (
                    <Link className="govuk-link" to={`/actions/plans/${action.plan_id}`}>
                      {plan.data.data.title}
                    </Link>
                  ),
                },
              ]
            : []),
          ...(action.audit_id
            ? [
                {
                  key: 'Raised by',
                  value: (
                    <Link className="govuk-link" to={`/audits/${action.audit_id}`}>
                      The audit of this case
                    </Link>
                  ),
                },
              ]
            : []),
          ...(action.standard_number ? [{ key: 'Practice standard', value: standardName(standards.data?.items ?? [], action.standard_number) }] : []),
          ...(action.completed_at ? [{ key: 'Completed', value: formatDateTime(action.completed_at) }] : []),
          ...(action.status === 'completed' || action.status === 'verified' ? [{ key: 'Evidence', value: <span className="app-narrative">{narrativeText(action.evidence, reads)}</span> }] : []),
          ...(action.verified_at ? [{ key: 'Verified', value: `${formatDateTime(action.verified_at)} by ${personName(action.verified_by)}` }] : []),
          ...(action.status === 'verified' ? [{ key: 'Impact', value: <span className="app-narrative">{narrativeText(action.impact, reads)}</span> }] : []),
          ...(action.status === 'cancelled' ? [{ key: 'Why it was cancelled', value: <span className="app-narrative">{narrativeText(action.cancel_reason, reads)}</span> }] : []),
        ]}
      />
      {action.allowed_operations.length === 0 && !done ? <p className="govuk-body">There is nothing for you to do on this action now.</p> : null}
      {steps.map((step) => (
        // Keyed by step only: a refetch after another step (a new version) must not remount a
        // form someone is typing in; each form clears itself when its own step succeeds.
        <StepForm key={step} actionId={action.id} step={step} onDone={setDone} />
      ))}
      {allowed('verify') ? <VerifyForm actionId={action.id} measures={plan.data?.data.measures ?? []} onDone={setDone} /> : null}
      {allowed('reassign') ? <ReassignForm me={me} actionId={action.id} onDone={setDone} /> : null}
    </>
  );
}

function StepForm({ actionId, step, onDone }: { actionId: string; step: Step; onDone: (message: string) => void }) {
  const transition = useActionTransition(actionId);
  const [text, setText] = useState('');
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [attempt, setAttempt] = useState(0);
  const spec = stepText[step];
  const fieldId = `${step}-text`;
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (transition.isPending) return;
    if (spec.field && !text.trim()) {
      setErrors({ summary: [{ href: `#${fieldId}`, text: spec.field.required }], byField: { text: spec.field.required } });
      setAttempt((n) => n + 1);
      return;
    }
    const body: Transition = step === 'start' ? { step } : step === 'complete' ? { step, evidence: text.trim() } : { step, reason: text.trim() };
    transition.mutate(body, {
      onSuccess: () => {
        setText('');
        setErrors(noErrors);
        onDone(spec.done);
      },
      onError: (error) => {
        const field = { label: spec.field?.label ?? '', id: fieldId };
        const shown = formErrorsFromError(error, { evidence: field, reason: field });
        setErrors({ summary: shown.summary, byField: { text: Object.values(shown.byField)[0] ?? '' } });
        setAttempt((n) => n + 1);
      },
    });
  };
  return (
    <form noValidate onSubmit={submit} className="app-audit-section" aria-labelledby={`${step}-heading`}>
      <h2 className="govuk-heading-m" id={`${step}-heading`}>
        {spec.heading}
      </h2>
      {errors.summary.length > 0 ? <ErrorSummary key={attempt} errors={errors.summary} /> : null}
      {spec.field ? (
        <Textarea
          id={fieldId}
          label={spec.field.label}
          labelSize="s"
          hint={spec.field.hint || undefined}
          error={errors.byField.text || undefined}
          rows={4}
          value={text}
          onChange={setText}
        />
      ) : null}
      <Button variant={step === 'cancel' ? 'warning' : step === 'start' ? 'secondary' : 'primary'}>
        {spec.button}
      </Button>
    </form>
  );
}
