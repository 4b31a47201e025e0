import type { RecordKind, RetentionClass, RetentionRule } from '@/lib/api/types';
import { categoryLabels } from '@/lib/roles';

export const recordKindLabels: Record<RecordKind, string> = {
  case: 'The case reference',
  audit: 'Audits',
  observation: 'Observations',
  escalation: 'Escalations',
  monitoring_form: 'Monitoring forms',
  feedback: 'Feedback and complaints',
  action: 'Actions and action plans',
};

export const categoryLabel = (category: string) => (categoryLabels as Record<string, string | undefined>)[category] ?? category.replace(/_/g, ' ');

/** A class's rule in words: "6 years after the case closed", "Until the 75th birthday", "Kept indefinitely". */
export function ruleWords(rule: { rule: RetentionRule; years?: number | null; age?: number | null }): string {
  switch (rule.rule) {
    case 'years_after_closure':
      return `${rule.years ?? '?'} year${rule.years === 1 ? '' : 's'} after the case closed`;
    case 'until_age':
      return `Until the ${ordinal(rule.age ?? 0)} birthday`;
    default:
      return 'Kept indefinitely';
  }
}

/** 1 → "1st", 22 → "22nd", 75 → "75th". */
export function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th';
  return `${n}${suffix}`;
}

/** The classes by case category, in the order of the categories, each category's kinds in the order of the record kinds. */
export function byCategory(classes: RetentionClass[]): { category: string; classes: RetentionClass[] }[] {
  const categories = [...Object.keys(categoryLabels), ...classes.map((c) => c.case_category)].filter((c, i, all) => all.indexOf(c) === i);
  const kinds = Object.keys(recordKindLabels);
  return categories
    .map((category) => ({
      category,
      classes: classes.filter((c) => c.case_category === category).sort((a, b) => kinds.indexOf(a.record_kind) - kinds.indexOf(b.record_kind)),
    }))
    .filter((group) => group.classes.length > 0);
}
