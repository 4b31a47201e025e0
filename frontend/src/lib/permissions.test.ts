import { describe, expect, it } from 'vitest';
import type { Me } from './api/types';
import { accountNavigationFor, canSee, importsPastAudits, isAuditor, isObserver, mayObserve, navigationFor, readsWholeCouncilReports, recordableKinds } from './permissions';

const caller = (roles: Me['roles'], case_scope: string): Pick<Me, 'roles' | 'case_scope'> => ({ roles, case_scope });
const AUDITOR_NAV = ['Your work', 'Cases', 'Audits', 'Actions', 'Escalations'];
/** The navigation of those who observe, or are observed: observations after audits; feedback after escalations. */
const OBSERVER_NAV = ['Your work', 'Cases', 'Audits', 'Observations', 'Actions', 'Escalations', 'Feedback'];
const TAIL = ['Standards', 'Notifications'];
const texts = (me: Pick<Me, 'roles' | 'case_scope'>) => navigationFor(me, '/').map((item) => item.text);

describe('role-based navigation', () => {
  it('gives a practitioner their work, cases, audits, actions, standards and notifications, and no administration', () => {
    expect(texts(caller(['practitioner'], 'own'))).toEqual(['Your work', 'Cases', 'Audits', 'Observations', 'Actions', 'Feedback', ...TAIL]);
  });

  it('gives managers escalations too, and the QA unit the audit programme', () => {
    expect(texts(caller(['team_manager'], 'units'))).toEqual([...OBSERVER_NAV, ...TAIL]);
    expect(texts(caller(['qa_officer'], 'all'))).toEqual([...AUDITOR_NAV, 'Feedback', 'Programme', 'Reports', 'Notifications']);
  });

  it('shows the number of unread notifications, with words for screen readers', () => {
    const items = navigationFor(caller(['practitioner'], 'own'), '/', 3);
    expect(items.find((item) => item.text === 'Notifications')?.count).toEqual({ value: 3, hiddenText: 'unread' });
    expect(navigationFor(caller(['practitioner'], 'own'), '/', 0).find((item) => item.text === 'Notifications')?.count).toBeUndefined();
  });

  it('gives reviewing officers their monitoring forms, and keeps observations for those who observe or are observed', () => {
    expect(texts(caller(['reviewing_officer'], 'all'))).toEqual(['Your work', 'Cases', 'Audits', 'Monitoring forms', 'Actions', 'Escalations', ...TAIL]);
    expect(texts(caller(['principal_social_worker'], 'all'))).toEqual([...OBSERVER_NAV, 'Reports', 'Notifications']);
    expect(canSee('observations', caller(['qa_officer'], 'all'))).toBe(true);
    expect(canSee('observations', caller(['admin'], 'none'))).toBe(false);
  });

  it('knows who observes, and whom', () => {
    const manager = { id: 'm', roles: ['team_manager'] as Me['roles'], scope_unit_ids: ['team-a'] };
    expect(isObserver(manager)).toBe(true);
    expect(isObserver({ roles: ['practitioner'] })).toBe(false);
    expect(mayObserve(manager, { id: 'w', roles: ['practitioner'], team_id: 'team-a' })).toBe(true);
    expect(mayObserve(manager, { id: 'x', roles: ['practitioner'], team_id: 'team-b' })).toBe(false);
    expect(mayObserve(manager, { id: 'm', roles: ['team_manager'], team_id: 'team-a' })).toBe(false);
    expect(mayObserve(manager, { id: 'q', roles: ['qa_officer'], team_id: 'team-a' })).toBe(false);
    expect(mayObserve({ id: 'p', roles: ['principal_social_worker'], scope_unit_ids: [] }, { id: 'x', roles: ['practitioner'], team_id: 'team-b' })).toBe(true);
  });

  it('knows who audits', () => {
    expect(isAuditor({ roles: ['practitioner'] })).toBe(false);
    expect(isAuditor({ roles: ['practitioner', 'team_manager'] })).toBe(true);
  });

  it('gives an administrator users and teams, but no cases (no case content for admins)', () => {
    const me = caller(['admin'], 'none');
    expect(texts(me)).toEqual(['Your work', 'Standards', 'Users', 'Teams', 'Settings', 'Notifications']);
    expect(canSee('cases', me)).toBe(false);
    expect(canSee('admin', me)).toBe(true);
  });

  it('gives the union of several roles', () => {
    expect(texts(caller(['admin', 'qa_officer'], 'all'))).toEqual([...AUDITOR_NAV, 'Feedback', 'Programme', 'Reports', 'Standards', 'Users', 'Teams', 'Settings', 'Notifications']);
  });

  it('never shows administration to other roles', () => {
    for (const role of ['team_manager', 'head_of_service', 'senior_leader', 'qa_officer', 'dpo', 'performance_analyst'] as const) {
      expect(canSee('admin', caller([role], 'all'))).toBe(false);
    }
  });

  it('gives the data protection officer their section and the access log, and no one else', () => {
    expect(texts(caller(['dpo'], 'all'))).toEqual([...AUDITOR_NAV, 'Data protection', 'Access log', 'Notifications']);
    for (const role of ['team_manager', 'head_of_service', 'senior_leader', 'qa_officer', 'admin', 'performance_analyst'] as const) {
      expect(canSee('access-log', caller([role], 'all'))).toBe(false);
      expect(canSee('data-protection', caller([role], 'all'))).toBe(false);
    }
  });

  it('gives feedback to those who read cases, in the navigation of those whose work it is', () => {
    expect(canSee('feedback', caller(['performance_analyst'], 'all'))).toBe(true);
    expect(canSee('feedback', caller(['admin'], 'none'))).toBe(false);
    // A reviewing officer reads feedback from a case; their navigation keeps its monitoring forms.
    expect(canSee('feedback', caller(['reviewing_officer'], 'all'))).toBe(true);
    expect(texts(caller(['reviewing_officer'], 'all'))).not.toContain('Feedback');
  });

  it('knows who records which kinds of feedback', () => {
    expect(recordableKinds({ roles: ['qa_officer'] })).toEqual(['compliment', 'complaint', 'participation', 'staff_feedback', 'partner_feedback', 'advocacy_report']);
    expect(recordableKinds({ roles: ['team_manager'] })).toEqual(['compliment', 'staff_feedback', 'partner_feedback']);
    expect(recordableKinds({ roles: ['head_of_service'] })).toEqual(['compliment', 'staff_feedback', 'partner_feedback']);
    expect(recordableKinds({ roles: ['practitioner'] })).toEqual([]);
    expect(recordableKinds({ roles: ['performance_analyst'] })).toEqual([]);
  });

  it('lets only the QA unit import past audits', () => {
    expect(importsPastAudits({ roles: ['qa_officer'] })).toBe(true);
    expect(importsPastAudits({ roles: ['team_manager', 'qa_officer'] })).toBe(true);
    for (const role of ['senior_leader', 'head_of_service', 'team_manager', 'practitioner', 'admin', 'performance_analyst'] as const) {
      expect(importsPastAudits({ roles: [role] })).toBe(false);
    }
  });

  it('gives reports to the QA unit, senior leaders, the principal social worker, the Performance Team and heads of service, in place of the standards', () => {
    for (const role of ['qa_officer', 'senior_leader', 'principal_social_worker', 'performance_analyst', 'head_of_service'] as const) {
      const me = caller([role], role === 'head_of_service' ? 'units' : 'all');
      expect(canSee('reports', me)).toBe(true);
      expect(texts(me)).toContain('Reports');
      expect(texts(me)).not.toContain('Standards');
    }
    expect(readsWholeCouncilReports({ roles: ['performance_analyst'] })).toBe(true);
    expect(readsWholeCouncilReports({ roles: ['head_of_service'] })).toBe(false);
    for (const role of ['practitioner', 'team_manager', 'reviewing_officer', 'admin'] as const) {
      const me = caller([role], role === 'admin' ? 'none' : 'all');
      expect(canSee('reports', me)).toBe(false);
      expect(texts(me)).toContain('Standards');
    }
    expect(canSee('reports', caller(['dpo'], 'all'))).toBe(false);
  });

  it('gives the team briefing to team managers, for their own team, and to readers of reports, not to others', () => {
    expect(canSee('team-briefing', caller(['team_manager'], 'units'))).toBe(true);
    expect(canSee('team-briefing', caller(['qa_officer'], 'all'))).toBe(true);
    expect(canSee('team-briefing', caller(['practitioner'], 'all'))).toBe(false);
    expect(texts(caller(['team_manager'], 'units'))).not.toContain('Team briefing');
  });

  it('puts the person’s account and signing out in the header, not the service navigation', () => {
    expect(accountNavigationFor('/').map((item) => item.text)).toEqual(['Your account', 'Sign out']);
    expect(accountNavigationFor('/account')[0]?.current).toBe('page');
  });

  it('marks the current page, and the section of a page within it', () => {
    const me = caller(['admin'], 'none');
    expect(navigationFor(me, '/admin/users').find((item) => item.text === 'Users')?.current).toBe('page');
    expect(navigationFor(me, '/admin/users/123').find((item) => item.text === 'Users')?.current).toBe('section');
    expect(navigationFor(me, '/admin/users').find((item) => item.text === 'Your work')?.current).toBeUndefined();
  });
});
