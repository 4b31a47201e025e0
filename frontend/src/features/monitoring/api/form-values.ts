import { dateInputFirstId, isoDateFromParts, type DateParts } from '@/components/govuk';
import type { ServerSection } from '@/components/record-form/use-record-form';
import type { ChildParticipation, FieldError, MeetingType, MonitoringForm, MonitoringFormPatch, PlanProgress, PracticeStandard, QualityCheck, QualityRating } from '@/lib/api/types';
import type { FieldSpec } from '@/lib/form-errors';
import { filled, textOrNull } from '@/lib/judgements';

/** The meeting and how it went. */
export interface MeetingValues {
  meeting_type: string;
  meeting_on: DateParts;
  /** `yes`, `no`, or empty before a choice. */
  held_in_timescale: string;
  timescale_reason: string;
  child_participated: string;
  child_participation_notes: string;
  plan_progressing: string;
}

/** One standard's quality check: a rating (empty: not checked) and what the officer saw. */
export interface CheckValues {
  rating: string;
  comment: string;
}

/** The concerns and good practice the officer records. */
export interface FindingsValues {
  concerns: string;
  good_practice: string;
}

export type SectionValues = MeetingValues | CheckValues | FindingsValues;

export const MEETING_KEY = 'meeting';
export const FINDINGS_KEY = 'findings';
export const checkKey = (number: number) => `check-${number}`;
export const checkNumber = (key: string) => Number(key.slice('check-'.length));
export const isCheckKey = (key: string) => key.startsWith('check-');

/** The radios' value for "not checked at this meeting" (never a rating). */
export const NOT_CHECKED = 'not_checked';

const partsOf = (date: string): DateParts => {
  const [year = '', month = '', day = ''] = date.split('-');
  return { day: String(Number(day)), month: String(Number(month)), year };
};
const yesNo = (value: boolean | null | undefined) => (value === true ? 'yes' : value === false ? 'no' : '');
const boolOf = (value: string) => (value === 'yes' ? true : value === 'no' ? false : null);

export function meetingValues(form: MonitoringForm): MeetingValues {
  return {
    meeting_type: form.meeting_type,
    meeting_on: partsOf(form.meeting_on),
    held_in_timescale: yesNo(form.held_in_timescale),
    timescale_reason: form.timescale_reason ?? '',
    child_participated: form.child_participated ?? '',
    child_participation_notes: form.child_participation_notes ?? '',
    plan_progressing: form.plan_progressing ?? '',
  };
}

export const findingsValues = (form: MonitoringForm): FindingsValues => ({ concerns: form.concerns ?? '', good_practice: form.good_practice ?? '' });

const sameParts = (a: DateParts, b: DateParts) => a.day === b.day && a.month === b.month && a.year === b.year;

/** The merge patch of the meeting's fields changed since the server confirmed them. */
export function meetingPatch(values: MeetingValues, confirmed: MeetingValues): MonitoringFormPatch {
  const patch: MonitoringFormPatch = {};
  if (values.meeting_type !== confirmed.meeting_type && values.meeting_type) patch.meeting_type = values.meeting_type as MeetingType;
  if (!sameParts(values.meeting_on, confirmed.meeting_on)) {
    const day = isoDateFromParts(values.meeting_on);
    if (day) patch.meeting_on = day;
  }
  if (values.held_in_timescale !== confirmed.held_in_timescale) patch.held_in_timescale = boolOf(values.held_in_timescale);
  if (values.timescale_reason !== confirmed.timescale_reason) patch.timescale_reason = textOrNull(values.timescale_reason);
  if (values.child_participated !== confirmed.child_participated) patch.child_participated = (values.child_participated || null) as ChildParticipation | null;
  if (values.child_participation_notes !== confirmed.child_participation_notes) patch.child_participation_notes = textOrNull(values.child_participation_notes);
  if (values.plan_progressing !== confirmed.plan_progressing) patch.plan_progressing = (values.plan_progressing || null) as PlanProgress | null;
  return patch;
}

export function findingsPatch(values: FindingsValues, confirmed: FindingsValues): MonitoringFormPatch {
  const patch: MonitoringFormPatch = {};
  if (values.concerns !== confirmed.concerns) patch.concerns = textOrNull(values.concerns);
  if (values.good_practice !== confirmed.good_practice) patch.good_practice = textOrNull(values.good_practice);
  return patch;
}

/** A check as the API takes it; null when the standard is not checked; a reason when it cannot be sent yet. */
export function checkInput(number: number, values: CheckValues): QualityCheck | null | { missing: string } {
  if (!values.rating || values.rating === NOT_CHECKED) return filled(values.comment) ? { missing: 'choose a rating to save your comment' } : null;
  return { standard_number: number, rating: values.rating as QualityRating, comment: textOrNull(values.comment) };
}

