import { Link } from 'react-router';
import { Input, Pagination, Select, Table, Tag } from '@/components/govuk';
import { CaseName } from '@/components/case-name';
import { ComplaintDeadline } from '@/components/complaint-deadline';
import { FilterCheckbox, ListFilters, ListTotal, periodOptions } from '@/components/list-filters';
import { Loading } from '@/components/loading';
import { ProblemPage } from '@/components/status-pages/problem-page';
import { COMPLAINT_ROUTES, COMPLAINT_STAGES, FEEDBACK_KINDS, FEEDBACK_STATUSES, OPEN_COMPLAINT_STATUSES, someOf } from '@/lib/api/enums';
import type { Feedback, FeedbackQuery, Me } from '@/lib/api/types';
import { complaintDeadline, trackerOrder, useDueSoonDays } from '@/lib/complaints';
import { formatDate, periodRange } from '@/lib/dates';
import { complaintRouteLabels, complaintStageLabels, feedbackKindLabels, feedbackStatusLabels, labelFor } from '@/lib/labels';
import { useListState } from '@/lib/list-state';
import { unitFilterOptions, unitFilters, unitFilterValue, useOrgUnits } from '@/lib/org-units';
import { usePageTitle } from '@/lib/page-title';
import { standardOptions, usePracticeStandards } from '@/lib/reference-data';
import { useMe } from '@/lib/session/session-context';
import { FEEDBACK_PAGE_SIZE, TRACKER_PAGE_SIZE, useFeedbackList } from '../api/use-feedback';
import { lastStage } from '../components/complaint-ladder';
import { FeedbackNav, FeedbackStatusTag, routeAndStage } from '../components/feedback-parts';

const FILTERS = ['kind', 'route', 'stage', 'status', 'overdue', 'team_id', 'service_id', 'theme', 'standard', 'received', 'from', 'to', 'batch_ref'] as const;
const SORTABLE = ['created_at', 'updated_at', 'received_on'] as const;

/** The status filter's value for every complaint, running or over. */
const ANY_STATUS = 'any';

const kindOptions = [{ value: '', text: 'Any kind' }, ...FEEDBACK_KINDS.map((kind) => ({ value: kind, text: feedbackKindLabels[kind] }))];
const routeOptions = [{ value: '', text: 'Any route' }, ...COMPLAINT_ROUTES.map((route) => ({ value: route, text: complaintRouteLabels[route] }))];
const stageOptions = [{ value: '', text: 'Any stage' }, ...COMPLAINT_STAGES.map((stage) => ({ value: String(stage), text: complaintStageLabels[stage] ?? `Stage ${stage}` }))];

/** The API's filters from the URL's, shared by both lists. */
function commonQuery(values: Record<(typeof FILTERS)[number], string>): FeedbackQuery {
  const received = periodRange(values.received);
  const standard = Number.parseInt(values.standard, 10);
  return {
    route: someOf(COMPLAINT_ROUTES, values.route)?.[0],
    stage: someOf(COMPLAINT_STAGES, values.stage),
    overdue: values.overdue === 'true' || undefined,
    team_id: values.team_id || undefined,
    service_id: values.service_id || undefined,
    theme: values.theme.trim() || undefined,
    standard: Number.isFinite(standard) ? standard : undefined,
    from: received?.from ?? (values.from || undefined),
    to: received?.to ?? (values.to || undefined),
    batch_ref: values.batch_ref || undefined,
  };
}

/** The text of a list row's summary: its first words, or why there are none. */
function summaryOf(feedback: Feedback, me: Me): string {
  if (feedback.summary === undefined || !me.reads_narrative) return 'Not shown to your role';
  const text = (feedback.summary ?? '').trim();
  if (!text) return feedback.kind === 'survey_response' ? 'No comment' : 'None recorded';
  return text.length > 140 ? `${text.slice(0, 137).trimEnd()}…` : text;
}

/**
 * Every piece of feedback the caller may see: compliments, complaints, participation, staff and
 * partner feedback, advocacy reports and survey responses, filtered by kind, route, stage,
 * status, team or service, theme, standard and when it was received. The analyst sees no
 * summaries (the API leaves them out): the themes say what it was about.
 */
