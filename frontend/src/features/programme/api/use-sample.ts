import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';
import type { AuditQuery, CaseQuery, PlanQuery, Theme, ThemeSample } from '@/lib/api/types';

/** The theme's sample so far: its audits, one per case, each with its auditor. */
export function useThemeAudits(themeId: string) {
  const query: AuditQuery = { theme_id: themeId, sort: 'created_at', limit: 200, count: true };
  return useQuery({
    queryKey: ['audits', 'list', query],
    queryFn: () => unwrap(api.GET('/api/v1/audits', { params: { query } })),
  });
}

/** Cases to choose a sample from, as the case list's filters narrow them. */
export function useCasesToChoose(query: CaseQuery, enabled: boolean) {
  return useQuery({
    queryKey: ['cases', 'list', query],
    queryFn: () => unwrap(api.GET('/api/v1/cases', { params: { query } })),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** Draws the sample: chosen cases or a random draw, assigned to the auditors in turn, all or nothing. */
export function useDrawSample(themeId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ThemeSample) => unwrap(api.POST('/api/v1/themes/{id}/sample', { params: { path: { id: themeId } }, body })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['audits'] });
    },
  });
}

/**
 * The action plan a closed theme became. The plans list cannot be filtered by the record a plan
 * came from, so the theme's plans are searched by its title and matched on `source_id`.
 */
export function useThemePlan(theme: Pick<Theme, 'id' | 'title' | 'status'>) {
  const query: PlanQuery = { source: ['themed_audit'], q: theme.title, limit: 50 };
  return useQuery({
    queryKey: ['action-plans', 'list', query],
    queryFn: async () => (await unwrap(api.GET('/api/v1/action-plans', { params: { query } }))).items.find((plan) => plan.source_id === theme.id) ?? null,
    enabled: theme.status === 'closed',
  });
}
