import { isEmptyDate, isoDateFromParts, type DateParts } from '@/components/govuk';
import { formatDate, formatQuarter, recentQuarters } from '@/lib/dates';
import type { FormErrors } from '@/lib/form-errors';
import type { ReportPeriod, ReportQuery } from './report-types';

const QUARTER = /^(20\d{2}|2100)-Q[1-4]$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The report's query from the page's address: a quarter (`quarter=2026-Q3`) or two days
 * (`from`, `to`), and a service or a team. Anything malformed is left out, so the API's
 * default (the current quarter, everything the reader may see) applies.
 */
export function queryFromSearch(search: URLSearchParams): ReportQuery {
  const query: ReportQuery = {};
  const from = search.get('from') ?? '';
  const to = search.get('to') ?? '';
  const quarter = search.get('quarter') ?? '';
  if (DAY.test(from) && DAY.test(to)) Object.assign(query, { from, to });
  else if (QUARTER.test(quarter)) query.quarter = quarter;
  const team = search.get('team_id') ?? '';
  const service = search.get('service_id') ?? '';
  if (UUID.test(team)) query.team_id = team;
  else if (UUID.test(service)) query.service_id = service;
  return query;
}

/** The page's address for a query (the parameters the API takes, nothing else). */
export function searchFor(query: ReportQuery): string {
  const params = new URLSearchParams();
  for (const name of ['quarter', 'from', 'to', 'service_id', 'team_id'] as const) {
    const value = query[name];
    if (value) params.set(name, value);
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** The quarters to choose from: the last 8, newest first, and one from a bookmark if older. */
export function quarterOptions(current: string | undefined, now = new Date()): { value: string; text: string }[] {
  const quarters = recentQuarters(8, now);
  if (current && QUARTER.test(current) && !quarters.includes(current)) quarters.push(current);
  return quarters.map((quarter) => ({ value: quarter, text: formatQuarter(quarter) }));
}

/** A period in words: "July to September 2026" for a quarter, else "1 July 2026 to 15 August 2026". */
export function periodText(period: Pick<ReportPeriod, 'label' | 'from' | 'to'>): string {
  return formatQuarter(period.label) || `${formatDate(period.from)} to ${formatDate(period.to)}`;
}

/** What the picker holds. */
export interface PickerValues {
  quarter: string;
  from: DateParts;
  to: DateParts;
  /** `team_id:<id>`, `service_id:<id>`, or empty for everything the reader may see. */
  unit: string;
}

/**
 * Checks the picker. Dates, when either is given, take the place of the quarter: both must be
 * real days, the second on or after the first. Either the query to show, or the errors.
 */
export function checkPicker(values: PickerValues): { query: ReportQuery } | { errors: FormErrors } {
  const errors: FormErrors = { summary: [], byField: {} };
  const fail = (field: 'from' | 'to', text: string) => {
    errors.summary.push({ href: `#${field}-day`, text, field });
    errors.byField[field] = text;
  };
  const query: ReportQuery = {};
  const [unitField, unitId] = values.unit.split(':');
  if (unitField === 'team_id' && unitId) query.team_id = unitId;
  if (unitField === 'service_id' && unitId) query.service_id = unitId;
  if (isEmptyDate(values.from) && isEmptyDate(values.to)) {
    if (values.quarter) query.quarter = values.quarter;
    return { query };
  }
  const from = isoDateFromParts(values.from);
  const to = isoDateFromParts(values.to);
  if (isEmptyDate(values.from)) fail('from', 'Enter the first day, or clear both dates to use the quarter');
  else if (!from) fail('from', 'The first day must be a real date, like 1 7 2026');
  if (isEmptyDate(values.to)) fail('to', 'Enter the last day, or clear both dates to use the quarter');
  else if (!to) fail('to', 'The last day must be a real date, like 30 9 2026');
  if (from && to && to < from) fail('to', 'The last day must be the same as or after the first day');
  if (errors.summary.length > 0 || !from || !to) return { errors };
  return { query: { ...query, from, to } };
}
