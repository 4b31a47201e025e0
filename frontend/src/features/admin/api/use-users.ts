import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { unwrap, unwrapWithEtag } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';
import type { NewUser, UserPatch, UserQuery } from '@/lib/api/types';

export const USERS_PAGE_SIZE = 50;

export function useUsers(query: UserQuery) {
  return useQuery({
    queryKey: ['users', 'list', query],
    queryFn: () => unwrap(api.GET('/api/v1/users', { params: { query } })),
    placeholderData: keepPreviousData,
  });
}

/** One user with the ETag an edit must send back. */
export function useUser(id: string) {
  return useQuery({
    queryKey: ['users', 'one', id],
    queryFn: () => unwrapWithEtag(api.GET('/api/v1/users/{id}', { params: { path: { id } } })),
  });
}

export function useCreateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: NewUser) => unwrap(api.POST('/api/v1/users', { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['users'] }),
  });
}

export function useUpdateUser(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ patch, etag }: { patch: UserPatch; etag: string }) =>
      unwrap(
        api.PATCH('/api/v1/users/{id}', {
          params: { path: { id }, header: { 'If-Match': etag } },
          body: patch,
          headers: { 'Content-Type': 'application/merge-patch+json' },
        }),
      ),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['users'] }),
  });
}

export function useSetPassword(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (password: string) => unwrap(api.POST('/api/v1/users/{id}/password', { params: { path: { id } }, body: { password } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['users', 'one', id] }),
  });
}

/** A user's second factor (administrators). */
export function useUserTotp(id: string) {
  return useQuery({ queryKey: ['users', 'one', id, 'totp'], queryFn: () => unwrap(api.GET('/api/v1/users/{id}/totp', { params: { path: { id } } })) });
}

/** Resets a user's second factor: theirs and their recovery codes go, their sessions end. */
export function useResetTotp(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/users/{id}/totp/reset', { params: { path: { id } } })),
    onSuccess: (status) => queryClient.setQueryData(['users', 'one', id, 'totp'], status),
  });
}
