import type { Judgement, JudgementInput, PracticeStandard } from './api/types';
import { fieldIdFor, type FieldSpec } from './form-errors';
import { NOT_APPLICABLE } from './reference-data';

/**
 * A practice standard's judgement as the forms that grade standards hold it (an audit, an
 * observation): a grade with its evidence, or "not applicable" with a reason.
 */
export interface JudgementValues {
  /** A grade code, {@link NOT_APPLICABLE}, or empty before a choice. */
  choice: string;
  /** Why the standard does not apply. */
  reason: string;
  evidence: string;
  strengths: string;
  areas: string;
}

/** The autosave section of a standard's judgement. */
export const judgementKey = (number: number) => `judgement-${number}`;
export const judgementNumber = (key: string) => Number(key.slice('judgement-'.length));
export const isJudgementKey = (key: string) => key.startsWith('judgement-');

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

/** Free text as the API takes it: `null` for nothing written. */
export const textOrNull = (value: string) => (value.trim() ? value : null);

/** The PUT body for a standard: a grade, or a reason it does not apply, never both. */
export function judgementInput(values: JudgementValues): JudgementInput {
  const notApplicable = values.choice === NOT_APPLICABLE;
  return {
    grade: notApplicable || !values.choice ? null : values.choice,
    not_applicable_reason: notApplicable ? textOrNull(values.reason) : null,
    evidence: textOrNull(values.evidence),
    strengths: textOrNull(values.strengths),
    areas_for_development: textOrNull(values.areas),
  };
}

/** "Not applicable" chosen before its reason is written: the server cannot hold that yet. */
export const isHalfAnswered = (values: JudgementValues) => values.choice === NOT_APPLICABLE && !values.reason.trim();

/** Whether a section's value differs from what the server holds. */
export function sameJudgement(a: JudgementValues, b: JudgementValues): boolean {
  return a.choice === b.choice && a.reason === b.reason && a.evidence === b.evidence && a.strengths === b.strengths && a.areas === b.areas;
}

export const filled = (value: string | undefined) => Boolean(value?.trim());

/** Graded (not "not applicable") and so needing evidence. */
export const isGraded = (values: JudgementValues) => filled(values.choice) && values.choice !== NOT_APPLICABLE;

const JUDGEMENT_FIELD = /^judgements\.(\d+)\.([a-z_]+)$/;

/** The section an API field of a judgement belongs to: `judgements.3.grade` → `judgement-3`. */
export function judgementSectionOf(field: string): string | null {
  const match = JUDGEMENT_FIELD.exec(field);
  return match ? judgementKey(Number(match[1])) : null;
}

/**
 * Whether the values answer what a submit's 422 said of a judgement's field, as the API's
 * completeness check judges it: graded or not applicable with a reason, evidence for a grade.
 * `undefined` for a field that is not a judgement's.
 */
export function answersJudgementField(field: string, judgements: Record<number, JudgementValues>): boolean | undefined {
  const match = JUDGEMENT_FIELD.exec(field);
  if (!match) return undefined;
  const values = judgements[Number(match[1])] ?? emptyJudgement;
  const notApplicable = values.choice === NOT_APPLICABLE && filled(values.reason);
  switch (match[2]) {
    case 'grade':
      return isGraded(values) || notApplicable;
    case 'evidence':
      return (isGraded(values) && filled(values.evidence)) || notApplicable;
    case 'not_applicable_reason':
      return notApplicable || isGraded(values);
    default:
      return false;
  }
}

/** How the error summary names each standard's fields: "Standard 3 (Planning) evidence". */
export function judgementFieldSpecs(standards: PracticeStandard[]): Record<string, FieldSpec> {
  const fields: Record<string, FieldSpec> = {};
  for (const { number, title } of standards) {
    for (const [name, label] of [
      ['grade', 'grade'],
      ['not_applicable_reason', 'reason it does not apply'],
      ['evidence', 'evidence'],
    ] as const) {
      const field = `judgements.${number}.${name}`;
      fields[field] = { label: `Standard ${number} (${title}) ${label}`, id: fieldIdFor(field) };
    }
  }
  return fields;
}

/** The standards' judgements from a record's, one for every standard (empty where not judged). */
export function judgementsOf(standards: PracticeStandard[], judgements: Judgement[] | null | undefined): Record<number, JudgementValues> {
  return Object.fromEntries(standards.map((s) => [s.number, judgementValues(judgements?.find((j) => j.standard_number === s.number))]));
}
