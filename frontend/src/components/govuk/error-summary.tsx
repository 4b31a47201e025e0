import { ErrorSummary as GovukErrorSummaryJs } from 'govuk-frontend';
import { useGovukComponent } from './use-govuk-component';

export interface ErrorSummaryItem {
  /** `#<field id>` of the field to fix; without one the message is shown as plain text. */
  href?: string;
  text: string;
}

/**
 * GOV.UK error summary. GOV.UK Frontend's script moves focus to it when it appears and focuses
 * a field when its link is followed; give it a new `key` on each failed submission so that a
 * second failure takes focus again.
 */
export function ErrorSummary({
  errors,
  title = 'There is a problem',
  description,
}: {
  errors: ErrorSummaryItem[];
  title?: string;
  description?: string;
}) {
  const ref = useGovukComponent<HTMLDivElement>(GovukErrorSummaryJs);
  if (errors.length === 0 && !description) return null;
  return (
    <div ref={ref} className="govuk-error-summary" data-module="govuk-error-summary">
      <div role="alert">
        <h2 className="govuk-error-summary__title">{title}</h2>
        <div className="govuk-error-summary__body">
          {description ? <p>{description}</p> : null}
          {errors.length > 0 ? (
            <ul className="govuk-list govuk-error-summary__list">
              {errors.map((error) => (
                <li key={`${error.href ?? ''}${error.text}`}>
                  {error.href ? <a href={error.href}>{error.text}</a> : error.text}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      </div>
    </div>
  );
}
