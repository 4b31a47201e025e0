import { describe, expect, it } from 'vitest';
import { NOT_APPLICABLE } from '@/lib/reference-data';
import { formErrorsFromProblem, withoutFixed, type FieldSpec, type FormErrors } from '@/lib/form-errors';
import { emptyJudgement, isHalfAnswered, judgementInput, judgementValues, type JudgementValues } from '@/lib/judgements';
import { fixedField, overallPatch, type OverallValues } from './audit-values';

const errorsLeft = (errors: FormErrors, judgements: Record<number, JudgementValues>, overall: OverallValues, isSaved: (key: string) => boolean) =>
  withoutFixed(errors, fixedField(judgements, overall, isSaved));

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

describe('the submit’s errors once the auditor fixes them', () => {
  // What the API's completeness check answers for an audit with nothing in it but standard 2's grade.
  const problem = [
    { field: 'judgements.1.grade', message: 'Grade standard 1 (Risk) or say why it does not apply' },
    { field: 'judgements.2.evidence', message: 'Give the evidence for the grade of standard 2 (Assessment)' },
    { field: 'judgements.3.grade', message: 'Grade standard 3 (Planning) or say why it does not apply' },
    { field: 'overall_grade', message: 'Choose an overall grade' },
    { field: 'child_views', message: 'Record the child’s views, or why they were not sought' },
    { field: 'family_views', message: 'Record the family’s views, or why they were not sought' },
  ];
  const fields: Record<string, FieldSpec> = Object.fromEntries(problem.map(({ field }) => [field, { label: field, id: field.replace(/\./g, '-') }]));
  const submitted = formErrorsFromProblem(problem, fields);
  const blank: OverallValues = { ...overall, summary: '' };
  const judgements = (entries: Record<number, Partial<JudgementValues>>) =>
    Object.fromEntries(Object.entries(entries).map(([n, values]) => [n, { ...emptyJudgement, ...values }]));
  const allSaved = () => true;
  const hrefs = (errors: ReturnType<typeof errorsLeft>) => errors.summary.map((item) => item.href);

  it('changes nothing while nothing is fixed', () => {
    expect(errorsLeft(submitted, judgements({ 2: { choice: 'good' } }), blank, allSaved)).toBe(submitted);
  });

  it('clears a standard’s error once it is graded and saved, from the summary and the field', () => {
    const left = errorsLeft(submitted, judgements({ 1: { choice: 'inadequate' }, 2: { choice: 'good' } }), blank, allSaved);
    expect(hrefs(left)).toEqual(['#judgements-2-evidence', '#judgements-3-grade', '#overall_grade', '#child_views', '#family_views']);
    expect(left.byField['judgements.1.grade']).toBeUndefined();
    expect(left.byField['judgements.3.grade']).toMatch(/Grade standard 3/);
  });

  it('keeps the error while the fix is not yet saved', () => {
    const fixed = judgements({ 1: { choice: 'inadequate' } });
    expect(errorsLeft(submitted, fixed, blank, (section) => section !== 'judgement-1')).toBe(submitted);
  });

  it('takes "not applicable" only with its reason, and evidence only with text in it', () => {
    const halfway = errorsLeft(submitted, judgements({ 1: { choice: NOT_APPLICABLE, reason: ' ' }, 2: { choice: 'good', evidence: ' ' } }), blank, allSaved);
    expect(halfway).toBe(submitted);
    const done = errorsLeft(submitted, judgements({ 1: { choice: NOT_APPLICABLE, reason: 'No risk' }, 2: { choice: 'good', evidence: 'Seen' } }), blank, allSaved);
    expect(hrefs(done)).toEqual(['#judgements-3-grade', '#overall_grade', '#child_views', '#family_views']);
  });

  it('clears both views once the reason they were not sought is saved, and the rest as they are answered', () => {
    const left = errorsLeft(submitted, {}, { ...blank, overall_grade: 'good', views_not_sought_reason: 'The family moved away' }, allSaved);
    expect(hrefs(left)).toEqual(['#judgements-1-grade', '#judgements-2-evidence', '#judgements-3-grade']);
    const none = errorsLeft(
      left,
      judgements({ 1: { choice: 'good', evidence: 'Seen' }, 2: { choice: 'good', evidence: 'Seen' }, 3: { choice: 'good', evidence: 'Seen' } }),
      { ...blank, overall_grade: 'good', views_not_sought_reason: 'The family moved away' },
      allSaved,
    );
    expect(none).toEqual({ summary: [], byField: {} });
  });
});
