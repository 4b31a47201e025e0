import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';
import type { NewServiceAccount, ServiceAccountWithToken } from '@/lib/api/types';

const key = ['service-accounts'] as const;

export function useServiceAccounts() {
  return useQuery({ queryKey: [...key, 'list'], queryFn: () => unwrap(api.GET('/api/v1/service-accounts')) });
}

export function useServiceAccount(id: string) {
  return useQuery({
    queryKey: [...key, 'one', id],
    queryFn: () => unwrap(api.GET('/api/v1/service-accounts/{id}', { params: { path: { id } } })),
  });
}

export function useCreateServiceAccount() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: NewServiceAccount) => unwrap(api.POST('/api/v1/service-accounts', { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: key }),
  });
}

export function useRotateServiceAccount(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (overlapHours: number) =>
      unwrap(api.POST('/api/v1/service-accounts/{id}/rotate', { params: { path: { id } }, body: { overlap_hours: overlapHours } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: key }),
  });
}

export function useRevokeServiceAccount(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/service-accounts/{id}/revoke', { params: { path: { id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: key }),
  });
}

/**
 * A token just issued, held in memory only (never in the address, history state or storage) so
 * that the page showing it can show it once: leaving that page or reloading forgets it.
 */
let issued: { token: ServiceAccountWithToken; kind: 'created' | 'rotated' } | null = null;

export function keepIssuedToken(token: ServiceAccountWithToken, kind: 'created' | 'rotated') {
  issued = { token, kind };
}

/** The token issued for this account, if it has not been shown and left already. */
export function issuedTokenFor(id: string) {
  return issued?.token.id === id ? issued : null;
}

export function forgetIssuedToken() {
  issued = null;
}
