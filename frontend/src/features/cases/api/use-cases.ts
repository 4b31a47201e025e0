import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';
import type { ActionQuery, AuditQuery, CaseQuery, EscalationQuery, FeedbackQuery, MonitoringFormQuery, ObservationQuery } from '@/lib/api/types';

export const CASES_PAGE_SIZE = 25;

export function useCases(query: CaseQuery) {
  return useQuery({
    queryKey: ['cases', 'list', query],
    queryFn: () => unwrap(api.GET('/api/v1/cases', { params: { query } })),
    placeholderData: keepPreviousData,
  });
}

export function useCase(id: string) {
  return useQuery({
    queryKey: ['cases', 'one', id],
    queryFn: () => unwrap(api.GET('/api/v1/cases/{id}', { params: { path: { id } } })),
  });
}

/** The case's audits (those the caller may see), oldest first: its grade history. */
export function useCaseAudits(caseId: string, enabled: boolean) {
  const query: AuditQuery = { case_id: caseId, sort: 'created_at', limit: 100 };
  return useQuery({
    queryKey: ['audits', 'list', query],
    queryFn: () => unwrap(api.GET('/api/v1/audits', { params: { query } })),
    enabled,
  });
}

/** The case's open escalations. */
export function useCaseEscalations(caseId: string, enabled: boolean) {
  const query: EscalationQuery = { case_id: caseId, status: ['open'], sort: 'stage_due_on', limit: 100 };
  return useQuery({
    queryKey: ['escalations', 'list', query],
    queryFn: () => unwrap(api.GET('/api/v1/escalations', { params: { query } })),
    enabled,
  });
}

/** The case's open actions, soonest due first. */
export function useCaseActions(caseId: string, enabled: boolean) {
  const query: ActionQuery = { case_id: caseId, status: ['open', 'in_progress'], sort: 'due_on', limit: 100 };
  return useQuery({
    queryKey: ['actions', 'list', query],
    queryFn: () => unwrap(api.GET('/api/v1/actions', { params: { query } })),
    enabled,
  });
}

/** Observations of practice on the case (those the caller may see), newest first. */
export function useCaseObservations(caseId: string, enabled: boolean) {
  const query: ObservationQuery = { case_id: caseId, sort: '-observed_on', limit: 100 };
  return useQuery({
    queryKey: ['observations', 'list', query],
    queryFn: () => unwrap(api.GET('/api/v1/observations', { params: { query } })),
    enabled,
  });
}

/** The reviewing officers' monitoring forms after the case's reviews and conferences, newest meeting first. */
export function useCaseForms(caseId: string, enabled: boolean) {
  const query: MonitoringFormQuery = { case_id: caseId, sort: '-meeting_on', limit: 100 };
  return useQuery({
    queryKey: ['monitoring-forms', 'list', query],
    queryFn: () => unwrap(api.GET('/api/v1/monitoring-forms', { params: { query } })),
    enabled,
  });
}

/** Feedback about the case (compliments, complaints, participation...), newest received first. */
export function useCaseFeedback(caseId: string, enabled: boolean) {
  const query: FeedbackQuery = { case_id: caseId, sort: '-received_on', limit: 100 };
  return useQuery({
    queryKey: ['feedback', 'list', query],
    queryFn: () => unwrap(api.GET('/api/v1/feedback', { params: { query } })),
    enabled,
  });
}
