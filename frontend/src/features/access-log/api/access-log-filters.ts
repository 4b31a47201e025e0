import { isEmptyDate, isoDateFromParts, type DateParts } from '@/components/govuk';
import { addDays, startOfDayInstant } from '@/lib/dates';
import type { FormErrors } from '@/lib/form-errors';

/** What the search form holds. */
export interface AccessLogFilterValues {
  /** The case's id, or a link to the case (the id is taken from it). */
  case: string;
  user_id: string;
  from: DateParts;
  to: DateParts;
}

/** The search as the page's address holds it: ids, and days as `YYYY-MM-DD` (`to` included). */
export interface AccessLogSearch {
  case_id?: string;
  user_id?: string;
  from?: string;
  to?: string;
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/** The case id in what was typed or pasted: the id itself, or a link such as `…/cases/<id>`. */
export const caseIdIn = (text: string) => UUID.exec(text)?.[0].toLowerCase() ?? null;

/**
 * Checks the search form. Either the search for the page's address, or the errors to show,
 * each linked to its field.
 */
export function checkFilters(values: AccessLogFilterValues): { search: AccessLogSearch } | { errors: FormErrors } {
  const errors: FormErrors = { summary: [], byField: {} };
  const fail = (field: string, href: string, text: string) => {
    errors.summary.push({ href, text, field });
    errors.byField[field] = text;
  };
  const search: AccessLogSearch = {};
  if (values.case.trim()) {
    const id = caseIdIn(values.case);
    if (id) search.case_id = id;
    else fail('case_id', '#case_id', 'Enter the case’s ID, like 0190e3a4-5b6c-7d8e-9f01-23456789abcd, or paste the link to the case');
  }
  if (values.user_id) search.user_id = values.user_id;
  for (const [name, label] of [
    ['from', 'From'],
    ['to', 'To'],
  ] as const) {
    const parts = values[name];
    if (isEmptyDate(parts)) continue;
    const iso = isoDateFromParts(parts);
    if (iso) search[name] = iso;
    else fail(name, `#${name}-day`, `${label} must be a real date, like 27 3 2026`);
  }
  if (search.from && search.to && search.to < search.from) fail('to', '#to-day', 'To must be the same as or after From');
  return errors.summary.length > 0 ? { errors } : { search };
}

/** The search from the page's address. */
export function searchFromParams(params: URLSearchParams): AccessLogSearch {
  const day = (name: string) => {
    const value = params.get(name) ?? '';
    return /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : undefined;
  };
  const caseId = caseIdIn(params.get('case_id') ?? '');
  const userId = caseIdIn(params.get('user_id') ?? '');
  return { case_id: caseId ?? undefined, user_id: userId ?? undefined, from: day('from'), to: day('to') };
}

/**
 * The API's query for a search: days become the instants they start in the council's time zone,
 * and "to" takes in the whole of its day (the API's `to` is "before this instant").
 */
export function apiQuery(search: AccessLogSearch): { case_id?: string; user_id?: string; from?: string; to?: string } {
  return {
    case_id: search.case_id,
    user_id: search.user_id,
    from: search.from ? startOfDayInstant(search.from) : undefined,
    to: search.to ? startOfDayInstant(addDays(search.to, 1)) : undefined,
  };
}

/** The page's address for a search (starting again at its first page). */
export function searchParamsFor(search: AccessLogSearch): string {
  const params = new URLSearchParams();
  for (const name of ['case_id', 'user_id', 'from', 'to'] as const) {
    const value = search[name];
    if (value) params.set(name, value);
  }
  const text = params.toString();
  return text ? `?${text}` : '?';
}

/** Date parts for a `YYYY-MM-DD` day, to fill the form again. */
export function partsOf(day: string | undefined): DateParts {
  if (!day) return { day: '', month: '', year: '' };
  const [year = '', month = '', date = ''] = day.split('-');
  return { day: String(Number(date)), month: String(Number(month)), year };
}
