import type { ReactNode } from 'react';
import { cx } from './use-govuk-component';

/** The id of a field's hint. */
export const hintId = (id: string) => `${id}-hint`;
/** The id of a field's error message. */
export const errorId = (id: string) => `${id}-error`;

/** `aria-describedby` for a field with an optional hint and error message. */
export function describedBy(id: string, hint?: ReactNode, error?: string, extra?: string) {
  const ids = [extra, hint ? hintId(id) : undefined, error ? errorId(id) : undefined].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

export function Hint({ id, children }: { id: string; children?: ReactNode }) {
  if (!children) return null;
  return (
    <div id={hintId(id)} className="govuk-hint">
      {children}
    </div>
  );
}

export function ErrorMessage({ id, children }: { id: string; children?: string }) {
  if (!children) return null;
  return (
    <p id={errorId(id)} className="govuk-error-message">
      <span className="govuk-visually-hidden">Error:</span> {children}
    </p>
  );
}

export function FormGroup({ error, children }: { error?: string; children: ReactNode }) {
  return <div className={cx('govuk-form-group', error && 'govuk-form-group--error')}>{children}</div>;
}

export type LabelSize = 's' | 'm' | 'l' | 'xl';

/** A label, or the page's h1 wrapping a label when the question is the page heading. */
export function Label({
  htmlFor,
  children,
  isPageHeading,
  size,
}: {
  htmlFor: string;
  children: ReactNode;
  isPageHeading?: boolean;
  size?: LabelSize;
}) {
  const label = (
    <label className={cx('govuk-label', size && `govuk-label--${size}`)} htmlFor={htmlFor}>
      {children}
    </label>
  );
  return isPageHeading ? (
    <h1 className="govuk-label-wrapper" tabIndex={-1}>
      {label}
    </h1>
  ) : (
    label
  );
}

/** A fieldset with its legend (optionally the page's h1). */
export function Fieldset({
  legend,
  isPageHeading,
  size,
  describedBy: describedByIds,
  role,
  children,
}: {
  legend: ReactNode;
  isPageHeading?: boolean;
  size?: LabelSize;
  describedBy?: string;
  role?: 'group';
  children: ReactNode;
}) {
  return (
    <fieldset className="govuk-fieldset" aria-describedby={describedByIds} role={role}>
      <legend className={cx('govuk-fieldset__legend', size && `govuk-fieldset__legend--${size}`)}>
        {isPageHeading ? (
          <h1 className="govuk-fieldset__heading" tabIndex={-1}>
            {legend}
          </h1>
        ) : (
          legend
        )}
      </legend>
      {children}
    </fieldset>
  );
}
