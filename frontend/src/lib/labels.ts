import type {
  ActionKind,
  ActionStatus,
  AuditKind,
  AuditStatus,
  Channel,
  ChildParticipation,
  ComplaintOutcome,
  ComplaintRoute,
  FeedbackFromRole,
  FeedbackKind,
  FeedbackStatus,
  FormStatus,
  MeasureMethod,
  MeetingType,
  ObservationSetting,
  ObservationStatus,
  PlanProgress,
  PlanSource,
  QualityRating,
  ReadingSource,
  Severity,
  SourceRole,
  ThemeSource,
  ThemeStatus,
} from './api/types';

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

export const actionKindLabels: Record<ActionKind, string> = {
  remedial: 'Remedial',
  practice_development: 'Practice development',
  service_improvement: 'Service improvement',
  training: 'Training',
};

/** Where an action plan came from. */
export const planSourceLabels: Record<PlanSource, string> = {
  audit: 'Audit',
  themed_audit: 'Themed audit',
  inspection: 'Inspection',
  peer_review: 'Peer review',
  case_review: 'Case review',
  complaint: 'Complaint',
  escalation: 'Escalation',
  self_evaluation: 'Self-evaluation',
};

export const planStatusLabels: Record<string, string> = {
  open: 'Open',
  closed: 'Closed',
};

/** How a plan's measure is read. */
export const measureMethodLabels: Record<MeasureMethod, string> = {
  reaudit: 'Re-audits (read from the plan’s re-audits)',
  observation: 'Observations of practice',
  feedback: 'Feedback',
  performance_indicator: 'Performance indicator',
  other: 'Something else',
};

