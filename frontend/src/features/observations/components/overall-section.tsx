import { Radios, Textarea } from '@/components/govuk';
import { leaving } from '@/components/record-form/judgement-section';
import { SaveStatusLine } from '@/components/record-form/save-status';
import type { Grade } from '@/lib/api/types';
import type { SaveStatus } from '@/lib/autosave';
import type { OverallValues } from '../api/observation-values';

export interface OverallSectionProps {
  grades: Grade[];
  /** The child declined consent: nothing about them is kept, so their impact is not asked for. */
  childDeclined: boolean;
  workerName: string;
  values: OverallValues;
  onChange: (values: OverallValues) => void;
  onLeave: () => void;
  status: SaveStatus | undefined;
  errors: Record<string, string>;
}

/** The observation's own record: what was seen, strengths, areas for development, the impact on the child, the overall grade. */
export function OverallSection({ grades, childDeclined, workerName, values, onChange, onLeave, status, errors }: OverallSectionProps) {
  const set = (patch: Partial<OverallValues>) => onChange({ ...values, ...patch });
  return (
    <section className="app-audit-section" id="overall" aria-labelledby="overall-heading" onBlur={leaving(onLeave)}>
      <h2 className="govuk-heading-l" id="overall-heading">
        What you observed
      </h2>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <Textarea
            id="summary"
            label="Summary"
            labelSize="m"
            hint={`What happened, and how ${workerName} worked with the child and family.`}
            error={errors.summary}
            rows={6}
            value={values.summary}
            onChange={(summary) => set({ summary })}
          />
          <Textarea id="strengths" label="Strengths" labelSize="s" error={errors.strengths} rows={4} value={values.strengths} onChange={(strengths) => set({ strengths })} />
          <Textarea
            id="areas_for_development"
            label="Areas for development"
            labelSize="s"
            error={errors.areas_for_development}
            rows={4}
            value={values.areas_for_development}
            onChange={(areas_for_development) => set({ areas_for_development })}
          />
          {childDeclined ? (
            <p className="govuk-body">The child did not consent, so nothing about them is recorded: there is no impact on the child to describe.</p>
          ) : (
            <Textarea
              id="impact_on_child"
              label="Impact on the child"
              labelSize="s"
              hint="What difference the practice made for the child. You need it to submit when the child consented."
              error={errors.impact_on_child}
              rows={4}
              value={values.impact_on_child}
              onChange={(impact_on_child) => set({ impact_on_child })}
            />
          )}
          <Radios
            idPrefix="overall_grade"
            legend="Overall grade"
            legendSize="m"
            hint="How far the practice you saw reflects the practice standards."
            error={errors.overall_grade}
            value={values.overall_grade}
            onChange={(overall_grade) => set({ overall_grade })}
            items={grades.map((grade) => ({ value: grade.code, text: grade.label }))}
          />
          <SaveStatusLine id="overall-status" section="What you observed" status={status} />
        </div>
      </div>
    </section>
  );
}
