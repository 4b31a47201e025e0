import { Radios, Textarea } from '@/components/govuk';
import type { Grade } from '@/lib/api/types';
import type { SaveStatus } from '@/lib/autosave';
import type { OverallValues } from '../api/audit-values';
import { leaving } from '@/components/record-form/judgement-section';
import { SaveStatusLine } from '@/components/record-form/save-status';

export interface OverallSectionProps {
  grades: Grade[];
  sideBySide: boolean;
  practitionerName: string;
  values: OverallValues;
  onChange: (values: OverallValues) => void;
  onLeave: () => void;
  status: SaveStatus | undefined;
  errors: Record<string, string>;
}

/** The overall grade, summary and the views of the child and family (and the worker's reflection). */
export function OverallSection({ grades, sideBySide, practitionerName, values, onChange, onLeave, status, errors }: OverallSectionProps) {
  const set = (patch: Partial<OverallValues>) => onChange({ ...values, ...patch });
  const escalating = grades.filter((grade) => grade.triggers_escalation).map((grade) => grade.label);
  return (
    <section className="app-audit-section" id="overall" aria-labelledby="overall-heading" onBlur={leaving(onLeave)}>
      <h2 className="govuk-heading-l" id="overall-heading">
        Overall judgement
      </h2>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <Radios
            idPrefix="overall_grade"
            legend="Overall grade"
            legendSize="m"
            hint={
              escalating.length > 0
                ? `An overall grade of ${escalating.join(' or ')} escalates the case to its case-accountable manager when you submit.`
                : undefined
            }
            error={errors.overall_grade}
            value={values.overall_grade}
            onChange={(overall_grade) => set({ overall_grade })}
            items={grades.map((grade) => ({ value: grade.code, text: grade.label }))}
          />
          <Textarea
            id="summary"
            label="Summary"
            labelSize="m"
            hint="What the audit found, and what would make the most difference for the child."
            error={errors.summary}
            rows={5}
            value={values.summary}
            onChange={(summary) => set({ summary })}
          />
          <h3 className="govuk-heading-m">Views of the child and family</h3>
          <p className="govuk-body">Record their views, or say why they were not sought.</p>
          <Textarea
            id="child_views"
            label="The child’s views"
            labelSize="s"
            error={errors.child_views}
            rows={4}
            value={values.child_views}
            onChange={(child_views) => set({ child_views })}
          />
          <Textarea
            id="family_views"
            label="The family’s views"
            labelSize="s"
            error={errors.family_views}
            rows={4}
            value={values.family_views}
            onChange={(family_views) => set({ family_views })}
          />
          <Textarea
            id="views_not_sought_reason"
            label="If their views were not sought, why not"
            labelSize="s"
            error={errors.views_not_sought_reason}
            rows={3}
            value={values.views_not_sought_reason}
            onChange={(views_not_sought_reason) => set({ views_not_sought_reason })}
          />
          {sideBySide ? (
            <Textarea
              id="practitioner_reflection"
              label={`${practitionerName || 'The worker'}’s reflection`}
              labelSize="s"
              hint="This audit is side by side: what the worker said about the case."
              error={errors.practitioner_reflection}
              rows={4}
              value={values.practitioner_reflection}
              onChange={(practitioner_reflection) => set({ practitioner_reflection })}
            />
          ) : null}
          <SaveStatusLine id="overall-status" section="Overall judgement" status={status} />
        </div>
      </div>
    </section>
  );
}
