/**
 * Importing a CSV file through the API (survey responses, past audits): the file is read in the
 * browser only to show the person what they are about to import; the API checks every row again
 * and decides. Rows are numbered as the API numbers them in its report (the header is row 1; a
 * quoted cell over several lines is still one row).
 */
import { unwrap } from './api/api-error';
import type { ImportError } from './api/types';
import type { FieldErrorItem } from './form-errors';

/** What an import answers: every row imported (or checked), or every refused row. */
export interface CsvImportOutcome {
  batch_ref: string;
  imported: number;
  replayed: boolean;
  /** Whether the file was only checked and nothing kept (imports that can check first). */
  dry_run?: boolean;
  errors: ImportError[];
}

/** What an import sends: the file's text, its reference, and whether only to check it. */
export interface CsvImportInput {
  batchRef: string;
  csv: string;
  dryRun?: boolean;
}

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

export interface CsvPreview {
  /** The header's columns, as written. */
  header: string[];
  /** What is wrong with the header, if anything (the API refuses such a file as row 1). */
  headerProblem: string | null;
  /** The first rows, each with the number the API's report would give it. */
  rows: { row: number; cells: string[] }[];
  /** How many rows the file holds after its header. */
  total: number;
}

/**
 * The first `shown` rows of a file, and what is wrong with its header: `headerProblem` is given
 * the header's names trimmed and in lower case, and says what is wrong, or null.
 */
export function previewCsv(text: string, shown: number, headerProblem: (names: string[]) => string | null): CsvPreview {
  const [header = [], ...rows] = parseCsv(text);
  return {
    header: header.map((cell) => cell.trim()),
    headerProblem: header.length === 0 ? 'The file is empty' : headerProblem(header.map((cell) => cell.trim().toLowerCase())),
    rows: rows.slice(0, shown).map((cells, index) => ({ row: index + 2, cells })),
    total: rows.length,
  };
}

/** A batch reference as the API takes it. */
export const BATCH_REF = /^[A-Za-z0-9._-]{1,100}$/;

/** What is wrong with a batch reference, or null. */
export function batchRefProblem(reference: string, required: string): string | null {
  if (!reference) return required;
  return BATCH_REF.test(reference) ? null : 'The batch reference must be letters, digits, hyphens, dots or underscores, at most 100';
}

/** A reference from a file's name: "Parents survey Q4.csv" → "Parents-survey-Q4". */
export function referenceFromName(name: string): string {
  return name
    .replace(/\.[^.]*$/, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 100);
}

/** Every refused row as the error summary lists it: "Row 3, q1: must be a rating from 1 to 5, or empty", each linked to the file input to fix. */
export function refusedRows(outcome: Pick<CsvImportOutcome, 'errors'>, fileId: string): FieldErrorItem[] {
  return outcome.errors.map((e) => ({ href: `#${fileId}`, text: `Row ${e.row}, ${e.field}: ${e.message}`, field: 'file' }));
}

/** The file input's message when rows are refused: "2 rows of survey.csv need fixing. Nothing was imported". */
export function rowsToFix(outcome: Pick<CsvImportOutcome, 'errors'>, fileName: string): string {
  const rows = new Set(outcome.errors.map((e) => e.row)).size;
  return `${rows} row${rows === 1 ? '' : 's'} of ${fileName} need${rows === 1 ? 's' : ''} fixing. Nothing was imported`;
}

/** "1 audit", "3 audits", "1,204 audits". */
export const counted = (n: number, [one, many]: readonly [string, string]) => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;

/** A cell of the preview: long text cut short. */
export function previewCell(text: string | undefined): string {
  const value = (text ?? '').trim();
  return value.length > 80 ? `${value.slice(0, 77)}…` : value;
}

/** An import that refused rows: its outcome lists every one, and nothing was imported. */
export class ImportRefused<O extends CsvImportOutcome = CsvImportOutcome> extends Error {
  readonly outcome: O;
  constructor(outcome: O) {
    super(`${outcome.errors.length} rows refused`);
    this.name = 'ImportRefused';
    this.outcome = outcome;
  }
}

/** An outcome listing refused rows (not a problem naming the reference, which has `errors` too). */
const isOutcome = (value: unknown): value is CsvImportOutcome =>
  typeof value === 'object' && value !== null && 'batch_ref' in value && 'imported' in value && 'errors' in value && Array.isArray(value.errors) && value.errors.length > 0;

/** The options that send a body as `text/csv`, as it is, through the typed client (the same bearer token and renewal as every call). */
export const csvBody = { bodySerializer: (text: string) => text, headers: { 'Content-Type': 'text/csv' } };

/**
 * What an import answered: its outcome; a 422 listing refused rows throws {@link ImportRefused};
 * any other refusal an `ApiError`.
 */
export async function importOutcome<O extends CsvImportOutcome>(call: Promise<{ data?: O; error?: unknown; response: Response }>): Promise<O> {
  const { data, error, response } = await call;
  if (response.ok && data) return data;
  if (response.status === 422 && isOutcome(error)) throw new ImportRefused(error as O);
  return unwrap(Promise.resolve({ data, error, response }));
}
