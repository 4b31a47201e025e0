import { describe, expect, it } from 'vitest';
import { checkPicker, periodText, quarterOptions, queryFromSearch, searchFor } from './report-query';
import { attachmentName } from './use-report';

const id = '019a4703-7400-75d1-b4b0-dac948325ac1';
const empty = { day: '', month: '', year: '' };

describe('the report’s period and part of the council in the address', () => {
  it('reads a quarter, or two dates in its place, and a team before a service', () => {
    expect(queryFromSearch(new URLSearchParams(`quarter=2026-Q3&service_id=${id}`))).toEqual({ quarter: '2026-Q3', service_id: id });
    expect(queryFromSearch(new URLSearchParams(`quarter=2026-Q3&from=2026-07-10&to=2026-08-20&team_id=${id}&service_id=${id}`))).toEqual({ from: '2026-07-10', to: '2026-08-20', team_id: id });
    // Anything malformed is left to the API's default.
    expect(queryFromSearch(new URLSearchParams('quarter=2026-Q5&from=2026-07-10&team_id=nope'))).toEqual({});
  });

  it('writes the address back', () => {
    expect(searchFor({ quarter: '2026-Q3', team_id: id })).toBe(`?quarter=2026-Q3&team_id=${id}`);
    expect(searchFor({})).toBe('');
  });

  it('offers the last 8 quarters, newest first, and keeps an older one from a bookmark', () => {
    const options = quarterOptions('2024-Q1', new Date('2026-12-03T12:00:00Z'));
    expect(options.slice(0, 2)).toEqual([
      { value: '2026-Q4', text: 'October to December 2026' },
      { value: '2026-Q3', text: 'July to September 2026' },
    ]);
    expect(options.map((option) => option.value)).toEqual(['2026-Q4', '2026-Q3', '2026-Q2', '2026-Q1', '2025-Q4', '2025-Q3', '2025-Q2', '2025-Q1', '2024-Q1']);
  });

  it('names a period in words', () => {
    expect(periodText({ label: '2026-Q3', from: '2026-07-01', to: '2026-09-30' })).toBe('July to September 2026');
    expect(periodText({ label: '2026-07-10 to 2026-08-20', from: '2026-07-10', to: '2026-08-20' })).toBe('10 July 2026 to 20 August 2026');
  });

  it('takes dates in place of the quarter only when both are real days in order', () => {
    expect(checkPicker({ quarter: '2026-Q3', from: empty, to: empty, unit: `team_id:${id}` })).toEqual({ query: { quarter: '2026-Q3', team_id: id } });
    expect(checkPicker({ quarter: '2026-Q3', from: { day: '10', month: '7', year: '2026' }, to: { day: '20', month: '8', year: '2026' }, unit: '' })).toEqual({
      query: { from: '2026-07-10', to: '2026-08-20' },
    });
    const late = checkPicker({ quarter: '', from: { day: '20', month: '8', year: '2026' }, to: { day: '10', month: '7', year: '2026' }, unit: '' });
    expect('errors' in late && late.errors.summary).toEqual([{ href: '#to-day', text: 'The last day must be the same as or after the first day', field: 'to' }]);
    const half = checkPicker({ quarter: '', from: { day: '31', month: '2', year: '2026' }, to: empty, unit: '' });
    expect('errors' in half && half.errors.summary.map((item) => item.href)).toEqual(['#from-day', '#to-day']);
  });

  it('names a download as the API does', () => {
    expect(attachmentName('attachment; filename="quarterly-qa-2026-Q3-standards.csv"', 'x.csv')).toBe('quarterly-qa-2026-Q3-standards.csv');
    expect(attachmentName(null, 'x.csv')).toBe('x.csv');
  });
});
