// The values of the API's enumerations the screens filter by, checked against the generated
// types so a change in openapi.yaml fails the type check here.
import type { ActionStatus, AuditStatus, CaseStatus, EscalationSource, EscalationStatus } from './types';

export const ACTION_STATUSES = ['open', 'in_progress', 'completed', 'verified', 'cancelled'] as const satisfies readonly ActionStatus[];
export const AUDIT_STATUSES = ['draft', 'submitted', 'moderated', 'closed'] as const satisfies readonly AuditStatus[];
export const CASE_STATUSES = ['open', 'closed'] as const satisfies readonly CaseStatus[];
export const ESCALATION_STATUSES = ['open', 'resolved', 'withdrawn'] as const satisfies readonly EscalationStatus[];
export const ESCALATION_SOURCES = ['audit', 'monitoring_form', 'practice_alert', 'manual'] as const satisfies readonly EscalationSource[];

/** A query-string value as one of an enumeration's values, or undefined. */
export function oneOf<T extends string>(values: readonly T[], raw: string | null | undefined): T | undefined {
  return values.find((value) => value === raw);
}

/** A single chosen value as the API's comma-separated list filter. */
export function listOf<T>(value: T | undefined): T[] | undefined {
  return value === undefined ? undefined : [value];
}
