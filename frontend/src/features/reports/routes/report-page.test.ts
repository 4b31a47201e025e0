import { describe, expect, it } from 'vitest';
import { ApiError } from '@/lib/api/api-error';
import { pickerErrorsFrom } from './report-page';

const problem = (status: number, errors: { field: string; message: string }[] = []) =>
  new ApiError(status, { type: 'about:blank', title: 'No', status, detail: 'No', errors }, new Headers());

describe('a report refused for the choice made', () => {
  it('puts a service or team outside the reader’s part of the council on the team picker', () => {
    const query = { team_id: '019a4703-7400-75d1-b4b0-dac948325ac1' };
    expect(pickerErrorsFrom(problem(404), query, false)?.summary).toEqual([{ href: '#unit', text: 'Choose your service or one of its teams', field: 'unit' }]);
    expect(pickerErrorsFrom(problem(422, [{ field: 'team_id', message: 'names no team in your scope' }]), query)?.byField).toEqual({ unit: 'Choose a team or service from the list' });
  });

  it('puts a bad period on its dates', () => {
    const errors = pickerErrorsFrom(problem(422, [{ field: 'to', message: 'must be on or after from, and at most three years after it' }]), { from: '2026-01-01', to: '2030-01-01' });
    expect(errors?.summary).toEqual([{ href: '#to-day', text: 'The last day must be on or after the first day, and at most three years after it', field: 'to' }]);
  });

  it('leaves other refusals to the page (no access, no such page)', () => {
    expect(pickerErrorsFrom(problem(403), {})).toBeNull();
    expect(pickerErrorsFrom(problem(404), {})).toBeNull();
    expect(pickerErrorsFrom(new Error('offline'), {})).toBeNull();
  });
});
