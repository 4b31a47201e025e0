import type { ReactNode } from 'react';

/**
 * GOV.UK details: something folded away until asked for, such as a form not everyone needs.
 * `open` unfolds it (a form with errors to show); otherwise the person opens and closes it.
 */
export function Details({ summary, open, children }: { summary: ReactNode; open?: boolean; children: ReactNode }) {
  return (
    <details className="govuk-details" open={open || undefined}>
      <summary className="govuk-details__summary">
        <span className="govuk-details__summary-text">{summary}</span>
      </summary>
      <div className="govuk-details__text">{children}</div>
    </details>
  );
}
