import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { unwrap, unwrapWithEtag } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';
import type { ActionQuery, BulkOutcome, NewReading, Reassignment } from '@/lib/api/types';
import { actionsKey, plansKey } from './keys';

export const ACTIONS_PAGE_SIZE = 25;


export function useActions(query: ActionQuery) {
  return useQuery({
    queryKey: [...actionsKey, 'list', query],
    queryFn: () => unwrap(api.GET('/api/v1/actions', { params: { query } })),
    placeholderData: keepPreviousData,
  });
}

export function useAction(id: string) {
  return useQuery({
    queryKey: [...actionsKey, 'one', id],
    queryFn: () => unwrapWithEtag(api.GET('/api/v1/actions/{id}', { params: { path: { id } } })),
  });
}

/** A reading of one of the plan's measures, taken when an action is verified. */
export type VerifyReading = NewReading & { measure_id: string };

export type Transition =
  | { step: 'start' }
  | { step: 'complete'; evidence: string }
  | { step: 'verify'; impact: string; reading?: VerifyReading }
  | { step: 'cancel'; reason: string };

/** Moves an action along: start, complete (evidence), verify (impact, and a reading if taken) or cancel (reason). */
export function useActionTransition(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (transition: Transition) => {
      const path = { params: { path: { id } } };
      switch (transition.step) {
        case 'start':
          return unwrap(api.POST('/api/v1/actions/{id}/start', path));
        case 'complete':
          return unwrap(api.POST('/api/v1/actions/{id}/complete', { ...path, body: { evidence: transition.evidence } }));
        case 'verify':
          return unwrap(api.POST('/api/v1/actions/{id}/verify', { ...path, body: { impact: transition.impact, reading: transition.reading ?? null } }));
        case 'cancel':
          return unwrap(api.POST('/api/v1/actions/{id}/cancel', { ...path, body: { reason: transition.reason } }));
      }
    },
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: actionsKey });
      // A verification's reading shows on the plan's measure.
      void queryClient.invalidateQueries({ queryKey: plansKey });
    },
  });
}

/** A new owner, a new due date, or both, for one action. */
export function useReassignAction(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Reassignment) => unwrap(api.POST('/api/v1/actions/{id}/reassign', { params: { path: { id } }, body })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: actionsKey });
      void queryClient.invalidateQueries({ queryKey: plansKey });
    },
  });
}

/**
 * Reassigns or re-dates many actions at once, all or nothing. The API's report per action comes
 * back whether every action changed (200) or none did (422, with why each was refused).
 */
export function useBulkReassign() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: Reassignment & { action_ids: string[] }): Promise<BulkOutcome> => {
      const result = await api.POST('/api/v1/actions/bulk', { body });
      if (result.response.status === 422 && result.error && 'changed' in result.error) return result.error;
      return unwrap(Promise.resolve(result));
    },
    onSuccess: (outcome) => {
      if (!outcome.changed) return;
      void queryClient.invalidateQueries({ queryKey: actionsKey });
      void queryClient.invalidateQueries({ queryKey: plansKey });
    },
  });
}
