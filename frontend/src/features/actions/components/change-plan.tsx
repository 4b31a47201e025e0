import { useState, type SyntheticEvent } from 'react';
import { Button, DateInput, Details, dateInputFirstId, datePartsFromIso, ErrorSummary, Input, isEmptyDate, isoDateFromParts, Radios, Select, type DateParts } from '@/components/govuk';
import { useFormErrors } from '@/components/use-form-errors';
import { ApiError } from '@/lib/api/api-error';
import type { ActionPlan, PlanPatch } from '@/lib/api/types';
import { fieldErrors, formErrorsFromError, type FieldSpec } from '@/lib/form-errors';
import { peopleOptions, useStaff } from '@/lib/staff';
import { useUpdatePlan } from '../api/use-plans';

const fields: Record<string, FieldSpec> = {
  title: { label: 'Title', id: 'plan-title', required: 'Enter the plan’s title' },
  owner_id: { label: 'Owner', id: 'plan-owner' },
  due_on: { label: 'Due date', id: dateInputFirstId('plan-due') },
  status: { label: 'Status', id: 'plan-status' },
};

const STALE = { text: 'Someone else changed this plan while you were looking at it. It now shows their changes: check it and make yours again.' };

interface Values {
  title: string;
  owner_id: string;
  due_on: DateParts;
  status: string;
}

/**
 * Changes a plan's title, owner or due date, or closes it; only what changed is sent. Shown
 * afresh (keyed by version) when the plan changes, so a refusal for a stale version is kept by
 * the page (`stale`, a count of them) and said again over the plan as it now is.
 */
export function ChangePlan({ plan, etag, stale, onStale, onDone }: { plan: ActionPlan; etag: string; stale: number; onStale: () => void; onDone: (message: string) => void }) {
  const update = useUpdatePlan(plan.id);
  const staff = useStaff();
  const form = useFormErrors();
  const [values, setValues] = useState<Values>({ title: plan.title, owner_id: plan.owner_id ?? '', due_on: datePartsFromIso(plan.due_on), status: plan.status });
  const set = <K extends keyof Values>(name: K) => (value: Values[K]) => setValues((current) => ({ ...current, [name]: value }));
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (update.isPending) return;
    const due = isEmptyDate(values.due_on) ? null : isoDateFromParts(values.due_on);
    const errors = fieldErrors(fields, {
      title: values.title.trim() ? null : fields.title?.required,
      due_on: !isEmptyDate(values.due_on) && !due ? 'The due date must be a real date' : null,
    });
    if (errors.summary.length > 0) {
      form.show(errors);
      return;
    }
    const patch: PlanPatch = {
      ...(values.title.trim() !== plan.title ? { title: values.title.trim() } : {}),
      ...(values.owner_id && values.owner_id !== plan.owner_id ? { owner_id: values.owner_id } : {}),
      ...(due !== (plan.due_on ?? null) ? { due_on: due } : {}),
      ...(values.status !== plan.status ? { status: values.status } : {}),
    };
    if (Object.keys(patch).length === 0) {
      form.show({ summary: [{ text: 'Nothing has changed: change something, then save' }], byField: {} });
      return;
    }
    update.mutate(
      { patch, etag },
      {
        onSuccess: (saved) => onDone(patch.status === 'closed' ? 'The plan is closed' : patch.status === 'open' ? 'The plan is open again' : `${saved.data.title} has been changed`),
        onError: (error) => {
          if (error instanceof ApiError && error.status === 412) onStale();
          else form.show(formErrorsFromError(error, fields, {}, values));
        },
      },
    );
  };
  return (
    <Details summary="Change or close the plan" open={form.errors.summary.length > 0 || stale > 0}>
      <form noValidate onSubmit={submit} aria-label="Change or close the plan">
        {form.errors.summary.length > 0 ? (
          <ErrorSummary key={form.attempt} errors={form.errors.summary} />
        ) : stale > 0 ? (
          <ErrorSummary key={`stale-${stale}`} errors={[STALE]} />
        ) : null}
        <Input id="plan-title" label="Title" labelSize="s" error={form.errors.byField.title} value={values.title} onChange={set('title')} />
        <Select
          id="plan-owner"
          label="Owner"
          labelSize="s"
          error={form.errors.byField.owner_id}
          value={values.owner_id}
          onChange={set('owner_id')}
          options={[...(plan.owner_id ? [] : [{ value: '', text: 'No owner' }]), ...peopleOptions(staff.data ?? [])]}
        />
        <DateInput id="plan-due" legend="Due date (optional)" legendSize="s" hint="Leave empty for no due date." error={form.errors.byField.due_on} value={values.due_on} onChange={set('due_on')} />
        <Radios
          idPrefix="plan-status"
          legend="Is the plan still open?"
          legendSize="s"
          small
          error={form.errors.byField.status}
          value={values.status}
          onChange={set('status')}
          items={[
            { value: 'open', text: 'Open', hint: 'Actions and measures can still be added.' },
            { value: 'closed', text: 'Closed', hint: 'Nothing more can be added or changed.' },
          ]}
        />
        <Button>Save changes</Button>
      </form>
    </Details>
  );
}
