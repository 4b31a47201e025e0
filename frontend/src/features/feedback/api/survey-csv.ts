/**
 * A survey file read in the browser, only to show the person what they are about to import: the
 * API checks every row again and decides. Rows are numbered as the API numbers them in its
 * report (the header is row 1; a quoted comment over several lines is still one row).
 */

/** The records of a CSV file (RFC 4180: quoted fields, doubled quotes, CRLF or LF); blank lines are skipped, as the API skips them. */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const endRecord = () => {
    record.push(field);
    field = '';
    if (!(record.length === 1 && record[0] === '')) records.push(record);
    record = [];
  };
  for (; i < text.length; i++) {
    const c = text.charAt(i);
    if (quoted) {
      if (c === '"') {
        if (text.charAt(i + 1) === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\n') endRecord();
    else if (c === '\r') {
      if (text.charAt(i + 1) === '\n') i++;
      endRecord();
    } else field += c;
  }
  if (field !== '' || record.length > 0) endRecord();
  return records;
}

/** The columns a survey file has, in this order: `q1`…`qN` are its questions. */
export const SURVEY_COLUMNS = 'received_on, respondent_role, team_ref, q1 … qN, comment';

export interface SurveyPreview {
  /** The header's columns, as written. */
  header: string[];
  /** How many questions (`q1`…`qN`) the header has. */
  questions: number;
  /** What is wrong with the header, if anything (the API refuses such a file as row 1). */
  headerProblem: string | null;
  /** The first rows, each with the number the API's report would give it. */
  rows: { row: number; cells: string[] }[];
  /** How many responses the file holds. */
  total: number;
}

/** What the header should be for a file with `questions` questions. */
const expectedHeader = (questions: number) => ['received_on', 'respondent_role', 'team_ref', ...Array.from({ length: questions }, (_, i) => `q${i + 1}`), 'comment'];

/** The first `shown` rows of a survey file and what is wrong with its header, if anything. */
export function previewSurvey(text: string, shown = 5): SurveyPreview {
  const [header = [], ...rows] = parseCsv(text);
  const names = header.map((cell) => cell.trim().toLowerCase());
  const questions = Math.max(0, names.length - 4);
  const expected = expectedHeader(questions);
  const headerProblem =
    header.length === 0
      ? 'The file is empty'
      : questions === 0 || names.join(',') !== expected.join(',')
        ? `The first row must name the columns ${SURVEY_COLUMNS}, with at least one question`
        : null;
  return {
    header: header.map((cell) => cell.trim()),
    questions,
    headerProblem,
    rows: rows.slice(0, shown).map((cells, index) => ({ row: index + 2, cells })),
    total: rows.length,
  };
}