/** Whether the day typed is a real date (the server takes nothing else). */
export const meetingDayProblem = (values: MeetingValues) => (isoDateFromParts(values.meeting_on) ? null : 'enter a real date to save the day of the meeting');

/** Whether two values of a section are the same (plain values, their fields in the same order). */
export const sameSection = (_key: string, a: SectionValues, b: SectionValues): boolean => JSON.stringify(a) === JSON.stringify(b);

/** The form's sections as the server holds them: the meeting, a check per standard, the findings. */
export function formSections(form: MonitoringForm, standards: PracticeStandard[]): Record<string, ServerSection<SectionValues>> {
  const saved = Date.parse(form.updated_at);
  const sections: Record<string, ServerSection<SectionValues>> = { [MEETING_KEY]: { value: meetingValues(form), savedAt: saved } };
  for (const { number } of standards) {
    const check = form.quality_checks.find((c) => c.standard_number === number);
    sections[checkKey(number)] = { value: { rating: check?.rating ?? '', comment: check?.comment ?? '' }, savedAt: check ? saved : null };
  }
  const findings = findingsValues(form);
  sections[FINDINGS_KEY] = { value: findings, savedAt: findings.concerns || findings.good_practice ? saved : null };
  return sections;
}

/**
 * The submit's 422 names a quality check by its place in the form's saved set
 * (`quality_checks.2.comment`, in standard order); the form names it by its standard
 * (`checks.7.comment`), where its field is.
 */
export function byStandard(errors: FieldError[], checked: number[]): FieldError[] {
  return errors.map((error) => {
    const match = /^quality_checks\.(\d+)\.([a-z_]+)$/.exec(error.field);
    const number = match ? checked[Number(match[1])] : undefined;
    return match && number !== undefined ? { ...error, field: `checks.${number}.${match[2] ?? ''}` } : error;
  });
}

const MEETING_FIELDS = ['held_in_timescale', 'timescale_reason', 'child_participated', 'child_participation_notes', 'plan_progressing', 'meeting_type', 'meeting_on'];

/** Whether the officer has fixed, and saved, what the submit said of a field. */
export function fixedField(sections: Record<string, SectionValues>, isSaved: (key: string) => boolean): (field: string) => boolean {
  const meeting = sections[MEETING_KEY] as MeetingValues;
  const check = (n: number) => sections[checkKey(n)] as CheckValues | undefined;
  return (field) => {
    const comment = /^checks\.(\d+)\.comment$/.exec(field);
    if (comment) {
      const n = Number(comment[1]);
      const values = check(n);
      return isSaved(checkKey(n)) && (values?.rating !== 'concern' || filled(values.comment));
    }
    if (field === 'quality_checks') {
      return Object.entries(sections).some(([key, values]) => isCheckKey(key) && isSaved(key) && checkInput(checkNumber(key), values as CheckValues) !== null);
    }
    if (!MEETING_FIELDS.includes(field) || !isSaved(MEETING_KEY)) return false;
    if (field === 'timescale_reason') return meeting.held_in_timescale === 'yes' || filled(meeting.timescale_reason);
    return filled(meeting[field as Exclude<keyof MeetingValues, 'meeting_on'>]);
  };
}

/** How the error summary names the fields the API may report, in the order of the form. */
export function formFields(standards: PracticeStandard[]): Record<string, FieldSpec> {
  const first = standards[0]?.number ?? 1;
  return {
    meeting_type: { label: 'The meeting', id: 'meeting_type' },
    meeting_on: { label: 'The day of the meeting', id: dateInputFirstId('meeting_on') },
    held_in_timescale: { label: 'Held in timescale', id: 'held_in_timescale' },
    timescale_reason: { label: 'Why it was not held in timescale', id: 'timescale_reason' },
    child_participated: { label: 'How the child took part', id: 'child_participated' },
    child_participation_notes: { label: 'The child’s participation and views', id: 'child_participation_notes' },
    plan_progressing: { label: 'Whether the plan is progressing', id: 'plan_progressing' },
    quality_checks: { label: 'The quality checks', id: `checks-${first}-rating` },
    ...Object.fromEntries(standards.map((s) => [`checks.${s.number}.comment`, { label: `Standard ${s.number} (${s.title}) comment`, id: `checks-${s.number}-comment` }])),
    concerns: { label: 'Concerns', id: 'concerns' },
    good_practice: { label: 'Good practice', id: 'good_practice' },
  };
}
