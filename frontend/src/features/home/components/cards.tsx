import { Link } from 'react-router';
import { SummaryCard, SummaryList, Tag, type SummaryListRow } from '@/components/govuk';
import { ComplaintDeadline } from '@/components/complaint-deadline';
import { DaysLeft } from '@/components/days-left';
import { ReplyDue } from '@/components/reply-due';
import type { Me } from '@/lib/api/types';
import { caseLabel } from '@/lib/cases';
import { deadlineState, useDueSoonDays } from '@/lib/complaints';
import { formatDate, formatDateTime, formatDay, formatMonth, formatQuarter, monthRange, periodRange, quarterOf, todayIso } from '@/lib/dates';
import { auditKindLabels, escalationStageLabels, labelFor, meetingTypeLabels, narrativeText, observationSettingLabels, observationStatusLabels } from '@/lib/labels';
import { recordPath } from '@/lib/record-path';
import {
  countActions,
  countAudits,
  countCases,
  countEscalations,
  countFeedback,
  countForms,
  countObservations,
  countOrgUnits,
  countUsers,
  useAwaitingReply,
  useCount,
  useDraftForms,
  useDrafts,
  useModerationQueue,
  useObservationsToDo,
  useObservationsToReflectOn,
  useRaisedByMe,
  useResolutionsToAccept,
  useRunningComplaints,
  useSubjectAccessRequests,
  useThemesInProgress,
  useUnfinishedActions,
  useUnreadNotifications,
} from '../api/use-your-work';
import { CountLink, countRow } from './count';

/** A link that keeps a list's filters in the URL, so the list opens as counted. */
const listLink = (path: string, filters: Record<string, string>) => `${path}?${new URLSearchParams(filters).toString()}`;

const AUDITS = ['audit', 'audits'] as [string, string];
const ACTIONS = ['action', 'actions'] as [string, string];
const ESCALATIONS = ['escalation', 'escalations'] as [string, string];
const OBSERVATIONS = ['observation', 'observations'] as [string, string];
const FORMS = ['form', 'forms'] as [string, string];
const COMPLAINTS = ['complaint', 'complaints'] as [string, string];

/** A short list's total, once read. */
const totalOf = (page: { total?: number | null; items: unknown[] } | undefined) => (page ? (page.total ?? page.items.length) : undefined);

/**
 * Submitted audits not yet replied to, and those whose reply is overdue, for a team or a service:
 * each count opens the team's audits filtered as counted, the longest waiting first.
 */
function awaitingReplyRows(path: string, unit: { team_id: string } | { service_id: string }): SummaryListRow[] {
  return [
    countRow({
      label: 'Awaiting the worker’s reply',
      to: listLink(path, { ...unit, awaiting_response: 'true', sort: 'created_at' }),
      noun: AUDITS,
      query: countAudits({ ...unit, awaiting_response: true }),
    }),
    countRow({
      label: 'Overdue for reply',
      to: listLink(path, { ...unit, reply_overdue: 'true', sort: 'created_at' }),
      noun: AUDITS,
      warning: true,
      query: countAudits({ ...unit, reply_overdue: true }),
    }),
  ];
}

