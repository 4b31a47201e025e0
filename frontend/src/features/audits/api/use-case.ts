import { useQuery } from '@tanstack/react-query';
import { caseQuery } from '@/lib/cases';

/** The case an audit is about. */
export function useAuditedCase(id: string | undefined) {
  return useQuery({ ...caseQuery(id ?? ''), enabled: Boolean(id) });
}
