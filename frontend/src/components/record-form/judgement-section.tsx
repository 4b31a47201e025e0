import type { FocusEvent } from 'react';
import { Radios, Textarea } from '@/components/govuk';
import type { Grade, PracticeStandard } from '@/lib/api/types';
import type { SaveStatus } from '@/lib/autosave';
import { fieldIdFor } from '@/lib/form-errors';
import type { JudgementValues } from '@/lib/judgements';
import { NOT_APPLICABLE } from '@/lib/reference-data';
import { SaveStatusLine } from './save-status';

/** Calls `onLeave` when focus moves out of the element (not between its own fields). */
export const leaving = (onLeave: () => void) => (event: FocusEvent<HTMLElement>) => {
  const next = event.relatedTarget;
  if (!(next instanceof Node) || !event.currentTarget.contains(next)) onLeave();
};

export interface JudgementSectionProps {
  standard: PracticeStandard;
  grades: Grade[];
  values: JudgementValues;
  onChange: (values: JudgementValues) => void;
  /** Focus left the section: save now. */
  onLeave: () => void;
  status: SaveStatus | undefined;
  /** Inline errors by API field (`judgements.3.grade`). */
  errors: Record<string, string>;
  /** What the evidence is: from the case file for an audit, from what was seen for an observation. */
  evidenceHint: string;
}

/**
 * One practice standard's judgement (grade or "not applicable" with a reason, evidence,
 * strengths, areas for development) beside the council's words for the standard, and its save
 * status; the forms that grade standards (audits, observations) put each in a section of an
 * accordion headed by the standard's number and title. Field ids follow the API's field names (`judgements.3.grade` →
 * `judgements-3-grade`) so the error summary links straight to them.
 */
export function JudgementSection({ standard, grades, values, onChange, onLeave, status, errors, evidenceHint }: JudgementSectionProps) {
  const n = standard.number;
  const field = (name: string) => `judgements.${n}.${name}`;
  const id = (name: string) => fieldIdFor(field(name));
  const set = (patch: Partial<JudgementValues>) => onChange({ ...values, ...patch });
  const forStandard = <span className="govuk-visually-hidden"> for standard {n}</span>;
  return (
    <div className="app-standard" onBlur={leaving(onLeave)}>
      <div className="govuk-grid-row app-standard__row">
        <div className="govuk-grid-column-one-third">
          <div className="app-standard__text" id={`standard-${n}-text`}>
            <p className="govuk-body govuk-!-font-weight-bold govuk-!-margin-bottom-2">Practice standard {n}</p>
            <p className="govuk-body">{standard.text}</p>
          </div>
        </div>
        <div className="govuk-grid-column-two-thirds">
          <Radios
            idPrefix={id('grade')}
            legend={`Grade for standard ${n}: ${standard.title}`}
            legendSize="s"
            error={errors[field('grade')]}
            value={values.choice}
            onChange={(choice) => set({ choice })}
            items={[
              ...grades.map((grade) => ({ value: grade.code, text: grade.label })),
              {
                value: NOT_APPLICABLE,
                text: 'Not applicable',
                dividerBefore: 'or',
                conditional: (
                  <Textarea
                    id={id('not_applicable_reason')}
                    label={<>Why it does not apply{forStandard}</>}
                    error={errors[field('not_applicable_reason')]}
                    rows={2}
                    value={values.reason}
                    onChange={(reason) => set({ reason })}
                  />
                ),
              },
            ]}
          />
          <Textarea
            id={id('evidence')}
            label={<>Evidence{forStandard}</>}
            labelSize="s"
            hint={evidenceHint}
            error={errors[field('evidence')]}
            rows={4}
            value={values.evidence}
            onChange={(evidence) => set({ evidence })}
          />
          <Textarea
            id={id('strengths')}
            label={<>Strengths{forStandard}</>}
            labelSize="s"
            rows={3}
            value={values.strengths}
            onChange={(strengths) => set({ strengths })}
          />
          <Textarea
            id={id('areas_for_development')}
            label={<>Areas for development{forStandard}</>}
            labelSize="s"
            rows={3}
            value={values.areas}
            onChange={(areas) => set({ areas })}
          />
          <SaveStatusLine id={`standard-${n}-status`} section={`Standard ${n}`} status={status} />
        </div>
      </div>
    </div>
  );
}