export function FeedbackListPage() {
  const me = useMe();
  const list = useListState({ filters: FILTERS, sortable: SORTABLE, pageSize: FEEDBACK_PAGE_SIZE });
  const { values } = list;
  usePageTitle(list.title('Feedback'));
  const feedback = useFeedbackList({
    ...commonQuery(values),
    kind: someOf(FEEDBACK_KINDS, values.kind),
    status: someOf(FEEDBACK_STATUSES, values.status),
    ...list.request,
  });
  const orgUnits = useOrgUnits();
  const standards = usePracticeStandards();
  const dueSoonDays = useDueSoonDays();
  if (feedback.isError) return <ProblemPage error={feedback.error} />;
  const units = unitFilterOptions(orgUnits.data ?? [], me);
  const items = feedback.data?.items ?? [];
  const reads = me.reads_narrative;

  return (
    <>
      <h1 className="govuk-heading-l">Feedback</h1>
      <FeedbackNav me={me} current="all" />
      {values.batch_ref ? <p className="govuk-body">The survey responses imported as {values.batch_ref}.</p> : null}
      <ListFilters
        key={list.formKey}
        label="Filter feedback"
        clearHref={list.filtered ? list.clearHref : null}
        initial={{
          kind: values.kind,
          status: values.status,
          route: values.route,
          stage: values.stage,
          unit: unitFilterValue(values),
          theme: values.theme,
          standard: values.standard,
          received: values.received,
          overdue: values.overdue,
        }}
        onApply={({ unit, received, ...rest }) => list.apply({ ...rest, received, ...(received ? { from: '', to: '' } : {}), ...(units.length > 1 ? unitFilters(unit) : {}) })}
      >
        {(field) => (
          <>
            <Select id="kind" label="Kind" options={kindOptions} {...field('kind')} />
            <Select id="status" label="Status" options={[{ value: '', text: 'Any status' }, ...FEEDBACK_STATUSES.map((s) => ({ value: s, text: feedbackStatusLabels[s] }))]} {...field('status')} />
            <Select id="route" label="Complaint route" options={routeOptions} {...field('route')} />
            <Select id="stage" label="Complaint stage" options={stageOptions} {...field('stage')} />
            {units.length > 1 ? <Select id="unit" label="Team or service" options={[{ value: '', text: me.case_scope === 'all' ? 'All teams' : 'All your teams' }, ...units]} {...field('unit')} /> : null}
            <Input id="theme" label="Theme" hint="A word, such as contact" spellCheck={false} autoComplete="off" {...field('theme')} />
            <Select id="standard" label="Practice standard" options={[{ value: '', text: 'Any standard' }, ...standardOptions(standards.data?.items ?? [])]} {...field('standard')} />
            <Select id="received" label="Received" options={periodOptions(values.received)} {...field('received')} />
            <FilterCheckbox id="overdue" legend="Complaint deadlines" label="Only overdue complaints" field={field('overdue')} />
          </>
        )}
      </ListFilters>
      <ListTotal total={feedback.data?.total} noun={['piece of feedback', 'pieces of feedback']} />
      {!feedback.data ? (
        <Loading />
      ) : items.length === 0 ? (
        <p className="govuk-body">{list.page > 1 ? 'There is no more feedback.' : 'No feedback matches these filters.'}</p>
      ) : (
        <Table
          caption={list.page > 1 ? `Feedback, page ${list.page}` : 'Feedback'}
          captionHidden
          head={[
            { text: 'Feedback' },
            list.column('received_on', 'Received', 'descending'),
            { text: 'About' },
            { text: reads ? 'What it says' : 'Themes' },
            { text: 'Status' },
          ]}
          rows={items.map((f) => ({
            key: f.id,
            cells: [
              <Link className="govuk-link" to={`/feedback/${f.id}`}>
                {labelFor(feedbackKindLabels, f.kind)}
                <span className="govuk-visually-hidden">, received {formatDate(f.received_on)}</span>
              </Link>,
              <span className="app-nowrap">{formatDate(f.received_on)}</span>,
              f.case_display_name ? <CaseName record={f} /> : f.team_name || <span className="app-secondary-text">Not about one team</span>,
              reads ? (
                <>
                  <span className="app-narrative">{summaryOf(f, me)}</span>
                  {f.themes.length > 0 ? <div className="app-secondary-text govuk-body-s govuk-!-margin-bottom-0">Themes: {f.themes.join(', ')}</div> : null}
                </>
              ) : f.themes.length > 0 ? (
                f.themes.join(', ')
              ) : (
                <span className="app-secondary-text">None tagged</span>
              ),
              f.kind === 'complaint' ? (
                <>
                  <FeedbackStatusTag status={f.status} />
                  <div className="govuk-body-s govuk-!-margin-top-1 govuk-!-margin-bottom-0">
                    <ComplaintDeadline complaint={f} dueSoonDays={dueSoonDays} />
                  </div>
                </>
              ) : f.kind === 'participation' ? (
                f.we_did_on ? <Tag colour="green">Answered</Tag> : <Tag colour="grey">To answer</Tag>
              ) : (
                <span className="app-secondary-text">Recorded</span>
              ),
            ],
          }))}
        />
      )}
      <Pagination {...list.paging(feedback.data)} />
    </>
  );
}

