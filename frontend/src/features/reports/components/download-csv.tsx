import { useState } from 'react';
import { ApiError } from '@/lib/api/api-error';
import { downloadReportCsv } from '../api/use-report';
import type { ReportName, ReportQuery } from '../api/report-types';

/**
 * "Download CSV" for one table: the file is fetched with the access token and saved from a Blob.
 * A failure is said beside the button.
 */
export function DownloadCsv({ name, query, table, caption }: { name: ReportName; query: ReportQuery; table: string; caption: string }) {
  const [state, setState] = useState<{ pending: boolean; problem: string | null }>({ pending: false, problem: null });
  const download = () => {
    if (state.pending) return;
    setState({ pending: true, problem: null });
    downloadReportCsv(name, query, table).then(
      () => setState({ pending: false, problem: null }),
      (error: unknown) =>
        setState({
          pending: false,
          problem: error instanceof ApiError && error.problem?.detail ? error.problem.detail : 'The file could not be downloaded. Try again.',
        }),
    );
  };
  return (
    <div className="app-report-download">
      <button type="button" className="govuk-button govuk-button--secondary govuk-!-margin-bottom-2" aria-disabled={state.pending || undefined} onClick={download}>
        Download CSV<span className="govuk-visually-hidden"> of {caption.charAt(0).toLowerCase() + caption.slice(1)}</span>
      </button>
      <div role="status">{state.problem ? <p className="govuk-error-message">{state.problem}</p> : null}</div>
    </div>
  );
}
