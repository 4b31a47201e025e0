import type { Audit, AuditPatch, Judgement, JudgementInput } from '@/lib/api/types';
import { withoutFixed, type FormErrors } from '@/lib/form-errors';
import { NOT_APPLICABLE } from '@/lib/reference-data';

/** What the form holds for one standard. */
export interface JudgementValues {
  /** A grade code, {@link NOT_APPLICABLE}, or empty before a choice. */
  choice: string;
  /** Why the standard does not apply. */
  reason: string;
  evidence: string;
  strengths: string;
  areas: string;
}

/** What the form holds for the audit as a whole. */
export interface OverallValues {
  overall_grade: string;
  summary: string;
  child_views: string;
  family_views: string;
  views_not_sought_reason: string;
  practitioner_reflection: string;
}

export type SectionValues = JudgementValues | OverallValues;

export const OVERALL_KEY = 'overall';
export const judgementKey = (number: number) => `judgement-${number}`;
export const judgementNumber = (key: string) => Number(key.slice('judgement-'.length));

export const emptyJudgement: JudgementValues = { choice: '', reason: '', evidence: '', strengths: '', areas: '' };

export function judgementValues(judgement: Judgement | undefined): JudgementValues {
  if (!judgement) return emptyJudgement;
  return {
    choice: judgement.grade ?? (judgement.not_applicable ? NOT_APPLICABLE : ''),
    reason: judgement.not_applicable_reason ?? '',
    evidence: judgement.evidence ?? '',
    strengths: judgement.strengths ?? '',
    areas: judgement.areas_for_development ?? '',
  };
}

const text = (value: string) => (value.trim() ? value : null);

/** The PUT body for a standard: a grade, or a reason it does not apply, never both. */
export function judgementInput(values: JudgementValues): JudgementInput {
  const notApplicable = values.choice === NOT_APPLICABLE;
  return {
    grade: notApplicable || !values.choice ? null : values.choice,
    not_applicable_reason: notApplicable ? text(values.reason) : null,
    evidence: text(values.evidence),
    strengths: text(values.strengths),
    areas_for_development: text(values.areas),
  };
}

/** "Not applicable" chosen before its reason is written: the server cannot hold that yet. */
export const isHalfAnswered = (values: JudgementValues) => values.choice === NOT_APPLICABLE && !values.reason.trim();

export const overallFields = [
  'overall_grade',
  'summary',
  'child_views',
  'family_views',
  'views_not_sought_reason',
  'practitioner_reflection',
] as const satisfies readonly (keyof OverallValues & keyof AuditPatch)[];

export function overallValues(audit: Audit): OverallValues {
  return {
    overall_grade: audit.overall_grade ?? '',
    summary: audit.summary ?? '',
    child_views: audit.child_views ?? '',
    family_views: audit.family_views ?? '',
    views_not_sought_reason: audit.views_not_sought_reason ?? '',
    practitioner_reflection: audit.practitioner_reflection ?? '',
  };
}

/** The merge patch of the fields changed since the server last confirmed them (`null` clears). */
export function overallPatch(values: OverallValues, confirmed: OverallValues): AuditPatch {
  const patch: AuditPatch = {};
  for (const field of overallFields) {
    if (values[field] !== confirmed[field]) patch[field] = text(values[field]);
  }
  return patch;
}

/** Whether a section's value differs from what the server holds. */
export function sameJudgement(a: JudgementValues, b: JudgementValues): boolean {
  return a.choice === b.choice && a.reason === b.reason && a.evidence === b.evidence && a.strengths === b.strengths && a.areas === b.areas;
}

export function sameOverall(a: OverallValues, b: OverallValues): boolean {
  return overallFields.every((field) => a[field] === b[field]);
}

const filled = (value: string | undefined) => Boolean(value?.trim());

/** The section of the form an API field belongs to: `judgements.3.grade` → `judgement-3`, the audit's own fields → `overall`. */
export function sectionOfField(field: string): string | null {
  const judgement = /^judgements\.(\d+)\.[a-z_]+$/.exec(field);
  if (judgement) return judgementKey(Number(judgement[1]));
  return (overallFields as readonly string[]).includes(field) ? OVERALL_KEY : null;
}

/**
 * Whether the form's values answer what the submit's 422 said of a field, as the API's
 * completeness check judges it: a standard graded or not applicable with a reason, evidence for
 * a grade, an overall grade, and the child's and family's views or why they were not sought.
 */
export function answersField(field: string, judgements: Record<number, JudgementValues>, overall: OverallValues): boolean {
  const judgement = /^judgements\.(\d+)\.([a-z_]+)$/.exec(field);
  if (judgement) {
    const values = judgements[Number(judgement[1])] ?? emptyJudgement;
    const graded = filled(values.choice) && values.choice !== NOT_APPLICABLE;
    const notApplicable = values.choice === NOT_APPLICABLE && filled(values.reason);
    switch (judgement[2]) {
      case 'grade':
        return graded || notApplicable;
      case 'evidence':
        return (graded && filled(values.evidence)) || notApplicable;
      case 'not_applicable_reason':
        return notApplicable || graded;
      default:
        return false;
    }
  }
  switch (field) {
    case 'child_views':
    case 'family_views':
      return filled(overall[field]) || filled(overall.views_not_sought_reason);
    default:
      return (overallFields as readonly string[]).includes(field) && filled(overall[field as keyof OverallValues]);
  }
}

/**
 * The submit's errors left once the auditor has fixed some: an error goes as soon as its field
 * is answered and its section saved (not while the answer is still only on this device).
 */
export function errorsLeft(
  errors: FormErrors,
  judgements: Record<number, JudgementValues>,
  overall: OverallValues,
  isSaved: (sectionKey: string) => boolean,
): FormErrors {
  return withoutFixed(errors, (field) => {
    const section = sectionOfField(field);
    return section !== null && isSaved(section) && answersField(field, judgements, overall);
  });
}
