import { Accordion, Radios, Textarea } from '@/components/govuk';
import { leaving } from '@/components/record-form/judgement-section';
import { SaveStatusLine, sectionSummary } from '@/components/record-form/save-status';
import type { PracticeSkill } from '@/lib/api/types';
import type { SaveStatus } from '@/lib/autosave';
import { skillKey, type SkillValues } from '../api/observation-values';

const RATINGS = ['1', '2', '3', '4', '5'] as const;

/** "4 out of 5", or "Not rated". */
export const ratingText = (rating: string | number | null | undefined) => (rating ? `${rating} out of 5` : 'Not rated');

export interface SkillsAccordionProps {
  id: string;
  skills: PracticeSkill[];
  values: Record<string, SkillValues>;
  onChange: (code: string, values: SkillValues) => void;
  onLeave: (code: string) => void;
  statuses: Record<string, SaveStatus>;
  errors: Record<string, string>;
}

/**
 * The council's practice skills, one accordion section each (`#skill-<code>`): a rating from 1
 * (not seen) to 5 (consistently strong) with what the observer saw. Field ids follow the API's
 * field names (`skills.child_focus.rating` → `skills-child_focus-rating`).
 */
export function SkillsAccordion({ id, skills, values, onChange, onLeave, statuses, errors }: SkillsAccordionProps) {
  return (
    <Accordion
      id={id}
      sections={skills.map((skill) => {
        const value = values[skill.code] ?? { rating: '', evidence: '' };
        const status = statuses[skillKey(skill.code)];
        const field = `skills.${skill.code}.rating`;
        const set = (patch: Partial<SkillValues>) => onChange(skill.code, { ...value, ...patch });
        return {
          id: `skill-${skill.code}`,
          heading: skill.label,
          summary: sectionSummary(ratingText(value.rating), status, Boolean(errors[field])),
          content: (
            <div className="app-standard" onBlur={leaving(() => onLeave(skill.code))}>
              <div className="govuk-grid-row">
                <div className="govuk-grid-column-two-thirds">
                  <Radios
                    idPrefix={`skills-${skill.code}-rating`}
                    legend={`Rating for ${skill.label.toLowerCase()}`}
                    legendSize="s"
                    hint={`${skill.description} 1 is not seen, 5 is consistently strong.`}
                    error={errors[field]}
                    inline
                    value={value.rating}
                    onChange={(rating) => set({ rating })}
                    items={RATINGS.map((rating) => ({ value: rating, text: rating }))}
                  />
                  <Textarea
                    id={`skills-${skill.code}-evidence`}
                    label={
                      <>
                        What you saw<span className="govuk-visually-hidden"> of {skill.label.toLowerCase()}</span>
                      </>
                    }
                    labelSize="s"
                    hint="A rating is saved with what you saw."
                    rows={3}
                    value={value.evidence}
                    onChange={(evidence) => set({ evidence })}
                  />
                  <SaveStatusLine id={`skill-${skill.code}-status`} section={skill.label} status={status} />
                </div>
              </div>
            </div>
          ),
        };
      })}
    />
  );
}
