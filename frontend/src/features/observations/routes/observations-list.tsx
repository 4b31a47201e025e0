import { Link } from 'react-router';
import { ButtonGroup, ButtonLink, Pagination, Select, Table } from '@/components/govuk';
import { CaseName } from '@/components/case-name';
import { ListFilters, ListTotal, periodOptions } from '@/components/list-filters';
import { ListViewsNav } from '@/components/list-views-nav';
import { Loading } from '@/components/loading';
import { ProblemPage } from '@/components/status-pages/problem-page';
import { OBSERVATION_SETTINGS, OBSERVATION_STATUSES, someOf } from '@/lib/api/enums';
import type { Me, ObservationQuery } from '@/lib/api/types';
import { formatDate, periodRange } from '@/lib/dates';
import { labelFor, observationSettingLabels, observationStatusLabels } from '@/lib/labels';
import { useListState } from '@/lib/list-state';
import { unitFilterOptions, unitFilters, unitFilterValue, useOrgUnits } from '@/lib/org-units';
import { usePageTitle } from '@/lib/page-title';
import { isObserver } from '@/lib/permissions';
import { useMe } from '@/lib/session/session-context';
import { OBSERVATIONS_PAGE_SIZE, useObservations } from '../api/use-observations';
import { ObservationStatusTag } from '../components/observation-status-tag';

export type ObservationListView = 'mine' | 'team' | 'practice' | 'all';

const titles: Record<ObservationListView, string> = {
  mine: 'Observations you made',
  team: 'Observations of your team',
  practice: 'Observations of your practice',
  all: 'All observations',
};

const paths: Record<ObservationListView, string> = {
  mine: '/observations/mine',
  team: '/observations/team',
  practice: '/observations/your-practice',
  all: '/observations/all',
};

const managesStaff = (me: Pick<Me, 'roles'>) => me.roles.some((role) => role === 'team_manager' || role === 'head_of_service');

/**
 * The lists a caller has, the first at `/observations`: those they made (observers), their
 * team's or service's (managers), those of their own practice (practitioners and managers, once
 * submitted), and every one (those who read them all).
 */
export function observationViews(me: Pick<Me, 'roles' | 'case_scope'>): ObservationListView[] {
  const views: ObservationListView[] = [];
  if (isObserver(me)) views.push('mine');
  if (managesStaff(me)) views.push('team');
  if (me.roles.includes('practitioner') || managesStaff(me)) views.push('practice');
  if (me.case_scope === 'all') views.push('all');
  if (views.length === 0) views.push('practice');
  return views;
}

/** The links beside the lists: each list, and the learning needs they raise. */
export function ObservationsNav({ me, current }: { me: Pick<Me, 'roles' | 'case_scope'>; current: ObservationListView | 'learning-needs' }) {
  const views = observationViews(me);
  return (
    <ListViewsNav
      label="Observation lists"
      views={[
        ...views.map((view) => ({ to: view === views[0] ? '/observations' : paths[view], text: titles[view], current: view === current })),
        { to: '/observations/learning-needs', text: 'Learning needs', current: current === 'learning-needs' },
      ]}
    />
  );
}

const FILTERS = ['status', 'setting', 'period', 'team_id', 'service_id'] as const;
const SORTABLE = ['created_at', 'updated_at', 'observed_on', 'status', 'setting'] as const;

