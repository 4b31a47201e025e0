import { useState, type SyntheticEvent } from 'react';
import { LineChart } from '@/components/charts/line-chart';
import { Button, DateInput, Details, dateInputFirstId, emptyDate, ErrorSummary, Input, isEmptyDate, isoDateFromParts, Radios, Select, SummaryList, Table, Tag, type DateParts } from '@/components/govuk';
import { useFormErrors } from '@/components/use-form-errors';
import { MEASURE_METHODS } from '@/lib/api/enums';
import type { Measure, MeasureMethod, PracticeStandard } from '@/lib/api/types';
import { formatDate } from '@/lib/dates';
import { fieldErrors, formErrorsFromError, type FieldSpec } from '@/lib/form-errors';
import { measureMethodLabels, narrativeText, readingSourceLabels } from '@/lib/labels';
import { standardName, standardOptions } from '@/lib/reference-data';
import { useAddMeasure, useAddReading } from '../api/use-plans';
import { emptyReading, parseNumber, reading, ReadingFields, readingFields, type ReadingValues } from './reading-fields';

/** A measure's figure as people write it: "62.5", "1,250". */
export const formatFigure = (value: number) => value.toLocaleString('en-GB', { maximumFractionDigits: 1 });

/**
 * One measure: what is measured and how, its baseline and target, its readings as a small line
 * chart against the target and the same figures in a table, and (where it is read by hand and
 * the caller may) a form to record a reading.
 */
export function MeasureSection({ planId, measure, standards, canRecord, readsNarrative }: { planId: string; measure: Measure; standards: PracticeStandard[]; canRecord: boolean; readsNarrative: boolean }) {
  const latest = measure.readings[measure.readings.length - 1];
  const headingId = `measure-${measure.id}`;
  return (
    <section className="app-measure" aria-labelledby={headingId}>
      <h3 className="govuk-heading-m" id={headingId}>
        {measure.description}
      </h3>
      <SummaryList
        rows={[
          { key: 'How it is measured', value: measureMethodLabels[measure.method] },
          ...(measure.standard_number ? [{ key: 'Practice standard', value: standardName(standards, measure.standard_number) }] : []),
          { key: 'Baseline', value: `${formatFigure(measure.baseline_value)} on ${formatDate(measure.baseline_on)}` },
          { key: 'Target', value: `${formatFigure(measure.target_value)} by ${formatDate(measure.target_on)}` },
          {
            key: 'Latest reading',
            value: latest ? (
              <span className="app-tags">
                <span>
                  {formatFigure(latest.value)} on {formatDate(latest.read_on)}
                </span>
                {measure.target_met ? <Tag colour="green">Target met</Tag> : <Tag colour="yellow">Not met yet</Tag>}
              </span>
            ) : (
              'No readings yet'
            ),
          },
        ]}
      />
      <LineChart
        readings={measure.readings.map((r) => ({ on: r.read_on, value: r.value }))}
        baseline={{ on: measure.baseline_on, value: measure.baseline_value }}
        target={{ on: measure.target_on, value: measure.target_value }}
        format={formatFigure}
      />
      <Table
        caption={`Readings of “${measure.description}”, from the baseline to the target`}
        captionSize="s"
        stackOnMobile={false}
        head={[{ text: 'Day' }, { text: 'Value', format: 'numeric' }, { text: 'What it is' }]}
        rows={[
          { key: 'baseline', cells: [formatDate(measure.baseline_on), formatFigure(measure.baseline_value), 'Baseline'] },
          ...measure.readings.map((r, index) => ({
            key: String(index),
            cells: [
              formatDate(r.read_on),
              formatFigure(r.value),
              <>
                {readingSourceLabels[r.source]}
                {r.note ? <div className="app-secondary-text app-narrative">{narrativeText(r.note, readsNarrative)}</div> : null}
              </>,
            ],
          })),
          { key: 'target', cells: [formatDate(measure.target_on), formatFigure(measure.target_value), 'Target'] },
        ]}
      />
      {measure.method === 'reaudit' ? (
        <p className="govuk-body">This measure reads itself: the share of the plan’s re-audits graded good or better on the standard, dated when each was submitted.</p>
      ) : canRecord ? (
        <RecordReading planId={planId} measure={measure} />
      ) : null}
    </section>
  );
}

