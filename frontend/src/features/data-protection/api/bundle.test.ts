import { describe, expect, it } from 'vitest';
import { countRecords, parseBundle, passageOffsets, redactedParts } from './bundle';

const bundle = {
  generated_at: '2026-12-03T10:00:00Z',
  subject: { type: 'case', id: 'c1', display_name: 'Z.A.', external_ref: 'DEMO-1', legal_hold: false },
  records: {
    audits: [{ type: 'audit', id: 'a1', summary: 'Zoë met Ann Smith', overall_grade: null, judgements: [{ type: 'audit_judgement', id: 'j1', evidence: 'x' }] }],
    access_log: [{ type: 'access_log_entry', id: 'e1', action: 'read' }],
    later_kind: [],
  },
  people: [{ id: 'u1', display_name: 'Ann Lee', roles: ['team_manager'] }],
};

describe('the gathered bundle', () => {
  it('is read as sections by kind of record, in the page’s order, each record with its fields and the records under it', () => {
    const parsed = parseBundle(bundle);
    expect(parsed.subject?.fields.map((f) => f.name)).toEqual(['display_name', 'external_ref', 'legal_hold']);
    expect(parsed.sections.map((s) => s.label)).toEqual(['Audits', 'Who read or changed the records (access log)', 'Later kind']);
    const audit = parsed.sections[0]?.records[0];
    expect(audit?.fields).toEqual([{ name: 'summary', value: 'Zoë met Ann Smith' }]);
    expect(audit?.children[0]?.records[0]?.id).toBe('j1');
    expect(countRecords(parsed.sections[0]?.records ?? [])).toBe(2);
    expect(parsed.people.get('u1')).toEqual({ name: 'Ann Lee', roles: ['team_manager'] });
  });

  it('finds a passage in code points, as the API counts them, whatever the characters before it', () => {
    expect(passageOffsets('Zoë met Ann Smith', 'Ann Smith')).toEqual({ start: 8, end: 17 });
    // An emoji is two UTF-16 units but one code point.
    expect(passageOffsets('😀 Ann and Ann', 'Ann')).toEqual({ start: 2, end: 5 });
    expect(passageOffsets('😀 Ann and Ann', 'Ann', 3)).toEqual({ start: 10, end: 13 });
    expect(passageOffsets('Zoë', 'Bob')).toBeNull();
  });

  it('cuts a field into what is shown and what is withheld', () => {
    expect(redactedParts('Zoë met Ann Smith at home', [{ id: 'r1', start: 8, end: 17, reason: 'third party' }])).toEqual([
      { text: 'Zoë met ' },
      { text: 'Ann Smith', withheld: { reason: 'third party', redactionId: 'r1' } },
      { text: ' at home' },
    ]);
    expect(redactedParts('all of it', [{ id: 'r2', start: null, end: null, reason: 'x' }])).toEqual([{ text: 'all of it', withheld: { reason: 'x', redactionId: 'r2' } }]);
  });
});
