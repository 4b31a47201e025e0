import type { ReactNode } from 'react';
import { describedBy, ErrorMessage, FormGroup, Hint, Label, type LabelSize } from './field-parts';
import { cx } from './use-govuk-component';

export interface SelectOption {
  value: string;
  text: string;
  disabled?: boolean;
}

export interface SelectProps {
  id: string;
  name?: string;
  label: ReactNode;
  labelSize?: LabelSize;
  hint?: ReactNode;
  error?: string;
  options: SelectOption[];
  value: string;
  onChange: (value: string) => void;
}

/** GOV.UK select with its label, hint and error message. */
export function Select({ id, name, label, labelSize, hint, error, options, value, onChange }: SelectProps) {
  return (
    <FormGroup error={error}>
      <Label htmlFor={id} size={labelSize}>
        {label}
      </Label>
      <Hint id={id}>{hint}</Hint>
      <ErrorMessage id={id}>{error}</ErrorMessage>
      <select
        className={cx('govuk-select', error && 'govuk-select--error')}
        id={id}
        name={name ?? id}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        aria-describedby={describedBy(id, hint, error)}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value} disabled={option.disabled}>
            {option.text}
          </option>
        ))}
      </select>
    </FormGroup>
  );
}
