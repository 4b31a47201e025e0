import { DateInput, dateInputFirstId, datePartsFromIso, isEmptyDate, isoDateFromParts, Input, Textarea, type DateParts } from '@/components/govuk';
import type { NewReading } from '@/lib/api/types';
import { todayIso } from '@/lib/dates';
import { fieldErrors, type FieldSpec, type FormErrors } from '@/lib/form-errors';

export interface ReadingValues {
  value: string;
  on: DateParts;
  note: string;
}

/** A new reading's values: of today, which it usually is. */
export const emptyReading = (): ReadingValues => ({ value: '', on: datePartsFromIso(todayIso()), note: '' });

/**
 * The fields of a reading by the API's names (`path` is where the API puts them: `reading.` when
 * the reading goes with a verification); `prefix` keeps forms on one page apart.
 */
export function readingFields(prefix: string, path = ''): Record<string, FieldSpec> {
  return {
    [`${path}value`]: { label: 'Value', id: `${prefix}-value`, required: 'Enter the value read' },
    [`${path}read_on`]: { label: 'Day it describes', id: dateInputFirstId(`${prefix}-on`), required: 'Enter the day the reading describes' },
    [`${path}note`]: { label: 'Note', id: `${prefix}-note` },
  };
}

/** A number as people type it: "62", "62.5", "1,250". */
export function parseNumber(text: string): number | null {
  const cleaned = text.trim().replace(/,/g, '');
  if (!cleaned || !/^-?\d*\.?\d+$/.test(cleaned)) return null;
  return Number(cleaned);
}

/** The reading from the form's values, or the errors found before sending. */
export function reading(values: ReadingValues, prefix: string, path = ''): { body: NewReading } | { errors: FormErrors } {
  const fields = readingFields(prefix, path);
  const value = parseNumber(values.value);
  const on = isEmptyDate(values.on) ? null : isoDateFromParts(values.on);
  const errors = fieldErrors(fields, {
    [`${path}value`]: !values.value.trim() ? fields[`${path}value`]?.required : value === null ? 'The value must be a number, like 62 or 62.5' : null,
    [`${path}read_on`]: isEmptyDate(values.on) ? fields[`${path}read_on`]?.required : !on ? 'The day it describes must be a real date' : null,
  });
  if (errors.summary.length > 0 || value === null || !on) return { errors };
  return { body: { value, read_on: on, note: values.note.trim() || null } };
}

/** A reading's value, the day it describes and a note. */
export function ReadingFields({ prefix, values, onChange, errors, path = '' }: { prefix: string; values: ReadingValues; onChange: (values: ReadingValues) => void; errors: Record<string, string>; path?: string }) {
  return (
    <>
      <Input
        id={`${prefix}-value`}
        label="Value"
        labelSize="s"
        hint="In the measure’s own units, such as a percentage."
        width="5"
        inputMode="decimal"
        spellCheck={false}
        error={errors[`${path}value`]}
        value={values.value}
        onChange={(value) => onChange({ ...values, value })}
      />
      <DateInput
        id={`${prefix}-on`}
        legend="Day it describes"
        legendSize="s"
        hint="Today or earlier."
        error={errors[`${path}read_on`]}
        value={values.on}
        onChange={(on) => onChange({ ...values, on })}
      />
      <Textarea
        id={`${prefix}-note`}
        label="Note (optional)"
        labelSize="s"
        hint="Where the figure comes from, or what it shows."
        error={errors[`${path}note`]}
        rows={2}
        value={values.note}
        onChange={(note) => onChange({ ...values, note })}
      />
    </>
  );
}
