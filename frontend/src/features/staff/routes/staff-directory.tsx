import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { Pagination, Select, Table } from '@/components/govuk';
import { ListFilters, ListTotal } from '@/components/list-filters';
import { Loading } from '@/components/loading';
import { ProblemPage } from '@/components/status-pages/problem-page';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';
import type { StaffQuery } from '@/lib/api/types';
import { useListState } from '@/lib/list-state';
import { orgUnitPaths, unitFilters, unitFilterValue, useOrgUnits } from '@/lib/org-units';
import { usePageTitle } from '@/lib/page-title';
import { isObserver, mayObserve } from '@/lib/permissions';
import { roleLabels } from '@/lib/roles';
import { useMe } from '@/lib/session/session-context';

const PAGE_SIZE = 50;
const FILTERS = ['team_id', 'service_id'] as const;
const SORTABLE = ['display_name', 'created_at'] as const;

function useStaffPage(query: StaffQuery) {
  return useQuery({
    queryKey: ['staff', 'list', query],
    queryFn: () => unwrap(api.GET('/api/v1/staff', { params: { query } })),
    placeholderData: keepPreviousData,
  });
}

/**
 * The staff directory: colleagues by name, team and role, searchable and filterable by team or
 * service; an observer plans an observation from a colleague's row.
 */
export function StaffDirectoryPage() {
  const me = useMe();
  const list = useListState({ filters: FILTERS, sortable: SORTABLE, defaultSort: 'display_name', pageSize: PAGE_SIZE });
  const { values } = list;
  usePageTitle(list.title('Staff directory'));
  const orgUnits = useOrgUnits();
  const staff = useStaffPage({ team_id: values.team_id || undefined, service_id: values.team_id ? undefined : values.service_id || undefined, ...list.request });
  if (staff.isError) return <ProblemPage error={staff.error} />;
  const paths = orgUnitPaths(orgUnits.data ?? []);
  const units = paths
    .filter(({ unit }) => unit.kind !== 'directorate')
    .map(({ unit, path }) => ({ value: `${unit.kind === 'team' ? 'team_id' : 'service_id'}:${unit.id}`, text: path.split(' › ').slice(1).join(' › ') || path }));
  const unitName = (id: string | null | undefined) => orgUnits.data?.find((unit) => unit.id === id)?.name ?? 'No team';
  const observer = isObserver(me);
  const items = staff.data?.items ?? [];

  return (
    <>
      <h1 className="govuk-heading-l">Staff directory</h1>
      <p className="govuk-body">
        Colleagues by team and role.
        {observer ? ' Plan an observation of the practitioners and managers you observe from their row.' : ''}
      </p>
      <ListFilters
        key={list.formKey}
        label="Filter staff"
        search={{ hint: 'A name, or part of it' }}
        clearHref={list.filtered ? list.clearHref : null}
        initial={{ q: values.q, unit: unitFilterValue(values) }}
        onApply={({ unit, q }) => list.apply({ q, ...unitFilters(unit) })}
      >
        {(field) => <Select id="unit" label="Team or service" options={[{ value: '', text: 'Every team' }, ...units]} {...field('unit')} />}
      </ListFilters>
      <ListTotal total={staff.data?.total} noun={['person', 'people']} />
      {!staff.data ? (
        <Loading />
      ) : items.length === 0 ? (
        <p className="govuk-body">{list.page > 1 ? 'There are no more people.' : 'Nobody matches these filters.'}</p>
      ) : (
        <Table
          caption={list.page > 1 ? `Staff, page ${list.page}` : 'Staff'}
          captionHidden
          head={[list.column('display_name', 'Name'), { text: 'Team' }, { text: 'Roles' }, ...(observer ? [{ text: 'Observation', label: 'Observation' }] : [])]}
          rows={items.map((person) => ({
            key: person.id,
            cells: [
              person.id === me.id ? `${person.display_name} (you)` : person.display_name,
              unitName(person.team_id),
              person.roles.map((role) => roleLabels[role]).join(', ') || 'None',
              ...(observer
                ? [
                    mayObserve(me, person) ? (
                      <Link className="govuk-link" to={`/observations/new?observed_id=${person.id}`}>
                        Plan an observation<span className="govuk-visually-hidden"> of {person.display_name}</span>
                      </Link>
                    ) : (
                      ''
                    ),
                  ]
                : []),
            ],
          }))}
        />
      )}
      <Pagination {...list.paging(staff.data)} />
    </>
  );
}
