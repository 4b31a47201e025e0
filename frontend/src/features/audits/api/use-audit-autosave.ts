import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useRecordAutosave } from '@/components/record-form/use-record-form';
import { unwrapWithEtag } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';
import type { Audit, AuditPatch } from '@/lib/api/types';
import { isHalfAnswered, judgementInput, judgementNumber, type JudgementValues } from '@/lib/judgements';
import { describeSaveFailure, EtagPatcher, MergePatchSection } from '@/lib/record-autosave';
import { OVERALL_KEY, overallPatch, overallValues, type OverallValues, type SectionValues } from './audit-values';
import { auditsQueryKey } from './use-audits';

/**
 * Saving an audit as the auditor goes: each standard with `PUT .../judgements/{n}`, the overall
 * fields with a JSON merge patch of what changed.
 */
class AuditSaver {
  readonly patcher: EtagPatcher<AuditPatch>;
  private readonly overall: MergePatchSection<OverallValues, AuditPatch>;

  constructor(
    private readonly audit: Audit,
    etag: string,
    private readonly onSaved: () => void,
  ) {
    const id = audit.id;
    this.patcher = new EtagPatcher<AuditPatch>(
      etag,
      async (body, ifMatch) =>
        (
          await unwrapWithEtag(
            api.PATCH('/api/v1/audits/{id}', {
              params: { path: { id }, header: { 'If-Match': ifMatch } },
              body,
              headers: { 'Content-Type': 'application/merge-patch+json' },
            }),
          )
        ).etag,
      async () => (await unwrapWithEtag(api.GET('/api/v1/audits/{id}', { params: { path: { id } } }))).etag,
    );
    this.overall = new MergePatchSection(overallValues(audit), this.patcher, (values, confirmed) => {
      const patch = overallPatch(values, confirmed);
      // The worker's reflection belongs to side-by-side audits only.
      if (!audit.side_by_side) delete patch.practitioner_reflection;
      return patch;
    });
  }

  save = async (key: string, value: SectionValues): Promise<void> => {
    if (key === OVERALL_KEY) {
      await this.overall.save(value as OverallValues);
    } else {
      const { etag } = await unwrapWithEtag(
        api.PUT('/api/v1/audits/{id}/judgements/{standard_number}', {
          params: { path: { id: this.audit.id, standard_number: judgementNumber(key) } },
          body: judgementInput(value as JudgementValues),
        }),
      );
      this.patcher.noteEtag(etag);
    }
    this.onSaved();
  };
}

/** The autosave of one audit, with each section's status. */
export function useAuditAutosave(audit: Audit, etag: string, userId: string) {
  const queryClient = useQueryClient();
  const [saver] = useState(
    () =>
      new AuditSaver(audit, etag, () => {
        void queryClient.invalidateQueries({ queryKey: [...auditsQueryKey, 'list'] });
      }),
  );
  const autosave = useRecordAutosave<SectionValues>({
    userId,
    recordId: audit.id,
    kind: 'audit',
    save: saver.save,
    describeFailure: describeSaveFailure('audit', 'auditor'),
    keepLocal: (key, value) => key !== OVERALL_KEY && isHalfAnswered(value as JudgementValues),
  });
  // A refetch (after a remedial action was added) may bring a newer ETag.
  useEffect(() => {
    saver.patcher.noteEtag(etag);
  }, [saver, etag]);
  return autosave;
}
