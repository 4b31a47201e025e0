import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';
import { csvBody, importOutcome, type CsvImportInput } from '@/lib/csv-import';
import type { EscalateStage, ExtendStage, Feedback, FeedbackPatch, FeedbackQuery, ImportOutcome, NewFeedback, OmbudsmanReferral, PanelDates, RespondStage } from '@/lib/api/types';

export const FEEDBACK_PAGE_SIZE = 25;
/**
 * The complaints tracker asks for this many at once (the most the API gives without counting
 * the request as a large one), so its order, overdue first, holds across a council's open
 * complaints: the API sorts only by dates recorded, not by deadlines.
 */
export const TRACKER_PAGE_SIZE = 100;

export const feedbackKey = ['feedback'] as const;

export function useFeedbackList(query: FeedbackQuery) {
  return useQuery({
    queryKey: [...feedbackKey, 'list', query],
    queryFn: () => unwrap(api.GET('/api/v1/feedback', { params: { query } })),
    placeholderData: keepPreviousData,
  });
}

const oneKey = (id: string) => [...feedbackKey, 'one', id] as const;

export function useFeedback(id: string) {
  return useQuery({
    queryKey: oneKey(id),
    queryFn: () => unwrap(api.GET('/api/v1/feedback/{id}', { params: { path: { id } } })),
  });
}

export function useRecordFeedback() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: NewFeedback) => unwrap(api.POST('/api/v1/feedback', { body })),
    onSuccess: (created) => {
      queryClient.setQueryData(oneKey(created.id), created);
      void queryClient.invalidateQueries({ queryKey: [...feedbackKey, 'list'] });
    },
  });
}

/** The version read, as the `If-Match` a command sends, so a change made meanwhile is refused (412) rather than overwritten. */
const ifMatch = (feedback: Pick<Feedback, 'version'>) => ({ 'If-Match': `"${feedback.version}"` });

/**
 * A command on feedback (acknowledge, extend, respond...): sent with the version on screen; the
 * answer is the feedback now, shown at once, and every list is read again. A 412 (someone
 * changed it meanwhile) has it read again too, so the page shows it as it now is.
 */
function useFeedbackCommand<I>(feedback: Pick<Feedback, 'id' | 'version'>, send: (input: I, headers: Record<string, string>) => Promise<Feedback>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: I) => send(input, ifMatch(feedback)),
    onSuccess: (saved) => queryClient.setQueryData(oneKey(saved.id), saved),
    onError: (error) => {
      if (error instanceof ApiError && error.status === 412) void queryClient.invalidateQueries({ queryKey: oneKey(feedback.id) });
    },
    onSettled: () => void queryClient.invalidateQueries({ queryKey: [...feedbackKey, 'list'] }),
  });
}

const path = (id: string) => ({ params: { path: { id } } });

type Target = Pick<Feedback, 'id' | 'version'>;

export const useAcknowledge = (f: Target) =>
  useFeedbackCommand(f, (_: undefined, headers) => unwrap(api.POST('/api/v1/feedback/{id}/acknowledge', { ...path(f.id), headers })));

export const useExtend = (f: Target) => useFeedbackCommand(f, (body: ExtendStage, headers) => unwrap(api.POST('/api/v1/feedback/{id}/extend', { ...path(f.id), body, headers })));

export const useRespond = (f: Target) => useFeedbackCommand(f, (body: RespondStage, headers) => unwrap(api.POST('/api/v1/feedback/{id}/respond', { ...path(f.id), body, headers })));

export const useEscalateStage = (f: Target) =>
  useFeedbackCommand(f, (body: EscalateStage, headers) => unwrap(api.POST('/api/v1/feedback/{id}/escalate-stage', { ...path(f.id), body, headers })));

export const usePanel = (f: Target) => useFeedbackCommand(f, (body: PanelDates, headers) => unwrap(api.POST('/api/v1/feedback/{id}/panel', { ...path(f.id), body, headers })));

export const useOmbudsman = (f: Target) =>
  useFeedbackCommand(f, (body: OmbudsmanReferral, headers) => unwrap(api.POST('/api/v1/feedback/{id}/ombudsman', { ...path(f.id), body, headers })));

export const useWithdraw = (f: Target) =>
  useFeedbackCommand(f, (reason: string, headers) => unwrap(api.POST('/api/v1/feedback/{id}/withdraw', { ...path(f.id), body: { reason }, headers })));

export const useClose = (f: Target) => useFeedbackCommand(f, (_: undefined, headers) => unwrap(api.POST('/api/v1/feedback/{id}/close', { ...path(f.id), headers })));

export const useAnswerParticipant = (f: Target) =>
  useFeedbackCommand(f, (weDid: string, headers) => unwrap(api.POST('/api/v1/feedback/{id}/response-to-participant', { ...path(f.id), body: { we_did: weDid }, headers })));

/** Changing the words, themes, standards or learning: a JSON merge patch of what changed, with `If-Match`. */
export const useUpdateFeedback = (f: Target) =>
  useFeedbackCommand(f, (patch: FeedbackPatch, headers) =>
    unwrap(api.PATCH('/api/v1/feedback/{id}', { params: { path: { id: f.id }, header: { 'If-Match': headers['If-Match'] ?? '' } }, body: patch, headers: { 'Content-Type': 'application/merge-patch+json' } })),
  );

/**
 * Imports a survey file as `text/csv`. It goes through the typed client like every other call
 * (the same bearer token and the same renewal of an expired one); only the body is sent as it
 * is rather than as JSON. A 422 listing refused rows throws `ImportRefused`; other
 * refusals an `ApiError`.
 */
export function useImportSurvey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ batchRef, csv }: CsvImportInput): Promise<ImportOutcome> =>
      importOutcome(api.POST('/api/v1/feedback/import', { params: { query: { batch_ref: batchRef } }, body: csv, ...csvBody })),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: [...feedbackKey, 'list'] }),
  });
}
