import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';
import type { EscalationQuery } from '@/lib/api/types';

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

export function useRespondToEscalation(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (text: string) => unwrap(api.POST('/api/v1/escalations/{id}/responses', { params: { path: { id } }, body: { text } })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: escalationsKey });
    },
  });
}

export function useResolveEscalation(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (resolution: string) => unwrap(api.POST('/api/v1/escalations/{id}/resolve', { params: { path: { id } }, body: { resolution } })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: escalationsKey });
    },
  });
}
