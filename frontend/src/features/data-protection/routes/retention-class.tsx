import { useState, type SyntheticEvent } from 'react';
import { useNavigate, useParams } from 'react-router';
import { BackLink, Button, ErrorSummary, Input, Radios, SummaryList, Textarea } from '@/components/govuk';
import { Loading } from '@/components/loading';
import { NotFoundPage } from '@/components/status-pages/not-found';
import { ProblemPage } from '@/components/status-pages/problem-page';
import { useFormErrors } from '@/components/use-form-errors';
import { ApiError } from '@/lib/api/api-error';
import type { RetentionClass, RetentionClassPatch, RetentionRule } from '@/lib/api/types';
import { formatDateTime } from '@/lib/dates';
import { fieldErrors, formErrorsFromError, type FieldSpec } from '@/lib/form-errors';
import { usePageTitle } from '@/lib/page-title';
import { usePersonName } from '@/lib/staff';
import { categoryLabel, recordKindLabels, ruleWords } from '../api/retention';
import { useRetentionClasses, useUpdateRetentionClass } from '../api/use-data-protection';

const fields: Record<string, FieldSpec> = {
  rule: { label: 'How long they are kept', id: 'rule-0' },
  years: { label: 'Years after the case closed', id: 'years', required: 'Enter how many years after the case closed' },
  age: { label: 'Age', id: 'age', required: 'Enter the birthday they are kept until' },
  description: { label: 'Why', id: 'description', required: 'Enter why the records are kept this long' },
};

const STALE = 'Someone else changed this class while you were looking at it. It now shows their change: make yours again.';

export function RetentionClassPage() {
  const { id = '' } = useParams();
  const classes = useRetentionClasses();
  if (classes.isError) return <ProblemPage error={classes.error} />;
  if (!classes.data) {
    return (
      <>
        <h1 className="govuk-heading-l">Change a retention class</h1>
        <Loading />
      </>
    );
  }
  const found = classes.data.items.find((c) => c.id === id);
  if (!found) return <NotFoundPage />;
  // A new version (saved elsewhere) fills the form afresh.
  return <ClassForm key={found.version} retention={found} />;
}

/** Changing one class of the retention schedule: its rule, the years or age it needs, and why. */
function ClassForm({ retention }: { retention: RetentionClass }) {
  const navigate = useNavigate();
  const personName = usePersonName();
  const update = useUpdateRetentionClass(retention.id);
  const form = useFormErrors();
  const name = `${recordKindLabels[retention.record_kind]} of ${categoryLabel(retention.case_category).toLowerCase()} cases`;
  usePageTitle(`Change how long ${name.toLowerCase()} are kept`, form.errors.summary.length > 0);
  const [rule, setRule] = useState<RetentionRule>(retention.rule);
  const [years, setYears] = useState(retention.years ? String(retention.years) : '');
  const [age, setAge] = useState(retention.age ? String(retention.age) : '');
  const [description, setDescription] = useState(retention.description);

  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (update.isPending) return;
    const whole = (text: string, min: number, max: number) => /^\d+$/.test(text.trim()) && Number(text) >= min && Number(text) <= max;
    const errors = fieldErrors(fields, {
      years: rule === 'years_after_closure' ? (!years.trim() ? fields.years?.required : whole(years, 1, 150) ? null : 'Years must be a whole number from 1 to 150') : null,
      age: rule === 'until_age' ? (!age.trim() ? fields.age?.required : whole(age, 18, 150) ? null : 'Age must be a whole number from 18 to 150') : null,
      description: description.trim() ? null : fields.description?.required,
    });
    if (errors.summary.length > 0) {
      form.show(errors);
      return;
    }
    const patch: RetentionClassPatch = {
      rule,
      years: rule === 'years_after_closure' ? Number(years) : null,
      age: rule === 'until_age' ? Number(age) : null,
      description: description.trim(),
    };
    update.mutate(
      { patch, version: retention.version },
      {
        onSuccess: (saved) =>
          void navigate('/data-protection/retention', {
            state: { flash: `${name} are now kept: ${ruleWords(saved).replace(/^./, (c) => c.toLowerCase())}` },
          }),
        onError: (error) => form.show(error instanceof ApiError && error.status === 412 ? { summary: [{ text: STALE }], byField: {} } : formErrorsFromError(error, fields, {}, patch)),
      },
    );
  };

  return (
    <>
      <BackLink to="/data-protection/retention">Back to the retention schedule</BackLink>
      {form.errors.summary.length > 0 ? <ErrorSummary key={form.attempt} errors={form.errors.summary} /> : null}
      <span className="govuk-caption-l">Retention schedule</span>
      <h1 className="govuk-heading-l">{name}</h1>
      <SummaryList
        rows={[
          { key: 'Kept now', value: ruleWords(retention) },
          { key: 'Last changed', value: retention.updated_by ? `${formatDateTime(retention.updated_at)} by ${personName(retention.updated_by)}` : 'Never: this is the documented default' },
        ]}
      />
      <form noValidate onSubmit={submit}>
        <Radios
          idPrefix="rule"
          legend="How long are they kept?"
          legendSize="m"
          hint="The daily run deletes them when this time has come, unless their case is under a legal hold."
          error={form.errors.byField.rule}
          value={rule}
          onChange={(value) => setRule(value as RetentionRule)}
          items={[
            {
              value: 'years_after_closure',
              text: 'A number of years after the case closed',
              conditional: <Input id="years" label="Years after the case closed" labelSize="s" width="3" inputMode="numeric" error={form.errors.byField.years} value={years} onChange={setYears} />,
            },
            {
              value: 'until_age',
              text: 'Until the child reaches an age',
              hint: 'Counted from the child’s month of birth.',
              conditional: <Input id="age" label="Until the birthday" labelSize="s" hint="For example, 75 for a child in care" width="3" inputMode="numeric" error={form.errors.byField.age} value={age} onChange={setAge} />,
            },
            { value: 'indefinite', text: 'Indefinitely', hint: 'The daily run never deletes them.' },
          ]}
        />
        <Textarea id="description" label="Why they are kept this long" labelSize="m" hint="The law, guidance or council decision behind the rule." rows={3} error={form.errors.byField.description} value={description} onChange={setDescription} />
        <Button>Save the rule</Button>
      </form>
    </>
  );
}
