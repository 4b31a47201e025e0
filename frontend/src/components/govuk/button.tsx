import { Button as GovukButtonJs } from 'govuk-frontend';
import type { ButtonHTMLAttributes, ReactNode } from 'react';
import { Link } from 'react-router';
import { cx, useGovukComponent } from './use-govuk-component';

type Variant = 'primary' | 'secondary' | 'warning' | 'inverse';

const variantClass = (variant: Variant) => (variant === 'primary' ? undefined : `govuk-button--${variant}`);

export interface ButtonProps extends Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'className'> {
  variant?: Variant;
  preventDoubleClick?: boolean;
  children: ReactNode;
}

/** GOV.UK button. A submit button unless `type` says otherwise. */
export function Button({ variant = 'primary', preventDoubleClick, type = 'submit', children, ...rest }: ButtonProps) {
  const ref = useGovukComponent<HTMLButtonElement>(GovukButtonJs);
  return (
    <button
      ref={ref}
      type={type}
      className={cx('govuk-button', variantClass(variant))}
      data-module="govuk-button"
      data-prevent-double-click={preventDoubleClick ? 'true' : undefined}
      {...rest}
    >
      {children}
    </button>
  );
}

/** A link to another page of the app that looks like a GOV.UK button. */
export function ButtonLink({ to, variant = 'primary', children }: { to: string; variant?: Variant; children: ReactNode }) {
  const ref = useGovukComponent<HTMLAnchorElement>(GovukButtonJs);
  return (
    <Link
      ref={ref}
      to={to}
      role="button"
      draggable={false}
      className={cx('govuk-button', variantClass(variant))}
      data-module="govuk-button"
    >
      {children}
    </Link>
  );
}

export function ButtonGroup({ children }: { children: ReactNode }) {
  return <div className="govuk-button-group">{children}</div>;
}
