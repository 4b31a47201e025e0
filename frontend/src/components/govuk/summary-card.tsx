import type { ReactNode } from 'react';

/** GOV.UK summary card: a titled box around a summary list (or other content). */
export function SummaryCard({
  title,
  headingLevel = 3,
  actions,
  id,
  children,
}: {
  title: ReactNode;
  headingLevel?: 2 | 3 | 4;
  /** Shown at the top right of the card, e.g. a status tag. */
  actions?: ReactNode;
  id?: string;
  children: ReactNode;
}) {
  const Heading = `h${headingLevel}` as const;
  return (
    <div className="govuk-summary-card" id={id}>
      <div className="govuk-summary-card__title-wrapper">
        <Heading className="govuk-summary-card__title">{title}</Heading>
        {actions ? <div className="govuk-summary-card__actions">{actions}</div> : null}
      </div>
      <div className="govuk-summary-card__content">{children}</div>
    </div>
  );
}
