import { useQuery } from '@tanstack/react-query';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';

export function usePracticeStandards() {
  return useQuery({
    queryKey: ['practice-standards'],
    queryFn: () => unwrap(api.GET('/api/v1/practice-standards')),
    staleTime: 10 * 60_000,
  });
}
