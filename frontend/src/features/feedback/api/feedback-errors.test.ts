import { describe, expect, it } from 'vitest';
import { ApiError } from '@/lib/api/api-error';
import { baseField, feedbackErrors, sentenceOrPredicate } from './feedback-errors';

const refusal = (status: number, errors: { field: string; message: string }[] = [], detail = 'Refused') =>
  new ApiError(status, { type: 'about:blank', title: 'Refused', status, detail, errors }, new Headers());

describe('the feedback API’s refusals as a form’s errors', () => {
  it('puts a predicate after the field’s label and lets a clause stand as a sentence', () => {
    expect(sentenceOrPredicate('must not be in the future')).toBe('must not be in the future');
    expect(sentenceOrPredicate('names no team')).toBe('names no team');
    expect(sentenceOrPredicate('stage 1 may take at most 20 working days: at most 10 more')).toBe('Stage 1 may take at most 20 working days: at most 10 more');
    expect(sentenceOrPredicate('name the team the feedback is about')).toBe('Name the team the feedback is about');
  });

  it('shows a list’s items as the list, once', () => {
    expect(baseField('themes.3')).toBe('themes');
    expect(baseField('advocacy.referrals')).toBe('advocacy.referrals');
    const errors = feedbackErrors(
      refusal(422, [
        { field: 'themes.0', message: 'must be a short word or phrase without commas' },
        { field: 'themes.2', message: 'must be a short word or phrase without commas' },
        { field: 'extra_working_days', message: 'stage 1 may take at most 20 working days: at most 10 more' },
      ]),
      { extra_working_days: { label: 'Extra working days', id: 'extra_working_days' }, themes: { label: 'Themes', id: 'themes' } },
    );
    expect(errors.summary).toEqual([
      { href: '#extra_working_days', text: 'Stage 1 may take at most 20 working days: at most 10 more', field: 'extra_working_days' },
      { href: '#themes', text: 'Themes must be a short word or phrase without commas', field: 'themes' },
    ]);
  });

  it('shows a conflict in the server’s words, and a stale page as changed meanwhile', () => {
    expect(feedbackErrors(refusal(409, [], 'Stage 3 could be asked for until 2026-11-30: that window has closed.'), {}).summary).toEqual([
      { text: 'Stage 3 could be asked for until 2026-11-30: that window has closed.' },
    ]);
    expect(feedbackErrors(refusal(412), {}).summary[0]?.text).toMatch(/^Someone else changed this/);
  });
});
