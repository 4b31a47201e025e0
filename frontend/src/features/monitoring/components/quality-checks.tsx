import { Accordion, Radios, Textarea } from '@/components/govuk';
import { leaving } from '@/components/record-form/judgement-section';
import { SaveStatusLine, sectionSummary } from '@/components/record-form/save-status';
import { QUALITY_RATINGS } from '@/lib/api/enums';
import type { PracticeStandard, QualityRating } from '@/lib/api/types';
import type { SaveStatus } from '@/lib/autosave';
import { qualityRatingLabels } from '@/lib/labels';
import { checkKey, NOT_CHECKED, type CheckValues } from '../api/form-values';

const ratingText = (rating: string) => (rating && rating !== NOT_CHECKED ? qualityRatingLabels[rating as QualityRating] : 'Not checked');

export interface QualityChecksProps {
  id: string;
  standards: PracticeStandard[];
  values: Record<number, CheckValues>;
  onChange: (number: number, values: CheckValues) => void;
  onLeave: (number: number) => void;
  statuses: Record<string, SaveStatus>;
  errors: Record<string, string>;
}

/**
 * The quality of practice seen at the meeting against each standard, one accordion section per
 * standard (`#check-<n>`): good, adequate or a concern (a concern with what was seen), or not
 * checked. Field ids: `checks-3-rating`, `checks-3-comment`.
 */
export function QualityChecks({ id, standards, values, onChange, onLeave, statuses, errors }: QualityChecksProps) {
  return (
    <Accordion
      id={id}
      sections={standards.map((standard) => {
        const n = standard.number;
        const value = values[n] ?? { rating: '', comment: '' };
        const status = statuses[checkKey(n)];
        const set = (patch: Partial<CheckValues>) => onChange(n, { ...value, ...patch });
        const forStandard = <span className="govuk-visually-hidden"> for standard {n}</span>;
        return {
          id: `check-${n}`,
          heading: `Standard ${n}: ${standard.title}`,
          summary: sectionSummary(ratingText(value.rating), status, Boolean(errors[`checks.${n}.comment`])),
          content: (
            <div className="app-standard" onBlur={leaving(() => onLeave(n))}>
              <div className="govuk-grid-row app-standard__row">
                <div className="govuk-grid-column-one-third">
                  <div className="app-standard__text">
                    <p className="govuk-body govuk-!-font-weight-bold govuk-!-margin-bottom-2">Practice standard {n}</p>
                    <p className="govuk-body">{standard.text}</p>
                  </div>
                </div>
                <div className="govuk-grid-column-two-thirds">
                  <Radios
                    idPrefix={`checks-${n}-rating`}
                    legend={`Quality of practice for standard ${n}: ${standard.title}`}
                    legendSize="s"
                    value={value.rating}
                    onChange={(rating) => set({ rating })}
                    items={[
                      ...QUALITY_RATINGS.map((rating) => ({ value: rating, text: qualityRatingLabels[rating] })),
                      { value: NOT_CHECKED, text: 'Not checked at this meeting', dividerBefore: 'or' },
                    ]}
                  />
                  <Textarea
                    id={`checks-${n}-comment`}
                    label={<>What you saw{forStandard}</>}
                    labelSize="s"
                    hint="You need it to submit a concern."
                    error={errors[`checks.${n}.comment`]}
                    rows={3}
                    value={value.comment}
                    onChange={(comment) => set({ comment })}
                  />
                  <SaveStatusLine id={`check-${n}-status`} section={`Standard ${n}`} status={status} />
                </div>
              </div>
            </div>
          ),
        };
      })}
    />
  );
}
