import { describe, expect, it } from 'vitest';
import { defaultExpiry, expiryProblem, latestExpiry } from './service-accounts';

describe('service account expiry', () => {
  it('defaults to 90 days ahead', () => {
    expect(defaultExpiry('2026-12-03')).toBe('2027-03-03');
  });

  it('is at most a year ahead, 28 February from 29 February', () => {
    expect(latestExpiry('2026-12-03')).toBe('2027-12-03');
    expect(latestExpiry('2028-02-29')).toBe('2029-02-28');
  });

  it('must be a real date after today and within a year', () => {
    expect(expiryProblem(null, '2026-12-03')).toBe('Expiry date must be a real date');
    expect(expiryProblem('2026-12-03', '2026-12-03')).toBe('Expiry date must be in the future');
    expect(expiryProblem('2027-12-04', '2026-12-03')).toBe('Expiry date must be no more than a year from today');
    expect(expiryProblem('2027-12-03', '2026-12-03')).toBeNull();
    expect(expiryProblem(defaultExpiry('2026-12-03'), '2026-12-03')).toBeNull();
  });
});
