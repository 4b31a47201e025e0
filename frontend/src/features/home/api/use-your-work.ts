import { useQuery } from '@tanstack/react-query';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';
import type { ActionQuery, AuditQuery, CaseQuery, EscalationQuery, FeedbackQuery, MonitoringFormQuery, ObservationQuery, OrgUnitQuery, ThemeQuery, UserQuery } from '@/lib/api/types';
import { trackerOrder } from '@/lib/complaints';

/**
 * What a home card counts: one list's total, asked for with `count=true&limit=1`, under the
 * list's own query key so that a change to its records (a reply, a moderation) refreshes it.
 */
export interface CountQuery {
  queryKey: readonly unknown[];
  queryFn: () => Promise<number>;
}

const counted =
  <Q extends object>(resource: string, read: (query: Q & { limit: number; count: true }) => Promise<{ total?: number | null }>) =>
  (query: Q): CountQuery => ({
    queryKey: [resource, 'list', 'count', query],
    queryFn: async () => (await read({ ...query, limit: 1, count: true })).total ?? 0,
  });

export const countAudits = counted<AuditQuery>('audits', (query) => unwrap(api.GET('/api/v1/audits', { params: { query } })));
export const countActions = counted<ActionQuery>('actions', (query) => unwrap(api.GET('/api/v1/actions', { params: { query } })));
export const countEscalations = counted<EscalationQuery>('escalations', (query) => unwrap(api.GET('/api/v1/escalations', { params: { query } })));
export const countCases = counted<CaseQuery>('cases', (query) => unwrap(api.GET('/api/v1/cases', { params: { query } })));
export const countThemes = counted<ThemeQuery>('themes', (query) => unwrap(api.GET('/api/v1/themes', { params: { query } })));
export const countUsers = counted<UserQuery>('users', (query) => unwrap(api.GET('/api/v1/users', { params: { query } })));
export const countOrgUnits = counted<OrgUnitQuery>('org-units', (query) => unwrap(api.GET('/api/v1/org-units', { params: { query } })));
export const countObservations = counted<ObservationQuery>('observations', (query) => unwrap(api.GET('/api/v1/observations', { params: { query } })));
export const countForms = counted<MonitoringFormQuery>('monitoring-forms', (query) => unwrap(api.GET('/api/v1/monitoring-forms', { params: { query } })));
export const countFeedback = counted<FeedbackQuery>('feedback', (query) => unwrap(api.GET('/api/v1/feedback', { params: { query } })));

export function useCount(query: CountQuery) {
  return useQuery({ ...query, staleTime: 0 });
}

/** A short list for a card, oldest or soonest first as the query sorts it. */
const SHORT = 5;

/** The caller's draft audits, newest first, with how many there are. */
export function useDrafts(auditorId: string) {
  const query: AuditQuery = { auditor_id: auditorId, status: ['draft'], limit: SHORT, count: true };
  return useQuery({
    queryKey: ['audits', 'list', query],
    queryFn: () => unwrap(api.GET('/api/v1/audits', { params: { query } })),
    staleTime: 0,
  });
}

/** The caller's unfinished actions, soonest due first, with how many there are. */
export function useUnfinishedActions(ownerId: string) {
  const query: ActionQuery = { owner_id: ownerId, status: ['open', 'in_progress'], sort: 'due_on', limit: SHORT, count: true };
  return useQuery({
    queryKey: ['actions', 'list', query],
    queryFn: () => unwrap(api.GET('/api/v1/actions', { params: { query } })),
    staleTime: 0,
  });
}

/** The audit programme's themes in progress. */
export function useThemesInProgress() {
  const query: ThemeQuery = { status: ['in_progress'], sort: 'title', limit: SHORT, count: true };
  return useQuery({
    queryKey: ['themes', 'list', query],
    queryFn: () => unwrap(api.GET('/api/v1/themes', { params: { query } })),
    staleTime: 0,
  });
}

/** The newest unread notifications, with the unread count. */
export function useUnreadNotifications() {
  return useQuery({
    queryKey: ['notifications', 'list', 'home'],
    queryFn: () => unwrap(api.GET('/api/v1/notifications', { params: { query: { unread: true, limit: 3 } } })),
    staleTime: 0,
  });
}

