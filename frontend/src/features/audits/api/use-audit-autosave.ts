import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, useSyncExternalStore } from 'react';
import { ApiError, unwrapWithEtag } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';
import type { Audit } from '@/lib/api/types';
import { Autosave, LocalDraftStore } from '@/lib/autosave';
import { draftStorageKey } from '@/lib/session/drafts';
import {
  isHalfAnswered,
  judgementInput,
  judgementNumber,
  OVERALL_KEY,
  overallPatch,
  overallValues,
  type JudgementValues,
  type OverallValues,
  type SectionValues,
} from './audit-values';
import { auditsQueryKey } from './use-audits';


function describeFailure(error: unknown): string {
  if (error instanceof ApiError) {
    switch (error.status) {
      case 409:
        return 'this audit is no longer a draft';
      case 403:
        return 'only the auditor can change this audit';
      case 404:
        return 'the audit cannot be found';
      case 412:
        return 'someone else changed this audit; reload the page';
      case 422:
        return (error.problem?.errors ?? []).map((e) => e.message).join('; ') || 'the answer was refused';
      default:
        return error.problem?.detail ?? 'the answer was refused';
    }
  }
  return 'try again';
}

const versionOf = (etag: string) => Number(etag.replace(/^W\//, '').replace(/"/g, '')) || 0;

/**
 * Saving an audit as the auditor goes: each standard with `PUT .../judgements/{n}`, the overall
 * fields with a JSON merge patch of what changed, sent with the ETag of the last response (on
 * 412 the audit is read again and the same changes sent on the new version).
 */
class AuditSaver {
  private etag: string;
  private confirmed: OverallValues;

  constructor(
    private readonly audit: Audit,
    etag: string,
    private readonly onSaved: () => void,
  ) {
    this.etag = etag;
    this.confirmed = overallValues(audit);
  }

  /** Keeps the newest ETag seen (a refetch may bring one after a remedial action was added). */
  noteEtag(etag: string) {
    if (etag && versionOf(etag) > versionOf(this.etag)) this.etag = etag;
  }

  save = async (key: string, value: SectionValues): Promise<void> => {
    if (key === OVERALL_KEY) await this.saveOverall(value as OverallValues);
    else await this.saveJudgement(judgementNumber(key), value as JudgementValues);
    this.onSaved();
  };

  private async saveJudgement(number: number, values: JudgementValues) {
    const { etag } = await unwrapWithEtag(
      api.PUT('/api/v1/audits/{id}/judgements/{standard_number}', {
        params: { path: { id: this.audit.id, standard_number: number } },
        body: judgementInput(values),
      }),
    );
    this.noteEtag(etag);
  }

  private async saveOverall(values: OverallValues) {
    const patch = overallPatch(values, this.confirmed);
    if (!this.audit.side_by_side) delete patch.practitioner_reflection;
    if (Object.keys(patch).length === 0) return;
    for (let attempt = 0; ; attempt++) {
      try {
        const { etag } = await unwrapWithEtag(
          api.PATCH('/api/v1/audits/{id}', {
            params: { path: { id: this.audit.id }, header: { 'If-Match': this.etag } },
            body: patch,
            headers: { 'Content-Type': 'application/merge-patch+json' },
          }),
        );
        this.etag = etag || this.etag;
        this.confirmed = { ...this.confirmed, ...values };
        return;
      } catch (error) {
        // Changed since we read it (a remedial action added, another tab): read it again and
        // send the same changes on the new version.
        if (!(error instanceof ApiError) || error.status !== 412 || attempt >= 2) throw error;
        const fresh = await unwrapWithEtag(api.GET('/api/v1/audits/{id}', { params: { path: { id: this.audit.id } } }));
        this.etag = fresh.etag;
      }
    }
  }
}

/** The autosave of one audit, with each section's status. */
export function useAuditAutosave(audit: Audit, etag: string, userId: string) {
  const queryClient = useQueryClient();
  const [{ autosave, saver }] = useState(() => {
    const saver = new AuditSaver(audit, etag, () => {
      void queryClient.invalidateQueries({ queryKey: [...auditsQueryKey, 'list'] });
    });
    const autosave = new Autosave<SectionValues>({
      save: saver.save,
      store: new LocalDraftStore<SectionValues>(draftStorageKey(userId, audit.id)),
      describeFailure,
      keepLocal: (key, value) => key !== OVERALL_KEY && isHalfAnswered(value as JudgementValues),
    });
    return { autosave, saver };
  });
  useEffect(() => {
    autosave.start();
    return () => autosave.stop();
  }, [autosave]);
  useEffect(() => {
    saver.noteEtag(etag);
  }, [saver, etag]);
  const statuses = useSyncExternalStore(autosave.subscribe, autosave.getSnapshot);
  return { autosave, statuses };
}
