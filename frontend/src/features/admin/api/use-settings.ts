import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { unwrapWithEtag } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';
import type { SettingsPatch } from '@/lib/api/types';

const settingsKey = ['settings'] as const;

/** The council's settings with the ETag a change sends back. */
export function useSettings() {
  return useQuery({ queryKey: settingsKey, queryFn: () => unwrapWithEtag(api.GET('/api/v1/settings')), staleTime: 0 });
}

export function useUpdateSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ patch, etag }: { patch: SettingsPatch; etag: string }) =>
      unwrapWithEtag(api.PATCH('/api/v1/settings', { params: { header: { 'If-Match': etag } }, body: patch, headers: { 'Content-Type': 'application/merge-patch+json' } })),
    // The answer is the settings now, with their new ETag, so a second change at once sends it.
    onSuccess: (saved) => queryClient.setQueryData(settingsKey, saved),
    // A refusal for a stale version means someone else changed them: read them again.
    onError: () => {
      void queryClient.invalidateQueries({ queryKey: settingsKey });
    },
  });
}
