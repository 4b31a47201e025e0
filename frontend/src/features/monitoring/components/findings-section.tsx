import { Textarea } from '@/components/govuk';
import { leaving } from '@/components/record-form/judgement-section';
import { SaveStatusLine } from '@/components/record-form/save-status';
import type { SaveStatus } from '@/lib/autosave';
import type { FindingsValues } from '../api/form-values';

/** The concerns and the good practice the officer records: the case's worker and manager are told of them on submission. */
export function FindingsSection({
  values,
  onChange,
  onLeave,
  status,
  errors,
}: {
  values: FindingsValues;
  onChange: (values: FindingsValues) => void;
  onLeave: () => void;
  status: SaveStatus | undefined;
  errors: Record<string, string>;
}) {
  const set = (patch: Partial<FindingsValues>) => onChange({ ...values, ...patch });
  return (
    <section className="app-audit-section" id="findings" aria-labelledby="findings-heading" onBlur={leaving(onLeave)}>
      <h2 className="govuk-heading-l" id="findings-heading">
        Concerns and good practice
      </h2>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <p className="govuk-body">When you submit, the case’s worker and their manager are told of the concerns and good practice you record.</p>
          <Textarea id="concerns" label="Concerns" labelSize="s" hint="Significant concerns can also be raised as a practice alert, below." error={errors.concerns} rows={4} value={values.concerns} onChange={(concerns) => set({ concerns })} />
          <Textarea id="good_practice" label="Good practice" labelSize="s" error={errors.good_practice} rows={4} value={values.good_practice} onChange={(good_practice) => set({ good_practice })} />
          <SaveStatusLine id="findings-status" section="Concerns and good practice" status={status} />
        </div>
      </div>
    </section>
  );
}
