import { describe, expect, it } from 'vitest';
import { parseCsv, previewSurvey } from './survey-csv';

describe('reading a survey file in the browser', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks, CRLF or LF', () => {
    expect(parseCsv('a,b\r\n"x, y","say ""hi"""\n"two\nlines",z\n')).toEqual([
      ['a', 'b'],
      ['x, y', 'say "hi"'],
      ['two\nlines', 'z'],
    ]);
  });

  it('skips blank lines and a byte order mark, and keeps a last line without a newline', () => {
    expect(parseCsv('\ufeffa,b\n\n1,2')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(parseCsv('')).toEqual([]);
  });

  it('numbers rows as the API does: the header is row 1, a comment over two lines is one row', () => {
    const preview = previewSurvey('received_on,respondent_role,team_ref,q1,q2,comment\n2026-11-02,parent,North,4,,"Kind,\nand on time"\n2026-11-03,carer,,5,3,\n2026-11-04,child,,1,1,\n', 2);
    expect(preview.headerProblem).toBeNull();
    expect(preview.questions).toBe(2);
    expect(preview.total).toBe(3);
    expect(preview.rows.map((r) => r.row)).toEqual([2, 3]);
    expect(preview.rows[0]?.cells[5]).toBe('Kind,\nand on time');
  });

  it('says when the header is not the survey’s', () => {
    expect(previewSurvey('date,role,team,q1,comment\n2026-11-02,parent,North,4,ok\n').headerProblem).toMatch(/must name the columns/);
    expect(previewSurvey('received_on,respondent_role,team_ref,comment\n').headerProblem).toMatch(/at least one question/);
    expect(previewSurvey('').headerProblem).toBe('The file is empty');
  });
});
