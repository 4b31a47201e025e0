import { useState, type SyntheticEvent } from 'react';
import { Link } from 'react-router';
import {
  Button,
  DateInput,
  dateInputFirstId,
  emptyDate,
  ErrorSummary,
  isEmptyDate,
  isoDateFromParts,
  Select,
  Table,
  Textarea,
  type DateParts,
} from '@/components/govuk';
import { ActionStatusTag } from '@/components/status-tags';
import type { Action, Case, PracticeStandard } from '@/lib/api/types';
import { formatDate } from '@/lib/dates';
import { formErrorsFromError, noErrors, type FieldSpec, type FormErrors } from '@/lib/form-errors';
import { standardName, standardOptions } from '@/lib/reference-data';
import { useStaff } from '@/lib/staff';
import { useAddRemedialAction } from '../api/use-audits';
import { joinNames, recipients } from './notified';

const fields: Record<string, FieldSpec> = {
  description: { label: 'What must be done', id: 'remedial-description', required: 'Enter what must be done' },
  owner_id: { label: 'Who will do it', id: 'remedial-owner' },
  due_on: { label: 'Due date', id: dateInputFirstId('remedial-due') },
  standard_number: { label: 'Practice standard', id: 'remedial-standard' },
};

interface Props {
  auditId: string;
  teamId: string;
  actions: Action[];
  standards: PracticeStandard[];
  kase: Case | undefined;
  meId: string;
  personName: (id: string | null | undefined, none?: string) => string;
  /** Whether new actions may be added (a draft, by its auditor). */
  editable: boolean;
}

/** The remedial actions raised on an audit, and (on a draft) the form to raise another. */
export function RemedialActions({ auditId, teamId, actions, standards, kase, meId, personName, editable }: Props) {
  return (
    <section className="app-audit-section" id="remedial-actions" aria-labelledby="remedial-actions-heading">
      <h2 className="govuk-heading-l" id="remedial-actions-heading">
        Remedial actions
      </h2>
      {actions.length === 0 ? (
        <p className="govuk-body">No remedial actions have been raised.</p>
      ) : (
        <Table
          caption="Remedial actions raised"
          captionHidden
          head={[{ text: 'What must be done' }, { text: 'Standard' }, { text: 'Owner' }, { text: 'Due' }, { text: 'Status' }]}
          rows={actions.map((action) => ({
            key: action.id,
            cells: [
              <Link className="govuk-link" to={`/actions/${action.id}`}>
                {action.description ?? 'Remedial action'}
              </Link>,
              standardName(standards, action.standard_number),
              personName(action.owner_id, 'No one'),
              formatDate(action.due_on),
              <ActionStatusTag status={action.status} overdue={action.overdue} />,
            ],
          }))}
        />
      )}
      {editable ? <AddRemedialAction auditId={auditId} teamId={teamId} standards={standards} kase={kase} meId={meId} personName={personName} /> : null}
    </section>
  );
}

interface Values {
  description: string;
  owner_id: string;
  due: DateParts;
  standard_number: string;
}

const emptyValues: Values = { description: '', owner_id: '', due: emptyDate, standard_number: '' };

function AddRemedialAction({ auditId, teamId, standards, kase, meId, personName }: Omit<Props, 'actions' | 'editable'>) {
  const add = useAddRemedialAction(auditId);
  const staff = useStaff(teamId);
  const [values, setValues] = useState<Values>(emptyValues);
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [attempt, setAttempt] = useState(0);
  const [done, setDone] = useState<string | null>(null);
  const set = <K extends keyof Values>(name: K) => (value: Values[K]) => setValues((current) => ({ ...current, [name]: value }));

  const worker = kase?.allocated_worker_id ?? null;
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (add.isPending) return;
    setDone(null);
    const due = isEmptyDate(values.due) ? null : isoDateFromParts(values.due);
    if (!isEmptyDate(values.due) && !due) {
      setErrors({ summary: [{ href: `#${dateInputFirstId('remedial-due')}`, text: 'Due date must be a real date' }], byField: { due_on: 'Due date must be a real date' } });
      setAttempt((n) => n + 1);
      return;
    }
    const owner = values.owner_id || worker;
    add.mutate(
      {
        description: values.description.trim(),
        owner_id: values.owner_id || null,
        due_on: due,
        standard_number: values.standard_number ? Number(values.standard_number) : null,
      },
      {
        onSuccess: () => {
          const told = recipients([worker, kase?.case_manager_id, owner], meId).map((id) => personName(id));
          setDone(
            told.length > 0
              ? `Remedial action added. We have told ${joinNames(told)} straight away.`
              : 'Remedial action added.',
          );
          setErrors(noErrors);
          setValues(emptyValues);
        },
        onError: (error) => {
          setErrors(formErrorsFromError(error, fields, {}, { description: values.description.trim() }));
          setAttempt((n) => n + 1);
        },
      },
    );
  };

  const teamStaff = (staff.data ?? []).filter((member) => member.id !== worker).sort((a, b) => a.display_name.localeCompare(b.display_name, 'en-GB'));
  return (
    <form noValidate onSubmit={submit} aria-labelledby="add-remedial-action-heading" className="app-inline-form">
      <h3 className="govuk-heading-m" id="add-remedial-action-heading">
        Raise a remedial action
      </h3>
      <p className="govuk-body">
        When you add a remedial action, we tell the case’s worker and their manager at once: you do not need to wait until you
        submit the audit.
      </p>
      {errors.summary.length > 0 ? <ErrorSummary key={attempt} errors={errors.summary} /> : null}
      <div role="status" className="app-inline-confirmation">
        {done ? <p className="govuk-body govuk-!-font-weight-bold">{done}</p> : null}
      </div>
      <Textarea
        id="remedial-description"
        label="What must be done"
        labelSize="s"
        error={errors.byField.description}
        rows={3}
        value={values.description}
        onChange={set('description')}
      />
      <Select
        id="remedial-owner"
        label="Who will do it"
        labelSize="s"
        error={errors.byField.owner_id}
        value={values.owner_id}
        onChange={set('owner_id')}
        options={[
          { value: '', text: worker ? `The case’s worker, ${personName(worker)}` : 'The case’s worker (not allocated)' },
          ...teamStaff.map((member) => ({ value: member.id, text: member.display_name })),
        ]}
      />
      <DateInput
        id="remedial-due"
        legend="Due date"
        legendSize="s"
        hint="Leave blank for 10 working days from today. For example, 27 3 2026"
        error={errors.byField.due_on}
        value={values.due}
        onChange={set('due')}
      />
      <Select
        id="remedial-standard"
        label="Practice standard it concerns (optional)"
        labelSize="s"
        error={errors.byField.standard_number}
        value={values.standard_number}
        onChange={set('standard_number')}
        options={[{ value: '', text: 'None' }, ...standardOptions(standards)]}
      />
      <Button variant="secondary">
        Add remedial action
      </Button>
    </form>
  );
}
