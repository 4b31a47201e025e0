import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { BackLink, NotificationBanner, SummaryList, Tag } from '@/components/govuk';
import { EscalationFlags } from '@/components/escalation-flags';
import { Loading } from '@/components/loading';
import { ProblemPage } from '@/components/status-pages/problem-page';
import { EscalationStatusTag } from '@/components/status-tags';
import type { Escalation, EscalationOperation } from '@/lib/api/types';
import { caseLabel } from '@/lib/cases';
import { formatDate, formatDateTime } from '@/lib/dates';
import { useFlash } from '@/lib/flash';
import { escalationCategoryLabels, escalationSourceLabels, escalationStageHolders, escalationStageLabels, labelFor, narrativeText } from '@/lib/labels';
import { useOrgUnits } from '@/lib/org-units';
import { usePageTitle } from '@/lib/page-title';
import { usePracticeStandards } from '@/lib/reference-data';
import { useMe } from '@/lib/session/session-context';
import { usePersonName, useStaff } from '@/lib/staff';
import { useAcceptResolution, useEscalation, useResolveEscalation, useRespondToEscalation, useWithdrawEscalation } from '../api/use-escalations';
import { CafcassCommand, StageCommand, TextCommand } from '../components/escalation-commands';
import { StageLadder, stageHolders } from '../components/stage-ladder';
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

/** Where a source record is. */
const sourcePath: Partial<Record<Escalation['source'], (id: string) => { to: string; text: string }>> = {
  audit: (id) => ({ to: `/audits/${id}`, text: 'The audit that raised it' }),
  monitoring_form: (id) => ({ to: `/monitoring-forms/${id}`, text: 'The monitoring form it was raised from' }),
};

/** What is late, in words beside the tags: the stage, the formal process, or both. */
function overdueWords(escalation: Escalation): string[] {
  const words: string[] = [];
  if (escalation.status !== 'open') return words;
  if (escalation.overdue) {
    words.push(
      escalation.stage === 0
        ? `The reply to this practice alert was due by ${formatDate(escalation.stage_due_on)} and has not come.`
        : `${escalationStageLabels[escalation.stage] ?? `Stage ${escalation.stage}`} was due to be resolved by ${formatDate(escalation.stage_due_on)}.`,
    );
  }
  if (escalation.formal_overdue && escalation.formal_due_on) words.push(`The formal process should have been over by ${formatDate(escalation.formal_due_on)}.`);
  return words;
}