/** Audits of the caller's work awaiting their reply, oldest first, with when each reply is due. */
export function ReplyCard({ me }: { me: Me }) {
  const awaiting = useAwaitingReply(me.id);
  return (
    <SummaryCard title="Audits of your work to reply to" headingLevel={2} id="card-reply">
      <SummaryList
        rows={[
          {
            key: 'Awaiting your reply',
            value: <CountLink label="awaiting your reply" to={listLink('/audits/your-work', { awaiting_response: 'true', sort: 'created_at' })} noun={AUDITS} count={totalOf(awaiting.data)} />,
          },
          countRow({
            label: 'Reply overdue',
            to: listLink('/audits/your-work', { reply_overdue: 'true', sort: 'created_at' }),
            noun: AUDITS,
            warning: true,
            query: countAudits({ practitioner_id: me.id, reply_overdue: true }),
          }),
        ]}
      />
      {awaiting.data && awaiting.data.items.length > 0 ? (
        <ul className="govuk-list app-work-list">
          {awaiting.data.items.map((audit) => (
            <li key={audit.id}>
              <Link className="govuk-link" to={`/audits/${audit.id}`}>
                {caseLabel(audit) || 'Audit'}
                <span className="govuk-visually-hidden"> – {auditKindLabels[audit.kind]}</span>
              </Link>
              <span className="app-secondary-text"> – submitted {formatDay(audit.submitted_at)}</span>
              <div className="govuk-!-margin-top-1">
                <ReplyDue audit={audit} />
              </div>
            </li>
          ))}
        </ul>
      ) : awaiting.data ? (
        <p className="govuk-body">No audits of your work are waiting for your reply.</p>
      ) : null}
    </SummaryCard>
  );
}

/** The caller's draft audits. */
export function DraftsCard({ me }: { me: Me }) {
  const drafts = useDrafts(me.id);
  const to = listLink('/audits/mine', { status: 'draft' });
  return (
    <SummaryCard title="Your draft audits" headingLevel={2} id="card-drafts">
      <SummaryList rows={[{ key: 'In progress', value: <CountLink label="your draft audits" to={to} noun={AUDITS} count={drafts.data ? (drafts.data.total ?? drafts.data.items.length) : undefined} /> }]} />
      {drafts.data && drafts.data.items.length > 0 ? (
        <ul className="govuk-list app-work-list">
          {drafts.data.items.map((audit) => (
            <li key={audit.id}>
              <Link className="govuk-link" to={`/audits/${audit.id}/edit`}>
                {caseLabel(audit) || 'Audit'}
                <span className="govuk-visually-hidden"> – {auditKindLabels[audit.kind]}</span>
              </Link>
              <span className="app-secondary-text"> – started {formatDay(audit.created_at)}</span>
            </li>
          ))}
        </ul>
      ) : drafts.data ? (
        <p className="govuk-body">
          You have no audits in progress. Start one from a{' '}
          <Link className="govuk-link" to="/cases">
            case’s page
          </Link>
          .
        </p>
      ) : null}
    </SummaryCard>
  );
}

/**
 * The caller's audits this calendar month against the framework's expectation that managers
 * and leaders audit cases every month: those submitted this month.
 */
export function MonthCard({ me }: { me: Me }) {
  const month = todayIso().slice(0, 7);
  const range = monthRange(month);
  const query = countAudits({ auditor_id: me.id, submitted_from: range.from, submitted_to: range.to });
  const done = useCount(query);
  const to = listLink('/audits/mine', { submitted: month });
  return (
    <SummaryCard
      title="Your audits this month"
      headingLevel={2}
      id="card-month"
      actions={done.data === undefined ? null : done.data > 0 ? <Tag colour="green">Done</Tag> : <Tag colour="orange">To do</Tag>}
    >
      <SummaryList
        rows={[
          {
            key: formatMonth(month),
            value: <CountLink label={`audits you completed in ${formatMonth(month)}`} to={to} noun={['done this month', 'done this month']} count={done.data} />,
          },
        ]}
      />
      <p className="govuk-body app-secondary-text">Managers and leaders audit cases every month; the audits you submitted this month count.</p>
    </SummaryCard>
  );
}

/** The team manager's team: replies outstanding and overdue, overdue actions. */
export function TeamCard({ me }: { me: Me }) {
  const teamId = me.team_id ?? '';
  if (!teamId) return null;
  return (
    <SummaryCard title={`Your team: ${me.team_name ?? ''}`} headingLevel={2} id="card-team">
      <SummaryList
        rows={[
          ...awaitingReplyRows('/audits/team', { team_id: teamId }),
          countRow({ label: 'Overdue actions', to: listLink('/actions/team', { team_id: teamId, overdue: 'true' }), noun: ACTIONS, warning: true, query: countActions({ team_id: teamId, overdue: true }) }),
        ]}
      />
      <p className="govuk-body">
        <Link className="govuk-link" to={listLink('/staff', { team_id: teamId })}>
          Your team’s staff
        </Link>
      </p>
      {me.roles.includes('team_manager') ? (
        <p className="govuk-body">
          <Link className="govuk-link" to="/reports/team-briefing">
            Team briefing
          </Link>
          : your team beside your service, on the practice standards and actions
        </p>
      ) : null}
    </SummaryCard>
  );
}

