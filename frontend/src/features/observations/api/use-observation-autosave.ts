import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useRecordAutosave } from '@/components/record-form/use-record-form';
import { unwrapWithEtag } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';
import type { Observation, ObservationPatch } from '@/lib/api/types';
import { NotReadyToSave } from '@/lib/autosave';
import { isHalfAnswered, isJudgementKey, judgementInput, judgementNumber, type JudgementValues } from '@/lib/judgements';
import { describeSaveFailure, EtagPatcher, MergePatchSection } from '@/lib/record-autosave';
import { isSkillKey, overallPatch, overallValues, skillCode, skillInput, type OverallValues, type SectionValues, type SkillValues } from './observation-values';
import { observationsQueryKey } from './use-observations';

/**
 * Saving an observation as the observer goes: each standard with `PUT .../judgements/{n}`, each
 * practice skill with `PUT .../skills/{code}`, the record's own fields with a merge patch.
 */
class ObservationSaver {
  readonly patcher: EtagPatcher<ObservationPatch>;
  private readonly overall: MergePatchSection<OverallValues, ObservationPatch>;

  constructor(
    private readonly observation: Observation,
    etag: string,
    private readonly onSaved: () => void,
  ) {
    const id = observation.id;
    this.patcher = new EtagPatcher<ObservationPatch>(
      etag,
      async (body, ifMatch) =>
        (
          await unwrapWithEtag(
            api.PATCH('/api/v1/observations/{id}', {
              params: { path: { id }, header: { 'If-Match': ifMatch } },
              body,
              headers: { 'Content-Type': 'application/merge-patch+json' },
            }),
          )
        ).etag,
      async () => (await unwrapWithEtag(api.GET('/api/v1/observations/{id}', { params: { path: { id } } }))).etag,
    );
    this.overall = new MergePatchSection(overallValues(observation), this.patcher, overallPatch);
  }

  save = async (key: string, value: SectionValues): Promise<void> => {
    const id = this.observation.id;
    if (isJudgementKey(key)) {
      const { etag } = await unwrapWithEtag(
        api.PUT('/api/v1/observations/{id}/judgements/{standard_number}', {
          params: { path: { id, standard_number: judgementNumber(key) } },
          body: judgementInput(value as JudgementValues),
        }),
      );
      this.patcher.noteEtag(etag);
    } else if (isSkillKey(key)) {
      const input = skillInput(value as SkillValues);
      // Nothing chosen or written yet: nothing to save.
      if (input === null) return;
      if ('missing' in input) throw new NotReadyToSave(input.missing);
      const { etag } = await unwrapWithEtag(api.PUT('/api/v1/observations/{id}/skills/{code}', { params: { path: { id, code: skillCode(key) } }, body: input }));
      this.patcher.noteEtag(etag);
    } else {
      await this.overall.save(value as OverallValues);
    }
    this.onSaved();
  };
}

/** The autosave of one observation, with each section's status. */
export function useObservationAutosave(observation: Observation, etag: string, userId: string) {
  const queryClient = useQueryClient();
  const [saver] = useState(
    () =>
      new ObservationSaver(observation, etag, () => {
        void queryClient.invalidateQueries({ queryKey: [...observationsQueryKey, 'list'] });
      }),
  );
  const autosave = useRecordAutosave<SectionValues>({
    userId,
    recordId: observation.id,
    kind: 'observation',
    save: saver.save,
    describeFailure: describeSaveFailure('observation', 'observer'),
    keepLocal: (key, value) => isJudgementKey(key) && isHalfAnswered(value as JudgementValues),
  });
  // Feedback or a learning need added meanwhile brings a newer ETag.
  useEffect(() => {
    saver.patcher.noteEtag(etag);
  }, [saver, etag]);
  return autosave;
}
