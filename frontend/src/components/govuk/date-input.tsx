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
  /** The parts asked for: all three, or month and year for a month. */
  parts?: 'date' | 'month';
  value: DateParts;
  onChange: (value: DateParts) => void;
}

const allParts: { part: Part; label: string; width: string }[] = [
  { part: 'day', label: 'Day', width: 'govuk-input--width-2' },
  { part: 'month', label: 'Month', width: 'govuk-input--width-2' },
  { part: 'year', label: 'Year', width: 'govuk-input--width-4' },
];

/** The id of a date input's first field, which an error summary links to. */
export const dateInputFirstId = (id: string, parts: 'date' | 'month' = 'date') => `${id}-${parts === 'date' ? 'day' : 'month'}`;

/** GOV.UK date input (day, month, year). An error summary links to `#<id>-day` (`#<id>-month` for a month). */
export function DateInput({ id, legend, legendSize, isPageHeading, hint, error, errorParts, parts = 'date', value, onChange }: DateInputProps) {
  const wrong = (part: Part) => Boolean(error) && (!errorParts || errorParts.includes(part));
  const shown = parts === 'date' ? allParts : allParts.filter(({ part }) => part !== 'day');
  return (
    <FormGroup error={error}>
      <Fieldset legend={legend} size={legendSize} isPageHeading={isPageHeading} role="group" describedBy={describedBy(id, hint, error)}>
        <Hint id={id}>{hint}</Hint>
        <ErrorMessage id={id}>{error}</ErrorMessage>
        <div className="govuk-date-input" id={id}>
          {shown.map(({ part, label, width }) => (
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

/** A day `YYYY-MM-DD` as the parts a date input shows ("2026-03-07" → 7, 3, 2026); empty parts for none. */
export function datePartsFromIso(date: string | null | undefined): DateParts {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(date ?? '');
  if (!match) return { day: '', month: '', year: '' };
  return { day: String(Number(match[3])), month: String(Number(match[2])), year: match[1] ?? '' };
}

/** `YYYY-MM` from the month and year, or null when they do not make a month. */
export function isoMonthFromParts({ month, year }: DateParts): string | null {
  const whole = isoDateFromParts({ day: '1', month, year });
  return whole ? whole.slice(0, 7) : null;
}

/** Whether no part has been filled in. */
export const isEmptyDate = ({ day, month, year }: DateParts) => !day.trim() && !month.trim() && !year.trim();

export const emptyDate: DateParts = { day: '', month: '', year: '' };
