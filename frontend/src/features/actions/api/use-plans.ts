import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { unwrap, unwrapWithEtag } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';
import type { NewMeasure, NewPlan, NewPlanAction, NewReading, PlanPatch, PlanQuery } from '@/lib/api/types';
import { actionsKey, plansKey } from './keys';

export const PLANS_PAGE_SIZE = 25;

export function usePlans(query: PlanQuery) {
  return useQuery({
    queryKey: [...plansKey, 'list', query],
    queryFn: () => unwrap(api.GET('/api/v1/action-plans', { params: { query } })),
    placeholderData: keepPreviousData,
  });
}

/** One plan with its actions, measures and re-audit impact, and the ETag a change sends back. */
export function usePlan(id: string | null | undefined) {
  return useQuery({
    queryKey: [...plansKey, 'one', id],
    queryFn: () => unwrapWithEtag(api.GET('/api/v1/action-plans/{id}', { params: { path: { id: id ?? '' } } })),
    enabled: Boolean(id),
    // An action's page asks for its plan; an owner who may not read the plan is answered 404.
    retry: false,
  });
}

/** After a change to a plan or its parts: the plan and every list that may show it again. */
function useRefresh() {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: plansKey });
    void queryClient.invalidateQueries({ queryKey: actionsKey });
  };
}

export function useCreatePlan() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (body: NewPlan) => unwrap(api.POST('/api/v1/action-plans', { body })),
    onSuccess: refresh,
  });
}

export function useUpdatePlan(id: string) {
  const queryClient = useQueryClient();
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({ patch, etag }: { patch: PlanPatch; etag: string }) =>
      unwrapWithEtag(
        api.PATCH('/api/v1/action-plans/{id}', {
          params: { path: { id }, header: { 'If-Match': etag } },
          body: patch,
          headers: { 'Content-Type': 'application/merge-patch+json' },
        }),
      ),
    // The answer is the plan now with its new ETag, so a second change at once sends it; a
    // refusal for a stale version has the plan read again.
    onSuccess: (saved) => queryClient.setQueryData([...plansKey, 'one', id], saved),
    onSettled: refresh,
  });
}

export function useAddPlanAction(id: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (body: NewPlanAction) => unwrap(api.POST('/api/v1/action-plans/{id}/actions', { params: { path: { id } }, body })),
    onSuccess: refresh,
  });
}

export function useAddMeasure(id: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (body: NewMeasure) => unwrap(api.POST('/api/v1/action-plans/{id}/measures', { params: { path: { id } }, body })),
    onSuccess: refresh,
  });
}

export function useAddReading(id: string, measureId: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (body: NewReading) => unwrap(api.POST('/api/v1/action-plans/{id}/measures/{measure_id}/readings', { params: { path: { id, measure_id: measureId } }, body })),
    onSuccess: refresh,
  });
}
