import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { unwrap, unwrapWithEtag } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';
import { csvBody, importOutcome, type CsvImportInput } from '@/lib/csv-import';
import type { AuditImportOutcome, AuditQuery, NewAlert, NewAudit, NewModeration, NewRemedialAction } from '@/lib/api/types';

export const AUDITS_PAGE_SIZE = 25;

export const auditsQueryKey = ['audits'] as const;

export function useAudits(query: AuditQuery, enabled = true) {
  return useQuery({
    queryKey: [...auditsQueryKey, 'list', query],
    queryFn: () => unwrap(api.GET('/api/v1/audits', { params: { query } })),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** One audit in full, with the ETag a change must send back. */
export function useAudit(id: string) {
  return useQuery({
    queryKey: [...auditsQueryKey, 'one', id],
    queryFn: () => unwrapWithEtag(api.GET('/api/v1/audits/{id}', { params: { path: { id } } })),
    staleTime: 0,
  });
}

export function useCreateAudit() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: NewAudit) => unwrap(api.POST('/api/v1/audits', { body })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: auditsQueryKey });
    },
  });
}

export function useSubmitAudit(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/audits/{id}/submit', { params: { path: { id } } })),
    // The lists only: the audit's own page reads it afresh when it opens (refreshing it here
    // would have the form redirect to that page before the form's own move, losing its message).
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: [...auditsQueryKey, 'list'] });
    },
  });
}

export function useAddRemedialAction(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: NewRemedialAction) => unwrap(api.POST('/api/v1/audits/{id}/remedial-actions', { params: { path: { id } }, body })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: [...auditsQueryKey, 'one', id] });
    },
  });
}

export function useAddAlert(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: NewAlert) => unwrap(api.POST('/api/v1/audits/{id}/alerts', { params: { path: { id } }, body })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: [...auditsQueryKey, 'one', id] });
    },
  });
}

export function useReplyToAudit(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (reflection: string) => unwrap(api.POST('/api/v1/audits/{id}/response', { params: { path: { id } }, body: { reflection } })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: auditsQueryKey });
    },
  });
}

export function useModerateAudit(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: NewModeration) => unwrap(api.POST('/api/v1/audits/{id}/moderation', { params: { path: { id } }, body })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: auditsQueryKey });
    },
  });
}

/** Starts a re-audit of a submitted audit: a draft of the same case by the caller. */
export function useStartReaudit(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/audits/{id}/reaudit', { params: { path: { id } } })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: [...auditsQueryKey, 'list'] });
    },
  });
}

/** A re-audit's grade change per standard against the audit it re-audits. */
export function useAuditImpact(id: string, enabled: boolean) {
  return useQuery({
    queryKey: [...auditsQueryKey, 'impact', id],
    queryFn: () => unwrap(api.GET('/api/v1/audits/{id}/impact', { params: { path: { id } } })),
    enabled,
    staleTime: 0,
  });
}

export function useReturnAudit(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (reason: string) => unwrap(api.POST('/api/v1/audits/{id}/return', { params: { path: { id } }, body: { reason } })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: auditsQueryKey });
    },
  });
}

/**
 * Imports a council's past audits from a CSV file, or with `dryRun` only checks it and keeps
 * nothing. A 422 listing refused rows throws `ImportRefused`; other refusals an `ApiError`.
 */
export function useImportAudits() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ batchRef, csv, dryRun }: CsvImportInput): Promise<AuditImportOutcome> =>
      importOutcome(api.POST('/api/v1/audits/import', { params: { query: { batch_ref: batchRef, ...(dryRun ? { dry_run: true } : {}) } }, body: csv, ...csvBody })),
    onSuccess: (outcome) => {
      if (!outcome.dry_run) void queryClient.invalidateQueries({ queryKey: auditsQueryKey });
    },
  });
}
