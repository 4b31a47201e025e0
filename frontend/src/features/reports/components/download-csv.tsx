import { useState, type ReactNode } from 'react';
import { ApiError } from '@/lib/api/api-error';
import { downloadReportCsv, downloadReportSpreadsheet } from '../api/use-report';
import type { ReportName, ReportQuery } from '../api/report-types';

/**
 * A download button: the file is fetched with the access token and saved from a Blob. A failure
 * is said beside the button.
 */
function DownloadButton({ download, className, children }: { download: () => Promise<void>; className?: string; children: ReactNode }) {
  const [state, setState] = useState<{ pending: boolean; problem: string | null }>({ pending: false, problem: null });
  const start = () => {
    if (state.pending) return;
    setState({ pending: true, problem: null });
    download().then(
      () => setState({ pending: false, problem: null }),
      (error: unknown) =>
        setState({
          pending: false,
          problem: error instanceof ApiError && error.problem?.detail ? error.problem.detail : 'The file could not be downloaded. Try again.',
        }),
    );
  };
  return (
    <div className={className ?? 'app-report-download'}>
      <button type="button" className="govuk-button govuk-button--secondary govuk-!-margin-bottom-2" aria-disabled={state.pending || undefined} onClick={start}>
        {children}
      </button>
      <div role="status">{state.problem ? <p className="govuk-error-message">{state.problem}</p> : null}</div>
    </div>
  );
}

/** "Download CSV" for one table. */
export function DownloadCsv({ name, query, table, caption }: { name: ReportName; query: ReportQuery; table: string; caption: string }) {
  return (
    <DownloadButton download={() => downloadReportCsv(name, query, table)}>
      Download CSV<span className="govuk-visually-hidden"> of {caption.charAt(0).toLowerCase() + caption.slice(1)}</span>
    </DownloadButton>
  );
}

/** "Download spreadsheet": the whole report, every table, as one Excel file. */
export function DownloadSpreadsheet({ name, query }: { name: ReportName; query: ReportQuery }) {
  return (
    <DownloadButton download={() => downloadReportSpreadsheet(name, query)} className="app-report-download app-report-download--inline">
      Download spreadsheet
    </DownloadButton>
  );
}
