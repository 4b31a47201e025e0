import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { unwrap, unwrapWithEtag } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';
import type { NewLegalHold, NewRedaction, NewSubjectAccessRequest, RetentionClassPatch } from '@/lib/api/types';

export const requestsKey = ['subject-access-requests'] as const;
const holdsKey = ['legal-holds'] as const;
const retentionKey = ['retention'] as const;

/** The requests, overdue first (the API's order); `status` narrows them. */
export function useRequests(status: 'open' | 'gathered' | 'released' | undefined) {
  const query = { ...(status ? { status } : {}), limit: 100 };
  return useQuery({
    queryKey: [...requestsKey, 'list', query],
    queryFn: () => unwrap(api.GET('/api/v1/subject-access-requests', { params: { query } })),
    placeholderData: keepPreviousData,
    staleTime: 0,
  });
}

/**
 * One request with its ETag. While its bundle is being gathered in the background the record
 * is read again every two seconds, until it says it is gathered.
 */
export function useRequest(id: string) {
  return useQuery({
    queryKey: [...requestsKey, 'one', id],
    queryFn: () => unwrapWithEtag(api.GET('/api/v1/subject-access-requests/{id}', { params: { path: { id } } })),
    refetchInterval: (query) => (query.state.data?.data.gathering ? 2_000 : false),
    staleTime: 0,
  });
}

export function useCreateRequest() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: NewSubjectAccessRequest) => unwrap(api.POST('/api/v1/subject-access-requests', { body })),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: requestsKey }),
  });
}

export type RequestCommand = { step: 'pause'; reason: string } | { step: 'resume' } | { step: 'extend'; reason: string } | { step: 'gather' } | { step: 'release' };

/**
 * Pause, resume, extend, gather (202: the work goes on in the background) or release. The
 * answer is the request as it now stands: it replaces the page's copy at once, so a message
 * about the step never shows beside the status from before it, and the lists are read again.
 */
export function useRequestCommand(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (command: RequestCommand) => {
      const path = { params: { path: { id } } };
      switch (command.step) {
        case 'pause':
          return unwrapWithEtag(api.POST('/api/v1/subject-access-requests/{id}/pause', { ...path, body: { reason: command.reason } }));
        case 'resume':
          return unwrapWithEtag(api.POST('/api/v1/subject-access-requests/{id}/resume', path));
        case 'extend':
          return unwrapWithEtag(api.POST('/api/v1/subject-access-requests/{id}/extend', { ...path, body: { reason: command.reason } }));
        case 'gather':
          return unwrapWithEtag(api.POST('/api/v1/subject-access-requests/{id}/gather', path));
        case 'release':
          return unwrapWithEtag(api.POST('/api/v1/subject-access-requests/{id}/release', path));
      }
    },
    onSuccess: (answer) => {
      if (answer.etag) queryClient.setQueryData([...requestsKey, 'one', id], answer);
      void queryClient.invalidateQueries({ queryKey: requestsKey });
    },
  });
}

/** The gathered bundle, as JSON, to review and redact in the page; read again after each gathering. */
export function useBundle(id: string, gatheredAt: string | null | undefined) {
  const enabled = Boolean(gatheredAt);
  return useQuery({
    queryKey: [...requestsKey, 'bundle', id, gatheredAt],
    queryFn: () => unwrap(api.GET('/api/v1/subject-access-requests/{id}/bundle', { params: { path: { id }, query: { format: 'json' } } })) as Promise<unknown>,
    enabled,
    staleTime: 0,
  });
}

export function useRedactions(id: string, enabled: boolean) {
  return useQuery({
    queryKey: [...requestsKey, 'redactions', id],
    queryFn: () => unwrap(api.GET('/api/v1/subject-access-requests/{id}/redactions', { params: { path: { id } } })),
    enabled,
    staleTime: 0,
  });
}

export function useAddRedaction(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: NewRedaction) => unwrap(api.POST('/api/v1/subject-access-requests/{id}/redactions', { params: { path: { id } }, body })),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: [...requestsKey, 'redactions', id] }),
  });
}

