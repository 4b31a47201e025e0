import type { Audit, AuditPatch, PracticeStandard } from '@/lib/api/types';
import type { FieldSpec } from '@/lib/form-errors';
import {
  answersJudgementField,
  filled,
  judgementFieldSpecs,
  judgementKey,
  judgementsOf,
  judgementSectionOf,
  sameJudgement,
  textOrNull,
  type JudgementValues,
} from '@/lib/judgements';
import type { ServerSection } from '@/components/record-form/use-record-form';

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
    if (values[field] !== confirmed[field]) patch[field] = textOrNull(values[field]);
  }
  return patch;
}

export function sameOverall(a: OverallValues, b: OverallValues): boolean {
  return overallFields.every((field) => a[field] === b[field]);
}

/** Whether a section's values are the same (judgements and the overall section alike). */
export const sameSection = (key: string, a: SectionValues, b: SectionValues) =>
  key === OVERALL_KEY ? sameOverall(a as OverallValues, b as OverallValues) : sameJudgement(a as JudgementValues, b as JudgementValues);

/** The audit's sections as the server holds them: each standard's judgement and the overall section. */
export function auditSections(audit: Audit, standards: PracticeStandard[]): Record<string, ServerSection<SectionValues>> {
  const judgements = judgementsOf(standards, audit.judgements);
  const sections: Record<string, ServerSection<SectionValues>> = {};
  for (const { number } of standards) {
    const saved = audit.judgements?.find((j) => j.standard_number === number);
    sections[judgementKey(number)] = { value: judgements[number] as JudgementValues, savedAt: saved ? Date.parse(saved.updated_at) : null };
  }
  const overall = overallValues(audit);
  sections[OVERALL_KEY] = { value: overall, savedAt: Object.values(overall).some(Boolean) ? Date.parse(audit.updated_at) : null };
  return sections;
}

/** The section of the form an API field belongs to: `judgements.3.grade` → `judgement-3`, the audit's own fields → `overall`. */
export function sectionOfField(field: string): string | null {
  return judgementSectionOf(field) ?? ((overallFields as readonly string[]).includes(field) ? OVERALL_KEY : null);
}

/**
 * Whether the form's values answer what the submit's 422 said of a field, as the API's
 * completeness check judges it: a standard graded or not applicable with a reason, evidence for
 * a grade, an overall grade, and the child's and family's views or why they were not sought.
 */
export function answersField(field: string, judgements: Record<number, JudgementValues>, overall: OverallValues): boolean {
  const judged = answersJudgementField(field, judgements);
  if (judged !== undefined) return judged;
  switch (field) {
    case 'child_views':
    case 'family_views':
      return filled(overall[field]) || filled(overall.views_not_sought_reason);
    default:
      return (overallFields as readonly string[]).includes(field) && filled(overall[field as keyof OverallValues]);
  }
}

/**
 * Whether the auditor has fixed what the submit said of a field: its error goes as soon as the
 * field is answered and its section saved (not while the answer is still only on this device).
 */
export function fixedField(judgements: Record<number, JudgementValues>, overall: OverallValues, isSaved: (sectionKey: string) => boolean): (field: string) => boolean {
  return (field) => {
    const section = sectionOfField(field);
    return section !== null && isSaved(section) && answersField(field, judgements, overall);
  };
}

/** How the error summary names the fields the submit's 422 may report, in the order of the form. */
export function submitFields(standards: PracticeStandard[]): Record<string, FieldSpec> {
  return {
    ...judgementFieldSpecs(standards),
    overall_grade: { label: 'Overall grade', id: 'overall_grade', required: 'Choose an overall grade' },
    summary: { label: 'Summary', id: 'summary' },
    child_views: { label: 'The child’s views', id: 'child_views' },
    family_views: { label: 'The family’s views', id: 'family_views' },
    views_not_sought_reason: { label: 'Why views were not sought', id: 'views_not_sought_reason' },
    practitioner_reflection: { label: 'The worker’s reflection', id: 'practitioner_reflection' },
  };
}
