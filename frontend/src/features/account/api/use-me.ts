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
