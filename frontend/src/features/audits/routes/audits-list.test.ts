import { describe, expect, it } from 'vitest';
import { auditViews } from './audits-list';

describe('the audit lists a caller has', () => {
  it('gives auditors their own audits first, managers their team’s, workers those of their work', () => {
    expect(auditViews({ roles: ['team_manager'], case_scope: 'units' })).toEqual(['mine', 'team']);
    expect(auditViews({ roles: ['practitioner'], case_scope: 'own' })).toEqual(['work']);
    expect(auditViews({ roles: ['qa_officer'], case_scope: 'all' })).toEqual(['mine', 'moderation', 'all']);
    expect(auditViews({ roles: ['head_of_service'], case_scope: 'units' })).toEqual(['mine', 'team', 'moderation']);
  });

  it('gives those who read every audit but do not audit (a performance analyst) all of them', () => {
    expect(auditViews({ roles: ['performance_analyst'], case_scope: 'all' })).toEqual(['all']);
  });
});
