import { describe, expect, it } from 'vitest';
import { auditColumns, auditColumnsText, previewAudits } from './audit-csv';

const header = 'case_ref,audited_on,auditor_email,s1,s2,s3,s4,s5,s6,s7,s8,s9,s10,overall';
const row = (ref: string) => `${ref},2025-06-30,qa1@demo.test,Good,Requires improvement,good,good,good,good,good,n/a,good,good,Good`;

describe('reading a file of past audits in the browser', () => {
  it('names the columns for the framework’s standards', () => {
    expect(auditColumns(10).join(',')).toBe(header);
    expect(auditColumns(3)).toEqual(['case_ref', 'audited_on', 'auditor_email', 's1', 's2', 's3', 'overall']);
    expect(auditColumnsText(10)).toBe('case_ref, audited_on, auditor_email, s1 … s10, overall');
    expect(auditColumnsText(2)).toBe('case_ref, audited_on, auditor_email, s1, s2, overall');
  });

  it('takes the header in any letter case, with spaces and a byte order mark, and numbers rows as the API does', () => {
    const preview = previewAudits(`\ufeff${header.toUpperCase().replace(/,/g, ', ')}\r\n${[1, 2, 3, 4, 5, 6].map((n) => row(`DEMO-00000${n}`)).join('\r\n')}\r\n`);
    expect(preview.headerProblem).toBeNull();
    expect(preview.total).toBe(6);
    expect(preview.rows.map((r) => r.row)).toEqual([2, 3, 4, 5, 6]);
    expect(preview.rows[0]?.cells[4]).toBe('Requires improvement');
    expect(preview.header[0]).toBe('CASE_REF');
  });

  it('says when the header is not a file of past audits', () => {
    const missing = previewAudits(header.replace(',s10', '') + '\n' + row('DEMO-000001'));
    expect(missing.headerProblem).toBe('The first row must name the columns case_ref, audited_on, auditor_email, s1 … s10, overall');
    expect(previewAudits('case,date,auditor,s1,overall\n').headerProblem).toMatch(/must name the columns/);
    expect(previewAudits(header.replace('case_ref', 'case_reference')).headerProblem).toMatch(/must name the columns/);
    expect(previewAudits('').headerProblem).toBe('The file is empty');
  });

  it('follows the framework’s number of standards', () => {
    expect(previewAudits('case_ref,audited_on,auditor_email,s1,s2,overall\n', 2).headerProblem).toBeNull();
    expect(previewAudits('case_ref,audited_on,auditor_email,s1,s2,overall\n').headerProblem).toMatch(/s1 … s10/);
  });
});
