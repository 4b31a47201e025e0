/**
 * A survey file read in the browser, only to show the person what they are about to import: the
 * API checks every row again and decides.
 */
import { previewCsv, type CsvPreview } from '@/lib/csv-import';

export { parseCsv } from '@/lib/csv-import';

/** The columns a survey file has, in this order: `q1`…`qN` are its questions. */
export const SURVEY_COLUMNS = 'received_on, respondent_role, team_ref, q1 … qN, comment';

export interface SurveyPreview extends CsvPreview {
  /** How many questions (`q1`…`qN`) the header has. */
  questions: number;
}

/** What the header should be for a file with `questions` questions. */
const expectedHeader = (questions: number) => ['received_on', 'respondent_role', 'team_ref', ...Array.from({ length: questions }, (_, i) => `q${i + 1}`), 'comment'];

/** The first `shown` rows of a survey file and what is wrong with its header, if anything. */
export function previewSurvey(text: string, shown = 5): SurveyPreview {
  let questions = 0;
  const preview = previewCsv(text, shown, (names) => {
    questions = Math.max(0, names.length - 4);
    return questions === 0 || names.join(',') !== expectedHeader(questions).join(',')
      ? `The first row must name the columns ${SURVEY_COLUMNS}, with at least one question`
      : null;
  });
  return { ...preview, questions };
}
