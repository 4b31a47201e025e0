import { Accordion } from '@/components/govuk';
import type { Grade, PracticeStandard } from '@/lib/api/types';
import type { SaveStatus } from '@/lib/autosave';
import { emptyJudgement, judgementKey, type JudgementValues } from '@/lib/judgements';
import { gradeLabel } from '@/lib/reference-data';
import { JudgementSection } from './judgement-section';
import { sectionSummary } from './save-status';

export interface StandardsAccordionProps {
  id: string;
  standards: PracticeStandard[];
  grades: Grade[];
  judgements: Record<number, JudgementValues>;
  onChange: (number: number, values: JudgementValues) => void;
  /** Focus left a standard: save it now. */
  onLeave: (number: number) => void;
  statuses: Record<string, SaveStatus>;
  /** Inline errors by API field. */
  errors: Record<string, string>;
  /** The sections open when the page first shows. */
  initiallyOpen: string[];
  evidenceHint: string;
  /** What a standard not yet judged says under its heading. */
  notJudged: string;
}

/**
 * The practice standards to judge, one accordion section each (`#standard-<n>`), each heading
 * saying the standard's grade, whether it needs attention and whether it is saved.
 */
export function StandardsAccordion({ id, standards, grades, judgements, onChange, onLeave, statuses, errors, initiallyOpen, evidenceHint, notJudged }: StandardsAccordionProps) {
  const hasProblem = (number: number) => Object.keys(errors).some((field) => field.startsWith(`judgements.${number}.`));
  return (
    <Accordion
      id={id}
      initiallyOpen={initiallyOpen}
      sections={standards.map((standard) => {
        const values = judgements[standard.number] ?? emptyJudgement;
        const status = statuses[judgementKey(standard.number)];
        return {
          id: `standard-${standard.number}`,
          heading: `Standard ${standard.number}: ${standard.title}`,
          summary: sectionSummary(values.choice ? gradeLabel(grades, values.choice) : notJudged, status, hasProblem(standard.number)),
          content: (
            <JudgementSection
              standard={standard}
              grades={grades}
              values={values}
              onChange={(next) => onChange(standard.number, next)}
              onLeave={() => onLeave(standard.number)}
              status={status}
              errors={errors}
              evidenceHint={evidenceHint}
            />
          ),
        };
      })}
    />
  );
}
