import { describe, expect, it } from 'vitest';
import { ApiError } from './api/api-error';
import { batchRefProblem, counted, ImportRefused, importOutcome, previewCell, previewCsv, referenceFromName, refusedRows, rowsToFix } from './csv-import';

const response = (status: number) => new Response(null, { status });

describe('importing a CSV file', () => {
  it('makes a batch reference from the file’s name', () => {
    expect(referenceFromName('Parents survey Q4.csv')).toBe('Parents-survey-Q4');
    expect(referenceFromName('past audits 2025 (final).CSV')).toBe('past-audits-2025-final');
    expect(referenceFromName('audits.2024-25.csv')).toBe('audits.2024-25');
    expect(referenceFromName('ÉTÉ.csv')).toBe('T');
    expect(referenceFromName(`${'a'.repeat(120)}.csv`)).toHaveLength(100);
  });

  it('checks a batch reference as the API does', () => {
    expect(batchRefProblem('', 'Enter a reference')).toBe('Enter a reference');
    expect(batchRefProblem('audits-2025_v1.2', 'Enter a reference')).toBeNull();
    expect(batchRefProblem('audits 2025', 'Enter a reference')).toMatch(/letters, digits, hyphens/);
    expect(batchRefProblem('a'.repeat(101), 'Enter a reference')).toMatch(/at most 100/);
  });

  it('previews the first rows, numbered from 2, and asks the caller about the header', () => {
    const seen: string[][] = [];
    const preview = previewCsv(' A ,b\n1,2\n3,4\n5,6\n', 2, (names) => (seen.push(names), names[0] === 'a' ? null : 'wrong'));
    expect(seen).toEqual([['a', 'b']]);
    expect(preview).toEqual({ header: ['A', 'b'], headerProblem: null, rows: [{ row: 2, cells: ['1', '2'] }, { row: 3, cells: ['3', '4'] }], total: 3 });
    expect(previewCsv('', 5, () => null).headerProblem).toBe('The file is empty');
  });

  it('lists refused rows, each linked to the file, and says how many rows to fix', () => {
    const outcome = {
      errors: [
        { row: 3, field: 's2', message: 'must be a grade (good, inadequate, outstanding, requires_improvement) or n/a' },
        { row: 3, field: 'auditor_email', message: 'names no one with an account' },
        { row: 5, field: 'case_ref', message: 'names no case' },
      ],
    };
    expect(refusedRows(outcome, 'audits-file')).toEqual([
      { href: '#audits-file', text: 'Row 3, s2: must be a grade (good, inadequate, outstanding, requires_improvement) or n/a', field: 'file' },
      { href: '#audits-file', text: 'Row 3, auditor_email: names no one with an account', field: 'file' },
      { href: '#audits-file', text: 'Row 5, case_ref: names no case', field: 'file' },
    ]);
    expect(rowsToFix(outcome, 'past.csv')).toBe('2 rows of past.csv need fixing. Nothing was imported');
    expect(rowsToFix({ errors: [outcome.errors[2]!] }, 'past.csv')).toBe('1 row of past.csv needs fixing. Nothing was imported');
  });

  it('counts and cuts cells short', () => {
    expect(counted(1, ['audit', 'audits'])).toBe('1 audit');
    expect(counted(1204, ['audit', 'audits'])).toBe('1,204 audits');
    expect(previewCell('  x  ')).toBe('x');
    expect(previewCell('y'.repeat(100))).toBe(`${'y'.repeat(77)}…`);
  });

  it('tells refused rows from other refusals', async () => {
    const outcome = { batch_ref: 'b', imported: 0, replayed: false, dry_run: false, errors: [{ row: 1, field: 'header', message: 'must be …' }] };
    await expect(importOutcome(Promise.resolve({ data: { ...outcome, imported: 2, errors: [] }, response: response(200) }))).resolves.toMatchObject({ imported: 2 });
    const refused = await importOutcome(Promise.resolve({ error: outcome, response: response(422) })).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ImportRefused);
    expect((refused as ImportRefused).outcome).toBe(outcome);
    const problem = { type: 'about:blank', title: 'Unprocessable', status: 422, errors: [{ field: 'batch_ref', message: 'must be …' }] };
    await expect(importOutcome(Promise.resolve({ error: problem, response: response(422) }))).rejects.toBeInstanceOf(ApiError);
    await expect(importOutcome(Promise.resolve({ error: null, response: response(413) }))).rejects.toBeInstanceOf(ApiError);
  });
});
