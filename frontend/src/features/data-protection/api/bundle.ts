import type { Redaction } from '@/lib/api/types';

/** A scalar field of a record in the bundle. */
export interface BundleField {
  name: string;
  value: string | number | boolean;
}

/** One record of the bundle: its `type` and `id` (which redactions name), its fields and the records under it. */
export interface BundleRecord {
  type: string;
  id: string;
  fields: BundleField[];
  children: { name: string; records: BundleRecord[] }[];
}

export interface BundleSection {
  key: string;
  label: string;
  records: BundleRecord[];
}

export interface Person {
  name: string;
  roles: string[];
}

export interface ParsedBundle {
  subject: BundleRecord | null;
  sections: BundleSection[];
  people: Map<string, Person>;
  generatedAt: string | null;
}

/** The bundle's sections by their key, in the order the page shows them. */
export const sectionLabels: Record<string, string> = {
  audits: 'Audits',
  observations: 'Observations of practice',
  escalations: 'Escalations',
  monitoring_forms: 'Monitoring forms',
  feedback: 'Feedback and complaints',
  action_plans: 'Action plans',
  actions: 'Actions',
  notifications: 'Notifications naming the case',
  access_log: 'Who read or changed the records (access log)',
};

/** A record's kind in words. */
export const recordTypeLabels: Record<string, string> = {
  case: 'Case',
  user: 'Member of staff',
  audit: 'Audit',
  audit_judgement: 'Judgement',
  audit_moderation: 'Moderation',
  safeguarding_alert: 'Safeguarding alert',
  observation: 'Observation',
  observation_judgement: 'Judgement',
  observation_skill_rating: 'Skill rating',
  observation_feedback: 'Family’s feedback',
  learning_need: 'Learning need',
  escalation: 'Escalation',
  escalation_event: 'Timeline entry',
  monitoring_form: 'Monitoring form',
  monitoring_quality_check: 'Quality check',
  feedback: 'Feedback',
  complaint_stage: 'Complaint stage',
  action_plan: 'Action plan',
  action: 'Action',
  notification: 'Notification',
  access_log_entry: 'Access log entry',
};

/** Fields that name a person by their id (the bundle's `people` names them). */
export const PERSON_FIELDS = new Set([
  'auditor_id',
  'practitioner_id',
  'observer_id',
  'observed_id',
  'raised_by',
  'raised_to',
  'resolved_by',
  'actor_id',
  'holder_id',
  'officer_id',
  'owner_id',
  'moderator_id',
  'created_by',
  'verified_by',
  'worker_id',
  'user_id',
  'allocated_worker_id',
  'case_manager_id',
]);

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function parseRecord(value: unknown): BundleRecord | null {
  if (!isObject(value) || typeof value.type !== 'string') return null;
  const record: BundleRecord = { type: value.type, id: typeof value.id === 'string' ? value.id : typeof value.id === 'number' ? String(value.id) : '', fields: [], children: [] };
  for (const [name, field] of Object.entries(value)) {
    if (name === 'type' || name === 'id' || field === null || field === undefined) continue;
    if (Array.isArray(field)) {
      const records = field.map(parseRecord).filter((r): r is BundleRecord => r !== null);
      record.children.push({ name, records });
    } else if (typeof field === 'string' || typeof field === 'number' || typeof field === 'boolean') {
      record.fields.push({ name, value: field });
    }
  }
  return record;
}

/** The bundle's JSON, read into what the review page shows; whatever it does not know is left out. */
export function parseBundle(json: unknown): ParsedBundle {
  const bundle = isObject(json) ? json : {};
  const records = isObject(bundle.records) ? bundle.records : {};
  const known = Object.keys(sectionLabels);
  const keys = [...known.filter((key) => key in records), ...Object.keys(records).filter((key) => !known.includes(key))];
  const sections = keys.map((key) => {
    const list = records[key];
    return {
      key,
      label: sectionLabels[key] ?? key.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase()),
      records: Array.isArray(list) ? list.map(parseRecord).filter((r): r is BundleRecord => r !== null) : [],
    };
  });
  const people = new Map<string, Person>();
  if (Array.isArray(bundle.people)) {
    for (const person of bundle.people) {
      if (isObject(person) && typeof person.id === 'string') {
        people.set(person.id, { name: typeof person.display_name === 'string' ? person.display_name : person.id, roles: Array.isArray(person.roles) ? person.roles.map(String) : [] });
      }
    }
  }
  return { subject: parseRecord(bundle.subject), sections, people, generatedAt: typeof bundle.generated_at === 'string' ? bundle.generated_at : null };
}

/** How many records a section holds, those under its records included. */
export function countRecords(records: BundleRecord[]): number {
  return records.reduce((sum, record) => sum + 1 + record.children.reduce((n, child) => n + countRecords(child.records), 0), 0);
}

/** A UTF-16 index of a text as a count of Unicode code points (the API's offsets). */
export const codePointIndex = (text: string, utf16Index: number) => Array.from(text.slice(0, utf16Index)).length;

/**
 * Where a passage is in a text, in code points: its first occurrence at or after `fromCodePoint`
 * (so the second of two equal passages can be chosen), or null when it is not there.
 */
export function passageOffsets(text: string, passage: string, fromCodePoint = 0): { start: number; end: number } | null {
  if (!passage) return null;
  const fromUtf16 = Array.from(text).slice(0, fromCodePoint).join('').length;
  const at = text.indexOf(passage, fromUtf16);
  if (at < 0) return null;
  const start = codePointIndex(text, at);
  return { start, end: start + Array.from(passage).length };
}

/** A part of a field's text: shown as is, or withheld with its reason. */
export interface TextPart {
  text: string;
  withheld?: { reason: string; redactionId: string };
}

/**
 * A field's text cut into the parts the release will show and withhold, from the redactions of
 * this field: a whole-field redaction withholds everything.
 */
export function redactedParts(text: string, redactions: Pick<Redaction, 'id' | 'start' | 'end' | 'reason'>[]): TextPart[] {
  const whole = redactions.find((r) => r.start === null || r.start === undefined || r.end === null || r.end === undefined);
  if (whole) return [{ text, withheld: { reason: whole.reason, redactionId: whole.id } }];
  const points = Array.from(text);
  const sorted = [...redactions].sort((a, b) => (a.start ?? 0) - (b.start ?? 0));
  const parts: TextPart[] = [];
  let at = 0;
  for (const r of sorted) {
    const start = Math.max(at, r.start ?? 0);
    const end = Math.min(points.length, r.end ?? 0);
    if (end <= start) continue;
    if (start > at) parts.push({ text: points.slice(at, start).join('') });
    parts.push({ text: points.slice(start, end).join(''), withheld: { reason: r.reason, redactionId: r.id } });
    at = end;
  }
  if (at < points.length) parts.push({ text: points.slice(at).join('') });
  return parts;
}

/** A field's name in words: `child_views` → "Child views". */
export const fieldLabel = (name: string) => name.replace(/_id$/, '').replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());
