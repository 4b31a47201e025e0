import { useState } from 'react';
import { Link } from 'react-router';
import { NotificationBanner, Pagination, Select, Table } from '@/components/govuk';
import { CaseName } from '@/components/case-name';
import { FilterCheckbox, ListFilters, ListTotal } from '@/components/list-filters';
import { Loading } from '@/components/loading';
import { SelectBox } from '@/components/select-box';
import { ProblemPage } from '@/components/status-pages/problem-page';
import { ActionStatusTag } from '@/components/status-tags';
import { ACTION_STATUSES, someOf } from '@/lib/api/enums';
import type { Action } from '@/lib/api/types';
import { formatDate } from '@/lib/dates';
import { actionStatusLabels, narrativeText } from '@/lib/labels';
import { useListState } from '@/lib/list-state';
import { unitFilterOptions, unitFilters, unitFilterValue, useOrgUnits } from '@/lib/org-units';
import { usePageTitle } from '@/lib/page-title';
import { useMe } from '@/lib/session/session-context';
import { inScope, peopleOptions, useStaff } from '@/lib/staff';
import { ACTIONS_PAGE_SIZE, useActions } from '../api/use-actions';
import { ActionsNav, actionsViewTitles } from '../components/actions-nav';
import { BulkReassign, selectId } from '../components/bulk-reassign';

export type ActionListView = 'mine' | 'team' | 'all';

/** Open or in progress: the actions still to do, which the tracker lists unless asked otherwise. */
const UNFINISHED = 'open,in_progress';
/** The status filter's value for every action, finished or not. */
const ANY_STATUS = 'any';

const FILTERS = ['team_id', 'service_id', 'owner_id', 'status', 'overdue'] as const;
const SORTABLE = ['created_at', 'updated_at', 'due_on', 'status'] as const;
/**
 * Soonest due first: among the unfinished actions the tracker lists, the overdue ones come
 * first (the API has no sort by overdue; an unfinished action past its date is the overdue one).
 */
const DUE_FIRST = 'due_on';

/**
 * The action tracker: the caller's own actions, their teams', or every action, by owner, team
 * or service, overdue first. Those who may reassign actions select several to reassign or
 * re-date at once.
 */
export function ActionsListPage({ view = 'mine' }: { view?: ActionListView }) {
  const me = useMe();
  const list = useListState({ filters: FILTERS, sortable: SORTABLE, defaultSort: DUE_FIRST, pageSize: ACTIONS_PAGE_SIZE });
  const { values } = list;
  const title = actionsViewTitles[view];
  usePageTitle(list.title(title));
  const orgUnits = useOrgUnits();
  const staff = useStaff();
  const status = values.status || UNFINISHED;
  const actions = useActions({
    owner_id: view === 'mine' ? me.id : values.owner_id || undefined,
    team_id: values.team_id || undefined,
    service_id: values.service_id || undefined,
    status: someOf(ACTION_STATUSES, status),
    overdue: values.overdue === 'true' || undefined,
    ...list.request,
  });
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [done, setDone] = useState<string | null>(null);
  if (actions.isError) return <ProblemPage error={actions.error} />;

  const units = unitFilterOptions(orgUnits.data ?? [], me);
  const unitChoice = view !== 'mine' && units.length > 1;
  const owners = view === 'mine' ? [] : peopleOptions((staff.data ?? []).filter((member) => inScope(member, me)));
  const items = actions.data?.items ?? [];
  // Reassigning is offered where the API's record policy allows it on some action listed.
  const reassignable = items.filter((action) => action.allowed_operations.includes('reassign'));
  const selecting = view !== 'mine' && reassignable.length > 0;
  const chosen: Action[] = reassignable.filter((action) => selected.has(action.id));
  const toggle = (id: string, on: boolean) =>
    setSelected((current) => {
      const next = new Set(current);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });

  return (
    <>
      {done ? <NotificationBanner type="success" heading={done} /> : null}
      <h1 className="govuk-heading-l">{title}</h1>
      <ActionsNav me={me} current={view} />
      <ListFilters
        key={list.formKey}
        label="Filter actions"
        search={{ hint: 'The child’s initials or reference, or the owner’s name' }}
        clearHref={list.filtered ? list.clearHref : null}
        initial={{ q: values.q, unit: unitFilterValue(values), owner_id: values.owner_id, status, overdue: values.overdue }}
        onApply={({ unit, status: chosenStatus, ...rest }) =>
          list.apply({ ...rest, status: chosenStatus === UNFINISHED ? '' : chosenStatus, ...(unitChoice ? unitFilters(unit) : {}) })
        }
      >
        {(field) => (
          <>
            {unitChoice ? <Select id="unit" label="Team or service" options={[{ value: '', text: me.case_scope === 'all' ? 'All teams' : 'All your teams' }, ...units]} {...field('unit')} /> : null}
            {owners.length > 0 ? <Select id="owner_id" label="Owner" options={[{ value: '', text: 'Anyone' }, ...owners]} {...field('owner_id')} /> : null}
            <Select
              id="status"
              label="Status"
              options={[
                { value: UNFINISHED, text: 'Open or in progress' },
                { value: ANY_STATUS, text: 'Any status' },
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
            ...(selecting ? [{ text: <span className="govuk-visually-hidden">Select</span>, label: 'Select', classes: 'app-table-select' }] : []),
            { text: 'Action' },
            { text: 'Case' },
            ...(view === 'mine' ? [] : [{ text: 'Owner' }]),
            { text: 'From' },
            list.column('due_on', 'Due'),
            list.column('status', 'Status'),
          ]}
          rows={items.map((action) => {
            const name = narrativeText(action.description, me.reads_narrative, 'Action');
            return {
              key: action.id,
              cells: [
                ...(selecting
                  ? [
                      action.allowed_operations.includes('reassign') ? (
                        <SelectBox id={selectId(action.id)} label={`Select ${name}`} checked={selected.has(action.id)} onChange={(on) => toggle(action.id, on)} />
                      ) : null,
                    ]
                  : []),
                <Link className="govuk-link" to={`/actions/${action.id}`}>
                  {name}
                </Link>,
                <CaseName record={action} fallback="No case" />,
                ...(view === 'mine' ? [] : [action.owner_name ?? 'No owner']),
                action.audit_id ? (
                  <Link className="govuk-link" to={`/audits/${action.audit_id}`}>
                    Audit<span className="govuk-visually-hidden"> that raised it</span>
                  </Link>
                ) : (
                  <Link className="govuk-link" to={`/actions/plans/${action.plan_id}`}>
                    Action plan<span className="govuk-visually-hidden"> it belongs to</span>
                  </Link>
                ),
                formatDate(action.due_on),
                <span className="app-tags">
                  <ActionStatusTag status={action.status} overdue={action.overdue} />
                </span>,
              ],
            };
          })}
        />
      )}
      <Pagination {...list.paging(actions.data)} />
      {selecting ? (
        <BulkReassign
          me={me}
          selected={chosen}
          onDone={(message) => {
            setSelected(new Set());
            setDone(message);
          }}
        />
      ) : null}
    </>
  );
}

export const MyActionsPage = () => <ActionsListPage view="mine" />;
export const TeamActionsPage = () => <ActionsListPage view="team" />;
export const AllActionsPage = () => <ActionsListPage view="all" />;
