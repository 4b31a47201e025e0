import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { unwrap, unwrapWithEtag } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';
import type { ActionQuery } from '@/lib/api/types';

export const ACTIONS_PAGE_SIZE = 25;

const actionsKey = ['actions'] as const;

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

export type Transition = { step: 'start' } | { step: 'complete'; evidence: string } | { step: 'verify'; impact: string } | { step: 'cancel'; reason: string };

/** Moves an action along: start, complete (evidence), verify (impact) or cancel (reason). */
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
          return unwrap(api.POST('/api/v1/actions/{id}/verify', { ...path, body: { impact: transition.impact } }));
        case 'cancel':
          return unwrap(api.POST('/api/v1/actions/{id}/cancel', { ...path, body: { reason: transition.reason } }));
      }
    },
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: actionsKey });
    },
  });
}
