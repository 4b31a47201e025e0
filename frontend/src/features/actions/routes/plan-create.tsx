import { useState, type SyntheticEvent } from 'react';
import { useNavigate } from 'react-router';
import { BackLink, Button, DateInput, dateInputFirstId, emptyDate, ErrorSummary, Input, isEmptyDate, isoDateFromParts, Radios, Select, type DateParts } from '@/components/govuk';
import { Loading } from '@/components/loading';
import { NoAccessPage } from '@/components/status-pages/no-access';
import { useFormErrors } from '@/components/use-form-errors';
import type { PlanSource } from '@/lib/api/types';
import { addDays, dateInputExample, todayIso } from '@/lib/dates';
import { fieldErrors, formErrorsFromError, type FieldSpec } from '@/lib/form-errors';
import { planSourceLabels } from '@/lib/labels';
import { unitFilterOptions, unitFilters, useOrgUnits } from '@/lib/org-units';
import { usePageTitle } from '@/lib/page-title';
import { isPlanner, plansAnywhere } from '@/lib/permissions';
import { useMe } from '@/lib/session/session-context';
import { peopleOptions, useStaff } from '@/lib/staff';
import { useCreatePlan } from '../api/use-plans';

/** The sources a plan is made by hand from: audits and closed themes make their own. */
const MADE_BY_HAND: PlanSource[] = ['inspection', 'peer_review', 'case_review', 'complaint', 'escalation', 'self_evaluation'];

/** The whole council: a plan with no team or service. */
const COUNCIL = 'council';

const fields: Record<string, FieldSpec> = {
  title: { label: 'Title', id: 'title', required: 'Enter what the plan is for' },
  source: { label: 'Where it came from', id: 'source', required: 'Select where the plan came from' },
  owner_id: { label: 'Owner', id: 'owner_id', required: 'Select who owns the plan' },
  team_id: { label: 'Team or service', id: 'unit', required: 'Select the team or service the plan is for' },
  service_id: { label: 'Team or service', id: 'unit' },
  due_on: { label: 'Due date', id: dateInputFirstId('due_on') },
};

interface Values {
  title: string;
  source: string;
  owner_id: string;
  unit: string;
  due_on: DateParts;
}

/**
 * Making an action plan by hand: for a team or a service (managers, their own), or for any part
 * of the council or the whole of it (the QA unit and senior leaders). Its owner is told.
 */
export function PlanCreatePage() {
  const me = useMe();
  if (!isPlanner(me)) return <NoAccessPage />;
  return <PlanCreateForm />;
}

function PlanCreateForm() {
  const me = useMe();
  const navigate = useNavigate();
  const create = useCreatePlan();
  const staff = useStaff();
  const orgUnits = useOrgUnits();
  const form = useFormErrors();
  const anywhere = plansAnywhere(me);
  const [values, setValues] = useState<Values>({ title: '', source: '', owner_id: '', unit: anywhere ? COUNCIL : '', due_on: emptyDate });
  const set = <K extends keyof Values>(name: K) => (value: Values[K]) => setValues((current) => ({ ...current, [name]: value }));
  usePageTitle('Make an action plan', form.errors.summary.length > 0);
  const units = unitFilterOptions(orgUnits.data ?? [], me);

  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (create.isPending) return;
    const due = isEmptyDate(values.due_on) ? null : isoDateFromParts(values.due_on);
    const errors = fieldErrors(fields, {
      title: values.title.trim() ? null : fields.title?.required,
      source: values.source ? null : fields.source?.required,
      owner_id: values.owner_id ? null : fields.owner_id?.required,
      team_id: values.unit ? null : fields.team_id?.required,
      due_on: !isEmptyDate(values.due_on) && !due ? 'The due date must be a real date' : null,
    });
    if (errors.summary.length > 0) {
      form.show(errors);
      return;
    }
    const unit = values.unit === COUNCIL ? { team_id: null, service_id: null } : unitFilters(values.unit);
    create.mutate(
      {
        title: values.title.trim(),
        source: values.source as PlanSource,
        owner_id: values.owner_id,
        team_id: unit.team_id || null,
        service_id: unit.service_id || null,
        due_on: due,
      },
      {
        onSuccess: (plan) => void navigate(`/actions/plans/${plan.id}`, { state: { flash: 'Action plan made: its owner has been told' } }),
        onError: (error) => form.show(formErrorsFromError(error, fields, {}, values)),
      },
    );
  };

  return (
    <>
      <BackLink to="/actions/plans">Back to action plans</BackLink>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          {form.errors.summary.length > 0 ? <ErrorSummary key={form.attempt} errors={form.errors.summary} /> : null}
          <h1 className="govuk-heading-l">Make an action plan</h1>
          <p className="govuk-body">Audits with remedial actions and closed themes make their own plans. Make one here for what an inspection, a review, a complaint or your own self-evaluation found.</p>
          {!staff.data || !orgUnits.data ? (
            <Loading />
          ) : (
            <form noValidate onSubmit={submit}>
              <Input id="title" label="What is the plan for?" labelSize="m" hint="A short title, such as “Ofsted focused visit: planning for children in need”." error={form.errors.byField.title} value={values.title} onChange={set('title')} />
              <Radios
                idPrefix="source"
                legend="Where did it come from?"
                legendSize="m"
                error={form.errors.byField.source}
                value={values.source}
                onChange={set('source')}
                items={MADE_BY_HAND.map((source) => ({ value: source, text: planSourceLabels[source] }))}
              />
              <Select
                id="unit"
                label="Which team or service is it for?"
                labelSize="m"
                hint={anywhere ? undefined : 'The teams and services you manage.'}
                error={form.errors.byField.team_id ?? form.errors.byField.service_id}
                value={values.unit}
                onChange={set('unit')}
                options={[...(anywhere ? [{ value: COUNCIL, text: 'The whole council' }] : [{ value: '', text: 'Choose a team or service' }]), ...units]}
              />
              <Select
                id="owner_id"
                label="Who owns it?"
                labelSize="m"
                hint="Someone who works in the team or service, or who sees the whole council. They are told."
                error={form.errors.byField.owner_id}
                value={values.owner_id}
                onChange={set('owner_id')}
                options={[{ value: '', text: 'Choose a person' }, ...peopleOptions(staff.data)]}
              />
              <DateInput
                id="due_on"
                legend="When should it be done? (optional)"
                legendSize="m"
                hint={`For example, ${dateInputExample(addDays(todayIso(), 90))}`}
                error={form.errors.byField.due_on}
                value={values.due_on}
                onChange={set('due_on')}
              />
              <Button>Make plan</Button>
            </form>
          )}
        </div>
      </div>
    </>
  );
}