/** A short list for a card with how many there are in all, under the list's own query key. */
function useShortList<Q extends object, P>(resource: string, read: (query: Q) => Promise<P>, query: Q) {
  return useQuery({ queryKey: [resource, 'list', query], queryFn: () => read(query), staleTime: 0 });
}

/** Audits of the caller's work awaiting their reply, the longest waiting first. */
export function useAwaitingReply(practitionerId: string) {
  const query: AuditQuery = { practitioner_id: practitionerId, awaiting_response: true, sort: 'created_at', limit: SHORT, count: true };
  return useShortList('audits', (q: AuditQuery) => unwrap(api.GET('/api/v1/audits', { params: { query: q } })), query);
}

/** The moderation queue in the caller's scope (submitted audits drawn into the sample), the longest waiting first. */
export function useModerationQueue() {
  const query: AuditQuery = { status: ['submitted'], moderation_sampled: true, sort: 'created_at', limit: SHORT, count: true };
  return useShortList('audits', (q: AuditQuery) => unwrap(api.GET('/api/v1/audits', { params: { query: q } })), query);
}

/** Submitted observations of the caller's practice waiting for their reflection, oldest first. */
export function useObservationsToReflectOn(workerId: string) {
  const query: ObservationQuery = { observed_id: workerId, status: ['submitted'], sort: 'created_at', limit: SHORT, count: true };
  return useShortList('observations', (q: ObservationQuery) => unwrap(api.GET('/api/v1/observations', { params: { query: q } })), query);
}

/** The caller's observations still to do (planned or being recorded), soonest first. */
export function useObservationsToDo(observerId: string) {
  const query: ObservationQuery = { observer_id: observerId, status: ['planned', 'draft'], sort: 'observed_on', limit: SHORT, count: true };
  return useShortList('observations', (q: ObservationQuery) => unwrap(api.GET('/api/v1/observations', { params: { query: q } })), query);
}

/** The reviewing officer's draft monitoring forms, newest first. */
export function useDraftForms(officerId: string) {
  const query: MonitoringFormQuery = { officer_id: officerId, status: ['draft'], limit: SHORT, count: true };
  return useShortList('monitoring-forms', (q: MonitoringFormQuery) => unwrap(api.GET('/api/v1/monitoring-forms', { params: { query: q } })), query);
}

/** The open escalations the caller raised, soonest due first. */
export function useRaisedByMe(raiserId: string) {
  const query: EscalationQuery = { raised_by: raiserId, status: ['open'], sort: 'stage_due_on', limit: SHORT, count: true };
  return useShortList('escalations', (q: EscalationQuery) => unwrap(api.GET('/api/v1/escalations', { params: { query: q } })), query);
}

/**
 * Resolutions of escalations the caller raised that wait for them to accept (or take further).
 * The list cannot be filtered by acceptance, so the latest 100 resolved are read and the
 * accepted ones left out.
 */
export function useResolutionsToAccept(raiserId: string) {
  const query: EscalationQuery = { raised_by: raiserId, status: ['resolved'], sort: '-updated_at', limit: 100 };
  return useQuery({
    queryKey: ['escalations', 'list', 'to-accept', query],
    queryFn: async () => (await unwrap(api.GET('/api/v1/escalations', { params: { query } }))).items.filter((escalation) => !escalation.accepted_at),
    staleTime: 0,
  });
}

/**
 * Complaints whose clock runs (received, or acknowledged and waiting for a stage's response),
 * overdue first, then the soonest deadline: the API sorts only by dates recorded, so up to 100
 * are read and ordered here, for the due-soon count and the most pressing few.
 */
export function useRunningComplaints() {
  const query: FeedbackQuery = { kind: ['complaint'], status: ['received', 'acknowledged'], limit: 100, count: true };
  return useQuery({
    queryKey: ['feedback', 'list', 'running', query],
    queryFn: async () => {
      const page = await unwrap(api.GET('/api/v1/feedback', { params: { query } }));
      return { ...page, items: [...page.items].sort(trackerOrder) };
    },
    staleTime: 0,
  });
}

/** The subject access requests, for the data protection officer's card (a council has few at a time). */
export function useSubjectAccessRequests() {
  const query = { limit: 500 };
  return useQuery({
    queryKey: ['subject-access-requests', 'list', query],
    queryFn: () => unwrap(api.GET('/api/v1/subject-access-requests', { params: { query } })),
  });
}
