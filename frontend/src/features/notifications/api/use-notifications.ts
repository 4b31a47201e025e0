import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';
import type { NotificationQuery } from '@/lib/api/types';

export const NOTIFICATIONS_PAGE_SIZE = 25;

/** How often the unread count is asked for again. */
export const UNREAD_POLL_MS = 30_000;

const notificationsKey = ['notifications'] as const;

export function useNotifications(query: NotificationQuery) {
  return useQuery({
    queryKey: [...notificationsKey, 'list', query],
    queryFn: () => unwrap(api.GET('/api/v1/notifications', { params: { query } })),
    placeholderData: keepPreviousData,
    staleTime: 0,
  });
}

/** The number of unread notifications, asked for every 30 seconds while signed in. */
export function useUnreadCount(enabled: boolean) {
  return useQuery({
    queryKey: [...notificationsKey, 'unread-count'],
    queryFn: async () => (await unwrap(api.GET('/api/v1/notifications', { params: { query: { unread: true, limit: 1 } } }))).unread_count,
    enabled,
    staleTime: 0,
    refetchInterval: UNREAD_POLL_MS,
    refetchOnWindowFocus: true,
    retry: false,
  });
}

export function useMarkRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.POST('/api/v1/notifications/{id}/read', { params: { path: { id } } })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: notificationsKey });
    },
  });
}
