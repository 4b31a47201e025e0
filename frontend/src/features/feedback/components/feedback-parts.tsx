import { ButtonGroup, ButtonLink, Tag, type TagColour } from '@/components/govuk';
import { ListViewsNav } from '@/components/list-views-nav';
import type { Feedback, FeedbackStatus, Me } from '@/lib/api/types';
import { caseLabel } from '@/lib/cases';
import { formatDate } from '@/lib/dates';
import { complaintStageLabels, feedbackKindLabels, feedbackStatusLabels, labelFor } from '@/lib/labels';
import { handlesComplaints, isFeedbackRecorder } from '@/lib/permissions';

const statusColours: Record<FeedbackStatus, TagColour> = {
  recorded: 'grey',
  received: 'blue',
  acknowledged: 'teal',
  responded: 'purple',
  closed: 'green',
  withdrawn: 'grey',
};

export function FeedbackStatusTag({ status }: { status: FeedbackStatus }) {
  return <Tag colour={statusColours[status]}>{feedbackStatusLabels[status]}</Tag>;
}

/** What a piece of feedback is about: its child's case, else its team, else nothing. */
export function aboutText(feedback: Pick<Feedback, 'case_display_name' | 'case_external_ref' | 'team_name'>): string {
  return caseLabel(feedback) || feedback.team_name || '';
}

/** A piece of feedback's title: "Complaint about N.W. (DEMO-000123)", "Compliment about Team A", "Advocacy report received 3 May 2026". */
export function feedbackTitle(feedback: Pick<Feedback, 'kind' | 'received_on' | 'case_display_name' | 'case_external_ref' | 'team_name'>): string {
  const kind = labelFor(feedbackKindLabels, feedback.kind);
  const about = aboutText(feedback);
  return about ? `${kind} about ${about}` : `${kind} received ${formatDate(feedback.received_on)}`;
}

/** "Statutory, stage 1: local resolution". */
export function routeAndStage(feedback: Pick<Feedback, 'route' | 'stage'>): string {
  const route = feedback.route === 'corporate' ? 'Corporate' : feedback.route === 'statutory' ? 'Statutory' : '';
  const stage = feedback.stage ? (complaintStageLabels[feedback.stage] ?? `Stage ${feedback.stage}`) : '';
  return [route, stage.charAt(0).toLowerCase() + stage.slice(1)].filter(Boolean).join(', ');
}

export type FeedbackView = 'all' | 'complaints';

const views: Record<FeedbackView, { to: string; text: string }> = {
  all: { to: '/feedback', text: 'All feedback' },
  complaints: { to: '/feedback/complaints', text: 'Complaints tracker' },
};

/** The feedback lists side by side, and what the caller may add: record feedback, import a survey. */
export function FeedbackNav({ me, current }: { me: Pick<Me, 'roles'>; current: FeedbackView | null }) {
  return (
    <>
      <ListViewsNav label="Feedback lists" views={(Object.keys(views) as FeedbackView[]).map((view) => ({ ...views[view], current: view === current }))} />
      {isFeedbackRecorder(me) ? (
        <ButtonGroup>
          <ButtonLink to={current === 'complaints' && handlesComplaints(me) ? '/feedback/new?kind=complaint' : '/feedback/new'}>
            {current === 'complaints' && handlesComplaints(me) ? 'Record a complaint' : 'Record feedback'}
          </ButtonLink>
          {handlesComplaints(me) ? (
            <ButtonLink variant="secondary" to="/feedback/import">
              Import survey responses
            </ButtonLink>
          ) : null}
        </ButtonGroup>
      ) : null}
    </>
  );
}
