import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';
import type { AccessLogEntry } from '@/lib/api/types';
import { apiQuery, type AccessLogSearch } from './access-log-filters';

/** Rows fetched per request while building the file (the API's largest page). */
const PAGE = 500;
/** The most rows one file holds; a wider search is narrowed by dates first. */
export const CSV_MAX_ROWS = 20_000;

const COLUMNS = ['when', 'user_id', 'user_name', 'action', 'record_type', 'record_id', 'case_id', 'outcome', 'detail'] as const;

/**
 * One CSV field: quoted when it holds a comma, a quote or a line break; a text a spreadsheet
 * would run as a formula (starting `=`, `+`, `-`, `@`, tab or carriage return) is prefixed with
 * an apostrophe so that it opens as text.
 */
export function csvField(value: string | null | undefined): string {
  let text = value ?? '';
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The access log entries as CSV (RFC 4180, CRLF line ends), with people's names beside their ids. */
export function accessLogCsv(entries: AccessLogEntry[], nameOf: (userId: string) => string): string {
  const lines = [COLUMNS.join(',')];
  for (const entry of entries) {
    lines.push(
      [entry.at, entry.user_id, entry.user_id ? nameOf(entry.user_id) : '', entry.action, entry.record_type, entry.record_id, entry.case_id, entry.outcome, entry.detail].map(csvField).join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

/**
 * Every entry of a search, oldest first, page by page (the API has no CSV of the access log, so
 * the file is built here); stops at {@link CSV_MAX_ROWS} and says so.
 */
export async function fetchWholeLog(search: AccessLogSearch): Promise<{ entries: AccessLogEntry[]; truncated: boolean }> {
  const entries: AccessLogEntry[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await unwrap(api.GET('/api/v1/access-log', { params: { query: { ...apiQuery(search), sort: 'at', limit: PAGE, cursor } } }));
    entries.push(...page.items);
    if (entries.length >= CSV_MAX_ROWS) return { entries: entries.slice(0, CSV_MAX_ROWS), truncated: Boolean(page.next_cursor) || entries.length > CSV_MAX_ROWS };
    if (!page.next_cursor) return { entries, truncated: false };
    cursor = page.next_cursor;
  }
}

/** The file's name for a search: `access-log-case-<id>-from-2026-06-01.csv`. */
export function csvFileName(search: AccessLogSearch): string {
  const parts = ['access-log'];
  if (search.case_id) parts.push('case', search.case_id.slice(-8));
  if (search.user_id) parts.push('person', search.user_id.slice(-8));
  if (search.from) parts.push('from', search.from);
  if (search.to) parts.push('to', search.to);
  return `${parts.join('-')}.csv`;
}

/** Saves text as a file the browser downloads. */
export function saveText(text: string, fileName: string, type = 'text/csv;charset=utf-8') {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 30_000);
}
