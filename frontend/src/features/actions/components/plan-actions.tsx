import { useState, type SyntheticEvent } from 'react';
import { Link } from 'react-router';
import { Button, DateInput, Details, dateInputFirstId, emptyDate, ErrorSummary, isEmptyDate, isoDateFromParts, Radios, Select, Table, Textarea, type DateParts } from '@/components/govuk';
import { ActionStatusTag } from '@/components/status-tags';
import { useFormErrors } from '@/components/use-form-errors';
import type { Action, ActionKind, PracticeStandard } from '@/lib/api/types';
import { addDays, dateInputExample, formatDate, todayIso } from '@/lib/dates';
import { fieldErrors, formErrorsFromError, type FieldSpec } from '@/lib/form-errors';
import { actionKindLabels, narrativeText } from '@/lib/labels';
import { standardOptions } from '@/lib/reference-data';
import { peopleOptions, useStaff } from '@/lib/staff';
import { useAddPlanAction } from '../api/use-plans';

/** The plan's actions, soonest due first, each with its status and whether it is overdue. */
export function PlanActionsTable({ actions, readsNarrative }: { actions: Action[]; readsNarrative: boolean }) {
  if (actions.length === 0) return <p className="govuk-body">This plan has no actions yet.</p>;
  const sorted = [...actions].sort((a, b) => a.due_on.localeCompare(b.due_on));
  return (
    <Table
      caption="The plan’s actions, soonest due first"
      captionHidden
      head={[{ text: 'Action' }, { text: 'Owner' }, { text: 'Due' }, { text: 'Status' }]}
      rows={sorted.map((action) => ({
        key: action.id,
        cells: [
          <Link className="govuk-link" to={`/actions/${action.id}`}>
            {narrativeText(action.description, readsNarrative, 'Action')}
          </Link>,
          action.owner_name ?? 'No owner',
          formatDate(action.due_on),
          <span className="app-tags">
            <ActionStatusTag status={action.status} overdue={action.overdue} />
          </span>,
        ],
      }))}
    />
  );
}

/** The kinds of action a plan takes: remedial actions come from audits. */
const PLAN_ACTION_KINDS: ActionKind[] = ['practice_development', 'service_improvement', 'training'];

const fields: Record<string, FieldSpec> = {
  description: { label: 'What must be done', id: 'action-description', required: 'Enter what must be done' },
  owner_id: { label: 'Owner', id: 'action-owner', required: 'Select who will do it' },
  due_on: { label: 'Due date', id: dateInputFirstId('action-due'), required: 'Enter when it is due' },
  kind: { label: 'Kind of action', id: 'action-kind', required: 'Select the kind of action' },
  standard_number: { label: 'Practice standard', id: 'action-standard' },
};

interface Values {
  description: string;
  owner_id: string;
  due_on: DateParts;
  kind: string;
  standard: string;
}

const initial: Values = { description: '', owner_id: '', due_on: emptyDate, kind: '', standard: '' };

/** Adds an action to the plan; its owner is told. */
export function AddPlanAction({ planId, unitName, standards }: { planId: string; unitName: string | null | undefined; standards: PracticeStandard[] }) {
  const add = useAddPlanAction(planId);
  const staff = useStaff();
  const form = useFormErrors();
  const [values, setValues] = useState<Values>(initial);
  const [added, setAdded] = useState(false);
  const set = <K extends keyof Values>(name: K) => (value: Values[K]) => setValues((current) => ({ ...current, [name]: value }));
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (add.isPending) return;
    setAdded(false);
    const day = isEmptyDate(values.due_on) ? null : isoDateFromParts(values.due_on);
    const errors = fieldErrors(fields, {
      description: values.description.trim() ? null : fields.description?.required,
      owner_id: values.owner_id ? null : fields.owner_id?.required,
      due_on: isEmptyDate(values.due_on) ? fields.due_on?.required : !day ? 'The due date must be a real date' : null,
      kind: values.kind ? null : fields.kind?.required,
    });
    if (errors.summary.length > 0 || !day) {
      form.show(errors);
      return;
    }
    add.mutate(
      {
        description: values.description.trim(),
        owner_id: values.owner_id,
        due_on: day,
        kind: values.kind as ActionKind,
        standard_number: values.standard ? Number(values.standard) : null,
      },
      {
        onSuccess: () => {
          form.clear();
          setValues(initial);
          setAdded(true);
        },
        onError: (error) => form.show(formErrorsFromError(error, fields, {}, { ...values, due_on: day })),
      },
    );
  };
  return (
    <Details summary="Add an action" open={form.errors.summary.length > 0}>
      <form noValidate onSubmit={submit} aria-label="Add an action">
        {form.errors.summary.length > 0 ? <ErrorSummary key={form.attempt} errors={form.errors.summary} /> : null}
        <div role="status" className="app-inline-confirmation">
          {added ? <p className="govuk-body govuk-!-font-weight-bold">Action added: its owner has been told.</p> : null}
        </div>
        <Textarea id="action-description" label="What must be done" labelSize="s" error={form.errors.byField.description} rows={3} value={values.description} onChange={set('description')} />
        <Select
          id="action-owner"
          label="Who will do it"
          labelSize="s"
          hint={unitName ? `Someone in ${unitName}, or who sees the whole council.` : undefined}
          error={form.errors.byField.owner_id}
          value={values.owner_id}
          onChange={set('owner_id')}
          options={[{ value: '', text: 'Choose a person' }, ...peopleOptions(staff.data ?? [])]}
        />
        <DateInput
          id="action-due"
          legend="When is it due?"
          legendSize="s"
          hint={`Today or later. For example, ${dateInputExample(addDays(todayIso(), 28))}`}
          error={form.errors.byField.due_on}
          value={values.due_on}
          onChange={set('due_on')}
        />
        <Radios
          idPrefix="action-kind"
          legend="Kind of action"
          legendSize="s"
          small
          error={form.errors.byField.kind}
          value={values.kind}
          onChange={set('kind')}
          items={PLAN_ACTION_KINDS.map((kind) => ({ value: kind, text: actionKindLabels[kind] }))}
        />
        <Select
          id="action-standard"
          label="Practice standard it relates to (optional)"
          labelSize="s"
          error={form.errors.byField.standard_number}
          value={values.standard}
          onChange={set('standard')}
          options={[{ value: '', text: 'None' }, ...standardOptions(standards)]}
        />
        <Button variant="secondary">Add action</Button>
      </form>
    </Details>
  );
}
