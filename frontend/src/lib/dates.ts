/** Dates and times as GOV.UK writes them, in the council's time zone. */
const ZONE = 'Europe/London';

const dateFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const monthFormat = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
const instantDateFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: ZONE });
const timeFormat = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hour12: false, timeZone: ZONE });
const partsFormat = new Intl.DateTimeFormat('en-GB', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: ZONE });

/** "2026-05-03" → "3 May 2026". */
export function formatDate(date: string | null | undefined): string {
  if (!date || !/^\d{4}-\d{2}-\d{2}/.test(date)) return '';
  return dateFormat.format(new Date(`${date.slice(0, 10)}T00:00:00Z`));
}

/** "2026-05" → "May 2026". */
export function formatMonth(month: string | null | undefined): string {
  if (!month || !/^\d{4}-\d{2}$/.test(month)) return '';
  return monthFormat.format(new Date(`${month}-01T00:00:00Z`));
}

/** The day of an instant, "3 May 2026". */
export function formatDay(instant: string | null | undefined): string {
  if (!instant) return '';
  const date = new Date(instant);
  return Number.isNaN(date.getTime()) ? '' : instantDateFormat.format(date);
}

/** An instant's time of day, "14:32". */
export function formatTime(instant: string | number | Date): string {
  return timeFormat.format(new Date(instant));
}

/** An instant as "3 May 2026 at 14:32". */
export function formatDateTime(instant: string | null | undefined): string {
  if (!instant) return '';
  const date = new Date(instant);
  if (Number.isNaN(date.getTime())) return '';
  return `${instantDateFormat.format(date)} at ${timeFormat.format(date)}`;
}

/** Today in the council's time zone, `YYYY-MM-DD`. */
export function todayIso(now = new Date()): string {
  const parts = Object.fromEntries(partsFormat.formatToParts(now).map((p) => [p.type, p.value]));
  return `${parts.year ?? ''}-${parts.month ?? ''}-${parts.day ?? ''}`;
}

/** The first and last days of a month `YYYY-MM`. */
export function monthRange(month: string): { from: string; to: string } {
  const [y, m] = month.split('-').map(Number);
  const last = new Date(Date.UTC(y ?? 1970, m ?? 1, 0)).getUTCDate();
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, '0')}` };
}

/** The last `count` months, newest first, as `YYYY-MM`. */
export function recentMonths(count: number, now = new Date()): string[] {
  const [year, month] = todayIso(now).split('-').map(Number);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const d = new Date(Date.UTC(year ?? 1970, (month ?? 1) - 1 - i, 1));
    out.push(`${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`);
  }
  return out;
}

/** A day as the GOV.UK date input's hint writes it: "2026-03-27" → "27 3 2026". */
export function dateInputExample(date: string): string {
  const [year = '', month = '', day = ''] = date.split('-');
  return `${Number(day)} ${Number(month)} ${year}`;
}

/** `YYYY-MM-DD` plus `days` days. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

const zoneClock = new Intl.DateTimeFormat('en-GB', {
  timeZone: ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
});

/** How far the council's clock is ahead of UTC at an instant, in milliseconds (0 or an hour). */
function zoneOffsetMs(at: number): number {
  const p = Object.fromEntries(zoneClock.formatToParts(new Date(at)).map((part) => [part.type, Number(part.value)]));
  return Date.UTC(p.year ?? 1970, (p.month ?? 1) - 1, p.day ?? 1, p.hour ?? 0, p.minute ?? 0) - Math.floor(at / 60_000) * 60_000;
}

/**
 * The instant a day starts in the council's time zone, in RFC 3339 (UTC): "2026-06-01" →
 * "2026-05-31T23:00:00Z" in summer. London's clocks change at 01:00 UTC, so midnight always exists.
 */
export function startOfDayInstant(date: string): string {
  const midnightUtc = Date.parse(`${date}T00:00:00Z`);
  return new Date(midnightUtc - zoneOffsetMs(midnightUtc)).toISOString().replace('.000Z', 'Z');
}

/** The quarter a day is in, `YYYY-Qn` (calendar quarters: Q1 is January to March). */
export function quarterOf(date: string): string {
  const [year = '', month = '1'] = date.split('-');
  return `${year}-Q${Math.floor((Number(month) - 1) / 3) + 1}`;
}

/** "2026-Q4" → "October to December 2026". */
export function formatQuarter(quarter: string): string {
  const match = /^(\d{4})-Q([1-4])$/.exec(quarter);
  if (!match) return '';
  const first = (Number(match[2]) - 1) * 3 + 1;
  const name = (month: number) => new Intl.DateTimeFormat('en-GB', { month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2000, month - 1, 1)));
  return `${name(first)} to ${name(first + 2)} ${match[1] ?? ''}`;
}

/** The last `count` quarters, newest first, as `YYYY-Qn`. */
export function recentQuarters(count: number, now = new Date()): string[] {
  const months = recentMonths(count * 3, now);
  return [...new Set(months.map((month) => quarterOf(month)))].slice(0, count);
}

/**
 * The first and last days of a period a list is filtered by: a month (`YYYY-MM`) or a quarter
 * (`YYYY-Qn`); undefined for anything else.
 */
export function periodRange(period: string): { from: string; to: string } | undefined {
  if (/^\d{4}-\d{2}$/.test(period)) return monthRange(period);
  const match = /^(\d{4})-Q([1-4])$/.exec(period);
  if (!match) return undefined;
  const year = match[1] ?? '';
  const first = (Number(match[2]) - 1) * 3 + 1;
  const month = (n: number) => `${year}-${String(n).padStart(2, '0')}`;
  return { from: monthRange(month(first)).from, to: monthRange(month(first + 2)).to };
}

/** A period's name: "December 2026" or "October to December 2026". */
export const formatPeriod = (period: string): string => formatMonth(period) || formatQuarter(period);
