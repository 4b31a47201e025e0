import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { unwrap, unwrapWithEtag } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';
import type { MonitoringFormQuery, NewEscalation, NewMonitoringForm } from '@/lib/api/types';

export const FORMS_PAGE_SIZE = 25;

export const formsQueryKey = ['monitoring-forms'] as const;

export function useMonitoringForms(query: MonitoringFormQuery, enabled = true) {
  return useQuery({
    queryKey: [...formsQueryKey, 'list', query],
    queryFn: () => unwrap(api.GET('/api/v1/monitoring-forms', { params: { query } })),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** One form with its quality checks, with the ETag a change must send back. */
export function useMonitoringForm(id: string) {
  return useQuery({
    queryKey: [...formsQueryKey, 'one', id],
    queryFn: () => unwrapWithEtag(api.GET('/api/v1/monitoring-forms/{id}', { params: { path: { id } } })),
    staleTime: 0,
  });
}

export function useStartForm() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: NewMonitoringForm) => unwrap(api.POST('/api/v1/monitoring-forms', { body })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: formsQueryKey });
    },
  });
}

/** Submitting: the lists are read again (the form's own page reads it afresh when it opens). */
export function useSubmitForm(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/monitoring-forms/{id}/submit', { params: { path: { id } } })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: [...formsQueryKey, 'list'] });
    },
  });
}

/** A practice alert or escalation raised from a form (or by hand). */
export function useRaiseEscalation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: NewEscalation) => unwrap(api.POST('/api/v1/escalations', { body })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['escalations'] });
      void queryClient.invalidateQueries({ queryKey: formsQueryKey });
    },
  });
}
