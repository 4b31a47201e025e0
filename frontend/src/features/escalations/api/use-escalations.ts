import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';
import type { Escalation, EscalationQuery } from '@/lib/api/types';

export const ESCALATIONS_PAGE_SIZE = 25;

const escalationsKey = ['escalations'] as const;

export function useEscalations(query: EscalationQuery) {
  return useQuery({
    queryKey: [...escalationsKey, 'list', query],
    queryFn: () => unwrap(api.GET('/api/v1/escalations', { params: { query } })),
    placeholderData: keepPreviousData,
  });
}

export function useEscalation(id: string) {
  return useQuery({
    queryKey: [...escalationsKey, 'one', id],
    queryFn: () => unwrap(api.GET('/api/v1/escalations/{id}', { params: { path: { id } } })),
  });
}

/** A command on an escalation (a response, a move up a stage...): every list and the escalation are read again. */
function useEscalationCommand<I>(send: (input: I) => Promise<Escalation>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: send,
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: escalationsKey });
    },
  });
}

const path = (id: string) => ({ params: { path: { id } } });

export const useRespondToEscalation = (id: string) =>
  useEscalationCommand((text: string) => unwrap(api.POST('/api/v1/escalations/{id}/responses', { ...path(id), body: { text } })));

export const useResolveEscalation = (id: string) =>
  useEscalationCommand((resolution: string) => unwrap(api.POST('/api/v1/escalations/{id}/resolve', { ...path(id), body: { resolution } })));

export const useAcceptResolution = (id: string) =>
  useEscalationCommand((comment: string) => unwrap(api.POST('/api/v1/escalations/{id}/accept', { ...path(id), body: { comment: comment || null } })));

export const useWithdrawEscalation = (id: string) =>
  useEscalationCommand((reason: string) => unwrap(api.POST('/api/v1/escalations/{id}/withdraw', { ...path(id), body: { reason } })));

export const useMoveStage = (id: string) =>
  useEscalationCommand((body: { to_stage: number; reason: string }) => unwrap(api.POST('/api/v1/escalations/{id}/stage', { ...path(id), body })));

export const useReferToCafcass = (id: string) =>
  useEscalationCommand((body: { referred_on: string; notes: string }) => unwrap(api.POST('/api/v1/escalations/{id}/cafcass-referral', { ...path(id), body })));
