import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { unwrap, unwrapWithEtag } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';
import type { ConsentInput, LearningNeedQuery, NewFamilyFeedback, NewLearningNeed, NewObservation, ObservationQuery } from '@/lib/api/types';

export const OBSERVATIONS_PAGE_SIZE = 25;

export const observationsQueryKey = ['observations'] as const;

export function useObservations(query: ObservationQuery, enabled = true) {
  return useQuery({
    queryKey: [...observationsQueryKey, 'list', query],
    queryFn: () => unwrap(api.GET('/api/v1/observations', { params: { query } })),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** One observation in full (judgements, skills, feedback, learning needs), with its ETag. */
export function useObservation(id: string) {
  return useQuery({
    queryKey: [...observationsQueryKey, 'one', id],
    queryFn: () => unwrapWithEtag(api.GET('/api/v1/observations/{id}', { params: { path: { id } } })),
    staleTime: 0,
  });
}

/** A change that answers the observation: the lists and the observation itself are read again. */
function useObservationChange<I>(send: (input: I) => Promise<unknown>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: send,
    // Returned, so the caller's own onSuccess (often a navigation to a page that decides from
    // the observation's allowed operations what to show) runs once the observation is read
    // again, never on the copy from before the change.
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: observationsQueryKey }),
        queryClient.invalidateQueries({ queryKey: ['learning-needs'] }),
      ]),
  });
}

export function usePlanObservation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: NewObservation) => unwrap(api.POST('/api/v1/observations', { body })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: observationsQueryKey });
    },
  });
}

export const useRecordConsent = (id: string) =>
  useObservationChange((body: ConsentInput) => unwrap(api.PUT('/api/v1/observations/{id}/consent', { params: { path: { id } }, body })));

export const useCancelObservation = (id: string) =>
  useObservationChange((reason: string) => unwrap(api.POST('/api/v1/observations/{id}/cancel', { params: { path: { id } }, body: { reason } })));

export const useAddFamilyFeedback = (id: string) =>
  useObservationChange((body: NewFamilyFeedback) => unwrapWithEtag(api.POST('/api/v1/observations/{id}/family-feedback', { params: { path: { id } }, body })));

export const useAddLearningNeed = (id: string) =>
  useObservationChange((body: NewLearningNeed) => unwrapWithEtag(api.POST('/api/v1/observations/{id}/learning-needs', { params: { path: { id } }, body })));

export const useReflectOnObservation = (id: string) =>
  useObservationChange((body: { reflection: string; agreed_learning_needs: string[] }) =>
    unwrap(api.POST('/api/v1/observations/{id}/reflection', { params: { path: { id } }, body })),
  );

/** Submitting: only the lists are read again (the form moves to the observation's page, which reads it afresh). */
export function useSubmitObservation(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/observations/{id}/submit', { params: { path: { id } } })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: [...observationsQueryKey, 'list'] });
    },
  });
}

/** Learning needs counted by team and standard (never named). */
export function useLearningNeedCounts(query: LearningNeedQuery) {
  return useQuery({
    queryKey: ['learning-needs', 'counts', query],
    queryFn: () => unwrap(api.GET('/api/v1/learning-needs/counts', { params: { query } })),
    placeholderData: keepPreviousData,
  });
}
