import type { ActionStatus, AuditKind, AuditStatus, Severity, ThemeSource, ThemeStatus } from './api/types';

/** Words for the codes records carry, in the order forms list them. */
export const auditKindLabels: Record<AuditKind, string> = {
  case_file: 'Case file audit',
  themed: 'Themed audit',
  dip_sample: 'Dip sample',
  multi_agency: 'Multi-agency audit',
};

export const auditKindHints: Record<AuditKind, string> = {
  case_file: 'The monthly audit of a case by its manager or a leader',
  themed: 'Part of a theme in the audit programme',
  dip_sample: 'A narrow look at a case to explore a trend, for a theme',
  multi_agency: 'With partner agencies',
};

export const auditStatusLabels: Record<AuditStatus, string> = {
  draft: 'Draft',
  submitted: 'Submitted',
  moderated: 'Moderated',
  closed: 'Closed',
};

export const actionStatusLabels: Record<ActionStatus, string> = {
  open: 'Open',
  in_progress: 'In progress',
  completed: 'Completed',
  verified: 'Verified',
  cancelled: 'Cancelled',
};

export const actionKindLabels: Record<string, string> = {
  remedial: 'Remedial',
  practice_development: 'Practice development',
  service_improvement: 'Service improvement',
  training: 'Training',
};

export const severityLabels: Record<Severity, string> = {
  low: 'Low',
  medium: 'Medium',
  high: 'High',
};

export const escalationStatusLabels: Record<string, string> = {
  open: 'Open',
  resolved: 'Resolved',
  withdrawn: 'Withdrawn',
};

export const escalationSourceLabels: Record<string, string> = {
  audit: 'Audit',
  monitoring_form: 'Monitoring form',
  practice_alert: 'Practice alert',
  manual: 'Raised by hand',
};

export const escalationStageLabels: Record<number, string> = {
  1: 'Stage 1: team manager',
  2: 'Stage 2: head of service',
  3: 'Stage 3: senior leader',
  4: 'Stage 4: director',
};

export const timelineEventLabels: Record<string, string> = {
  raised: 'Raised',
  response: 'Response',
  stage_change: 'Moved to the next stage',
  resolved: 'Resolved',
  withdrawn: 'Withdrawn',
};

export const themeSourceLabels: Record<ThemeSource, string> = {
  qa_activity: 'QA activity',
  performance_data: 'Performance data',
  safeguarding_partnership: 'Safeguarding partnership',
  inspection: 'Inspection',
  peer_review: 'Peer review',
  senior_management: 'Senior management',
};

export const themeStatusLabels: Record<ThemeStatus, string> = {
  planned: 'Planned',
  in_progress: 'In progress',
  closed: 'Closed',
};

/** A code as words when there is no label for it: `child_in_need` → "Child in need". */
export function labelFor(labels: Record<string, string>, code: string | null | undefined): string {
  if (!code) return '';
  const text = labels[code] ?? code.replace(/_/g, ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** What a narrative field shows: its text, or why there is none. */
export function narrativeText(text: string | null | undefined, readsNarrative: boolean, none = 'None recorded'): string {
  if (!readsNarrative) return 'Not shown to your role';
  return text?.trim() ? text : none;
}
