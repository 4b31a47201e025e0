import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useRecordAutosave } from '@/components/record-form/use-record-form';
import { unwrapWithEtag } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';
import type { MonitoringForm, MonitoringFormPatch, QualityCheck } from '@/lib/api/types';
import { NotReadyToSave } from '@/lib/autosave';
import { describeSaveFailure, EtagPatcher, MergePatchSection } from '@/lib/record-autosave';
import {
  checkInput,
  checkNumber,
  FINDINGS_KEY,
  findingsPatch,
  findingsValues,
  isCheckKey,
  meetingDayProblem,
  meetingPatch,
  meetingValues,
  type CheckValues,
  type FindingsValues,
  type MeetingValues,
  type SectionValues,
} from './form-values';
import { formsQueryKey } from './use-monitoring-forms';

/**
 * Saving a monitoring form as the officer goes, every part by merge patch: the meeting, the
 * findings, and the quality checks, which the API replaces as a set. A check's save sends the
 * set the server holds with that one check changed (saves run one at a time, so the set is
 * never stale).
 */
class FormSaver {
  private readonly patcher: EtagPatcher<MonitoringFormPatch>;
  private readonly meeting: MergePatchSection<MeetingValues, MonitoringFormPatch>;
  private readonly findings: MergePatchSection<FindingsValues, MonitoringFormPatch>;
  private checks: Map<number, QualityCheck>;

  constructor(
    form: MonitoringForm,
    etag: string,
    private readonly onSaved: () => void,
  ) {
    const id = form.id;
    this.patcher = new EtagPatcher<MonitoringFormPatch>(
      etag,
      async (body, ifMatch) =>
        (
          await unwrapWithEtag(
            api.PATCH('/api/v1/monitoring-forms/{id}', {
              params: { path: { id }, header: { 'If-Match': ifMatch } },
              body,
              headers: { 'Content-Type': 'application/merge-patch+json' },
            }),
          )
        ).etag,
      async () => (await unwrapWithEtag(api.GET('/api/v1/monitoring-forms/{id}', { params: { path: { id } } }))).etag,
    );
    this.meeting = new MergePatchSection(meetingValues(form), this.patcher, meetingPatch);
    this.findings = new MergePatchSection(findingsValues(form), this.patcher, findingsPatch);
    this.checks = new Map(form.quality_checks.map((check) => [check.standard_number, check]));
  }

  /** The standards checked in the saved set, in the order the API numbers them. */
  checkedStandards(): number[] {
    return [...this.checks.keys()].sort((a, b) => a - b);
  }

  save = async (key: string, value: SectionValues): Promise<void> => {
    if (isCheckKey(key)) {
      await this.saveCheck(checkNumber(key), value as CheckValues);
    } else if (key === FINDINGS_KEY) {
      await this.findings.save(value as FindingsValues);
    } else {
      const problem = meetingDayProblem(value as MeetingValues);
      if (problem) throw new NotReadyToSave(problem);
      await this.meeting.save(value as MeetingValues);
    }
    this.onSaved();
  };

  private async saveCheck(number: number, values: CheckValues) {
    const input = checkInput(number, values);
    if (input && 'missing' in input) throw new NotReadyToSave(input.missing);
    const next = new Map(this.checks);
    if (input) next.set(number, input);
    else if (!next.delete(number)) return;
    await this.patcher.patch({ quality_checks: [...next.values()].sort((a, b) => a.standard_number - b.standard_number) });
    this.checks = next;
  }
}

/** The autosave of one monitoring form, with each section's status. */
export function useFormAutosave(form: MonitoringForm, etag: string, userId: string) {
  const queryClient = useQueryClient();
  const [saver] = useState(
    () =>
      new FormSaver(form, etag, () => {
        void queryClient.invalidateQueries({ queryKey: [...formsQueryKey, 'list'] });
      }),
  );
  const autosave = useRecordAutosave<SectionValues>({
    userId,
    recordId: form.id,
    kind: 'monitoring_form',
    save: saver.save,
    describeFailure: describeSaveFailure('form', 'reviewing officer who started it'),
  });
  return { ...autosave, saver };
}
