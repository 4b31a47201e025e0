import type { ReactNode, TextareaHTMLAttributes } from 'react';
import { describedBy, ErrorMessage, FormGroup, Hint, Label, type LabelSize } from './field-parts';
import { cx } from './use-govuk-component';

export interface TextareaProps
  extends Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'className' | 'id' | 'onChange' | 'value'> {
  id: string;
  label: ReactNode;
  labelSize?: LabelSize;
  isPageHeading?: boolean;
  hint?: ReactNode;
  error?: string;
  value: string;
  onChange: (value: string) => void;
}

/** GOV.UK textarea with its label, hint and error message. */
export function Textarea({ id, name, label, labelSize, isPageHeading, hint, error, value, onChange, rows = 5, ...rest }: TextareaProps) {
  return (
    <FormGroup error={error}>
      <Label htmlFor={id} isPageHeading={isPageHeading} size={labelSize}>
        {label}
      </Label>
      <Hint id={id}>{hint}</Hint>
      <ErrorMessage id={id}>{error}</ErrorMessage>
      <textarea
        className={cx('govuk-textarea', error && 'govuk-textarea--error')}
        id={id}
        name={name ?? id}
        rows={rows}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        aria-describedby={describedBy(id, hint, error)}
        {...rest}
      />
    </FormGroup>
  );
}
