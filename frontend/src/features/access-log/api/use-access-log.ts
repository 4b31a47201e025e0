import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';
import { apiQuery, type AccessLogSearch } from './access-log-filters';

export const ACCESS_LOG_PAGE_SIZE = 50;

/** One page of the access log for a search. */
export function useAccessLog(search: AccessLogSearch, cursor: string | undefined) {
  return useQuery({
    queryKey: ['access-log', search, cursor],
    queryFn: () =>
      unwrap(api.GET('/api/v1/access-log', { params: { query: { ...apiQuery(search), cursor, limit: ACCESS_LOG_PAGE_SIZE } } })),
    placeholderData: keepPreviousData,
    staleTime: 0,
  });
}
