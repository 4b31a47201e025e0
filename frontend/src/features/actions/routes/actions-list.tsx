import { Link } from 'react-router';
import { Pagination, Select, Table } from '@/components/govuk';
import { CaseName } from '@/components/case-name';
import { FilterCheckbox, ListFilters, ListTotal } from '@/components/list-filters';
import { Loading } from '@/components/loading';
import { ProblemPage } from '@/components/status-pages/problem-page';
import { ActionStatusTag } from '@/components/status-tags';
import { ACTION_STATUSES, someOf } from '@/lib/api/enums';
import type { Me } from '@/lib/api/types';
import { formatDate, formatDay } from '@/lib/dates';
import { actionStatusLabels, narrativeText } from '@/lib/labels';
import { useListState } from '@/lib/list-state';
import { unitFilterOptions, unitFilters, unitFilterValue, useOrgUnits } from '@/lib/org-units';
import { usePageTitle } from '@/lib/page-title';
import { useMe } from '@/lib/session/session-context';
import { ACTIONS_PAGE_SIZE, useActions } from '../api/use-actions';

export type ActionListView = 'mine' | 'team' | 'all';

const titles: Record<ActionListView, string> = {
  mine: 'Your actions',
  team: 'Actions of your team',
  all: 'All actions',
};

const paths: Record<ActionListView, string> = { mine: '/actions', team: '/actions/team', all: '/actions/all' };

/** The caller's own actions; their teams' (managers); every action (those who see all cases). */
export function actionViews(me: Pick<Me, 'roles' | 'case_scope'>): ActionListView[] {
  const views: ActionListView[] = ['mine'];
  if (me.roles.some((role) => role === 'team_manager' || role === 'head_of_service')) views.push('team');
  if (me.case_scope === 'all') views.push('all');
  return views;
}

/** Open or in progress: the actions still to do. */
const UNFINISHED = 'open,in_progress';

const FILTERS = ['team_id', 'service_id', 'status', 'overdue'] as const;
const SORTABLE = ['created_at', 'updated_at', 'due_on', 'status'] as const;

export function ActionsListPage({ view = 'mine' }: { view?: ActionListView }) {
  const me = useMe();
  const views = actionViews(me);
  const list = useListState({ filters: FILTERS, sortable: SORTABLE, pageSize: ACTIONS_PAGE_SIZE });
  const { values } = list;
  const title = titles[view];
  usePageTitle(list.title(title));
  const orgUnits = useOrgUnits();
  const actions = useActions({
    owner_id: view === 'mine' ? me.id : undefined,
    team_id: values.team_id || undefined,
    service_id: values.service_id || undefined,
    status: someOf(ACTION_STATUSES, values.status),
    overdue: values.overdue === 'true' || undefined,
    ...list.request,
  });
  if (actions.isError) return <ProblemPage error={actions.error} />;

  const units = unitFilterOptions(orgUnits.data ?? [], me);
  const unitChoice = view !== 'mine' && units.length > 1;
  const items = actions.data?.items ?? [];

  return (
    <>
      <h1 className="govuk-heading-l">{title}</h1>
      {views.length > 1 ? (
        <nav className="app-subnav" aria-label="Action lists">
          <ul className="app-subnav__list">
            {views.map((v) => (
              <li key={v} className="app-subnav__item">
                <Link className="govuk-link app-subnav__link" to={paths[v]} aria-current={v === view ? 'page' : undefined}>
                  {titles[v]}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      <ListFilters
        key={list.formKey}
        label="Filter actions"
        search={{ hint: 'The child’s initials or reference, or the owner’s name' }}
        clearHref={list.filtered ? list.clearHref : null}
        initial={{ q: values.q, unit: unitFilterValue(values), status: values.status, overdue: values.overdue }}
        onApply={({ unit, ...rest }) => list.apply({ ...rest, ...(unitChoice ? unitFilters(unit) : {}) })}
      >
        {(field) => (
          <>
            {unitChoice ? <Select id="unit" label="Team or service" options={[{ value: '', text: me.case_scope === 'all' ? 'All teams' : 'All your teams' }, ...units]} {...field('unit')} /> : null}
            <Select
              id="status"
              label="Status"
              options={[
                { value: '', text: 'Any status' },
                { value: UNFINISHED, text: 'Open or in progress' },
                ...Object.entries(actionStatusLabels).map(([value, text]) => ({ value, text })),
              ]}
              {...field('status')}
            />
            <FilterCheckbox id="overdue" legend="Due date" label="Only overdue actions" field={field('overdue')} />
          </>
        )}
      </ListFilters>
      <ListTotal total={actions.data?.total} noun={['action', 'actions']} />
      {!actions.data ? (
        <Loading />
      ) : items.length === 0 ? (
        <p className="govuk-body">{list.page > 1 ? 'There are no more actions.' : 'No actions match these filters.'}</p>
      ) : (
        <Table
          caption={list.page > 1 ? `${title}, page ${list.page}` : title}
          captionHidden
          head={[
            { text: 'Action' },
            { text: 'Case' },
            ...(view === 'mine' ? [] : [{ text: 'Owner' }]),
            list.column('created_at', 'Raised', 'descending'),
            list.column('due_on', 'Due'),
            list.column('status', 'Status'),
          ]}
          rows={items.map((action) => ({
            key: action.id,
            cells: [
              <Link className="govuk-link" to={`/actions/${action.id}`}>
                {narrativeText(action.description, me.reads_narrative, 'Action')}
              </Link>,
              <CaseName record={action} fallback="No case" />,
              ...(view === 'mine' ? [] : [action.owner_name ?? 'No owner']),
              formatDay(action.created_at),
              formatDate(action.due_on),
              <span className="app-tags">
                <ActionStatusTag status={action.status} overdue={action.overdue} />
              </span>,
            ],
          }))}
        />
      )}
      <Pagination {...list.paging(actions.data)} />
    </>
  );
}

export const MyActionsPage = () => <ActionsListPage view="mine" />;
export const TeamActionsPage = () => <ActionsListPage view="team" />;
export const AllActionsPage = () => <ActionsListPage view="all" />;
