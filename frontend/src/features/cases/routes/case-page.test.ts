import { describe, expect, it } from 'vitest';
import type { Audit, GradeScale } from '@/lib/api/types';
import { gradeChanges } from './case-page';

const scale = {
  id: 'ofsted',
  is_current: true,
  grades: [
    { code: 'outstanding', label: 'Outstanding', rank: 4 },
    { code: 'good', label: 'Good', rank: 3 },
    { code: 'requires_improvement', label: 'Requires improvement to be good', rank: 2 },
    { code: 'inadequate', label: 'Inadequate', rank: 1 },
  ],
} as unknown as GradeScale;

const audit = (id: string, status: Audit['status'], overall: string | null, moderated?: string) =>
  ({ id, status, overall_grade: overall, effective_grade: moderated ?? overall, grade_scale_id: 'ofsted' }) as Audit;

describe('a case’s grade history', () => {
  it('compares each grade that stands with the one before it, leaving drafts out', () => {
    const changes = gradeChanges(
      [audit('a', 'submitted', 'inadequate'), audit('b', 'moderated', 'good', 'requires_improvement'), audit('c', 'draft', 'outstanding'), audit('d', 'submitted', 'requires_improvement')],
      [scale],
    );
    expect(changes.get('a')).toBe('First grade');
    expect(changes.get('b')).toBe('Up from Inadequate');
    expect(changes.has('c')).toBe(false);
    expect(changes.get('d')).toBe('No change');
  });
});
