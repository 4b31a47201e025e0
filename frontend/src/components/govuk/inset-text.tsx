import type { ReactNode } from 'react';

/** GOV.UK inset text: something to set apart from the text around it. */
export function InsetText({ children }: { children: ReactNode }) {
  return <div className="govuk-inset-text">{children}</div>;
}