/** The head of service's service: escalations, replies and overdue actions across its teams. */
export function ServiceCard({ me }: { me: Me }) {
  const serviceId = me.team_id ?? '';
  if (!serviceId) return null;
  return (
    <SummaryCard title={`Your service: ${me.team_name ?? ''}`} headingLevel={2} id="card-service">
      <SummaryList
        rows={[
          countRow({ label: 'Open escalations', to: listLink('/escalations', { service_id: serviceId }), noun: ESCALATIONS, query: countEscalations({ service_id: serviceId, status: ['open'] }) }),
          countRow({
            label: 'Overdue escalations',
            to: listLink('/escalations', { service_id: serviceId, overdue: 'true' }),
            noun: ESCALATIONS,
            warning: true,
            query: countEscalations({ service_id: serviceId, status: ['open'], overdue: true }),
          }),
          ...awaitingReplyRows('/audits/team', { service_id: serviceId }),
          countRow({ label: 'Overdue actions', to: listLink('/actions/team', { service_id: serviceId, overdue: 'true' }), noun: ACTIONS, warning: true, query: countActions({ service_id: serviceId, overdue: true }) }),
        ]}
      />
    </SummaryCard>
  );
}

/** Escalations the caller holds: open, and overdue for their stage. */
export function RaisedToMeCard({ me }: { me: Me }) {
  return (
    <SummaryCard title="Escalations raised to you" headingLevel={2} id="card-raised-to-me">
      <SummaryList
        rows={[
          countRow({ label: 'Open', to: listLink('/escalations', { raised_to: me.id }), noun: ESCALATIONS, query: countEscalations({ raised_to: me.id, status: ['open'] }) }),
          countRow({ label: 'Overdue', to: listLink('/escalations', { raised_to: me.id, overdue: 'true' }), noun: ESCALATIONS, warning: true, query: countEscalations({ raised_to: me.id, status: ['open'], overdue: true }) }),
        ]}
      />
    </SummaryCard>
  );
}

/**
 * Escalations the caller raised (a reviewing officer's practice alerts and disputes): open and
 * overdue, and the soonest due with the stage each is at and the working days left.
 */
export function RaisedByMeCard({ me }: { me: Me }) {
  const raised = useRaisedByMe(me.id);
  const toAccept = useResolutionsToAccept(me.id);
  return (
    <SummaryCard title="Escalations you raised" headingLevel={2} id="card-raised-by-me">
      <SummaryList
        rows={[
          { key: 'Open', value: <CountLink label="open escalations you raised" to={listLink('/escalations', { raised_by: me.id })} noun={ESCALATIONS} count={totalOf(raised.data)} /> },
          countRow({ label: 'Overdue', to: listLink('/escalations', { raised_by: me.id, overdue: 'true' }), noun: ESCALATIONS, warning: true, query: countEscalations({ raised_by: me.id, status: ['open'], overdue: true }) }),
          {
            key: 'Resolved, for you to accept',
            value: <CountLink label="resolved, for you to accept or take further" to={listLink('/escalations', { raised_by: me.id, status: 'resolved' })} noun={ESCALATIONS} count={toAccept.data?.length} />,
          },
        ]}
      />
      {toAccept.data && toAccept.data.length > 0 ? (
        <ul className="govuk-list app-work-list">
          {toAccept.data.slice(0, 5).map((escalation) => (
            <li key={escalation.id}>
              <Link className="govuk-link" to={`/escalations/${escalation.id}`}>
                {caseLabel(escalation, 'Escalation')}
              </Link>
              <span className="app-secondary-text"> – resolved {formatDay(escalation.resolved_at)}: accept it or take it further</span>
            </li>
          ))}
        </ul>
      ) : null}
      {raised.data && raised.data.items.length > 0 ? (
        <ul className="govuk-list app-work-list">
          {raised.data.items.map((escalation) => (
            <li key={escalation.id}>
              <Link className="govuk-link" to={`/escalations/${escalation.id}`}>
                {caseLabel(escalation, 'Escalation')}
              </Link>
              <div className="app-secondary-text">
                {escalationStageLabels[escalation.stage] ?? `Stage ${escalation.stage}`}, with {escalation.raised_to_name ?? 'no one'}
              </div>
              <div>
                Due {formatDate(escalation.stage_due_on)}
                <DaysLeft due={escalation.stage_due_on} overdue={escalation.overdue} />
              </div>
            </li>
          ))}
        </ul>
      ) : null}
    </SummaryCard>
  );
}