export const readingSourceLabels: Record<ReadingSource, string> = {
  entered: 'Recorded by hand',
  verification: 'On verifying an action',
  reaudit: 'From a re-audit',
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

/** Categories of concern a practice alert or escalation is raised for (a short code of the council's). */
export const escalationCategoryLabels: Record<string, string> = {
  drift_in_planning: 'Drift or delay in the child’s plan',
  quality_of_assessment: 'Quality of the assessment',
  safeguarding: 'Safeguarding',
  placement: 'Placement stability or suitability',
  family_time: 'Family time and contact',
  participation: 'The child’s participation',
  recording: 'Recording',
  inadequate_audit: 'Inadequate audit',
  other: 'Something else',
};

/** Each stage of the dispute resolution process, by who holds it. */
export const escalationStageLabels: Record<number, string> = {
  0: 'Practice alert',
  1: 'Stage 1: case-accountable manager',
  2: 'Stage 2: head of service',
  3: 'Stage 3: assistant director',
  4: 'Stage 4: director',
};

/** Who holds each stage, as words in a sentence ("held by the head of service"). */
export const escalationStageHolders: Record<number, string> = {
  0: 'the case-accountable manager',
  1: 'the case-accountable manager',
  2: 'the head of service',
  3: 'the assistant director',
  4: 'the director',
};

export const timelineEventLabels: Record<string, string> = {
  raised: 'Raised',
  response: 'Response',
  stage_change: 'Moved up a stage',
  resolved: 'Resolved',
  withdrawn: 'Withdrawn',
  accepted: 'Resolution accepted',
  cafcass_referral: 'Referred to Cafcass',
};

export const observationStatusLabels: Record<ObservationStatus, string> = {
  planned: 'Planned',
  draft: 'Being recorded',
  submitted: 'Submitted',
  acknowledged: 'Reflected on',
  cancelled: 'Cancelled',
};

export const observationSettingLabels: Record<ObservationSetting, string> = {
  home_visit: 'Home visit',
  child_protection_conference: 'Child protection conference',
  core_group: 'Core group',
  review: 'Review',
  supervision: 'Supervision',
  direct_work: 'Direct work',
  team_meeting: 'Team meeting',
  court: 'Court',
  other: 'Other',
};

export const feedbackFromLabels: Record<FeedbackFromRole, string> = {
  child: 'The child',
  young_person: 'The young person',
  parent: 'A parent',
  carer: 'A carer',
  other: 'Someone else in the family',
};

export const meetingTypeLabels: Record<MeetingType, string> = {
  cla_review: 'Looked-after child review',
  icpc: 'Initial child protection conference',
  rcpc: 'Review child protection conference',
};

export const childParticipationLabels: Record<ChildParticipation, string> = {
  attended: 'Attended the meeting',
  views_shared: 'Shared their views another way',
  advocate: 'Through an advocate',
  not_participated: 'Did not take part',
};

export const planProgressLabels: Record<PlanProgress, string> = {
  yes: 'Yes',
  partly: 'Partly',
  no: 'No',
};

export const qualityRatingLabels: Record<QualityRating, string> = {
  good: 'Good',
  adequate: 'Adequate',
  concern: 'Concern',
};

export const formStatusLabels: Record<FormStatus, string> = {
  draft: 'Draft',
  submitted: 'Submitted',
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

/** The kinds of feedback (product.md §4.6). */
export const feedbackKindLabels: Record<FeedbackKind, string> = {
  compliment: 'Compliment',
  complaint: 'Complaint',
  participation: 'Participation',
  staff_feedback: 'Staff feedback',
  partner_feedback: 'Partner feedback',
  advocacy_report: 'Advocacy report',
  survey_response: 'Survey response',
};

export const feedbackKindHints: Record<FeedbackKind, string> = {
  compliment: 'Thanks or praise for a worker or a team',
  complaint: 'Follows the statutory or the corporate complaints procedure, on working-day deadlines',
  participation: 'What children and young people said: a Mind of My Own statement, a forum or a focus group; answered with “you said, we did”',
  staff_feedback: 'From the council’s own staff',
  partner_feedback: 'From a partner agency: health, schools, police',
  advocacy_report: 'A commissioned advocacy service’s quarterly report, with its figures',
  survey_response: 'Imported from a survey file',
};

/** Where a piece of feedback is; only complaints move on from "Recorded". */
export const feedbackStatusLabels: Record<FeedbackStatus, string> = {
  recorded: 'Recorded',
  received: 'Received',
  acknowledged: 'Acknowledged',
  responded: 'Responded',
  closed: 'Closed',
  withdrawn: 'Withdrawn',
};

export const complaintRouteLabels: Record<ComplaintRoute, string> = {
  statutory: 'Statutory',
  corporate: 'Corporate',
};

export const complaintRouteHints: Record<ComplaintRoute, string> = {
  statutory: 'The Children Act 1989 representations procedure: about a child’s social care. Three stages: local resolution, investigation, review panel',
  corporate: 'The council’s own procedure (the Ombudsman’s Complaint Handling Code): outside the statutory scope. Two stages',
};

export const complaintOutcomeLabels: Record<ComplaintOutcome, string> = {
  upheld: 'Upheld',
  partially_upheld: 'Partially upheld',
  not_upheld: 'Not upheld',
};

/** A complaint's stages by number. */
export const complaintStageLabels: Record<number, string> = {
  1: 'Stage 1: local resolution',
  2: 'Stage 2: investigation',
  3: 'Stage 3: review panel',
};

export const sourceRoleLabels: Record<SourceRole, string> = {
  child: 'A child',
  young_person: 'A young person',
  parent: 'A parent',
  carer: 'A carer',
  professional: 'A professional',
  staff: 'A member of staff',
  advocate: 'An advocate',
  partner_agency: 'A partner agency',
};

export const channelLabels: Record<Channel, string> = {
  letter: 'Letter',
  email: 'Email',
  phone: 'Phone',
  online: 'Online form',
  in_person: 'In person',
  app: 'App (such as Mind of My Own)',
  survey: 'Survey',
  forum: 'Forum or focus group',
  other: 'Other',
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
