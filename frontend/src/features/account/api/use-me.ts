import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';
import type { PreferenceChanges } from '@/lib/api/types';

/** The caller as the API sees them now (roles may have changed since sign-in). */
export function useMeQuery() {
  return useQuery({ queryKey: ['me'], queryFn: () => unwrap(api.GET('/api/v1/me')) });
}

const preferencesKey = ['me', 'notification-preferences'] as const;

/** Which of the caller's notifications come by e-mail too, and whether e-mail is on for this service. */
export function useNotificationPreferences() {
  return useQuery({ queryKey: preferencesKey, queryFn: () => unwrap(api.GET('/api/v1/me/notification-preferences')) });
}

export function useSaveNotificationPreferences() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: PreferenceChanges) => unwrap(api.PUT('/api/v1/me/notification-preferences', { body })),
    onSuccess: (saved) => queryClient.setQueryData(preferencesKey, saved),
  });
}

const totpKey = ['me', 'totp'] as const;

/** The caller's second factor: set up or not, required or not, recovery codes left. */
export function useMyTotp() {
  return useQuery({ queryKey: totpKey, queryFn: () => unwrap(api.GET('/api/v1/me/totp')) });
}

/** Begins setting up an authenticator app: a new secret and its QR code. */
export function useBeginTotp() {
  return useMutation({ mutationFn: () => unwrap(api.POST('/api/v1/me/totp/enrolment')) });
}

/** Confirms the set-up with the app's first code; answers the recovery codes. */
export function useConfirmTotp() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (code: string) => unwrap(api.POST('/api/v1/me/totp/confirm', { body: { code } })),
    onSuccess: (answer) => queryClient.setQueryData(totpKey, answer.status),
  });
}

/** New recovery codes for old, proved by a code. */
export function useNewRecoveryCodes() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (code: string) => unwrap(api.POST('/api/v1/me/totp/recovery-codes', { body: { code } })),
    onSuccess: (answer) => queryClient.setQueryData(totpKey, answer.status),
  });
}

/** Turns an optional second factor off, proved by a code. */
export function useDisableTotp() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (code: string) => unwrap(api.POST('/api/v1/me/totp/disable', { body: { code } })),
    onSuccess: (status) => queryClient.setQueryData(totpKey, status),
  });
}
