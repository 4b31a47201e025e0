import { Link, useNavigate, useSearchParams } from 'react-router';
import { Pagination, Table } from '@/components/govuk';
import { Loading } from '@/components/loading';
import { ProblemPage } from '@/components/status-pages/problem-page';
import type { CaseCategory } from '@/lib/api/types';
import { useOrgUnits } from '@/lib/org-units';
import { usePageTitle } from '@/lib/page-title';
import { categoryLabels } from '@/lib/roles';
import { useCases, type CaseFilters as Filters } from '../api/use-cases';
import { CaseFilters, type FilterValues } from '../components/case-filters';
import { CaseStatusTag } from '../components/case-status-tag';
import { nextPageSearch, pageNumber, previousPageSearch } from '@/lib/cursor-paging';
import { CASE_STATUSES, oneOf } from '@/lib/api/enums';

const isCategory = (value: string | null): value is CaseCategory => value !== null && value in categoryLabels;

export function CasesListPage() {
  const [search] = useSearchParams();
  const navigate = useNavigate();
  const page = pageNumber(search);
  usePageTitle(page > 1 ? `Cases (page ${page})` : 'Cases');

  const category = search.get('category');
  const filters: Filters = {
    team_id: search.get('team_id') || undefined,
    category: isCategory(category) ? category : undefined,
    status: oneOf(CASE_STATUSES, search.get('status')),
    cursor: search.get('cursor') || undefined,
  };
  const cases = useCases(filters);
  const orgUnits = useOrgUnits();
  const teams = (orgUnits.data ?? []).filter((unit) => unit.kind === 'team').sort((a, b) => a.name.localeCompare(b.name, 'en-GB'));
  const teamName = (id: string) => orgUnits.data?.find((unit) => unit.id === id)?.name ?? '';

  if (cases.isError) return <ProblemPage error={cases.error} />;

  const apply = (values: FilterValues) => {
    const params = new URLSearchParams();
    for (const name of ['team_id', 'category', 'status'] as const) {
      if (values[name]) params.set(name, values[name]);
    }
    const text = params.toString();
    void navigate(text ? `?${text}` : '.');
  };

  const previous = previousPageSearch(search);
  const nextCursor = cases.data?.next_cursor;

  return (
    <>
      <h1 className="govuk-heading-l">Cases</h1>
      <CaseFilters
        key={search.toString()}
        teams={teams}
        initial={{ team_id: filters.team_id ?? '', category: filters.category ?? '', status: filters.status ?? '' }}
        onApply={apply}
      />
      {!cases.data ? (
        <Loading />
      ) : cases.data.items.length === 0 ? (
        <p className="govuk-body">{page > 1 ? 'There are no more cases.' : 'No cases match these filters.'}</p>
      ) : (
        <Table
          caption={page > 1 ? `Cases, page ${page}` : 'Cases'}
          captionHidden
          head={[{ text: 'Child' }, { text: 'Reference' }, { text: 'Category' }, { text: 'Team' }, { text: 'Status' }]}
          rows={cases.data.items.map((item) => ({
            key: item.id,
            cells: [
              <Link className="govuk-link" to={`/cases/${item.id}`}>
                {item.display_name}
              </Link>,
              item.external_ref,
              categoryLabels[item.category],
              teamName(item.team_id),
              <CaseStatusTag status={item.status} />,
            ],
          }))}
        />
      )}
      <Pagination
        previous={previous ? { to: previous, labelText: `Page ${page - 1}` } : undefined}
        next={nextCursor ? { to: nextPageSearch(search, nextCursor), labelText: `Page ${page + 1}` } : undefined}
      />
    </>
  );
}
