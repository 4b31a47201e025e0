import { describe, expect, it } from 'vitest';
import { apiQuery, caseIdIn, checkFilters, partsOf, searchFromParams, searchParamsFor } from './access-log-filters';

const id = '0190e3a4-5b6c-7d8e-9f01-23456789abcd';
const none = { day: '', month: '', year: '' };

describe('the access log search', () => {
  it('takes a case by its id, or from a pasted link to the case', () => {
    expect(caseIdIn(id)).toBe(id);
    expect(caseIdIn(`https://qa.example/cases/${id.toUpperCase()}`)).toBe(id);
    expect(caseIdIn('DEMO-000383')).toBeNull();
  });

  it('links each mistake to its field', () => {
    const result = checkFilters({ case: 'DEMO-1', user_id: '', from: { day: '31', month: '2', year: '2026' }, to: none });
    expect('errors' in result && result.errors.summary.map((e) => e.href)).toEqual(['#case_id', '#from-day']);
    const backwards = checkFilters({ case: '', user_id: '', from: { day: '2', month: '3', year: '2026' }, to: { day: '1', month: '3', year: '2026' } });
    expect('errors' in backwards && backwards.errors.byField.to).toBe('To must be the same as or after From');
  });

  it('searches a date range in the council’s days, the "to" day included', () => {
    const result = checkFilters({ case: id, user_id: 'u1', from: { day: '1', month: '6', year: '2026' }, to: { day: '30', month: '6', year: '2026' } });
    expect(result).toEqual({ search: { case_id: id, user_id: 'u1', from: '2026-06-01', to: '2026-06-30' } });
    if (!('search' in result)) return;
    expect(apiQuery(result.search)).toEqual({ case_id: id, user_id: 'u1', from: '2026-05-31T23:00:00Z', to: '2026-06-30T23:00:00Z' });
  });

  it('keeps the search in the page’s address, and reads it back', () => {
    const text = searchParamsFor({ case_id: id, from: '2026-01-05' });
    expect(text).toBe(`?case_id=${id}&from=2026-01-05`);
    expect(searchFromParams(new URLSearchParams(text))).toEqual({ case_id: id, user_id: undefined, from: '2026-01-05', to: undefined });
    expect(searchFromParams(new URLSearchParams('case_id=nonsense&to=yesterday'))).toEqual({ case_id: undefined, user_id: undefined, from: undefined, to: undefined });
    expect(partsOf('2026-01-05')).toEqual({ day: '5', month: '1', year: '2026' });
  });
});
