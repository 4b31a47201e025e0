import { describe, expect, it } from 'vitest';
import type { AccessLogEntry } from '@/lib/api/types';
import { accessLogCsv, csvField, csvFileName } from './access-log-csv';

const entry: AccessLogEntry = {
  id: 'e1',
  at: '2026-06-01T09:30:00Z',
  user_id: 'u1',
  action: 'read',
  record_type: 'audit',
  record_id: 'a1',
  case_id: 'c1',
  outcome: 'allowed',
  detail: 'status=submitted,closed',
};

describe('the access log as CSV', () => {
  it('has a header and one row per entry, with the person’s name beside their id', () => {
    const text = accessLogCsv([entry, { ...entry, id: 'e2', user_id: null, detail: null, outcome: 'denied' }], () => 'Ann Lee');
    expect(text.split('\r\n')).toEqual([
      'when,user_id,user_name,action,record_type,record_id,case_id,outcome,detail',
      '2026-06-01T09:30:00Z,u1,Ann Lee,read,audit,a1,c1,allowed,"status=submitted,closed"',
      '2026-06-01T09:30:00Z,,,read,audit,a1,c1,denied,',
      '',
    ]);
  });

  it('quotes what needs quoting and never lets a spreadsheet run a cell as a formula', () => {
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvField('-1')).toBe("'-1");
    expect(csvField(null)).toBe('');
  });

  it('names the file after the search', () => {
    expect(csvFileName({ case_id: '0190e3a4-5b6c-7d8e-9f01-23456789abcd', from: '2026-06-01' })).toBe('access-log-case-6789abcd-from-2026-06-01.csv');
  });
});
