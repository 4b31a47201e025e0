import type { InputHTMLAttributes, ReactNode } from 'react';
import { describedBy, ErrorMessage, FormGroup, Hint, Label, type LabelSize } from './field-parts';
import { cx } from './use-govuk-component';

export interface InputProps
  extends Omit<InputHTMLAttributes<HTMLInputElement>, 'className' | 'id' | 'onChange' | 'value'> {
  id: string;
  label: ReactNode;
  labelSize?: LabelSize;
  isPageHeading?: boolean;
  hint?: ReactNode;
  error?: string;
  value: string;
  onChange: (value: string) => void;
  width?: '2' | '3' | '4' | '5' | '10' | '20' | '30' | 'full' | 'three-quarters' | 'two-thirds' | 'one-half';
}

/** GOV.UK text input with its label, hint and error message. */
export function Input({
  id,
  name,
  label,
  labelSize,
  isPageHeading,
  hint,
  error,
  value,
  onChange,
  width,
  type = 'text',
  ...rest
}: InputProps) {
  const widthClass = width
    ? /^\d+$/.test(width)
      ? `govuk-input--width-${width}`
      : `govuk-!-width-${width}`
    : undefined;
  return (
    <FormGroup error={error}>
      <Label htmlFor={id} isPageHeading={isPageHeading} size={labelSize}>
        {label}
      </Label>
      <Hint id={id}>{hint}</Hint>
      <ErrorMessage id={id}>{error}</ErrorMessage>
      <input
        className={cx('govuk-input', error && 'govuk-input--error', widthClass)}
        id={id}
        name={name ?? id}
        type={type}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        aria-describedby={describedBy(id, hint, error)}
        {...rest}
      />
    </FormGroup>
  );
}
