import type { ErrorSummaryItem } from '@/components/govuk';
import { ApiError, retryAfterSeconds } from './api/api-error';

/** How a form names one of the fields the API may report on. */
export interface FieldSpec {
  /** The field's label, used to make the API's message a sentence ("Email address is in use"). */
  label: string;
  /** The id of the element the error summary links to; the field name when not given. */
  id?: string;
  /** What to say when the API reports the field as missing ("Enter an email address"). */
  required?: string;
}

/** An item of the error summary, with the API field it is about (when it is about one). */
export interface FieldErrorItem extends ErrorSummaryItem {
  field?: string;
}

export interface FormErrors {
  /** The GOV.UK error summary's items, linked to the fields. */
  summary: FieldErrorItem[];
  /** The inline message of each field, by API field name. */
  byField: Record<string, string>;
}

export const noErrors: FormErrors = { summary: [], byField: {} };

const sentence = (text: string) => (text ? text.charAt(0).toUpperCase() + text.slice(1) : text);

/**
 * The element id for an API field: dots become hyphens, so `judgements.3.grade` is
 * `judgements-3-grade` (an id that also works in CSS selectors).
 */
export const fieldIdFor = (field: string) => field.replace(/\./g, '-');

/** A field name as words: `team_id` → "team", `judgements.3.grade` → "judgements 3 grade". */
export function humaniseField(field: string): string {
  return field.replace(/_id$/, '').replace(/[._]/g, ' ').trim();
}

/**
 * Turns a 422 problem's `errors: [{field, message}]` into the GOV.UK error summary (each item
 * linking to `#<field id>`) and the inline messages. The API's messages are predicates ("is
 * required", "is already in use"); they become sentences that start with the field's label.
 * Errors on fields the form does not show are listed without a link.
 */
export function formErrorsFromProblem(
  errors: { field: string; message: string }[],
  fields: Record<string, FieldSpec>,
  values: object = {},
): FormErrors {
  const summary: FieldErrorItem[] = [];
  const byField: Record<string, string> = {};
  // The summary lists the errors in the order of the fields on the page.
  const order = Object.keys(fields);
  const position = (field: string) => (order.includes(field) ? order.indexOf(field) : order.length);
  const sorted = [...errors].sort((a, b) => position(a.field) - position(b.field));
  for (const { field, message } of sorted) {
    const spec = fields[field];
    const label = spec?.label ?? humaniseField(field);
    const startsWithWord = /^[a-z]/.test(message) && !message.startsWith('you ');
    const value: unknown = (values as Record<string, unknown>)[field];
    const empty = value === '' || value === null || (Array.isArray(value) && value.length === 0);
    let text: string;
    // Whatever the server's words for a missing answer, GOV.UK asks for it: "Enter a name".
    if (spec?.required && (message === 'is required' || empty)) text = spec.required;
    else if (startsWithWord) text = sentence(`${label} ${message}`);
    else text = sentence(message);
    if (byField[field] !== undefined) {
      byField[field] = `${byField[field]}. ${text}`;
    } else {
      byField[field] = text;
    }
    summary.push(spec ? { href: `#${spec.id ?? field}`, text, field } : { text, field });
  }
  return { summary, byField };
}

/**
 * The errors left once those on the fields `fixed` accepts are taken away: from the summary and
 * from the fields. The same object when nothing was taken, so a page can tell that nothing changed.
 */
export function withoutFixed(errors: FormErrors, fixed: (field: string) => boolean): FormErrors {
  const gone = Object.keys(errors.byField).filter(fixed);
  const summaryGone = errors.summary.some((item) => item.field !== undefined && fixed(item.field));
  if (gone.length === 0 && !summaryGone) return errors;
  return {
    summary: errors.summary.filter((item) => item.field === undefined || !fixed(item.field)),
    byField: Object.fromEntries(Object.entries(errors.byField).filter(([field]) => !fixed(field))),
  };
}

/**
 * Errors found before anything is sent (so the person hears at once): a message per field, or
 * none, listed in the order of the fields and each linked to its field.
 */
export function fieldErrors(fields: Record<string, FieldSpec>, messages: Record<string, string | null | undefined>): FormErrors {
  const errors: FormErrors = { summary: [], byField: {} };
  for (const [field, spec] of Object.entries(fields)) {
    const text = messages[field];
    if (!text) continue;
    errors.summary.push({ href: `#${spec.id ?? field}`, text, field });
    errors.byField[field] = text;
  }
  return errors;
}

/** The errors of required fields left empty: each field's GOV.UK message ("Enter a reason"). */
export function missingErrors(fields: Record<string, FieldSpec>, missing: (field: string) => boolean): FormErrors {
  return fieldErrors(fields, Object.fromEntries(Object.entries(fields).map(([field, spec]) => [field, spec.required && missing(field) ? spec.required : null])));
}

/** Minutes and seconds as words: 900 → "15 minutes", 61 → "1 minute 1 second". */
export function durationInWords(totalSeconds: number): string {
  const minutes = Math.floor(totalSeconds / 60);
  const seconds = Math.round(totalSeconds % 60);
  const part = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (minutes === 0) return part(seconds, 'second');
  if (seconds === 0) return part(minutes, 'minute');
  return `${part(minutes, 'minute')} ${part(seconds, 'second')}`;
}

/**
 * What a form shows for a failed submission: field errors for a 422, a message for the rest.
 * `otherwise` supplies messages for statuses the form expects (401 on sign-in, 412...);
 * `values` (what was sent) lets a field left empty get its "Enter ..." message.
 */
export function formErrorsFromError(
  error: unknown,
  fields: Record<string, FieldSpec>,
  otherwise: Partial<Record<number, ErrorSummaryItem>> = {},
  values: object = {},
): FormErrors {
  if (error instanceof ApiError) {
    if (error.status === 422 && error.problem?.errors?.length) {
      return formErrorsFromProblem(error.problem.errors, fields, values);
    }
    const expected = otherwise[error.status];
    if (expected) {
      // An expected refusal that names a field is shown on that field too.
      const field = Object.entries(fields).find(([name, spec]) => expected.href === `#${spec.id ?? name}`)?.[0];
      return { summary: [expected], byField: field ? { [field]: expected.text } : {} };
    }
    if (error.status === 429) {
      const wait = retryAfterSeconds(error.headers);
      return {
        summary: [{ text: wait ? `Too many attempts. Try again in ${durationInWords(wait)}.` : 'Too many attempts. Try again later.' }],
        byField: {},
      };
    }
    if (error.problem?.detail) return { summary: [{ text: error.problem.detail }], byField: {} };
  }
  return { summary: [{ text: 'Sorry, there is a problem with the service. Try again later.' }], byField: {} };
}
