import { describe, expect, it } from 'vitest';
import { emptyJudgement, judgementKey } from '@/lib/judgements';
import { fixedField, OVERALL_KEY, overallPatch, sectionOfField, skillInput, skillKey, type OverallValues, type SectionValues } from './observation-values';

const overall: OverallValues = { summary: '', strengths: '', areas_for_development: '', impact_on_child: '', overall_grade: '' };

describe('observation values', () => {
  it('sends a skill only whole: a rating with what was seen', () => {
    expect(skillInput({ rating: '4', evidence: ' Kept the child at the centre ' })).toEqual({ rating: 4, evidence: 'Kept the child at the centre' });
    expect(skillInput({ rating: '4', evidence: ' ' })).toEqual({ missing: 'add what you saw to save the rating' });
    expect(skillInput({ rating: '', evidence: 'Seen' })).toEqual({ missing: 'choose a rating to save what you saw' });
    expect(skillInput({ rating: '', evidence: '' })).toBeNull();
  });

  it('patches only what changed, clearing emptied fields', () => {
    expect(overallPatch({ ...overall, summary: 'Seen', overall_grade: 'good' }, overall)).toEqual({ summary: 'Seen', overall_grade: 'good' });
    expect(overallPatch(overall, { ...overall, strengths: 'Warmth' })).toEqual({ strengths: null });
  });

  it('knows which section each of the submit’s errors belongs to', () => {
    expect(sectionOfField('judgements.3.evidence')).toBe(judgementKey(3));
    expect(sectionOfField('skills.child_focus.rating')).toBe(skillKey('child_focus'));
    expect(sectionOfField('impact_on_child')).toBe(OVERALL_KEY);
    expect(sectionOfField('worker_consented')).toBeNull();
  });

  it('takes an error as fixed once its answer is saved', () => {
    const sections: Record<string, SectionValues> = {
      [judgementKey(2)]: { ...emptyJudgement, choice: 'good', evidence: 'Seen' },
      [skillKey('empathy')]: { rating: '5', evidence: 'Warm' },
      [skillKey('collaboration')]: { rating: '3', evidence: '' },
      [OVERALL_KEY]: { ...overall, summary: 'What happened' },
    };
    const judgements = { 1: emptyJudgement, 2: { ...emptyJudgement, choice: 'good', evidence: 'Seen' } };
    const fixed = fixedField(sections, judgements, () => true);
    expect(fixed('judgements')).toBe(true);
    expect(fixed('judgements.2.evidence')).toBe(true);
    expect(fixed('judgements.1.grade')).toBe(false);
    expect(fixed('skills.empathy.rating')).toBe(true);
    expect(fixed('skills.collaboration.rating')).toBe(false);
    expect(fixed('summary')).toBe(true);
    expect(fixed('overall_grade')).toBe(false);
    expect(fixedField(sections, judgements, () => false)('summary')).toBe(false);
  });
});
