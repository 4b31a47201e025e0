import type { CaseCategory, OrgUnitKind, Role } from './api/types';

/** Every role, in the order forms list them, with the words people use for it. */
export const roleLabels: Record<Role, string> = {
  practitioner: 'Practitioner',
  team_manager: 'Team manager',
  head_of_service: 'Head of service',
  senior_leader: 'Senior leader',
  qa_officer: 'Quality assurance officer',
  reviewing_officer: 'Reviewing officer',
  principal_social_worker: 'Principal social worker',
  performance_analyst: 'Performance analyst',
  admin: 'System administrator',
  dpo: 'Data protection officer',
};

export const roleHints: Record<Role, string> = {
  practitioner: 'Social worker or family worker: sees their own cases and the QA of their work',
  team_manager: 'Audits and observes within their team',
  head_of_service: 'Audits and receives escalations for every team in their service',
  senior_leader: 'Assistant or service director: reads everything',
  qa_officer: 'Themed audits, moderation and the audit programme',
  reviewing_officer: 'Independent reviewing officer or child protection chair',
  principal_social_worker: 'Observations and learning; reads all QA',
  performance_analyst: 'Reports and exports, without free-text narratives',
  admin: 'Users, teams and settings; no access to case records',
  dpo: 'Access log, subject access and retention',
};

export const allRoles = Object.keys(roleLabels) as Role[];

export const categoryLabels: Record<CaseCategory, string> = {
  early_help: 'Early help',
  child_in_need: 'Child in need',
  child_protection: 'Child protection',
  child_in_care: 'Child in care',
  care_leaver: 'Care leaver',
  other: 'Other',
};

export const orgUnitKindLabels: Record<OrgUnitKind, string> = {
  directorate: 'Directorate',
  service: 'Service',
  team: 'Team',
};

export const caseScopeLabels: Record<string, string> = {
  all: 'All cases',
  units: 'Cases of your team or service',
  own: 'Cases allocated to you',
  none: 'None',
};