/** Records a reading of a measure read by hand, folded away until asked for. */
function RecordReading({ planId, measure }: { planId: string; measure: Measure }) {
  const prefix = `reading-${measure.id}`;
  const record = useAddReading(planId, measure.id);
  const form = useFormErrors();
  const [values, setValues] = useState<ReadingValues>(emptyReading);
  const [recorded, setRecorded] = useState(false);
  const fields = readingFields(prefix);
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (record.isPending) return;
    setRecorded(false);
    const checked = reading(values, prefix);
    if ('errors' in checked) {
      form.show(checked.errors);
      return;
    }
    record.mutate(checked.body, {
      onSuccess: () => {
        form.clear();
        setValues(emptyReading());
        setRecorded(true);
      },
      onError: (error) => form.show(formErrorsFromError(error, fields)),
    });
  };
  return (
    <Details
      summary={
        <>
          Record a reading<span className="govuk-visually-hidden"> of “{measure.description}”</span>
        </>
      }
      open={form.errors.summary.length > 0}
    >
      <form noValidate onSubmit={submit} aria-label={`Record a reading of “${measure.description}”`}>
        {form.errors.summary.length > 0 ? <ErrorSummary key={form.attempt} errors={form.errors.summary} /> : null}
        <div role="status" className="app-inline-confirmation">
          {recorded ? <p className="govuk-body govuk-!-font-weight-bold">Reading recorded.</p> : null}
        </div>
        <ReadingFields prefix={prefix} values={values} onChange={setValues} errors={form.errors.byField} />
        <Button variant="secondary">Record reading</Button>
      </form>
    </Details>
  );
}

const measureFields: Record<string, FieldSpec> = {
  description: { label: 'What is measured', id: 'measure-description', required: 'Enter what is measured' },
  method: { label: 'How it is measured', id: 'measure-method', required: 'Select how it is measured' },
  standard_number: { label: 'Practice standard', id: 'measure-standard' },
  baseline_value: { label: 'Baseline', id: 'measure-baseline', required: 'Enter the baseline' },
  baseline_on: { label: 'Day of the baseline', id: dateInputFirstId('measure-baseline-on'), required: 'Enter the day of the baseline' },
  target_value: { label: 'Target', id: 'measure-target', required: 'Enter the target' },
  target_on: { label: 'Day the target should be met', id: dateInputFirstId('measure-target-on'), required: 'Enter the day the target should be met' },
};

interface MeasureValues {
  description: string;
  method: string;
  standard: string;
  baseline_value: string;
  baseline_on: DateParts;
  target_value: string;
  target_on: DateParts;
}

const initialMeasure: MeasureValues = { description: '', method: '', standard: '', baseline_value: '', baseline_on: emptyDate, target_value: '', target_on: emptyDate };

