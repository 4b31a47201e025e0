import { DateInput, Radios, Textarea } from '@/components/govuk';
import { leaving } from '@/components/record-form/judgement-section';
import { SaveStatusLine } from '@/components/record-form/save-status';
import { MEETING_TYPES } from '@/lib/api/enums';
import type { ChildParticipation, PlanProgress } from '@/lib/api/types';
import type { SaveStatus } from '@/lib/autosave';
import { childParticipationLabels, meetingTypeLabels, planProgressLabels } from '@/lib/labels';
import type { MeetingValues } from '../api/form-values';

export interface MeetingSectionProps {
  values: MeetingValues;
  onChange: (values: MeetingValues) => void;
  onLeave: () => void;
  status: SaveStatus | undefined;
  errors: Record<string, string>;
}

/** The meeting: which, when, whether in timescale, how the child took part, whether the plan is progressing. */
export function MeetingSection({ values, onChange, onLeave, status, errors }: MeetingSectionProps) {
  const set = (patch: Partial<MeetingValues>) => onChange({ ...values, ...patch });
  return (
    <section className="app-audit-section" id="meeting" aria-labelledby="meeting-heading" onBlur={leaving(onLeave)}>
      <h2 className="govuk-heading-l" id="meeting-heading">
        The meeting
      </h2>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <Radios
            idPrefix="meeting_type"
            legend="Which meeting was it?"
            legendSize="m"
            error={errors.meeting_type}
            value={values.meeting_type}
            onChange={(meeting_type) => set({ meeting_type })}
            items={MEETING_TYPES.map((type) => ({ value: type, text: meetingTypeLabels[type] }))}
          />
          <DateInput id="meeting_on" legend="When was it held?" legendSize="m" hint="For example, 27 3 2026" error={errors.meeting_on} value={values.meeting_on} onChange={(meeting_on) => set({ meeting_on })} />
          <Radios
            idPrefix="held_in_timescale"
            legend="Was it held within its statutory timescale?"
            legendSize="m"
            error={errors.held_in_timescale}
            value={values.held_in_timescale}
            onChange={(held_in_timescale) => set({ held_in_timescale })}
            items={[
              { value: 'yes', text: 'Yes' },
              {
                value: 'no',
                text: 'No',
                conditional: (
                  <Textarea
                    id="timescale_reason"
                    label="Why not?"
                    labelSize="s"
                    error={errors.timescale_reason}
                    rows={3}
                    value={values.timescale_reason}
                    onChange={(timescale_reason) => set({ timescale_reason })}
                  />
                ),
              },
            ]}
          />
          <Radios
            idPrefix="child_participated"
            legend="How did the child take part?"
            legendSize="m"
            error={errors.child_participated}
            value={values.child_participated}
            onChange={(child_participated) => set({ child_participated })}
            items={(Object.keys(childParticipationLabels) as ChildParticipation[]).map((way) => ({ value: way, text: childParticipationLabels[way] }))}
          />
          <Textarea
            id="child_participation_notes"
            label="The child’s participation and views"
            labelSize="s"
            hint="What the child said or shared, and how they were helped to take part."
            error={errors.child_participation_notes}
            rows={4}
            value={values.child_participation_notes}
            onChange={(child_participation_notes) => set({ child_participation_notes })}
          />
          <Radios
            idPrefix="plan_progressing"
            legend="Is the child’s plan progressing?"
            legendSize="m"
            error={errors.plan_progressing}
            inline
            value={values.plan_progressing}
            onChange={(plan_progressing) => set({ plan_progressing })}
            items={(Object.keys(planProgressLabels) as PlanProgress[]).map((progress) => ({ value: progress, text: planProgressLabels[progress] }))}
          />
          <SaveStatusLine id="meeting-status" section="The meeting" status={status} />
        </div>
      </div>
    </section>
  );
}
