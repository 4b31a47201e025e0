import { describe, expect, it } from 'vitest';
import { ordinal, ruleWords } from './retention';

describe('the retention schedule in words', () => {
  it('says each rule as the council would', () => {
    expect(ruleWords({ rule: 'years_after_closure', years: 6 })).toBe('6 years after the case closed');
    expect(ruleWords({ rule: 'years_after_closure', years: 1 })).toBe('1 year after the case closed');
    expect(ruleWords({ rule: 'until_age', age: 75 })).toBe('Until the 75th birthday');
    expect(ruleWords({ rule: 'indefinite' })).toBe('Kept indefinitely');
  });

  it('writes ordinals', () => {
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 25, 26, 101, 111].map(ordinal)).toEqual(['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '22nd', '25th', '26th', '101st', '111th']);
  });
});
