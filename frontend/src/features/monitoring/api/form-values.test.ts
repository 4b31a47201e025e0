import { describe, expect, it } from 'vitest';
import { byStandard, checkInput, checkKey, fixedField, MEETING_KEY, meetingPatch, NOT_CHECKED, type MeetingValues, type SectionValues } from './form-values';

const meeting: MeetingValues = {
  meeting_type: 'cla_review',
  meeting_on: { day: '1', month: '12', year: '2026' },
  held_in_timescale: '',
  timescale_reason: '',
  child_participated: '',
  child_participation_notes: '',
  plan_progressing: '',
};

describe('monitoring form values', () => {
  it('patches the meeting’s changed fields as the API takes them', () => {
    expect(meetingPatch({ ...meeting, held_in_timescale: 'no', timescale_reason: 'Chair ill', meeting_on: { day: '2', month: '12', year: '2026' } }, meeting)).toEqual({
      held_in_timescale: false,
      timescale_reason: 'Chair ill',
      meeting_on: '2026-12-02',
    });
    expect(meetingPatch({ ...meeting, plan_progressing: 'partly' }, meeting)).toEqual({ plan_progressing: 'partly' });
  });

  it('sends a check with its rating, removes one not checked, and keeps a comment without a rating on the device', () => {
    expect(checkInput(3, { rating: 'concern', comment: ' Drift ' })).toEqual({ standard_number: 3, rating: 'concern', comment: ' Drift ' });
    expect(checkInput(3, { rating: NOT_CHECKED, comment: '' })).toBeNull();
    expect(checkInput(3, { rating: '', comment: 'Seen' })).toEqual({ missing: 'choose a rating to save your comment' });
  });

  it('names the submit’s quality check errors by standard, as the form does', () => {
    const errors = [
      { field: 'quality_checks.1.comment', message: 'Describe the concern about standard 7' },
      { field: 'plan_progressing', message: 'Say whether the plan is progressing' },
    ];
    expect(byStandard(errors, [3, 7]).map((e) => e.field)).toEqual(['checks.7.comment', 'plan_progressing']);
  });

  it('takes an error as fixed once its answer is saved', () => {
    const sections: Record<string, SectionValues> = {
      [MEETING_KEY]: { ...meeting, held_in_timescale: 'no', plan_progressing: 'yes' },
      [checkKey(7)]: { rating: 'concern', comment: 'No plan' },
      [checkKey(8)]: { rating: 'concern', comment: '' },
    };
    const fixed = fixedField(sections, () => true);
    expect(fixed('plan_progressing')).toBe(true);
    expect(fixed('timescale_reason')).toBe(false);
    expect(fixed('checks.7.comment')).toBe(true);
    expect(fixed('checks.8.comment')).toBe(false);
    expect(fixed('quality_checks')).toBe(true);
  });
});
