import { useQuery } from '@tanstack/react-query';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';

/** The audit themes (for themed audits and dip samples). */
export function useThemes() {
  return useQuery({
    queryKey: ['themes', 'list', {}],
    queryFn: () => unwrap(api.GET('/api/v1/themes', { params: { query: { limit: 500 } } })),
  });
}
