/**
 * A file of past audits read in the browser, only to show the person what they are about to
 * import: the API checks every row again and decides.
 */
import { previewCsv, type CsvPreview } from '@/lib/csv-import';

/** The practice standards a file grades when the framework is not known here: the seeded ten. */
export const DEFAULT_STANDARDS = 10;

/** The columns of a file of past audits for a framework of `standards` standards, in order. */
export function auditColumns(standards: number): string[] {
  return ['case_ref', 'audited_on', 'auditor_email', ...Array.from({ length: standards }, (_, i) => `s${i + 1}`), 'overall'];
}

/** The columns as the page shows them: "case_ref, audited_on, auditor_email, s1 … s10, overall". */
export function auditColumnsText(standards: number): string {
  const grades = standards === 1 ? 's1' : standards === 2 ? 's1, s2' : `s1 … s${standards}`;
  return `case_ref, audited_on, auditor_email, ${grades}, overall`;
}

/** The first `shown` rows of a file of past audits and what is wrong with its header, if anything. */
export function previewAudits(text: string, standards = DEFAULT_STANDARDS, shown = 5): CsvPreview {
  const expected = auditColumns(standards).join(',');
  return previewCsv(text, shown, (names) => (names.join(',') === expected ? null : `The first row must name the columns ${auditColumnsText(standards)}`));
}
