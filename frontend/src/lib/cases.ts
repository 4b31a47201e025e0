import { useQueries } from '@tanstack/react-query';
import { unwrap } from './api/api-error';
import { api } from './api/client';

/** The query for one case; the cases feature shares its cache key. */
export const caseQuery = (id: string) => ({
  queryKey: ['cases', 'one', id] as const,
  queryFn: () => unwrap(api.GET('/api/v1/cases/{id}', { params: { path: { id } } })),
  staleTime: 60_000,
});

/**
 * Names the cases records refer to by id alone (notifications): one
 * read per distinct case, shared with every other page through the query cache.
 */
export function useCaseNames(ids: (string | null | undefined)[]): (id: string | null | undefined) => string {
  const unique = [...new Set(ids.filter((id): id is string => Boolean(id)))];
  const results = useQueries({ queries: unique.map((id) => ({ ...caseQuery(id), retry: false })) });
  const names = new Map<string, string>();
  results.forEach((result, index) => {
    const id = unique[index];
    if (id && result.data) names.set(id, caseName(result.data));
    else if (id && result.isError) names.set(id, 'A case you cannot see');
  });
  return (id) => (id ? (names.get(id) ?? '') : 'No case');
}

/**
 * How a case is named on screen: its initials or pseudonym with the council's reference, so two
 * children with the same initials can be told apart. Records name their case themselves.
 */
export function caseLabel(record: { case_display_name?: string | null; case_external_ref?: string | null }, fallback = ''): string {
  const name = record.case_display_name?.trim();
  if (!name) return fallback;
  return record.case_external_ref ? `${name} (${record.case_external_ref})` : name;
}

/** How a case itself is named on screen: "N.W. (DEMO-000123)". */
export const caseName = (kase: { display_name: string; external_ref: string }): string =>
  caseLabel({ case_display_name: kase.display_name, case_external_ref: kase.external_ref });
