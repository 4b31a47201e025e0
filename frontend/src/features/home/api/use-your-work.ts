import { useQuery } from '@tanstack/react-query';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';
import { listOf } from '@/lib/api/enums';

const PANEL_SIZE = 50;

/** Audits for the panels: the caller's drafts, or submitted audits of their work. */
export function usePanelAudits(query: { auditor_id?: string; practitioner_id?: string; status?: 'draft' | 'submitted' | 'moderated' }, enabled: boolean) {
  return useQuery({
    queryKey: ['audits', 'list', 'home', query],
    queryFn: () => unwrap(api.GET('/api/v1/audits', { params: { query: { ...query, status: listOf(query.status), limit: PANEL_SIZE } } })),
    enabled,
    staleTime: 0,
  });
}

/** The caller's open and in-progress actions (overdue ones are flagged). */
export function usePanelActions(ownerId: string, enabled: boolean) {
  return useQuery({
    queryKey: ['actions', 'list', 'home', ownerId],
    queryFn: async () => {
      const [open, started] = await Promise.all(
        (['open', 'in_progress'] as const).map((status) =>
          unwrap(api.GET('/api/v1/actions', { params: { query: { owner_id: ownerId, status: [status], limit: PANEL_SIZE } } })),
        ),
      );
      return [...(open?.items ?? []), ...(started?.items ?? [])].sort((a, b) => a.due_on.localeCompare(b.due_on));
    },
    enabled,
    staleTime: 0,
  });
}

/** Open escalations raised to the caller. */
export function usePanelEscalations(raisedTo: string, enabled: boolean) {
  return useQuery({
    queryKey: ['escalations', 'list', 'home', raisedTo],
    queryFn: () => unwrap(api.GET('/api/v1/escalations', { params: { query: { raised_to: raisedTo, status: ['open'], limit: PANEL_SIZE } } })),
    enabled,
    staleTime: 0,
  });
}

/** The newest unread notifications, with the unread count. */
export function usePanelNotifications() {
  return useQuery({
    queryKey: ['notifications', 'list', 'home'],
    queryFn: () => unwrap(api.GET('/api/v1/notifications', { params: { query: { unread: true, limit: 5 } } })),
    staleTime: 0,
  });
}