export function useRemoveRedaction(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (rid: string) => unwrap(api.DELETE('/api/v1/subject-access-requests/{id}/redactions/{redaction_id}', { params: { path: { id, redaction_id: rid } } })),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: [...requestsKey, 'redactions', id] }),
  });
}

/**
 * Downloads a document of the request (the bundle or the released bundle, JSON or HTML) with
 * the access token, and saves it.
 */
export async function downloadDocument(id: string, which: 'bundle' | 'released', format: 'json' | 'html'): Promise<void> {
  const options = { params: { path: { id }, query: { format } }, parseAs: 'blob' as const };
  const { data, response } =
    which === 'bundle' ? await api.GET('/api/v1/subject-access-requests/{id}/bundle', options) : await api.GET('/api/v1/subject-access-requests/{id}/released', options);
  if (!response.ok || !(data instanceof Blob)) throw new Error(`The server answered ${response.status}`);
  const url = URL.createObjectURL(data);
  const link = document.createElement('a');
  link.href = url;
  link.download = `subject-access-${which}-${id.slice(-8)}.${format}`;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

export function useLegalHolds() {
  return useQuery({ queryKey: holdsKey, queryFn: () => unwrap(api.GET('/api/v1/legal-holds')), staleTime: 0 });
}

export function usePlaceHold() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ caseId, body }: { caseId: string; body: NewLegalHold }) => unwrap(api.POST('/api/v1/cases/{id}/legal-hold', { params: { path: { id: caseId } }, body })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: holdsKey });
      void queryClient.invalidateQueries({ queryKey: retentionKey });
      void queryClient.invalidateQueries({ queryKey: ['cases'] });
    },
  });
}

export function useReleaseHold() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (caseId: string) => unwrap(api.POST('/api/v1/cases/{id}/legal-hold/release', { params: { path: { id: caseId } } })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: holdsKey });
      void queryClient.invalidateQueries({ queryKey: retentionKey });
      void queryClient.invalidateQueries({ queryKey: ['cases'] });
    },
  });
}

export function useRetentionClasses() {
  return useQuery({ queryKey: [...retentionKey, 'classes'], queryFn: () => unwrap(api.GET('/api/v1/retention/classes')), staleTime: 0 });
}

/**
 * Changes a class (JSON merge patch) with `If-Match` of the version the person saw, so a change
 * someone else saved meanwhile is not overwritten (412).
 */
export function useUpdateRetentionClass(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ patch, version }: { patch: RetentionClassPatch; version: number }) =>
      unwrap(
        api.PATCH('/api/v1/retention/classes/{id}', {
          params: { path: { id }, header: { 'If-Match': `"${version}"` } },
          body: patch,
          headers: { 'Content-Type': 'application/merge-patch+json' },
        }),
      ),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: retentionKey }),
  });
}

export function useDryRun() {
  return useQuery({ queryKey: [...retentionKey, 'dry-run'], queryFn: () => unwrap(api.GET('/api/v1/retention/dry-run')), staleTime: 0 });
}

export function useTombstones() {
  return useQuery({ queryKey: [...retentionKey, 'tombstones'], queryFn: () => unwrap(api.GET('/api/v1/retention/tombstones', { params: { query: { limit: 20 } } })), staleTime: 0 });
}

const settingsKey = ['settings'] as const;

/** The council's settings with their ETag (the access log's retention is one of them). */
export function useSettingsWithEtag() {
  return useQuery({ queryKey: settingsKey, queryFn: () => unwrapWithEtag(api.GET('/api/v1/settings')), staleTime: 0 });
}

/** Changes how many years the access log is kept (the data protection officer's setting). */
export function useUpdateLogRetention() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ years, etag }: { years: number | null; etag: string }) =>
      unwrapWithEtag(
        api.PATCH('/api/v1/settings', {
          params: { header: { 'If-Match': etag } },
          body: { access_log_retention_years: years },
          headers: { 'Content-Type': 'application/merge-patch+json' },
        }),
      ),
    onSuccess: (saved) => queryClient.setQueryData(settingsKey, saved),
    onError: () => void queryClient.invalidateQueries({ queryKey: settingsKey }),
  });
}
