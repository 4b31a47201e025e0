import { describe, expect, it } from 'vitest';
import { NOT_APPLICABLE } from '@/lib/reference-data';
import { isHalfAnswered, judgementInput, judgementValues, overallPatch, type OverallValues } from './audit-values';

const overall: OverallValues = {
  overall_grade: '',
  summary: 'Summary',
  child_views: '',
  family_views: '',
  views_not_sought_reason: '',
  practitioner_reflection: '',
};

describe('audit values', () => {
  it('sends a grade, or a reason the standard does not apply, never both', () => {
    const values = { choice: 'good', reason: 'left over', evidence: 'Seen', strengths: '', areas: ' ' };
    expect(judgementInput(values)).toEqual({ grade: 'good', not_applicable_reason: null, evidence: 'Seen', strengths: null, areas_for_development: null });
    expect(judgementInput({ ...values, choice: NOT_APPLICABLE, reason: 'No children in care' })).toMatchObject({ grade: null, not_applicable_reason: 'No children in care' });
    expect(judgementInput({ ...values, choice: '' })).toMatchObject({ grade: null, not_applicable_reason: null });
  });

  it('reads a judgement back, "not applicable" included', () => {
    expect(judgementValues({ standard_number: 8, not_applicable: true, not_applicable_reason: 'Not in care', updated_at: '' }).choice).toBe(NOT_APPLICABLE);
    expect(judgementValues(undefined).choice).toBe('');
  });

  it('keeps "not applicable" without its reason on the device until the reason is written', () => {
    expect(isHalfAnswered({ choice: NOT_APPLICABLE, reason: ' ', evidence: '', strengths: '', areas: '' })).toBe(true);
    expect(isHalfAnswered({ choice: NOT_APPLICABLE, reason: 'Why', evidence: '', strengths: '', areas: '' })).toBe(false);
  });

  it('patches only what changed since the server confirmed it, clearing emptied fields', () => {
    expect(overallPatch({ ...overall, overall_grade: 'inadequate', summary: '' }, overall)).toEqual({ overall_grade: 'inadequate', summary: null });
    expect(overallPatch(overall, overall)).toEqual({});
  });
});