/** Adds a measure: what improvement is expected (a baseline and a target, with their days) and how it is measured. */
export function AddMeasure({ planId, standards }: { planId: string; standards: PracticeStandard[] }) {
  const add = useAddMeasure(planId);
  const form = useFormErrors();
  const [values, setValues] = useState<MeasureValues>(initialMeasure);
  const [added, setAdded] = useState(false);
  const set = <K extends keyof MeasureValues>(name: K) => (value: MeasureValues[K]) => setValues((current) => ({ ...current, [name]: value }));
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (add.isPending) return;
    setAdded(false);
    const baseline = parseNumber(values.baseline_value);
    const target = parseNumber(values.target_value);
    const baselineOn = isEmptyDate(values.baseline_on) ? null : isoDateFromParts(values.baseline_on);
    const targetOn = isEmptyDate(values.target_on) ? null : isoDateFromParts(values.target_on);
    const number = (text: string, value: number | null, field: string) =>
      !text.trim() ? measureFields[field]?.required : value === null ? `${measureFields[field]?.label ?? ''} must be a number, like 62 or 62.5` : null;
    const day = (parts: DateParts, value: string | null, field: string) =>
      isEmptyDate(parts) ? measureFields[field]?.required : !value ? `${measureFields[field]?.label ?? ''} must be a real date` : null;
    const errors = fieldErrors(measureFields, {
      description: values.description.trim() ? null : measureFields.description?.required,
      method: values.method ? null : measureFields.method?.required,
      standard_number: values.method === 'reaudit' && !values.standard ? 'Select the practice standard the re-audits are graded on' : null,
      baseline_value: number(values.baseline_value, baseline, 'baseline_value'),
      baseline_on: day(values.baseline_on, baselineOn, 'baseline_on'),
      target_value: number(values.target_value, target, 'target_value'),
      target_on: day(values.target_on, targetOn, 'target_on'),
    });
    if (errors.summary.length > 0 || baseline === null || target === null || !baselineOn || !targetOn) {
      form.show(errors);
      return;
    }
    add.mutate(
      {
        description: values.description.trim(),
        method: values.method as MeasureMethod,
        standard_number: values.standard ? Number(values.standard) : null,
        baseline_value: baseline,
        baseline_on: baselineOn,
        target_value: target,
        target_on: targetOn,
      },
      {
        onSuccess: () => {
          form.clear();
          setValues(initialMeasure);
          setAdded(true);
        },
        onError: (error) => form.show(formErrorsFromError(error, measureFields)),
      },
    );
  };
  return (
    <Details summary="Add a measure" open={form.errors.summary.length > 0}>
      <form noValidate onSubmit={submit} aria-label="Add a measure">
        <p className="govuk-body">What should improve, where it starts and where it should get to: the plan then shows whether it did.</p>
        {form.errors.summary.length > 0 ? <ErrorSummary key={form.attempt} errors={form.errors.summary} /> : null}
        <div role="status" className="app-inline-confirmation">
          {added ? <p className="govuk-body govuk-!-font-weight-bold">Measure added.</p> : null}
        </div>
        <Input
          id="measure-description"
          label="What is measured"
          labelSize="s"
          hint="For example, audits graded good or better on lived experience (%)"
          error={form.errors.byField.description}
          value={values.description}
          onChange={set('description')}
        />
        <Radios
          idPrefix="measure-method"
          legend="How it is measured"
          legendSize="s"
          small
          error={form.errors.byField.method}
          value={values.method}
          onChange={set('method')}
          items={MEASURE_METHODS.map((method) => ({ value: method, text: measureMethodLabels[method] }))}
        />
        <Select
          id="measure-standard"
          label="Practice standard (needed for re-audits)"
          labelSize="s"
          error={form.errors.byField.standard_number}
          value={values.standard}
          onChange={set('standard')}
          options={[{ value: '', text: 'None' }, ...standardOptions(standards)]}
        />
        <Input id="measure-baseline" label="Baseline" labelSize="s" hint="Where it starts." width="5" inputMode="decimal" spellCheck={false} error={form.errors.byField.baseline_value} value={values.baseline_value} onChange={set('baseline_value')} />
        <DateInput id="measure-baseline-on" legend="Day of the baseline" legendSize="s" error={form.errors.byField.baseline_on} value={values.baseline_on} onChange={set('baseline_on')} />
        <Input id="measure-target" label="Target" labelSize="s" hint="Where it should get to." width="5" inputMode="decimal" spellCheck={false} error={form.errors.byField.target_value} value={values.target_value} onChange={set('target_value')} />
        <DateInput
          id="measure-target-on"
          legend="Day the target should be met"
          legendSize="s"
          hint="After the baseline."
          error={form.errors.byField.target_on}
          value={values.target_on}
          onChange={set('target_on')}
        />
        <Button variant="secondary">Add measure</Button>
      </form>
    </Details>
  );
}
