import { useState, type SyntheticEvent } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import {
  BackLink,
  Button,
  DateInput,
  dateInputFirstId,
  emptyDate,
  ErrorSummary,
  Input,
  isEmptyDate,
  isoMonthFromParts,
  Radios,
  Select,
  Textarea,
  type DateParts,
} from '@/components/govuk';
import type { ThemeSource } from '@/lib/api/types';
import { formErrorsFromError, noErrors, type FieldSpec, type FormErrors } from '@/lib/form-errors';
import { themeSourceLabels } from '@/lib/labels';
import { usePageTitle } from '@/lib/page-title';
import { useStaff } from '@/lib/staff';
import { useCreateTheme, useProgrammes } from '../api/use-programme';

const fields: Record<string, FieldSpec> = {
  programme_id: { label: 'Programme', id: 'programme_id' },
  title: { label: 'Title', id: 'title', required: 'Enter the theme’s title' },
  rationale: { label: 'Why it is audited', id: 'rationale', required: 'Enter why the theme is audited' },
  source: { label: 'Where it came from', id: 'source', required: 'Select where the theme came from' },
  planned_month: { label: 'Planned month', id: dateInputFirstId('planned_month', 'month') },
  lead_id: { label: 'Lead', id: 'lead_id' },
  sample_size: { label: 'Cases to sample', id: 'sample_size' },
};

interface Values {
  programme_id: string;
  title: string;
  rationale: string;
  source: string;
  planned_month: DateParts;
  lead_id: string;
  sample_size: string;
}

export function ThemeCreatePage() {
  const [search] = useSearchParams();
  const navigate = useNavigate();
  const programmes = useProgrammes();
  const staff = useStaff();
  const create = useCreateTheme();
  const [values, setValues] = useState<Values>({
    programme_id: search.get('programme_id') ?? '',
    title: '',
    rationale: '',
    source: '',
    planned_month: emptyDate,
    lead_id: '',
    sample_size: '',
  });
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [attempt, setAttempt] = useState(0);
  usePageTitle('Add a theme', errors.summary.length > 0);
  const set = <K extends keyof Values>(name: K) => (value: Values[K]) => setValues((current) => ({ ...current, [name]: value }));

  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (create.isPending) return;
    const local: FormErrors = { summary: [], byField: {} };
    const fail = (name: keyof Values, text: string) => {
      local.summary.push({ href: `#${fields[name]?.id ?? name}`, text });
      local.byField[name] = text;
    };
    // In the order of the fields on the page.
    if (!values.title.trim()) fail('title', 'Enter the theme’s title');
    if (!values.rationale.trim()) fail('rationale', 'Enter why the theme is audited');
    if (!values.source) fail('source', 'Select where the theme came from');
    const month = isEmptyDate(values.planned_month) ? null : isoMonthFromParts(values.planned_month);
    if (!isEmptyDate(values.planned_month) && !month) fail('planned_month', 'Planned month must be a real month');
    const sample = values.sample_size.trim();
    if (sample && !/^\d+$/.test(sample)) fail('sample_size', 'Cases to sample must be a whole number, like 12');
    if (local.summary.length > 0) {
      setErrors(local);
      setAttempt((n) => n + 1);
      return;
    }
    create.mutate(
      {
        programme_id: values.programme_id || null,
        title: values.title.trim(),
        rationale: values.rationale.trim(),
        source: values.source as ThemeSource,
        planned_month: month,
        lead_id: values.lead_id || null,
        sample_size: sample ? Number(sample) : null,
      },
      {
        onSuccess: (theme) => void navigate(`/programme/themes/${theme.id}`, { state: { flash: `${theme.title} has been added` } }),
        onError: (error) => {
          setErrors(formErrorsFromError(error, fields, {}, values));
          setAttempt((n) => n + 1);
        },
      },
    );
  };

  const leads = [...(staff.data ?? [])].sort((a, b) => a.display_name.localeCompare(b.display_name, 'en-GB'));
  return (
    <>
      <BackLink to="/programme">Back to the audit programme</BackLink>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          {errors.summary.length > 0 ? <ErrorSummary key={attempt} errors={errors.summary} /> : null}
          <h1 className="govuk-heading-l">Add a theme</h1>
          <form noValidate onSubmit={submit}>
            <Select
              id="programme_id"
              label="Programme"
              error={errors.byField.programme_id}
              value={values.programme_id}
              onChange={set('programme_id')}
              options={[{ value: '', text: 'Not part of a programme' }, ...(programmes.data?.items ?? []).map((p) => ({ value: p.id, text: `${p.title} (${p.year})` }))]}
            />
            <Input id="title" label="Title" error={errors.byField.title} value={values.title} onChange={set('title')} />
            <Textarea id="rationale" label="Why it is audited" error={errors.byField.rationale} rows={4} value={values.rationale} onChange={set('rationale')} />
            <Radios
              idPrefix="source"
              legend="Where did the theme come from?"
              legendSize="s"
              error={errors.byField.source}
              value={values.source}
              onChange={set('source')}
              items={(Object.keys(themeSourceLabels) as ThemeSource[]).map((source) => ({ value: source, text: themeSourceLabels[source] }))}
            />
            <DateInput
              id="planned_month"
              parts="month"
              legend="Planned month (optional)"
              legendSize="s"
              hint="For example, 6 2026"
              error={errors.byField.planned_month}
              value={values.planned_month}
              onChange={set('planned_month')}
            />
            <Select
              id="lead_id"
              label="Lead (optional)"
              error={errors.byField.lead_id}
              value={values.lead_id}
              onChange={set('lead_id')}
              options={[{ value: '', text: 'No lead yet' }, ...leads.map((member) => ({ value: member.id, text: member.display_name }))]}
            />
            <Input
              id="sample_size"
              label="Cases to sample (optional)"
              inputMode="numeric"
              width="3"
              error={errors.byField.sample_size}
              value={values.sample_size}
              onChange={set('sample_size')}
            />
            <Button>Add theme</Button>
          </form>
        </div>
      </div>
    </>
  );
}
