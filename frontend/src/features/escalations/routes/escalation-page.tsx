import { useState, type SyntheticEvent } from 'react';
import { Link, useParams } from 'react-router';
import { BackLink, Button, ErrorSummary, NotificationBanner, SummaryList, Textarea } from '@/components/govuk';
import { Loading } from '@/components/loading';
import { ProblemPage } from '@/components/status-pages/problem-page';
import { EscalationStatusTag } from '@/components/status-tags';
import type { Escalation } from '@/lib/api/types';
import { caseLabel } from '@/lib/cases';
import { formatDate, formatDateTime } from '@/lib/dates';
import { formErrorsFromError, noErrors, type FormErrors } from '@/lib/form-errors';
import { escalationSourceLabels, escalationStageLabels, labelFor, narrativeText } from '@/lib/labels';
import { usePageTitle } from '@/lib/page-title';
import { usePracticeStandards } from '@/lib/reference-data';
import { useMe } from '@/lib/session/session-context';
import { usePersonName } from '@/lib/staff';
import { useEscalation, useResolveEscalation, useRespondToEscalation } from '../api/use-escalations';
import { EscalationFlags } from '@/components/escalation-flags';
import { Timeline } from '../components/timeline';

export function EscalationPage() {
  const { id = '' } = useParams();
  const escalation = useEscalation(id);
  if (escalation.isError) return <ProblemPage error={escalation.error} />;
  if (!escalation.data) return <LoadingEscalation />;
  return <EscalationView escalation={escalation.data} />;
}

function LoadingEscalation() {
  usePageTitle('Escalation');
  return (
    <>
      <h1 className="govuk-heading-l">Escalation</h1>
      <Loading />
    </>
  );
}

function EscalationView({ escalation }: { escalation: Escalation }) {
  const me = useMe();
  const personName = usePersonName();
  const standards = usePracticeStandards();
  const respond = useRespondToEscalation(escalation.id);
  const resolve = useResolveEscalation(escalation.id);
  const [done, setDone] = useState<string | null>(null);
  const name = caseLabel(escalation);
  const title = name ? `Escalation about ${name}` : 'Escalation';
  usePageTitle(title);
  const reads = me.reads_narrative;
  // Responding and resolving go together; the API's record policy says whether they are open to the caller.
  const mayAct = escalation.allowed_operations.includes('responses');
  const standardNames = escalation.standards.map((n) => {
    const standard = standards.data?.items.find((s) => s.number === n);
    return standard ? `${n}. ${standard.title}` : String(n);
  });

  return (
    <>
      <BackLink to="/escalations">Back to escalations</BackLink>
      {done ? <NotificationBanner type="success" heading={done} /> : null}
      <span className="govuk-caption-l">{labelFor(escalationSourceLabels, escalation.source)} escalation</span>
      <h1 className="govuk-heading-l">{title}</h1>
      {escalation.status === 'open' && (escalation.overdue || escalation.long_running) ? (
        <p className="govuk-body app-tags">
          <EscalationFlags escalation={escalation} />
        </p>
      ) : null}
      <SummaryList
        rows={[
          {
            key: 'Case',
            value: (
              <Link className="govuk-link" to={`/cases/${escalation.case_id}`}>
                {name || 'View the case'}
              </Link>
            ),
          },
          { key: 'Status', value: <EscalationStatusTag status={escalation.status} /> },
          { key: 'Stage', value: escalationStageLabels[escalation.stage] ?? `Stage ${escalation.stage}` },
          ...(escalation.status === 'open' ? [{ key: 'This stage is due', value: formatDate(escalation.stage_due_on) }] : []),
          { key: 'Raised', value: formatDateTime(escalation.created_at) },
          { key: 'Raised by', value: personName(escalation.raised_by, 'The system') },
          { key: 'Raised to', value: personName(escalation.raised_to, 'No one') },
          ...(escalation.source === 'audit' && escalation.source_id
            ? [
                {
                  key: 'Source',
                  value: (
                    <Link className="govuk-link" to={`/audits/${escalation.source_id}`}>
                      The audit that raised it
                    </Link>
                  ),
                },
              ]
            : []),
          { key: 'Practice standards', value: standardNames.length > 0 ? standardNames.join(', ') : 'None named' },
          { key: 'Concern', value: <span className="app-narrative">{narrativeText(escalation.concern, reads)}</span> },
          ...(escalation.status === 'resolved'
            ? [
                { key: 'Resolved', value: `${formatDateTime(escalation.resolved_at)} by ${personName(escalation.resolved_by)}` },
                { key: 'Resolution', value: <span className="app-narrative">{narrativeText(escalation.resolution, reads)}</span> },
              ]
            : []),
        ]}
      />
      <h2 className="govuk-heading-l">Timeline</h2>
      <Timeline events={escalation.timeline ?? []} personName={personName} readsNarrative={reads} />
      {mayAct ? (
        <>
          <TextForm
            id="response-text"
            heading="Add a response"
            label="Your response"
            hint="What you have done or decided. Everyone on the escalation is told."
            required="Enter your response"
            button="Add response"
            onSubmit={respond}
            onDone={() => setDone('Your response has been added')}
          />
          <TextForm
            id="resolution"
            heading="Resolve the escalation"
            label="How it was resolved"
            hint="Resolving closes the escalation."
            required="Enter how the escalation was resolved"
            button="Resolve escalation"
            onSubmit={resolve}
            onDone={() => setDone('The escalation is resolved')}
          />
        </>
      ) : null}
    </>
  );
}

interface TextFormProps {
  id: string;
  heading: string;
  label: string;
  hint: string;
  required: string;
  button: string;
  onSubmit: { mutate: (text: string, options: { onSuccess: () => void; onError: (error: unknown) => void }) => void; isPending: boolean };
  onDone: () => void;
}

function TextForm({ id, heading, label, hint, required, button, onSubmit, onDone }: TextFormProps) {
  const [text, setText] = useState('');
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [attempt, setAttempt] = useState(0);
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (onSubmit.isPending) return;
    if (!text.trim()) {
      setErrors({ summary: [{ href: `#${id}`, text: required }], byField: { text: required } });
      setAttempt((n) => n + 1);
      return;
    }
    onSubmit.mutate(text.trim(), {
      // Each form clears only itself: the other keeps what was typed into it while this one
      // was being sent, even though the escalation is fetched again.
      onSuccess: () => {
        setText('');
        setErrors(noErrors);
        onDone();
      },
      onError: (error) => {
        const shown = formErrorsFromError(error, { text: { label, id }, resolution: { label, id } });
        setErrors({ summary: shown.summary, byField: { text: Object.values(shown.byField)[0] ?? '' } });
        setAttempt((n) => n + 1);
      },
    });
  };
  return (
    <form noValidate onSubmit={submit} className="app-audit-section" aria-labelledby={`${id}-heading`}>
      <h2 className="govuk-heading-m" id={`${id}-heading`}>
        {heading}
      </h2>
      {errors.summary.length > 0 ? <ErrorSummary key={attempt} errors={errors.summary} /> : null}
      <Textarea id={id} label={label} labelSize="s" hint={hint} error={errors.byField.text || undefined} rows={4} value={text} onChange={setText} />
      <Button variant={id === 'resolution' ? 'primary' : 'secondary'}>
        {button}
      </Button>
    </form>
  );
}
