import type { ReactNode } from 'react';
import { describedBy, ErrorMessage, Fieldset, FormGroup, Hint, type LabelSize } from './field-parts';
import { cx } from './use-govuk-component';

export interface DateParts {
  day: string;
  month: string;
  year: string;
}

type Part = keyof DateParts;

export interface DateInputProps {
  id: string;
  legend: ReactNode;
  legendSize?: LabelSize;
  isPageHeading?: boolean;
  hint?: ReactNode;
  error?: string;
  /** Which parts to mark as wrong; all of them when there is an error and this is not given. */
  errorParts?: Part[];
  value: DateParts;
  onChange: (value: DateParts) => void;
}

const parts: { part: Part; label: string; width: string }[] = [
  { part: 'day', label: 'Day', width: 'govuk-input--width-2' },
  { part: 'month', label: 'Month', width: 'govuk-input--width-2' },
  { part: 'year', label: 'Year', width: 'govuk-input--width-4' },
];

/** GOV.UK date input (day, month, year). An error summary links to `#<id>-day`. */
export function DateInput({ id, legend, legendSize, isPageHeading, hint, error, errorParts, value, onChange }: DateInputProps) {
  const wrong = (part: Part) => Boolean(error) && (!errorParts || errorParts.includes(part));
  return (
    <FormGroup error={error}>
      <Fieldset legend={legend} size={legendSize} isPageHeading={isPageHeading} role="group" describedBy={describedBy(id, hint, error)}>
        <Hint id={id}>{hint}</Hint>
        <ErrorMessage id={id}>{error}</ErrorMessage>
        <div className="govuk-date-input" id={id}>
          {parts.map(({ part, label, width }) => (
            <div className="govuk-date-input__item" key={part}>
              <div className="govuk-form-group">
                <label className="govuk-label govuk-date-input__label" htmlFor={`${id}-${part}`}>
                  {label}
                </label>
                <input
                  className={cx('govuk-input govuk-date-input__input', width, wrong(part) && 'govuk-input--error')}
                  id={`${id}-${part}`}
                  name={`${id}-${part}`}
                  type="text"
                  inputMode="numeric"
                  value={value[part]}
                  onChange={(event) => onChange({ ...value, [part]: event.target.value })}
                />
              </div>
            </div>
          ))}
        </div>
      </Fieldset>
    </FormGroup>
  );
}

/** `YYYY-MM-DD` from date parts, or null when they do not make a real date. */
export function isoDateFromParts({ day, month, year }: DateParts): string | null {
  const d = Number(day);
  const m = Number(month);
  const y = Number(year);
  if (!Number.isInteger(d) || !Number.isInteger(m) || !Number.isInteger(y) || year.trim().length !== 4) return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}