/** Observations of the caller's practice waiting for their reflection. */
export function ReflectCard({ me }: { me: Me }) {
  const waiting = useObservationsToReflectOn(me.id);
  const to = listLink('/observations/your-practice', { status: 'submitted' });
  return (
    <SummaryCard title="Observations of your practice" headingLevel={2} id="card-reflect">
      <SummaryList rows={[{ key: 'To reflect on', value: <CountLink label="observations of your practice to reflect on" to={to} noun={OBSERVATIONS} count={totalOf(waiting.data)} /> }]} />
      {waiting.data && waiting.data.items.length > 0 ? (
        <ul className="govuk-list app-work-list">
          {waiting.data.items.map((observation) => (
            <li key={observation.id}>
              <Link className="govuk-link" to={`/observations/${observation.id}`}>
                {labelFor(observationSettingLabels, observation.setting)}, {formatDate(observation.observed_on)}
              </Link>
              <span className="app-secondary-text"> – observed by {observation.observer_name ?? 'a former colleague'}</span>
            </li>
          ))}
        </ul>
      ) : waiting.data ? (
        <p className="govuk-body">You have no observations to reflect on.</p>
      ) : null}
    </SummaryCard>
  );
}

/** The observer's observations still to do: planned (consent next) and being recorded. */
export function ObservationsCard({ me }: { me: Me }) {
  const toDo = useObservationsToDo(me.id);
  return (
    <SummaryCard
      title="Your observations"
      headingLevel={2}
      id="card-observations"
      actions={
        <Link className="govuk-link" to="/observations/new">
          Plan an observation
        </Link>
      }
    >
      <SummaryList
        rows={[
          countRow({ label: 'Planned', to: listLink('/observations/mine', { status: 'planned' }), noun: OBSERVATIONS, query: countObservationsOf(me.id, 'planned') }),
          countRow({ label: 'Being recorded', to: listLink('/observations/mine', { status: 'draft' }), noun: OBSERVATIONS, query: countObservationsOf(me.id, 'draft') }),
          countRow({ label: 'Awaiting the worker’s reflection', to: listLink('/observations/mine', { status: 'submitted' }), noun: OBSERVATIONS, query: countObservationsOf(me.id, 'submitted') }),
        ]}
      />
      {toDo.data && toDo.data.items.length > 0 ? (
        <ul className="govuk-list app-work-list">
          {toDo.data.items.map((observation) => (
            <li key={observation.id}>
              <Link className="govuk-link" to={observation.status === 'draft' ? `/observations/${observation.id}/edit` : `/observations/${observation.id}`}>
                {observation.observed_name ?? 'A worker'}
              </Link>
              <span className="app-secondary-text">
                {' '}
                – {formatDate(observation.observed_on)}, {observationStatusLabels[observation.status].toLowerCase()}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
      <p className="govuk-body">
        Plan one from a colleague in the{' '}
        <Link className="govuk-link" to="/staff">
          staff directory
        </Link>
        .
      </p>
    </SummaryCard>
  );
}

const countObservationsOf = (observerId: string, status: 'planned' | 'draft' | 'submitted') => countObservations({ observer_id: observerId, status: [status] });

/** The reviewing officer's monitoring forms: drafts to finish, and those submitted this month. */
export function MonitoringCard({ me }: { me: Me }) {
  const drafts = useDraftForms(me.id);
  const month = todayIso().slice(0, 7);
  return (
    <SummaryCard title="Your monitoring forms" headingLevel={2} id="card-monitoring">
      <SummaryList
        rows={[
          { key: 'Drafts', value: <CountLink label="your draft monitoring forms" to={listLink('/monitoring-forms', { status: 'draft' })} noun={FORMS} count={totalOf(drafts.data)} /> },
          countRow({
            label: `Submitted, meetings in ${formatMonth(month)}`,
            to: listLink('/monitoring-forms', { status: 'submitted', period: month }),
            noun: FORMS,
            query: countForms({ officer_id: me.id, status: ['submitted'], from: `${month}-01` }),
          }),
        ]}
      />
      {drafts.data && drafts.data.items.length > 0 ? (
        <ul className="govuk-list app-work-list">
          {drafts.data.items.map((form) => (
            <li key={form.id}>
              <Link className="govuk-link" to={`/monitoring-forms/${form.id}/edit`}>
                {caseLabel(form, 'Monitoring form')}
              </Link>
              <span className="app-secondary-text">
                {' '}
                – {labelFor(meetingTypeLabels, form.meeting_type)}, {formatDate(form.meeting_on)}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
      <p className="govuk-body">
        Start a form from the child’s{' '}
        <Link className="govuk-link" to="/cases">
          case
        </Link>{' '}
        after each review or conference.
      </p>
    </SummaryCard>
  );
}

/**
 * The moderation queue, for moderators (the QA unit, senior leaders, heads of service for their
 * service): submitted audits drawn into the sample, the longest waiting first.
 */
export function ModerationCard() {
  const queue = useModerationQueue();
  return (
    <SummaryCard title="Moderation queue" headingLevel={2} id="card-moderation">
      <SummaryList rows={[{ key: 'Waiting for moderation', value: <CountLink label="audits waiting for moderation" to="/audits/moderation" noun={AUDITS} count={totalOf(queue.data)} /> }]} />
      {queue.data && queue.data.items.length > 0 ? (
        <ul className="govuk-list app-work-list">
          {queue.data.items.map((audit) => (
            <li key={audit.id}>
              <Link className="govuk-link" to={`/audits/${audit.id}`}>
                {caseLabel(audit) || 'Audit'}
                <span className="govuk-visually-hidden"> – {auditKindLabels[audit.kind]}</span>
              </Link>
              <span className="app-secondary-text">
                {' '}
                – by {audit.auditor_name ?? 'a former colleague'}, submitted {formatDay(audit.submitted_at)}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
    </SummaryCard>
  );
}

/** The whole council, for leaders, the QA unit and the principal social worker: escalations and overdue actions. */
export function CouncilCard() {
  return (
    <SummaryCard title="Across the council" headingLevel={2} id="card-council">
      <SummaryList
        rows={[
          countRow({ label: 'Open escalations', to: '/escalations', noun: ESCALATIONS, query: countEscalations({ status: ['open'] }) }),
          countRow({ label: 'Overdue escalations', to: listLink('/escalations', { overdue: 'true' }), noun: ESCALATIONS, warning: true, query: countEscalations({ status: ['open'], overdue: true }) }),
          countRow({ label: 'Overdue actions', to: listLink('/actions/all', { overdue: 'true' }), noun: ACTIONS, warning: true, query: countActions({ overdue: true }) }),
        ]}
      />
    </SummaryCard>
  );
}

/** The audit programme's themes in progress, for the QA unit. */
export function ProgrammeCard() {
  const themes = useThemesInProgress();
  return (
    <SummaryCard title="Audit programme" headingLevel={2} id="card-programme">
      <SummaryList rows={[{ key: 'Themes in progress', value: <CountLink label="themes in progress" to="/programme" noun={['theme', 'themes']} count={themes.data ? (themes.data.total ?? themes.data.items.length) : undefined} /> }]} />
      {themes.data && themes.data.items.length > 0 ? (
        <ul className="govuk-list app-work-list">
          {themes.data.items.map((theme) => (
            <li key={theme.id}>
              <Link className="govuk-link" to={`/programme/themes/${theme.id}`}>
                {theme.title}
              </Link>
            </li>
          ))}
        </ul>
      ) : null}
      <p className="govuk-body">
        <Link className="govuk-link" to="/programme">
          The audit programme
        </Link>
      </p>
    </SummaryCard>
  );
}

/** Cases, for a reviewing officer: the way into a child's case. */
export function CasesCard() {
  return (
    <SummaryCard title="Cases" headingLevel={2} id="card-cases">
      <SummaryList rows={[countRow({ label: 'Open cases', to: listLink('/cases', { status: 'open' }), noun: ['case', 'cases'], query: countCases({ status: ['open'] }) })]} />
      <p className="govuk-body">
        <Link className="govuk-link" to="/cases">
          Find a case
        </Link>{' '}
        by the child’s initials or the council’s reference.
      </p>
    </SummaryCard>
  );
}

/** Counts only, for the performance analyst (no narrative). */
export function FiguresCard() {
  const quarter = quarterOf(todayIso());
  const range = periodRange(quarter);
  return (
    <SummaryCard title="Figures" headingLevel={2} id="card-figures">
      <SummaryList
        rows={[
          countRow({ label: `Audits started ${formatQuarter(quarter)}`, to: listLink('/audits/all', { period: quarter }), noun: AUDITS, query: countAudits({ from: range?.from, to: range?.to }) }),
          countRow({ label: 'Open escalations', to: '/escalations', noun: ESCALATIONS, query: countEscalations({ status: ['open'] }) }),
          countRow({ label: 'Overdue actions', to: listLink('/actions/all', { overdue: 'true' }), noun: ACTIONS, warning: true, query: countActions({ overdue: true }) }),
        ]}
      />
    </SummaryCard>
  );
}

/** The caller's own actions: unfinished, overdue, and the soonest due. */
export function MyActionsCard({ me }: { me: Me }) {
  const actions = useUnfinishedActions(me.id);
  return (
    <SummaryCard title="Your actions" headingLevel={2} id="card-my-actions">
      <SummaryList
        rows={[
          {
            key: 'Open or in progress',
            value: (
              <CountLink
                label="your open or in progress actions"
                to={listLink('/actions', { status: 'open,in_progress', sort: 'due_on' })}
                noun={ACTIONS}
                count={actions.data ? (actions.data.total ?? actions.data.items.length) : undefined}
              />
            ),
          },
          countRow({ label: 'Overdue', to: listLink('/actions', { overdue: 'true', sort: 'due_on' }), noun: ACTIONS, warning: true, query: countActions({ owner_id: me.id, overdue: true }) }),
        ]}
      />
      {actions.data && actions.data.items.length > 0 ? (
        <ul className="govuk-list app-work-list">
          {actions.data.items.map((action) => (
            <li key={action.id}>
              <Link className="govuk-link" to={`/actions/${action.id}`}>
                {narrativeText(action.description, me.reads_narrative, 'Action')}
              </Link>
              <span className="app-secondary-text">
                {' '}
                – {caseLabel(action, 'No case')}, due {formatDate(action.due_on)}
              </span>
              {action.overdue ? (
                <>
                  {' '}
                  <Tag colour="red">Overdue</Tag>
                </>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
    </SummaryCard>
  );
}

/**
 * Subject access requests, for the data protection officer: how many are running and how many
 * are overdue (the statutory month is short), with a link to the list, overdue first.
 */
export function SubjectAccessCard() {
  const requests = useSubjectAccessRequests();
  const running = (requests.data?.items ?? []).filter((r) => r.status !== 'released');
  const overdue = running.filter((r) => r.overdue).length;
  return (
    <SummaryCard title="Subject access requests" headingLevel={2} id="card-subject-access">
      {!requests.data ? (
        <p className="govuk-body">{requests.isError ? 'The requests could not be read.' : 'Loading…'}</p>
      ) : (
        <SummaryList
          rows={[
            { key: 'Running', value: `${running.length} ${running.length === 1 ? 'request' : 'requests'}` },
            { key: 'Overdue', value: overdue > 0 ? <Tag colour="red">{`${overdue} overdue`}</Tag> : 'None' },
          ]}
        />
      )}
      <p className="govuk-body">
        <Link className="govuk-link" to="/data-protection">
          Subject access requests
        </Link>
        , the retention schedule and legal holds.
      </p>
    </SummaryCard>
  );
}

/** The access log, for the data protection officer. */
export function AccessLogCard() {
  return (
    <SummaryCard title="Access log" headingLevel={2} id="card-access-log">
      <p className="govuk-body">Who read, listed or changed a child’s records, and who was refused: by case, by person or by dates.</p>
      <p className="govuk-body">
        <Link className="govuk-link" to="/access-log">
          Search the access log
        </Link>
      </p>
    </SummaryCard>
  );
}

/** User accounts, for the administrator. */
export function UsersCard() {
  return (
    <SummaryCard
      title="Users"
      headingLevel={2}
      id="card-users"
      actions={
        <Link className="govuk-link" to="/admin/users/new">
          Add a user
        </Link>
      }
    >
      <SummaryList
        rows={[
          countRow({ label: 'Active accounts', to: listLink('/admin/users', { active: 'true' }), noun: ['account', 'accounts'], query: countUsers({ active: true }) }),
          countRow({ label: 'Deactivated accounts', to: listLink('/admin/users', { active: 'false' }), noun: ['account', 'accounts'], query: countUsers({ active: false }) }),
        ]}
      />
    </SummaryCard>
  );
}

/** Teams and services, for the administrator. */
export function TeamsCard() {
  return (
    <SummaryCard
      title="Teams and services"
      headingLevel={2}
      id="card-teams"
      actions={
        <Link className="govuk-link" to="/admin/teams/new">
          Add a unit
        </Link>
      }
    >
      <SummaryList rows={[countRow({ label: 'Units', to: '/admin/teams', noun: ['unit', 'units'], query: countOrgUnits({}) })]} />
    </SummaryCard>
  );
}

/** The newest unread notifications. */
export function NotificationsCard() {
  const notifications = useUnreadNotifications();
  return (
    <SummaryCard title="Notifications" headingLevel={2} id="card-notifications">
      <SummaryList rows={[{ key: 'Unread', value: <CountLink label="unread notifications" to="/notifications?unread=true" noun={['notification', 'notifications']} count={notifications.data?.unread_count} /> }]} />
      {notifications.data && notifications.data.items.length > 0 ? (
        <ul className="govuk-list app-work-list">
          {notifications.data.items.map((notification) => {
            const path = recordPath(notification);
            return (
              <li key={notification.id}>
                {path ? (
                  <Link className="govuk-link" to={path}>
                    {notification.title}
                  </Link>
                ) : (
                  notification.title
                )}
                <span className="app-secondary-text"> – {formatDateTime(notification.created_at)}</span>
              </li>
            );
          })}
        </ul>
      ) : null}
      <p className="govuk-body">
        <Link className="govuk-link" to="/notifications">
          All notifications
        </Link>
      </p>
    </SummaryCard>
  );
}

/**
 * Complaints, for the QA unit's customer service team: those overdue (their acknowledgement or
 * stage response past due) and due soon, each count opening the tracker, and the most pressing
 * few with the working days left.
 */
export function ComplaintsCard() {
  const running = useRunningComplaints();
  const dueSoonDays = useDueSoonDays();
  const items = running.data?.items;
  const dueSoon = items?.filter((c) => deadlineState(c, dueSoonDays) === 'due-soon').length;
  const pressing = (items ?? []).filter((c) => deadlineState(c, dueSoonDays) !== 'in-time').slice(0, 3);
  return (
    <SummaryCard
      title="Complaints"
      headingLevel={2}
      id="card-complaints"
      actions={
        <Link className="govuk-link" to="/feedback/new?kind=complaint">
          Record a complaint
        </Link>
      }
    >
      <SummaryList
        rows={[
          countRow({ label: 'Overdue', to: listLink('/feedback/complaints', { overdue: 'true' }), noun: COMPLAINTS, warning: true, query: countFeedback({ kind: ['complaint'], overdue: true }) }),
          {
            key: `Due within ${dueSoonDays} working day${dueSoonDays === 1 ? '' : 's'}`,
            value: running.isError ? <span className="app-secondary-text">Could not be counted</span> : <CountLink label="complaints due soon" to="/feedback/complaints" noun={COMPLAINTS} count={dueSoon} />,
          },
          countRow({ label: 'Running', to: '/feedback/complaints', noun: COMPLAINTS, query: countFeedback({ kind: ['complaint'], status: ['received', 'acknowledged', 'responded'] }) }),
        ]}
      />
      {pressing.length > 0 ? (
        <ul className="govuk-list app-work-list">
          {pressing.map((complaint) => (
            <li key={complaint.id}>
              <Link className="govuk-link" to={`/feedback/${complaint.id}`}>
                {caseLabel(complaint) || complaint.team_name || `Complaint received ${formatDate(complaint.received_on)}`}
              </Link>
              <div className="govuk-body-s govuk-!-margin-bottom-0">
                <ComplaintDeadline complaint={complaint} dueSoonDays={dueSoonDays} />
              </div>
            </li>
          ))}
        </ul>
      ) : null}
      <p className="govuk-body">
        <Link className="govuk-link" to="/feedback/complaints">
          The complaints tracker
        </Link>
      </p>
    </SummaryCard>
  );
}

/**
 * Feedback about a manager's team or service: compliments this quarter and complaints running,
 * each opening the list as counted, and a way to record a compliment.
 */
export function FeedbackCard({ me }: { me: Me }) {
  const unitId = me.team_id ?? '';
  if (!unitId) return null;
  const service = me.roles.includes('head_of_service') && !me.roles.includes('team_manager');
  const unit: Record<string, string> = service ? { service_id: unitId } : { team_id: unitId };
  const quarter = quarterOf(todayIso());
  const range = periodRange(quarter);
  return (
    <SummaryCard
      title={`Feedback about your ${service ? 'service' : 'team'}`}
      headingLevel={2}
      id="card-feedback"
    >
      <SummaryList
        rows={[
          countRow({
            label: `Compliments, ${formatQuarter(quarter)}`,
            to: listLink('/feedback', { ...unit, kind: 'compliment', received: quarter }),
            noun: ['compliment', 'compliments'],
            query: countFeedback({ ...unit, kind: ['compliment'], from: range?.from, to: range?.to }),
          }),
          countRow({
            label: 'Complaints running',
            to: listLink('/feedback/complaints', unit),
            noun: COMPLAINTS,
            query: countFeedback({ ...unit, kind: ['complaint'], status: ['received', 'acknowledged', 'responded'] }),
          }),
        ]}
      />
      <p className="govuk-body">
        <Link className="govuk-link" to="/feedback/new?kind=compliment">
          Record a compliment
        </Link>{' '}
        or other feedback about your {service ? 'service’s teams' : 'team'}.
      </p>
    </SummaryCard>
  );
}
