import { describe, expect, it } from 'vitest';
import { parseNumber, reading } from './reading-fields';
import { reassignment } from './reassign-fields';

const day = (d: string, m: string, y: string) => ({ day: d, month: m, year: y });

describe('the values of the action and plan forms', () => {
  it('reads numbers as people type them, and nothing else', () => {
    expect(parseNumber('62')).toBe(62);
    expect(parseNumber(' 62.5 ')).toBe(62.5);
    expect(parseNumber('1,250')).toBe(1250);
    expect(parseNumber('-3')).toBe(-3);
    expect(parseNumber('')).toBeNull();
    expect(parseNumber('62%')).toBeNull();
    expect(parseNumber('sixty')).toBeNull();
  });

  it('makes a reading, or says what is wrong with each field, under the API’s names', () => {
    expect(reading({ value: '68', on: day('30', '11', '2026'), note: ' Survey ' }, 'r')).toEqual({ body: { value: 68, read_on: '2026-11-30', note: 'Survey' } });
    const wrong = reading({ value: 'lots', on: day('31', '2', '2026'), note: '' }, 'verify', 'reading.');
    expect('errors' in wrong && wrong.errors.summary).toEqual([
      { href: '#verify-value', text: 'The value must be a number, like 62 or 62.5', field: 'reading.value' },
      { href: '#verify-on-day', text: 'The day it describes must be a real date', field: 'reading.read_on' },
    ]);
  });

  it('reassigns to a new owner, a new date or both, never neither', () => {
    expect(reassignment({ owner_id: 'u1', due_on: day('', '', '') }, 'bulk')).toEqual({ body: { owner_id: 'u1', due_on: null } });
    expect(reassignment({ owner_id: '', due_on: day('1', '3', '2027') }, 'bulk')).toEqual({ body: { owner_id: null, due_on: '2027-03-01' } });
    const neither = reassignment({ owner_id: '', due_on: day('', '', '') }, 'bulk');
    expect('errors' in neither && neither.errors.summary.map((item) => item.text)).toEqual(['Choose a new owner or enter a new due date']);
  });
});
