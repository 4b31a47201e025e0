import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';
import type { NewRoleMapping } from '@/lib/api/types';

const key = ['role-mappings'] as const;

/** The identity provider's groups and the roles they give at single sign-on. */
export function useRoleMappings() {
  return useQuery({ queryKey: key, queryFn: () => unwrap(api.GET('/api/v1/role-mappings')) });
}

export function useCreateRoleMapping() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: NewRoleMapping) => unwrap(api.POST('/api/v1/role-mappings', { body })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: key }),
  });
}

export function useDeleteRoleMapping() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE('/api/v1/role-mappings/{id}', { params: { path: { id } } })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: key }),
  });
}
