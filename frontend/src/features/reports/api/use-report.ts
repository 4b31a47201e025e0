import { useQuery } from '@tanstack/react-query';
import { ApiError, unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';
import type { Problem } from '@/lib/api/types';
import type { Report, ReportName, ReportQuery } from './report-types';

/** A report for a period and part of the council, computed by the API on each request. */
export function useReport(name: ReportName, query: ReportQuery, enabled = true) {
  return useQuery({
    queryKey: ['reports', name, query],
    enabled,
    // JSON, as asked (the CSV is the other answer the schema names).
    queryFn: () => unwrap(api.GET('/api/v1/reports/{name}', { params: { path: { name }, query } })) as Promise<Report>,
    // A refusal (403, or 422 for a period or unit the reader may not ask for) will not change.
    retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
  });
}

const isProblem = (value: unknown): value is Problem => typeof value === 'object' && value !== null && 'status' in value && 'title' in value;

/** The file name the API gives a download (`Content-Disposition: attachment; filename="…"`). */
export function attachmentName(disposition: string | null, fallback: string): string {
  const match = /filename="?([^";]+)"?/i.exec(disposition ?? '');
  return match?.[1]?.trim() || fallback;
}

/** The spreadsheet's media type (the whole report, a sheet per table). */
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * Downloads one table of a report as CSV. The API wants the access token, which a plain link
 * cannot send, so the file is fetched and then saved from a Blob.
 */
export function downloadReportCsv(name: ReportName, query: ReportQuery, table: string): Promise<void> {
  return downloadReport(name, { ...query, table }, 'text/csv', `${name}-${table}.csv`);
}

/** Downloads the whole report as a spreadsheet, fetched and saved like the CSV. */
export function downloadReportSpreadsheet(name: ReportName, query: ReportQuery): Promise<void> {
  return downloadReport(name, query, XLSX, `${name}.xlsx`);
}

async function downloadReport(name: ReportName, query: ReportQuery & { table?: string }, accept: string, fallback: string): Promise<void> {
  const { data, error, response } = await api.GET('/api/v1/reports/{name}', {
    params: { path: { name }, query },
    headers: { Accept: accept },
    parseAs: 'blob',
  });
  if (!response.ok || !(data instanceof Blob)) throw new ApiError(response.status, isProblem(error) ? error : null, response.headers);
  const url = URL.createObjectURL(data);
  const link = document.createElement('a');
  link.href = url;
  link.download = attachmentName(response.headers.get('Content-Disposition'), fallback);
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // Long enough for the browser to start saving it.
  window.setTimeout(() => URL.revokeObjectURL(url), 30_000);
}
