// The values of the API's enumerations the screens filter by, checked against the generated
// types so a change in openapi.yaml fails the type check here.
import type {
  ActionKind,
  ActionStatus,
  AuditKind,
  AuditStatus,
  CaseCategory,
  CaseStatus,
  Channel,
  ComplaintOutcome,
  ComplaintRoute,
  EscalationSource,
  EscalationStatus,
  FeedbackKind,
  FeedbackStatus,
  FormStatus,
  MeasureMethod,
  MeetingType,
  ObservationSetting,
  ObservationStatus,
  PlanSource,
  QualityRating,
  SourceRole,
} from './types';

export const ACTION_STATUSES = ['open', 'in_progress', 'completed', 'verified', 'cancelled'] as const satisfies readonly ActionStatus[];
export const ACTION_KINDS = ['remedial', 'practice_development', 'service_improvement', 'training'] as const satisfies readonly ActionKind[];
/** Every source a plan may have; audits and closed themes make their own plans. */
export const PLAN_SOURCES = ['audit', 'themed_audit', 'inspection', 'peer_review', 'case_review', 'complaint', 'escalation', 'self_evaluation'] as const satisfies readonly PlanSource[];
export const MEASURE_METHODS = ['reaudit', 'observation', 'feedback', 'performance_indicator', 'other'] as const satisfies readonly MeasureMethod[];
export const AUDIT_STATUSES = ['draft', 'submitted', 'moderated', 'closed'] as const satisfies readonly AuditStatus[];
export const AUDIT_KINDS = ['case_file', 'themed', 'dip_sample', 'multi_agency'] as const satisfies readonly AuditKind[];
export const CASE_CATEGORIES = ['early_help', 'child_in_need', 'child_protection', 'child_in_care', 'care_leaver', 'other'] as const satisfies readonly CaseCategory[];
export const CASE_STATUSES = ['open', 'closed'] as const satisfies readonly CaseStatus[];
export const ESCALATION_STATUSES = ['open', 'resolved', 'withdrawn'] as const satisfies readonly EscalationStatus[];
export const ESCALATION_SOURCES = ['audit', 'monitoring_form', 'practice_alert', 'manual'] as const satisfies readonly EscalationSource[];
/** 0 a practice alert (informal), then the formal dispute resolution process, 1 to 4. */
export const ESCALATION_STAGES = [0, 1, 2, 3, 4] as const;
export const OBSERVATION_STATUSES = ['planned', 'draft', 'submitted', 'acknowledged', 'cancelled'] as const satisfies readonly ObservationStatus[];
export const OBSERVATION_SETTINGS = [
  'home_visit',
  'child_protection_conference',
  'core_group',
  'review',
  'supervision',
  'direct_work',
  'team_meeting',
  'court',
  'other',
] as const satisfies readonly ObservationSetting[];
export const MEETING_TYPES = ['cla_review', 'icpc', 'rcpc'] as const satisfies readonly MeetingType[];
export const FORM_STATUSES = ['draft', 'submitted'] as const satisfies readonly FormStatus[];
/** Every kind of feedback; survey responses come by import only. */
export const FEEDBACK_KINDS = ['compliment', 'complaint', 'participation', 'staff_feedback', 'partner_feedback', 'advocacy_report', 'survey_response'] as const satisfies readonly FeedbackKind[];
export const FEEDBACK_STATUSES = ['recorded', 'received', 'acknowledged', 'responded', 'closed', 'withdrawn'] as const satisfies readonly FeedbackStatus[];
/** A complaint still running: not closed or withdrawn. */
export const OPEN_COMPLAINT_STATUSES = ['received', 'acknowledged', 'responded'] as const satisfies readonly FeedbackStatus[];
export const COMPLAINT_ROUTES = ['statutory', 'corporate'] as const satisfies readonly ComplaintRoute[];
export const COMPLAINT_OUTCOMES = ['upheld', 'partially_upheld', 'not_upheld'] as const satisfies readonly ComplaintOutcome[];
/** A complaint's stages: 1 local resolution, 2 investigation, 3 review panel (statutory only). */
export const COMPLAINT_STAGES = [1, 2, 3] as const;
export const SOURCE_ROLES = ['child', 'young_person', 'parent', 'carer', 'professional', 'staff', 'advocate', 'partner_agency'] as const satisfies readonly SourceRole[];
export const CHANNELS = ['letter', 'email', 'phone', 'online', 'in_person', 'app', 'survey', 'forum', 'other'] as const satisfies readonly Channel[];
export const QUALITY_RATINGS = ['good', 'adequate', 'concern'] as const satisfies readonly QualityRating[];

/**
 * A comma-separated query-string value (`submitted,moderated`) as the API's list filter: the
 * known values only, or undefined when none is, so a mistyped bookmark lists everything rather
 * than failing.
 */
export function someOf<T extends string | number>(values: readonly T[], raw: string | null | undefined): T[] | undefined {
  const chosen = (raw ?? '').split(',').flatMap((part) => values.filter((value) => String(value) === part.trim()));
  return chosen.length > 0 ? chosen : undefined;
}
