import { describe, expect, it } from 'vitest';
import type { Grade } from './api/types';
import { gradeColour, gradeLabel, gradesOf, NOT_APPLICABLE } from './reference-data';

const ofsted: Grade[] = [
  { code: 'inadequate', label: 'Inadequate', rank: 1, triggers_escalation: true },
  { code: 'good', label: 'Good', rank: 3, triggers_escalation: false },
  { code: 'outstanding', label: 'Outstanding', rank: 4, triggers_escalation: false },
  { code: 'requires_improvement', label: 'Requires improvement to be good', rank: 2, triggers_escalation: false },
];
const scale = { id: 's1', name: 'Ofsted four-point', version: 1, is_current: true, grades: ofsted };

describe('grades', () => {
  it('lists a scale’s grades best first', () => {
    expect(gradesOf([scale], 's1').map((g) => g.code)).toEqual(['outstanding', 'good', 'requires_improvement', 'inadequate']);
    expect(gradesOf([scale], 'unknown').length).toBe(4);
  });

  it('uses the scale’s labels, and words for no grade and not applicable', () => {
    const grades = gradesOf([scale], 's1');
    expect(gradeLabel(grades, 'requires_improvement')).toBe('Requires improvement to be good');
    expect(gradeLabel(grades, NOT_APPLICABLE)).toBe('Not applicable');
    expect(gradeLabel(grades, null)).toBe('Not graded');
  });

  it('colours a grade by its place on the scale: best green, worst red', () => {
    const grades = gradesOf([scale], 's1');
    expect(grades.map((g) => gradeColour(grades, g.code))).toEqual(['green', 'teal', 'yellow', 'red']);
    expect(gradeColour(grades, NOT_APPLICABLE)).toBe('grey');
  });
});