function EscalationView({ escalation }: { escalation: Escalation }) {
  const me = useMe();
  const flash = useFlash();
  const personName = usePersonName();
  const staff = useStaff();
  const orgUnits = useOrgUnits();
  const standards = usePracticeStandards();
  const respond = useRespondToEscalation(escalation.id);
  const resolve = useResolveEscalation(escalation.id);
  const accept = useAcceptResolution(escalation.id);
  const withdraw = useWithdrawEscalation(escalation.id);
  const [done, setDone] = useState<string | null>(null);
  const alert = escalation.stage === 0;
  const name = caseLabel(escalation);
  const title = `${alert ? 'Practice alert' : 'Escalation'} about ${name || 'a case'}`;
  usePageTitle(title);
  const reads = me.reads_narrative;
  // What the caller may do comes from the API's record policy, never worked out here.
  const allowed = (operation: EscalationOperation) => escalation.allowed_operations.includes(operation);
  const holders = orgUnits.data && staff.data ? stageHolders(escalation.team_id, orgUnits.data, staff.data) : undefined;
  const standardNames = escalation.standards.map((n) => {
    const standard = standards.data?.items.find((s) => s.number === n);
    return standard ? `${n}. ${standard.title}` : String(n);
  });
  const source = escalation.source_id ? sourcePath[escalation.source]?.(escalation.source_id) : undefined;
  const late = overdueWords(escalation);
  const holder = escalation.raised_to_name ?? escalationStageHolders[escalation.stage] ?? 'the holder';

  return (
    <>
      <BackLink to="/escalations">Back to escalations</BackLink>
      {done ? <NotificationBanner type="success" heading={done} /> : flash ? <NotificationBanner type="success" heading={flash} /> : null}
      <span className="govuk-caption-l">
        {labelFor(escalationSourceLabels, escalation.source)} – {escalationStageLabels[escalation.stage] ?? `stage ${escalation.stage}`}
      </span>
      <h1 className="govuk-heading-l">{title}</h1>
      <p className="govuk-body app-tags">
        <EscalationStatusTag status={escalation.status} />
        {escalation.status === 'resolved' && escalation.accepted_at ? <Tag colour="green">Resolution accepted</Tag> : null}
        {escalation.status === 'open' ? <EscalationFlags escalation={escalation} /> : null}
        {escalation.status === 'open' && escalation.formal_overdue ? <Tag colour="red">Formal process overdue</Tag> : null}
      </p>
      {late.length > 0 ? (
        <div className="govuk-warning-text">
          <span className="govuk-warning-text__icon" aria-hidden="true">
            !
          </span>
          <strong className="govuk-warning-text__text">
            <span className="govuk-visually-hidden">Warning</span>
            Overdue. {late.join(' ')}
          </strong>
        </div>
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
          { key: 'Stage', value: escalationStageLabels[escalation.stage] ?? `Stage ${escalation.stage}` },
          { key: 'Raised', value: formatDateTime(escalation.created_at) },
          { key: 'Raised by', value: escalation.raised_by_name ?? personName(escalation.raised_by, 'The system') },
          { key: 'Raised to', value: escalation.raised_to_name ?? personName(escalation.raised_to, 'No one') },
          ...(source
            ? [
                {
                  key: 'Source',
                  value: (
                    <Link className="govuk-link" to={source.to}>
                      {source.text}
                    </Link>
                  ),
                },
              ]
            : []),
          ...(escalation.category ? [{ key: 'About', value: labelFor(escalationCategoryLabels, escalation.category) }] : []),
          { key: 'Practice standards', value: standardNames.length > 0 ? standardNames.join(', ') : 'None named' },
          { key: 'Concern', value: <span className="app-narrative">{narrativeText(escalation.concern, reads)}</span> },
          ...(escalation.formal_started_on
            ? [{ key: 'Formal process', value: `Started ${formatDate(escalation.formal_started_on)}, to be over by ${formatDate(escalation.formal_due_on)} (20 working days)` }]
            : []),
          ...(escalation.status === 'resolved' ? [{ key: 'Resolution', value: <span className="app-narrative">{narrativeText(escalation.resolution, reads)}</span> }] : []),
          ...(escalation.status === 'withdrawn' ? [{ key: 'Why it was withdrawn', value: <span className="app-narrative">{narrativeText(escalation.withdrawn_reason, reads)}</span> }] : []),
          ...(escalation.cafcass_referred_on ? [{ key: 'Referred to Cafcass', value: formatDate(escalation.cafcass_referred_on) }] : []),
        ]}
      />

      <h2 className="govuk-heading-l">Where it is</h2>
      <StageLadder escalation={escalation} holders={holders} personName={personName} readsNarrative={reads} />

      {allowed('responses') ? (
        <TextCommand
          id="response-text"
          heading={alert ? 'Reply to the practice alert' : 'Add a response'}
          label="Your response"
          hint={alert ? 'Your reply stops the practice alert’s clock. The person who raised it is told.' : 'What you have done or decided. Everyone on the escalation is told.'}
          required="Enter your response"
          button={alert ? 'Send reply' : 'Add response'}
          command={respond}
          onDone={() => setDone('Your response has been added')}
        />
      ) : null}
      {allowed('resolve') ? (
        <TextCommand
          id="resolution"
          heading={alert ? 'Resolve the practice alert' : 'Resolve the escalation'}
          label="How it was resolved"
          hint="The person who raised it then accepts the resolution, or takes it to the next stage."
          required="Enter how it was resolved"
          button={alert ? 'Resolve practice alert' : 'Resolve escalation'}
          variant="primary"
          command={resolve}
          onDone={() => setDone(`The ${alert ? 'practice alert' : 'escalation'} is resolved. We have told ${escalation.raised_by_name ?? 'the person who raised it'}.`)}
        />
      ) : null}
      {allowed('accept') ? (
        <TextCommand
          id="accept-comment"
          heading="Accept the resolution"
          intro={<p className="govuk-body">Accepting ends the process. If the resolution does not answer the concern, take it to the next stage instead.</p>}
          label="Anything you want to add (optional)"
          button="Accept the resolution"
          variant="primary"
          command={accept}
          onDone={() => setDone('You accepted the resolution: the process is over')}
        />
      ) : null}
      {allowed('stage') ? (
        <StageCommand
          escalation={escalation}
          maySkip={me.roles.includes('reviewing_officer')}
          holderOf={(stage) => {
            if (!holders) return undefined;
            const id = holders[stage];
            return id ? personName(id) : null;
          }}
          onDone={(stage) => {
            const next = stage <= 1 ? holder : holders?.[stage] ? personName(holders[stage]) : 'the person who holds it';
            setDone(`It is now at ${escalationStageLabels[stage]?.toLowerCase() ?? `stage ${stage}`}. We have told ${next}.`);
          }}
        />
      ) : null}
      {allowed('cafcass-referral') ? <CafcassCommand escalation={escalation} onDone={() => setDone('The referral to Cafcass is recorded')} /> : null}
      {allowed('withdraw') ? (
        <details className="govuk-details app-audit-section">
          <summary className="govuk-details__summary">
            <span className="govuk-details__summary-text">Withdraw this {alert ? 'practice alert' : 'escalation'}</span>
          </summary>
          <div className="govuk-details__text">
            <TextCommand
              id="withdraw-reason"
              heading={`Withdraw this ${alert ? 'practice alert' : 'escalation'}`}
              intro={<p className="govuk-body">Withdraw it if the concern no longer stands. {holder} is told.</p>}
              label="Why are you withdrawing it?"
              required="Enter why you are withdrawing it"
              button="Withdraw"
              variant="warning"
              command={withdraw}
              onDone={() => setDone('It is withdrawn')}
            />
          </div>
        </details>
      ) : null}

      <h2 className="govuk-heading-l app-audit-section">Timeline</h2>
      <Timeline events={escalation.timeline ?? []} personName={personName} readsNarrative={reads} />
    </>
  );
}
