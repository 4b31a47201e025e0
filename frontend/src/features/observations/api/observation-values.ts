import type { ServerSection } from '@/components/record-form/use-record-form';
import type { Observation, ObservationPatch, PracticeSkill, PracticeStandard } from '@/lib/api/types';
import type { FieldSpec } from '@/lib/form-errors';
import {
  answersJudgementField,
  filled,
  isGraded,
  isJudgementKey,
  judgementFieldSpecs,
  judgementKey,
  judgementsOf,
  judgementSectionOf,
  sameJudgement,
  textOrNull,
  type JudgementValues,
} from '@/lib/judgements';

/** What the form holds for one practice skill: a rating 1 to 5 (empty before a choice) and its evidence. */
export interface SkillValues {
  rating: string;
  evidence: string;
}

/** What the form holds for the observation as a whole. */
export interface OverallValues {
  summary: string;
  strengths: string;
  areas_for_development: string;
  impact_on_child: string;
  overall_grade: string;
}

export type SectionValues = JudgementValues | SkillValues | OverallValues;

export const OVERALL_KEY = 'overall';
export const skillKey = (code: string) => `skill-${code}`;
export const skillCode = (key: string) => key.slice('skill-'.length);
export const isSkillKey = (key: string) => key.startsWith('skill-');

export const overallFields = ['summary', 'strengths', 'areas_for_development', 'impact_on_child', 'overall_grade'] as const satisfies readonly (keyof OverallValues &
  keyof ObservationPatch)[];

export function overallValues(observation: Observation): OverallValues {
  return {
    summary: observation.summary ?? '',
    strengths: observation.strengths ?? '',
    areas_for_development: observation.areas_for_development ?? '',
    impact_on_child: observation.impact_on_child ?? '',
    overall_grade: observation.overall_grade ?? '',
  };
}

/** The merge patch of the fields changed since the server confirmed them (`null` clears). */
export function overallPatch(values: OverallValues, confirmed: OverallValues): ObservationPatch {
  const patch: ObservationPatch = {};
  for (const field of overallFields) {
    if (values[field] !== confirmed[field]) patch[field] = textOrNull(values[field]);
  }
  return patch;
}

/** Whether the child declined consent: then nothing about them is kept, their impact included. */
export const childDeclined = (observation: Pick<Observation, 'child_consented'>) => observation.child_consented === false;

/**
 * The PUT body for a skill, which the server takes only whole: a rating with its evidence. A
 * rating without evidence (or evidence without a rating) stays on this device, saying why.
 */
export function skillInput(values: SkillValues): { rating: number; evidence: string } | { missing: string } | null {
  const rating = Number(values.rating);
  const hasRating = values.rating !== '' && rating >= 1 && rating <= 5;
  if (hasRating && filled(values.evidence)) return { rating, evidence: values.evidence.trim() };
  if (hasRating) return { missing: 'add what you saw to save the rating' };
  if (filled(values.evidence)) return { missing: 'choose a rating to save what you saw' };
  return null;
}

const sameSkill = (a: SkillValues, b: SkillValues) => a.rating === b.rating && a.evidence === b.evidence;
const sameOverall = (a: OverallValues, b: OverallValues) => overallFields.every((field) => a[field] === b[field]);

export function sameSection(key: string, a: SectionValues, b: SectionValues): boolean {
  if (isJudgementKey(key)) return sameJudgement(a as JudgementValues, b as JudgementValues);
  if (isSkillKey(key)) return sameSkill(a as SkillValues, b as SkillValues);
  return sameOverall(a as OverallValues, b as OverallValues);
}

/** The observation's sections as the server holds them: each standard, each active skill, the overall record. */
export function observationSections(observation: Observation, standards: PracticeStandard[], skills: PracticeSkill[]): Record<string, ServerSection<SectionValues>> {
  const sections: Record<string, ServerSection<SectionValues>> = {};
  const judgements = judgementsOf(standards, observation.judgements);
  for (const { number } of standards) {
    const saved = observation.judgements?.find((j) => j.standard_number === number);
    sections[judgementKey(number)] = { value: judgements[number] as JudgementValues, savedAt: saved ? Date.parse(saved.updated_at) : null };
  }
  for (const skill of skills) {
    const saved = observation.skill_ratings?.find((r) => r.skill_code === skill.code);
    sections[skillKey(skill.code)] = {
      value: { rating: saved ? String(saved.rating) : '', evidence: saved?.evidence ?? '' },
      savedAt: saved ? Date.parse(saved.updated_at) : null,
    };
  }
  const overall = overallValues(observation);
  sections[OVERALL_KEY] = { value: overall, savedAt: Object.values(overall).some(Boolean) ? Date.parse(observation.updated_at) : null };
  return sections;
}

const SKILL_FIELD = /^skills\.([^.]+)\.rating$/;

/** The section an API field of the submit's 422 belongs to. */
export function sectionOfField(field: string): string | null {
  const skill = SKILL_FIELD.exec(field);
  if (skill) return skillKey(skill[1] ?? '');
  return judgementSectionOf(field) ?? ((overallFields as readonly string[]).includes(field) ? OVERALL_KEY : null);
}

/**
 * Whether the observer has fixed what the submit said of a field, as the API's completeness
 * check judges it, with the fix saved: a standard judged with its evidence, at least one
 * standard graded, every skill rated with evidence, the summary, the impact on the child (when
 * they consented) and an overall grade. The worker's consent is fixed on its own page.
 */
export function fixedField(sections: Record<string, SectionValues>, judgements: Record<number, JudgementValues>, isSaved: (key: string) => boolean): (field: string) => boolean {
  return (field) => {
    if (field === 'judgements') {
      return Object.entries(judgements).some(([n, values]) => isGraded(values) && isSaved(judgementKey(Number(n))));
    }
    const section = sectionOfField(field);
    if (section === null || !isSaved(section)) return false;
    const judged = answersJudgementField(field, judgements);
    if (judged !== undefined) return judged;
    if (isSkillKey(section)) {
      const input = skillInput((sections[section] as SkillValues | undefined) ?? { rating: '', evidence: '' });
      return input !== null && !('missing' in input);
    }
    const overall = sections[OVERALL_KEY] as OverallValues | undefined;
    return (overallFields as readonly string[]).includes(field) && filled(overall?.[field as keyof OverallValues]);
  };
}

/** How the error summary names the fields the submit's 422 may report, in the order of the form. */
export function submitFields(standards: PracticeStandard[], skills: PracticeSkill[]): Record<string, FieldSpec> {
  const first = standards[0]?.number ?? 1;
  return {
    judgements: { label: 'The practice standards', id: `judgements-${first}-grade` },
    ...judgementFieldSpecs(standards),
    ...Object.fromEntries(skills.map((skill) => [`skills.${skill.code}.rating`, { label: `Rating for ${skill.label.toLowerCase()}`, id: `skills-${skill.code}-rating` }])),
    summary: { label: 'Summary', id: 'summary' },
    strengths: { label: 'Strengths', id: 'strengths' },
    areas_for_development: { label: 'Areas for development', id: 'areas_for_development' },
    impact_on_child: { label: 'Impact on the child', id: 'impact_on_child' },
    overall_grade: { label: 'Overall grade', id: 'overall_grade' },
  };
}
