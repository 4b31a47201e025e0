import { Link } from 'react-router';
import { Pagination, Select, Table } from '@/components/govuk';
import { ListFilters, ListTotal } from '@/components/list-filters';
import { Loading } from '@/components/loading';
import { ProblemPage } from '@/components/status-pages/problem-page';
import { CASE_CATEGORIES, CASE_STATUSES, someOf } from '@/lib/api/enums';
import { formatDay } from '@/lib/dates';
import { useListState } from '@/lib/list-state';
import { unitFilterOptions, unitFilters, unitFilterValue, useOrgUnits } from '@/lib/org-units';
import { usePageTitle } from '@/lib/page-title';
import { categoryLabels } from '@/lib/roles';
import { useMe } from '@/lib/session/session-context';
import { inScope, peopleOptions, usePersonName, useStaff } from '@/lib/staff';
import { CASES_PAGE_SIZE, useCases } from '../api/use-cases';
import { CaseStatusTag } from '../components/case-status-tag';

const FILTERS = ['team_id', 'service_id', 'worker_id', 'category', 'status'] as const;
const SORTABLE = ['created_at', 'updated_at', 'display_name', 'external_ref', 'category', 'status'] as const;

/** The cases in the caller's scope: searched by initials or reference, filtered by team, worker, category and status. */
export function CasesListPage() {
  const me = useMe();
  const list = useListState({ filters: FILTERS, sortable: SORTABLE, pageSize: CASES_PAGE_SIZE });
  const { values } = list;
  usePageTitle(list.title('Cases'));
  const cases = useCases({
    team_id: values.team_id || undefined,
    service_id: values.service_id || undefined,
    worker_id: values.worker_id || undefined,
    category: someOf(CASE_CATEGORIES, values.category),
    status: someOf(CASE_STATUSES, values.status),
    ...list.request,
  });
  const orgUnits = useOrgUnits();
  const staff = useStaff();
  const personName = usePersonName();
  if (cases.isError) return <ProblemPage error={cases.error} />;

  const teamName = (id: string) => orgUnits.data?.find((unit) => unit.id === id)?.name ?? '';
  const units = unitFilterOptions(orgUnits.data ?? [], me);
  // Workers whose cases the caller may see: those of the units in their scope.
  const workers = peopleOptions((staff.data ?? []).filter((member) => member.roles.includes('practitioner') && inScope(member, me)));
  const items = cases.data?.items ?? [];

  return (
    <>
      <h1 className="govuk-heading-l">Cases</h1>
      <ListFilters
        key={list.formKey}
        label="Filter cases"
        search={{ hint: 'The child’s initials or the council’s reference, such as DEMO-000123' }}
        clearHref={list.filtered ? list.clearHref : null}
        initial={{ q: values.q, unit: unitFilterValue(values), worker_id: values.worker_id, category: values.category, status: values.status }}
        onApply={({ unit, ...rest }) => list.apply({ ...rest, ...unitFilters(unit) })}
      >
        {(field) => (
          <>
            {units.length > 1 ? <Select id="unit" label="Team or service" options={[{ value: '', text: 'All teams' }, ...units]} {...field('unit')} /> : null}
            {me.case_scope !== 'own' ? (
              <Select
                id="worker_id"
                label="Allocated worker"
                options={[{ value: '', text: 'Any worker' }, ...workers]}
                {...field('worker_id')}
              />
            ) : null}
            <Select
              id="category"
              label="Category"
              options={[{ value: '', text: 'All categories' }, ...Object.entries(categoryLabels).map(([value, text]) => ({ value, text }))]}
              {...field('category')}
            />
            <Select
              id="status"
              label="Status"
              options={[
                { value: '', text: 'Open and closed' },
                { value: 'open', text: 'Open' },
                { value: 'closed', text: 'Closed' },
              ]}
              {...field('status')}
            />
          </>
        )}
      </ListFilters>
      <ListTotal total={cases.data?.total} noun={['case', 'cases']} />
      {!cases.data ? (
        <Loading />
      ) : items.length === 0 ? (
        <p className="govuk-body">{list.page > 1 ? 'There are no more cases.' : 'No cases match these filters.'}</p>
      ) : (
        <Table
          caption={list.page > 1 ? `Cases, page ${list.page}` : 'Cases'}
          captionHidden
          head={[
            list.column('display_name', 'Child'),
            list.column('external_ref', 'Reference'),
            list.column('category', 'Category'),
            ...(units.length > 1 ? [{ text: 'Team' }] : []),
            { text: 'Allocated worker' },
            list.column('status', 'Status'),
            list.column('created_at', 'Added', 'descending'),
          ]}
          rows={items.map((item) => ({
            key: item.id,
            cells: [
              <Link className="govuk-link" to={`/cases/${item.id}`}>
                {item.display_name}
                <span className="govuk-visually-hidden"> ({item.external_ref})</span>
              </Link>,
              <span className="app-nowrap">{item.external_ref}</span>,
              categoryLabels[item.category],
              ...(units.length > 1 ? [teamName(item.team_id)] : []),
              personName(item.allocated_worker_id, 'Not allocated'),
              <CaseStatusTag status={item.status} />,
              formatDay(item.created_at),
            ],
          }))}
        />
      )}
      <Pagination {...list.paging(cases.data)} />
    </>
  );
}
