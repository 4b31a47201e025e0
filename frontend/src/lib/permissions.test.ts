import { describe, expect, it } from 'vitest';
import type { Me } from './api/types';
import { canSee, navigationFor } from './permissions';

const caller = (roles: Me['roles'], case_scope: string): Pick<Me, 'roles' | 'case_scope'> => ({ roles, case_scope });
const texts = (me: Pick<Me, 'roles' | 'case_scope'>) => navigationFor(me, '/').map((item) => item.text);

describe('role-based navigation', () => {
  it('gives a practitioner their work, cases, standards and account, and no administration', () => {
    expect(texts(caller(['practitioner'], 'own'))).toEqual(['Your work', 'Cases', 'Practice standards', 'Your account', 'Sign out']);
  });

  it('gives an administrator users and teams, but no cases (no case content for admins)', () => {
    const me = caller(['admin'], 'none');
    expect(texts(me)).toEqual(['Your work', 'Practice standards', 'Users', 'Teams', 'Your account', 'Sign out']);
    expect(canSee('cases', me)).toBe(false);
    expect(canSee('admin', me)).toBe(true);
  });

  it('gives the union of several roles', () => {
    expect(texts(caller(['admin', 'qa_officer'], 'all'))).toEqual(['Your work', 'Cases', 'Practice standards', 'Users', 'Teams', 'Your account', 'Sign out']);
  });

  it('never shows administration to other roles', () => {
    for (const role of ['team_manager', 'head_of_service', 'senior_leader', 'qa_officer', 'dpo', 'performance_analyst'] as const) {
      expect(canSee('admin', caller([role], 'all'))).toBe(false);
    }
  });

  it('marks the current page, and the section of a page within it', () => {
    const me = caller(['admin'], 'none');
    expect(navigationFor(me, '/admin/users').find((item) => item.text === 'Users')?.current).toBe('page');
    expect(navigationFor(me, '/admin/users/123').find((item) => item.text === 'Users')?.current).toBe('section');
    expect(navigationFor(me, '/admin/users').find((item) => item.text === 'Your work')?.current).toBeUndefined();
  });
});
