import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { unwrap, unwrapWithEtag } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';
import type { NewOrgUnit, OrgUnitPatch } from '@/lib/api/types';
import { orgUnitsQueryKey } from '@/lib/org-units';

/** One org unit with the ETag an edit must send back. */
export function useOrgUnit(id: string) {
  return useQuery({
    queryKey: [...orgUnitsQueryKey, 'one', id],
    queryFn: () => unwrapWithEtag(api.GET('/api/v1/org-units/{id}', { params: { path: { id } } })),
  });
}

export function useCreateOrgUnit() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: NewOrgUnit) => unwrap(api.POST('/api/v1/org-units', { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: orgUnitsQueryKey }),
  });
}

export function useUpdateOrgUnit(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ patch, etag }: { patch: OrgUnitPatch; etag: string }) =>
      unwrap(
        api.PATCH('/api/v1/org-units/{id}', {
          params: { path: { id }, header: { 'If-Match': etag } },
          body: patch,
          headers: { 'Content-Type': 'application/merge-patch+json' },
        }),
      ),
    onSettled: () => queryClient.invalidateQueries({ queryKey: orgUnitsQueryKey }),
  });
}
