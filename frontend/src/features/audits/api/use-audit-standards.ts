import type { Audit, PracticeStandard } from '@/lib/api/types';
import { useFramework, usePracticeStandards } from '@/lib/reference-data';

/**
 * The standards an audit is graded against: the current ones, or those of the earlier framework
 * it was started under.
 */
export function useAuditStandards(audit: Pick<Audit, 'framework_id'> | undefined): { standards: PracticeStandard[] | undefined; error: unknown } {
  const current = usePracticeStandards();
  const earlier = Boolean(audit && current.data && current.data.framework_id !== audit.framework_id);
  const framework = useFramework(earlier ? audit?.framework_id : undefined);
  return {
    standards: earlier ? (framework.data?.standards ?? undefined) : current.data?.items,
    error: current.error ?? framework.error,
  };
}
