import { useState, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { BackLink, NotificationBanner, SummaryList, Table, Tag, type SummaryListRow } from '@/components/govuk';
import { DeadlineTag } from '@/components/complaint-deadline';
import { Loading } from '@/components/loading';
import { ProblemPage } from '@/components/status-pages/problem-page';
import type { Feedback, FeedbackOperation } from '@/lib/api/types';
import { caseLabel } from '@/lib/cases';
import { complaintDeadline, useDueSoonDays, workingDaysWords } from '@/lib/complaints';
import { formatDate, formatDateTime, formatQuarter } from '@/lib/dates';
import { useFlash } from '@/lib/flash';
import { channelLabels, complaintRouteLabels, feedbackKindLabels, labelFor, narrativeText, sourceRoleLabels } from '@/lib/labels';
import { usePageTitle } from '@/lib/page-title';
import { standardName, usePracticeStandards } from '@/lib/reference-data';
import { useMe } from '@/lib/session/session-context';
import { useFeedback } from '../api/use-feedback';
import { AcknowledgeCommand, CloseCommand, EscalateCommand, ExtendCommand, OmbudsmanCommand, PanelCommand, RespondCommand, WeDidCommand, WithdrawCommand } from '../components/complaint-commands';
import { ChangeFeedback } from '../components/change-feedback';
import { ComplaintLadder } from '../components/complaint-ladder';
import { feedbackTitle, FeedbackStatusTag, routeAndStage } from '../components/feedback-parts';

export function FeedbackPage() {
  const { id = '' } = useParams();
  const feedback = useFeedback(id);
  if (feedback.isError) return <ProblemPage error={feedback.error} />;
  if (!feedback.data) return <LoadingFeedback />;
  // A new view for each piece of feedback: its forms start empty.
  return <FeedbackView key={feedback.data.id} feedback={feedback.data} />;
}

function LoadingFeedback() {
  usePageTitle('Feedback');
  return (
    <>
      <h1 className="govuk-heading-l">Feedback</h1>
      <Loading />
    </>
  );
}

/** An advocacy report's figures, in the report's order. */
const figureLabels: [keyof NonNullable<Feedback['advocacy']>, string][] = [
  ['referrals', 'Referrals received'],
  ['issue_based', 'Issue-based advocacy cases'],
  ['meetings', 'Advocacy at conferences and reviews'],
  ['outcomes_met', 'Closed with the child’s aims met'],
  ['outcomes_partly_met', 'Closed with the aims partly met'],
  ['compliments', 'Compliments passed on'],
  ['complaints', 'Complaints supported'],
  ['challenges', 'Challenges raised with the council'],
];

/**
 * A piece of feedback. A complaint shows its details, where it is on the ladder of stages and
 * the steps the QA unit may take now (each only as its `allowed_operations` allow); other
 * feedback its details, a participation "you said, we did" with the answer to the participant,
 * an advocacy report its figures and a survey response its ratings.
 */
function FeedbackView({ feedback }: { feedback: Feedback }) {
  const me = useMe();
  const flash = useFlash();
  const standards = usePracticeStandards();
  const dueSoonDays = useDueSoonDays();
  const [done, setDone] = useState<string | null>(null);
  const title = feedbackTitle(feedback);
  usePageTitle(title);
  const complaint = feedback.kind === 'complaint';
  const participation = feedback.kind === 'participation';
  // What the caller may do comes from the API's record policy, never worked out here.
  const allowed = (operation: FeedbackOperation) => feedback.allowed_operations.includes(operation);
  // Narrative the API left out (the analyst's view) says so, rather than "none".
  const reads = feedback.summary !== undefined && me.reads_narrative;
  const stage = feedback.stages?.find((s) => s.stage === feedback.stage);
  const standardNames = feedback.standards.map((n) => standardName(standards.data?.items ?? [], n));
  const deadline = complaintDeadline(feedback);
  const onDone = (message: string) => {
    setDone(message);
    window.scrollTo({ top: 0 });
  };

  const rows: SummaryListRow[] = [
    { key: 'Kind', value: labelFor(feedbackKindLabels, feedback.kind) },
    ...(complaint ? [{ key: 'Route', value: feedback.route ? complaintRouteLabels[feedback.route] : 'Not recorded' }] : []),
    { key: 'Received', value: formatDate(feedback.received_on) },
    { key: 'From', value: labelFor(sourceRoleLabels, feedback.source_role) },
    { key: 'How it came in', value: labelFor(channelLabels, feedback.channel) },
    {
      key: 'Case',
      value: feedback.case_id ? (
        <Link className="govuk-link" to={`/cases/${feedback.case_id}`}>
          {caseLabel(feedback) || 'View the case'}
        </Link>
      ) : (
        'Not about one child’s case'
      ),
    },
    { key: 'Team', value: feedback.team_name ?? 'Not about one team' },
    ...(complaint && feedback.acknowledge_by
      ? [{ key: 'Acknowledgement', value: feedback.acknowledged_on ? `Acknowledged ${formatDate(feedback.acknowledged_on)} (due by ${formatDate(feedback.acknowledge_by)})` : `Due by ${formatDate(feedback.acknowledge_by)}` }]
      : []),
    ...(participation
      ? []
      : [
          {
            key: feedback.kind === 'survey_response' ? 'Comment' : complaint ? 'The complaint' : 'What it says',
            value: <span className="app-narrative">{narrativeText(feedback.summary, reads, feedback.kind === 'survey_response' ? 'No comment' : 'None recorded')}</span>,
          },
        ]),
    { key: 'Themes', value: feedback.themes.length > 0 ? feedback.themes.join(', ') : 'None tagged' },
    { key: 'Practice standards', value: standardNames.length > 0 ? standardNames.join(', ') : 'None named' },
    ...(feedback.kind !== 'survey_response' ? [{ key: 'Learning', value: <span className="app-narrative">{narrativeText(feedback.learning, reads, 'None recorded')}</span> }] : []),
    ...(feedback.batch_ref
      ? [
          {
            key: 'Imported in',
            value: (
              <Link className="govuk-link" to={`/feedback?kind=survey_response&batch_ref=${encodeURIComponent(feedback.batch_ref)}`}>
                {feedback.batch_ref}
              </Link>
            ),
          },
        ]
      : []),
    ...(feedback.status === 'withdrawn' ? [{ key: 'Why it was withdrawn', value: <span className="app-narrative">{narrativeText(feedback.withdrawn_reason, reads)}</span> }] : []),
    { key: 'Recorded', value: formatDateTime(feedback.created_at) },
  ];

  let commands: ReactNode = null;
  if (complaint) {
    commands = (
      <>
        {allowed('acknowledge') ? <AcknowledgeCommand complaint={feedback} onDone={onDone} /> : null}
        {allowed('respond') ? <RespondCommand complaint={feedback} onDone={onDone} /> : null}
        {allowed('extend') ? <ExtendCommand complaint={feedback} stage={stage} onDone={onDone} /> : null}
        {allowed('panel') ? <PanelCommand complaint={feedback} stage={stage} onDone={onDone} /> : null}
        {allowed('escalate-stage') ? <EscalateCommand complaint={feedback} window={stage?.request_window_ends} onDone={onDone} /> : null}
        {allowed('close') ? <CloseCommand complaint={feedback} onDone={onDone} /> : null}
        {allowed('ombudsman') ? <OmbudsmanCommand complaint={feedback} onDone={onDone} /> : null}
        {allowed('withdraw') ? <WithdrawCommand complaint={feedback} onDone={onDone} /> : null}
      </>
    );
  }

  return (
    <>
      <BackLink to={complaint ? '/feedback/complaints' : '/feedback'}>{complaint ? 'Back to the complaints tracker' : 'Back to feedback'}</BackLink>
      {done ? <NotificationBanner type="success" heading={done} /> : flash ? <NotificationBanner type="success" heading={flash} /> : null}
      <span className="govuk-caption-l">{complaint ? routeAndStage(feedback) : 'Feedback'}</span>
      <h1 className="govuk-heading-l">{title}</h1>
      {complaint ? (
        <p className="govuk-body app-tags">
          <FeedbackStatusTag status={feedback.status} />
          <DeadlineTag complaint={feedback} dueSoonDays={dueSoonDays} />
          {feedback.ombudsman_referred_on ? <Tag colour="purple">With the Ombudsman</Tag> : null}
        </p>
      ) : null}
      {complaint && deadline && feedback.overdue ? (
        <div className="govuk-warning-text">
          <span className="govuk-warning-text__icon" aria-hidden="true">
            !
          </span>
          <strong className="govuk-warning-text__text">
            <span className="govuk-visually-hidden">Warning</span>
            Overdue. {deadline.kind === 'acknowledgement' ? 'The acknowledgement' : `Stage ${feedback.stage ?? 1}’s response`} was due by {formatDate(deadline.due)}
            {typeof feedback.working_days_left === 'number' ? `: ${workingDaysWords(feedback.working_days_left).toLowerCase()}` : ''}.
          </strong>
        </div>
      ) : null}
      {participation ? (
        <div className="govuk-grid-row app-you-said">
          <section className="govuk-grid-column-one-half" aria-labelledby="you-said">
            <h2 className="govuk-heading-m" id="you-said">
              You said
            </h2>
            <p className="govuk-body app-narrative">{narrativeText(feedback.summary, reads)}</p>
          </section>
          <section className="govuk-grid-column-one-half" aria-labelledby="we-did">
            <h2 className="govuk-heading-m" id="we-did">
              We did
            </h2>
            {feedback.we_did_on ? (
              <>
                <p className="govuk-body app-narrative">{narrativeText(feedback.we_did, reads)}</p>
                <p className="govuk-body app-secondary-text">Answered {formatDate(feedback.we_did_on)}</p>
              </>
            ) : (
              <p className="govuk-body">
                <Tag colour="grey">Not answered yet</Tag>
              </p>
            )}
          </section>
        </div>
      ) : null}
      <SummaryList rows={rows} />

      {feedback.advocacy ? (
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-two-thirds">
            <Table
          caption={`The report’s figures: ${formatQuarter(feedback.advocacy.quarter) || feedback.advocacy.quarter}`}
          captionSize="m"
          head={[{ text: 'Figure' }, { text: 'Number', format: 'numeric' }]}
          firstCellIsHeader
          rows={figureLabels.map(([name, label]) => ({ key: name, cells: [label, feedback.advocacy?.[name].toLocaleString('en-GB') ?? ''] }))}
            />
          </div>
        </div>
      ) : null}
      {feedback.ratings && feedback.ratings.length > 0 ? (
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-two-thirds">
            <Table
          caption="Ratings, from 1 (poor) to 5 (very good)"
          captionSize="m"
          head={[{ text: 'Question' }, { text: 'Rating', format: 'numeric' }]}
          firstCellIsHeader
          rows={feedback.ratings.map((r) => ({ key: r.question, cells: [r.question.toUpperCase(), typeof r.rating === 'number' ? String(r.rating) : 'Not answered'] }))}
            />
          </div>
        </div>
      ) : null}

      {complaint ? (
        <>
          <h2 className="govuk-heading-l govuk-!-margin-top-8">Where it is</h2>
          <ComplaintLadder complaint={feedback} dueSoonDays={dueSoonDays} readsNarrative={reads} />
          {commands}
        </>
      ) : null}
      {allowed('response-to-participant') ? <WeDidCommand feedback={feedback} onDone={onDone} /> : null}
      {allowed('update') && reads ? <ChangeFeedback feedback={feedback} onDone={onDone} /> : null}
    </>
  );
}