/**
 * The complaints tracker: complaints still running (not closed or withdrawn) unless asked
 * otherwise, overdue first, then the soonest deadline; each with its route, stage, status and
 * working days left or overdue, tagged overdue (red) or due soon (yellow). The API sorts only by
 * dates recorded, so the order is made here, a page of up to 100 at a time.
 */
export function ComplaintsTrackerPage() {
  const me = useMe();
  const list = useListState({ filters: FILTERS, sortable: [], pageSize: TRACKER_PAGE_SIZE });
  const { values } = list;
  usePageTitle(list.title('Complaints tracker'));
  const status = values.status || OPEN_COMPLAINT_STATUSES.join(',');
  const complaints = useFeedbackList({
    ...commonQuery(values),
    kind: ['complaint'],
    status: status === ANY_STATUS ? undefined : someOf(FEEDBACK_STATUSES, status),
    ...list.request,
  });
  const orgUnits = useOrgUnits();
  const dueSoonDays = useDueSoonDays();
  if (complaints.isError) return <ProblemPage error={complaints.error} />;
  const units = unitFilterOptions(orgUnits.data ?? [], me);
  const items = [...(complaints.data?.items ?? [])].sort(trackerOrder);
  const running = status === OPEN_COMPLAINT_STATUSES.join(',');

  return (
    <>
      <h1 className="govuk-heading-l">Complaints tracker</h1>
      <FeedbackNav me={me} current="complaints" />
      <p className="govuk-body">
        {running ? 'Complaints still running, ' : 'Complaints, '}overdue first, then the soonest deadline. Due soon means within {dueSoonDays} working day{dueSoonDays === 1 ? '' : 's'}.
      </p>
      <ListFilters
        key={list.formKey}
        label="Filter complaints"
        clearHref={list.filtered ? list.clearHref : null}
        initial={{ status: running ? '' : status, route: values.route, stage: values.stage, unit: unitFilterValue(values), overdue: values.overdue }}
        onApply={({ unit, ...rest }) => list.apply({ ...rest, ...(units.length > 1 ? unitFilters(unit) : {}) })}
      >
        {(field) => (
          <>
            <Select
              id="status"
              label="Status"
              options={[
                { value: '', text: 'Running' },
                ...FEEDBACK_STATUSES.filter((s) => s !== 'recorded').map((s) => ({ value: s, text: feedbackStatusLabels[s] })),
                { value: ANY_STATUS, text: 'Any status' },
              ]}
              {...field('status')}
            />
            <Select id="route" label="Route" options={routeOptions} {...field('route')} />
            <Select id="stage" label="Stage" options={stageOptions} {...field('stage')} />
            {units.length > 1 ? <Select id="unit" label="Team or service" options={[{ value: '', text: me.case_scope === 'all' ? 'All teams' : 'All your teams' }, ...units]} {...field('unit')} /> : null}
            <FilterCheckbox id="overdue" legend="Deadlines" label="Only overdue complaints" field={field('overdue')} />
          </>
        )}
      </ListFilters>
      <ListTotal total={complaints.data?.total} noun={['complaint', 'complaints']} />
      {!complaints.data ? (
        <Loading />
      ) : items.length === 0 ? (
        <p className="govuk-body">{list.page > 1 ? 'There are no more complaints.' : running && !list.filtered ? 'No complaints are running.' : 'No complaints match these filters.'}</p>
      ) : (
        <Table
          caption={list.page > 1 ? `Complaints, page ${list.page}` : 'Complaints, overdue first'}
          captionHidden
          head={[{ text: 'Complaint' }, { text: 'Route and stage' }, { text: 'Status' }, { text: 'Next deadline' }]}
          rows={items.map((c) => ({
            key: c.id,
            cells: [
              <>
                <Link className="govuk-link" to={`/feedback/${c.id}`}>
                  {c.case_display_name ? <CaseName record={c} /> : c.team_name || 'Complaint'}
                  <span className="govuk-visually-hidden">, received {formatDate(c.received_on)}</span>
                </Link>
                <div className="app-secondary-text govuk-body-s govuk-!-margin-bottom-0">
                  Received <span className="app-nowrap">{formatDate(c.received_on)}</span>
                </div>
              </>,
              routeAndStage(c),
              <FeedbackStatusTag status={c.status} />,
              c.status === 'responded' ? (
                <span className="app-secondary-text">
                  {(c.stage ?? 1) < lastStage(c) ? `Responded: the complainant may ask for stage ${(c.stage ?? 1) + 1}` : 'Responded at the last stage: the Ombudsman is next'}
                </span>
              ) : complaintDeadline(c) ? (
                <ComplaintDeadline complaint={c} dueSoonDays={dueSoonDays} />
              ) : (
                <span className="app-secondary-text">None: it is {feedbackStatusLabels[c.status].toLowerCase()}</span>
              ),
            ],
          }))}
        />
      )}
      <Pagination {...list.paging(complaints.data)} />
    </>
  );
}
