import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';
import type { CaseCategory } from '@/lib/api/types';
import type { CaseStatus } from '@/lib/api/types';
import { listOf } from '@/lib/api/enums';

export interface CaseFilters {
  team_id?: string;
  category?: CaseCategory;
  status?: CaseStatus;
  cursor?: string;
}

export const PAGE_SIZE = 25;

export function useCases(filters: CaseFilters) {
  return useQuery({
    queryKey: ['cases', filters],
    queryFn: () => unwrap(api.GET('/api/v1/cases', { params: { query: { ...filters, status: listOf(filters.status), category: listOf(filters.category), limit: PAGE_SIZE } } })),
    placeholderData: keepPreviousData,
  });
}

export function useCase(id: string) {
  return useQuery({
    queryKey: ['cases', 'one', id],
    queryFn: () => unwrap(api.GET('/api/v1/cases/{id}', { params: { path: { id } } })),
  });
}

/** The audits of one case (those the caller may see). */
export function useCaseAudits(caseId: string, enabled: boolean) {
  return useQuery({
    queryKey: ['audits', 'list', { case_id: caseId }],
    queryFn: () => unwrap(api.GET('/api/v1/audits', { params: { query: { case_id: caseId, limit: 50 } } })),
    enabled,
  });
}
