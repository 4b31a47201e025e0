import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { unwrap, unwrapWithEtag } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';
import type { NewProgramme, NewTheme, ThemePatch } from '@/lib/api/types';

const programmesKey = ['audit-programmes'] as const;
const themesKey = ['themes'] as const;

export function useProgrammes() {
  return useQuery({
    queryKey: [...programmesKey, 'list'],
    queryFn: () => unwrap(api.GET('/api/v1/audit-programmes', { params: { query: { limit: 500 } } })),
  });
}

/** One programme with its themes. */
export function useProgramme(id: string) {
  return useQuery({
    queryKey: [...programmesKey, 'one', id],
    queryFn: () => unwrap(api.GET('/api/v1/audit-programmes/{id}', { params: { path: { id } } })),
  });
}

export function useCreateProgramme() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: NewProgramme) => unwrap(api.POST('/api/v1/audit-programmes', { body })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: programmesKey });
    },
  });
}

export function useThemes(programmeId?: string) {
  return useQuery({
    queryKey: [...themesKey, 'list', { programmeId }],
    queryFn: () => unwrap(api.GET('/api/v1/themes', { params: { query: { limit: 500, programme_id: programmeId } } })),
  });
}

/** One theme with the ETag a change must send back. */
export function useTheme(id: string) {
  return useQuery({
    queryKey: [...themesKey, 'one', id],
    queryFn: () => unwrapWithEtag(api.GET('/api/v1/themes/{id}', { params: { path: { id } } })),
  });
}

export function useCreateTheme() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: NewTheme) => unwrap(api.POST('/api/v1/themes', { body })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: themesKey });
      void queryClient.invalidateQueries({ queryKey: programmesKey });
    },
  });
}

export function useUpdateTheme(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ patch, etag }: { patch: ThemePatch; etag: string }) =>
      unwrap(
        api.PATCH('/api/v1/themes/{id}', {
          params: { path: { id }, header: { 'If-Match': etag } },
          body: patch,
          headers: { 'Content-Type': 'application/merge-patch+json' },
        }),
      ),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: themesKey });
      void queryClient.invalidateQueries({ queryKey: programmesKey });
    },
  });
}
