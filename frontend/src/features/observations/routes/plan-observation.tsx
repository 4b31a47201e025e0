import { useQuery } from '@tanstack/react-query';
import { useState, type SyntheticEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { BackLink, Button, DateInput, dateInputFirstId, emptyDate, ErrorSummary, isEmptyDate, isoDateFromParts, Radios, Select, Textarea, type DateParts } from '@/components/govuk';
import { Loading } from '@/components/loading';
import { NoAccessPage } from '@/components/status-pages/no-access';
import { useFormErrors } from '@/components/use-form-errors';
import { unwrap } from '@/lib/api/api-error';
import { api } from '@/lib/api/client';
import { OBSERVATION_SETTINGS } from '@/lib/api/enums';
import type { ObservationSetting } from '@/lib/api/types';
import { caseName, caseQuery } from '@/lib/cases';
import { addDays, dateInputExample, formatDate, todayIso } from '@/lib/dates';
import { fieldErrors, formErrorsFromError, type FieldSpec } from '@/lib/form-errors';
import { observationSettingLabels } from '@/lib/labels';
import { usePageTitle } from '@/lib/page-title';
import { isObserver, mayObserve } from '@/lib/permissions';
import { useMe } from '@/lib/session/session-context';
import { useStaff } from '@/lib/staff';
import { usePlanObservation } from '../api/use-observations';

/** How far ahead an observation may usually be planned (the council's default; the API decides). */
const MAX_DAYS_AHEAD = 30;

const fields: Record<string, FieldSpec> = {
  observed_id: { label: 'Worker', id: 'observed_id', required: 'Select the worker you will observe' },
  case_id: { label: 'Case', id: 'case_id' },
  observed_on: { label: 'Day of the observation', id: dateInputFirstId('observed_on'), required: 'Enter the day of the observation' },
  setting: { label: 'Setting', id: 'setting', required: 'Select where you will observe' },
  focus: { label: 'Focus', id: 'focus', required: 'Enter what the observation will focus on' },
};

interface Values {
  observed_id: string;
  case_id: string;
  observed_on: DateParts;
  setting: string;
  focus: string;
}

/** The open cases allocated to a worker, to choose the one the practice is about. */
function useWorkerCases(workerId: string) {
  return useQuery({
    queryKey: ['cases', 'list', { worker_id: workerId, status: ['open'], sort: 'external_ref', limit: 100 }],
    queryFn: () => unwrap(api.GET('/api/v1/cases', { params: { query: { worker_id: workerId, status: ['open'], sort: 'external_ref', limit: 100 } } })),
    enabled: Boolean(workerId),
  });
}

/**
 * Planning an observation (the conversation before): who, on which case if any, when, where
 * and what it will focus on. Reached from a colleague in the staff directory or from a case.
 */
export function PlanObservationPage() {
  const me = useMe();
  if (!isObserver(me)) return <NoAccessPage />;
  return <PlanObservationForm />;
}

function PlanObservationForm() {
  const me = useMe();
  const navigate = useNavigate();
  const [search] = useSearchParams();
  const fromCase = search.get('case_id') ?? '';
  const staff = useStaff();
  const kase = useQuery({ ...caseQuery(fromCase), enabled: Boolean(fromCase) });
  const plan = usePlanObservation();
  const form = useFormErrors();
  const [values, setValues] = useState<Values>(() => ({
    observed_id: search.get('observed_id') ?? '',
    case_id: fromCase,
    observed_on: emptyDate,
    setting: '',
    focus: '',
  }));
  const set = <K extends keyof Values>(name: K) => (value: Values[K]) => setValues((current) => ({ ...current, [name]: value }));
  const cases = useWorkerCases(values.observed_id);
  usePageTitle('Plan an observation', form.errors.summary.length > 0);

  const observable = (staff.data ?? []).filter((person) => mayObserve(me, person)).sort((a, b) => a.display_name.localeCompare(b.display_name, 'en-GB'));
  const latest = addDays(todayIso(), MAX_DAYS_AHEAD);
  const caseOptions = [
    { value: '', text: 'Not about one child' },
    // The case the planning started from, even when it is not the worker's.
    ...(kase.data && !(cases.data?.items ?? []).some((c) => c.id === kase.data.id) ? [{ value: kase.data.id, text: caseName(kase.data) }] : []),
    ...(cases.data?.items ?? []).map((c) => ({ value: c.id, text: caseName(c) })),
  ];

  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (plan.isPending) return;
    const day = isEmptyDate(values.observed_on) ? null : isoDateFromParts(values.observed_on);
    const empty = (field: keyof Values) => {
      const value = values[field];
      return typeof value === 'string' ? !value.trim() : isEmptyDate(value);
    };
    const required = (field: keyof Values) => (empty(field) ? fields[field]?.required : null);
    const errors = fieldErrors(fields, {
      observed_id: required('observed_id'),
      // How far ahead is the council's setting: the API says when a day is too far.
      observed_on: required('observed_on') ?? (!day ? 'The day of the observation must be a real date' : null),
      setting: required('setting'),
      focus: required('focus'),
    });
    if (errors.summary.length > 0 || !day) {
      form.show(errors);
      return;
    }
    plan.mutate(
      { observed_id: values.observed_id, case_id: values.case_id || null, observed_on: day, setting: values.setting as ObservationSetting, focus: values.focus.trim() },
      {
        onSuccess: (observation) => void navigate(`/observations/${observation.id}`, { state: { flash: 'Observation planned' } }),
        onError: (error) => form.show(formErrorsFromError(error, fields, {}, { ...values, observed_on: day })),
      },
    );
  };

  return (
    <>
      <BackLink to={fromCase ? `/cases/${fromCase}` : '/observations'}>{fromCase ? 'Back to the case' : 'Back to observations'}</BackLink>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          {form.errors.summary.length > 0 ? <ErrorSummary key={form.attempt} errors={form.errors.summary} /> : null}
          <span className="govuk-caption-l">Observation of practice</span>
          <h1 className="govuk-heading-l">Plan an observation</h1>
          <p className="govuk-body">
            Agree the observation with the worker first: its purpose, what it will focus on, and that you will ask for their consent (and the child’s and
            family’s, if they are there) before you record anything.
          </p>
          {!staff.data ? (
            <Loading />
          ) : observable.length === 0 ? (
            <p className="govuk-body">There is nobody you can observe: you observe the practitioners and managers in the teams you manage.</p>
          ) : (
            <form noValidate onSubmit={submit}>
              <Select
                id="observed_id"
                label="Who will you observe?"
                labelSize="m"
                hint={
                  <>
                    Practitioners and managers in the teams you observe. You can also start from the{' '}
                    <Link className="govuk-link" to="/staff">
                      staff directory
                    </Link>
                    .
                  </>
                }
                error={form.errors.byField.observed_id}
                value={values.observed_id}
                onChange={(observed_id) => setValues((current) => ({ ...current, observed_id, case_id: current.case_id === fromCase ? fromCase : '' }))}
                options={[{ value: '', text: 'Choose a worker' }, ...observable.map((person) => ({ value: person.id, text: person.display_name }))]}
              />
              <Select
                id="case_id"
                label="Which child’s case is it about? (optional)"
                labelSize="m"
                hint="The worker’s open cases. An observation about a case is part of the child’s record."
                error={form.errors.byField.case_id}
                value={values.case_id}
                onChange={set('case_id')}
                options={caseOptions}
              />
              <DateInput
                id="observed_on"
                legend="When is the observation?"
                legendSize="m"
                hint={`Usually no later than ${formatDate(latest)}. For example, ${dateInputExample(addDays(todayIso(), 7))}`}
                error={form.errors.byField.observed_on}
                value={values.observed_on}
                onChange={set('observed_on')}
              />
              <Radios
                idPrefix="setting"
                legend="Where will you observe?"
                legendSize="m"
                error={form.errors.byField.setting}
                value={values.setting}
                onChange={set('setting')}
                items={OBSERVATION_SETTINGS.map((setting) => ({ value: setting, text: observationSettingLabels[setting] }))}
              />
              <Textarea
                id="focus"
                label="What will the observation focus on?"
                labelSize="m"
                hint="What you agreed with the worker: the practice standards or skills to look at, and why."
                error={form.errors.byField.focus}
                rows={4}
                value={values.focus}
                onChange={set('focus')}
              />
              <Button>Plan observation</Button>
            </form>
          )}
        </div>
      </div>
    </>
  );
}
