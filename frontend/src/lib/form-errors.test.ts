import { describe, expect, it } from 'vitest';
import { ApiError } from './api/api-error';
import { durationInWords, formErrorsFromError, formErrorsFromProblem, withoutFixed, type FieldSpec } from './form-errors';

const fields: Record<string, FieldSpec> = {
  display_name: { label: 'Full name', required: 'Enter the person’s full name' },
  email: { label: 'Email address', required: 'Enter an email address' },
  roles: { label: 'Roles', required: 'Select at least one role' },
  team_id: { label: 'Team or unit' },
};

const problem = (status: number, errors?: { field: string; message: string }[], headers: Record<string, string> = {}) =>
  new ApiError(status, { type: '/problems/x', title: 'x', status, detail: 'The request was refused.', errors }, new Headers(headers));

describe('422 errors in the GOV.UK error summary', () => {
  it('links each error to its field and shows it inline, as a sentence that starts with the label', () => {
    const result = formErrorsFromProblem([{ field: 'email', message: 'is already in use' }], fields);
    expect(result.summary).toEqual([{ href: '#email', text: 'Email address is already in use', field: 'email' }]);
    expect(result.byField).toEqual({ email: 'Email address is already in use' });
  });

  it('lists the errors in the order of the fields on the page, whatever order the server used', () => {
    const result = formErrorsFromProblem(
      [
        { field: 'team_id', message: 'names no org unit' },
        { field: 'display_name', message: 'is required' },
        { field: 'roles', message: 'must name at least one role' },
      ],
      fields,
    );
    expect(result.summary.map((item) => item.href)).toEqual(['#display_name', '#roles', '#team_id']);
  });

  it('asks for a missing answer in GOV.UK words, whether the server said "is required" or the value was empty', () => {
    const result = formErrorsFromProblem(
      [
        { field: 'display_name', message: 'is required' },
        { field: 'roles', message: 'must name at least one role' },
      ],
      fields,
      { display_name: 'Ann', roles: [] },
    );
    expect(result.byField).toEqual({ display_name: 'Enter the person’s full name', roles: 'Select at least one role' });
  });

  it('lists an error on a field the form does not show, without a link', () => {
    const result = formErrorsFromProblem([{ field: 'judgements.3.grade', message: 'is not an allowed value' }], fields);
    expect(result.summary).toEqual([{ text: 'Judgements 3 grade is not an allowed value', field: 'judgements.3.grade' }]);
  });

  it('uses a field id different from the field name when the form says so', () => {
    const result = formErrorsFromProblem([{ field: 'password', message: 'is too common' }], {
      password: { label: 'New password', id: 'new-password' },
    });
    expect(result.summary).toEqual([{ href: '#new-password', text: 'New password is too common', field: 'password' }]);
  });

  it('keeps a message addressed to the person as it is, capitalised', () => {
    const result = formErrorsFromProblem([{ field: 'active', message: 'you cannot deactivate your own account' }], { active: { label: 'Account status' } });
    expect(result.byField.active).toBe('You cannot deactivate your own account');
  });
});

describe('errors fixed since the submission', () => {
  const submitted = formErrorsFromProblem(
    [
      { field: 'display_name', message: 'is required' },
      { field: 'email', message: 'is already in use' },
    ],
    fields,
  );

  it('leave the summary and their field, and the rest stay in order', () => {
    const left = withoutFixed(submitted, (field) => field === 'display_name');
    expect(left.summary.map((item) => item.href)).toEqual(['#email']);
    expect(left.byField).toEqual({ email: 'Email address is already in use' });
  });

  it('leave nothing behind once all are fixed, and change nothing while none is', () => {
    expect(withoutFixed(submitted, () => true)).toEqual({ summary: [], byField: {} });
    expect(withoutFixed(submitted, () => false)).toBe(submitted);
  });

  it('never take away a message about no field', () => {
    const general = { summary: [{ text: 'Check your connection and try again.' }], byField: {} };
    expect(withoutFixed(general, () => true)).toBe(general);
  });
});

describe('other refusals', () => {
  it('takes the 422 path from an ApiError', () => {
    const result = formErrorsFromError(problem(422, [{ field: 'email', message: 'must be an email address' }]), fields);
    expect(result.summary).toEqual([{ href: '#email', text: 'Email address must be an email address', field: 'email' }]);
  });

  it('shows an expected refusal, on its field too when it links to one', () => {
    const result = formErrorsFromError(problem(401), fields, { 401: { href: '#email', text: 'Enter a correct email address and password' } });
    expect(result.summary).toEqual([{ href: '#email', text: 'Enter a correct email address and password' }]);
    expect(result.byField).toEqual({ email: 'Enter a correct email address and password' });
  });

  it('says how long to wait after a lockout, from Retry-After', () => {
    const result = formErrorsFromError(problem(429, undefined, { 'Retry-After': '900' }), fields);
    expect(result.summary).toEqual([{ text: 'Too many attempts. Try again in 15 minutes.' }]);
  });

  it('falls back to the problem detail, then to a generic message', () => {
    expect(formErrorsFromError(problem(409), fields).summary).toEqual([{ text: 'The request was refused.' }]);
    expect(formErrorsFromError(new TypeError('Failed to fetch'), fields).summary[0]?.text).toMatch(/problem with the service/);
  });
});

describe('durationInWords', () => {
  it.each([
    [1, '1 second'],
    [45, '45 seconds'],
    [60, '1 minute'],
    [61, '1 minute 1 second'],
    [900, '15 minutes'],
  ])('%i seconds is "%s"', (seconds, words) => {
    expect(durationInWords(seconds)).toBe(words);
  });
});