export function ObservationsListPage({ view: asked }: { view?: ObservationListView }) {
  const me = useMe();
  const views = observationViews(me);
  const view = asked ?? views[0] ?? 'practice';
  const list = useListState({ filters: FILTERS, sortable: SORTABLE, defaultSort: '-observed_on', pageSize: OBSERVATIONS_PAGE_SIZE });
  const { values } = list;
  const title = titles[view];
  usePageTitle(list.title(title));
  const orgUnits = useOrgUnits();
  const range = periodRange(values.period);
  const ownUnit: ObservationQuery =
    view === 'team' ? (me.roles.includes('team_manager') ? { team_id: me.team_id ?? undefined } : { service_id: me.team_id ?? undefined }) : {};
  const observations = useObservations({
    observer_id: view === 'mine' ? me.id : undefined,
    observed_id: view === 'practice' ? me.id : undefined,
    ...ownUnit,
    team_id: values.team_id || ownUnit.team_id,
    service_id: values.team_id ? undefined : values.service_id || ownUnit.service_id,
    status: someOf(OBSERVATION_STATUSES, values.status),
    setting: someOf(OBSERVATION_SETTINGS, values.setting),
    from: range?.from,
    to: range?.to,
    ...list.request,
  });
  if (observations.isError) return <ProblemPage error={observations.error} />;

  // A team or service to narrow to, where the list spans several.
  const units = unitFilterOptions(orgUnits.data ?? [], me);
  const unitChoice = (view === 'team' || view === 'all') && units.length > 1;
  const items = observations.data?.items ?? [];

  return (
    <>
      <h1 className="govuk-heading-l">{title}</h1>
      <ObservationsNav me={me} current={view} />
      {isObserver(me) ? (
        <ButtonGroup>
          <ButtonLink to="/observations/new">Plan an observation</ButtonLink>
          <Link className="govuk-link" to="/staff">
            Choose a colleague in the staff directory
          </Link>
        </ButtonGroup>
      ) : null}
      <ListFilters
        key={list.formKey}
        label="Filter observations"
        search={{ hint: 'The worker’s or observer’s name, or the child’s initials or reference' }}
        clearHref={list.filtered ? list.clearHref : null}
        initial={{ q: values.q, unit: unitFilterValue(values), period: values.period, status: values.status, setting: values.setting }}
        onApply={({ unit, ...rest }) => list.apply({ ...rest, ...(unitChoice ? unitFilters(unit) : {}) })}
      >
        {(field) => (
          <>
            {unitChoice ? <Select id="unit" label="Team or service" options={[{ value: '', text: me.case_scope === 'all' ? 'All teams' : 'All your teams' }, ...units]} {...field('unit')} /> : null}
            <Select id="period" label="Observed" options={periodOptions(values.period)} {...field('period')} />
            <Select
              id="status"
              label="Status"
              options={[{ value: '', text: 'Any status' }, ...OBSERVATION_STATUSES.map((status) => ({ value: status, text: observationStatusLabels[status] }))]}
              {...field('status')}
            />
            <Select
              id="setting"
              label="Setting"
              options={[{ value: '', text: 'Any setting' }, ...OBSERVATION_SETTINGS.map((setting) => ({ value: setting, text: observationSettingLabels[setting] }))]}
              {...field('setting')}
            />
          </>
        )}
      </ListFilters>
      <ListTotal total={observations.data?.total} noun={['observation', 'observations']} />
      {!observations.data ? (
        <Loading />
      ) : items.length === 0 ? (
        <p className="govuk-body">{list.page > 1 ? 'There are no more observations.' : view === 'practice' ? 'There are no submitted observations of your practice yet.' : 'No observations match these filters.'}</p>
      ) : (
        <Table
          caption={list.page > 1 ? `${title}, page ${list.page}` : title}
          captionHidden
          head={[
            { text: 'Worker' },
            // The caller's own observations need no observer named.
            ...(view === 'mine' ? [] : [{ text: 'Observer' }]),
            { text: 'Case' },
            list.column('observed_on', 'Day', 'descending'),
            list.column('setting', 'Setting'),
            list.column('status', 'Status'),
          ]}
          rows={items.map((o) => ({
            key: o.id,
            cells: [
              <Link className="govuk-link" to={o.allowed_operations.includes('judgements') ? `/observations/${o.id}/edit` : `/observations/${o.id}`}>
                {o.observed_name ?? 'A former member of staff'}
                <span className="govuk-visually-hidden">, observed {formatDate(o.observed_on)}</span>
              </Link>,
              ...(view === 'mine' ? [] : [o.observer_name ?? 'A former member of staff']),
              o.case_id ? <CaseName record={o} fallback="A case" /> : 'None',
              formatDate(o.observed_on),
              labelFor(observationSettingLabels, o.setting),
              <ObservationStatusTag status={o.status} />,
            ],
          }))}
        />
      )}
      <Pagination {...list.paging(observations.data)} />
    </>
  );
}

export const ObservationsIndexPage = () => <ObservationsListPage />;
export const ObservationsMinePage = () => <ObservationsListPage view="mine" />;
export const ObservationsTeamPage = () => <ObservationsListPage view="team" />;
export const ObservationsOfYourPracticePage = () => <ObservationsListPage view="practice" />;
export const AllObservationsPage = () => <ObservationsListPage view="all" />;
