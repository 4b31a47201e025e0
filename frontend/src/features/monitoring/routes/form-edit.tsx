import type { SyntheticEvent } from 'react';
import { Link, Navigate, useNavigate, useParams } from 'react-router';
import { BackLink, Button, ErrorSummary, InsetText, NotificationBanner, SummaryList } from '@/components/govuk';
import { Loading } from '@/components/loading';
import { SectionError } from '@/components/record-form/section-error';
import { useRecordSubmit, useSectionValues } from '@/components/record-form/use-record-form';
import { ProblemPage } from '@/components/status-pages/problem-page';
import { ApiError } from '@/lib/api/api-error';
import type { MonitoringForm, PracticeStandard } from '@/lib/api/types';
import { caseLabel } from '@/lib/cases';
import { formErrorsFromError, formErrorsFromProblem } from '@/lib/form-errors';
import { usePageTitle } from '@/lib/page-title';
import { usePracticeStandards } from '@/lib/reference-data';
import { useMe } from '@/lib/session/session-context';
import {
  byStandard,
  checkKey,
  checkNumber,
  FINDINGS_KEY,
  fixedField,
  formFields,
  formSections,
  isCheckKey,
  MEETING_KEY,
  sameSection,
  type CheckValues,
  type FindingsValues,
  type MeetingValues,
  type SectionValues,
} from '../api/form-values';
import { useFormAutosave } from '../api/use-form-autosave';
import { useMonitoringForm, useSubmitForm } from '../api/use-monitoring-forms';
import { FindingsSection } from '../components/findings-section';
import { MeetingSection } from '../components/meeting-section';
import { QualityChecks } from '../components/quality-checks';
import { RaiseAlert } from '../components/raise-alert';

/** The draft monitoring form, saved as the reviewing officer goes. */
export function FormEditPage() {
  const { id = '' } = useParams();
  const form = useMonitoringForm(id);
  const standards = usePracticeStandards();
  const error = form.error ?? standards.error;
  if (error) return <ProblemPage error={error} />;
  const current = form.data?.data;
  if (current && !current.allowed_operations.includes('update')) return <Navigate to={`/monitoring-forms/${id}`} replace />;
  // The form starts from its values, so it waits for a read made since this page opened.
  if (!form.data || !form.isFetchedAfterMount || !current || !standards.data) return <LoadingForm />;
  return <FormEditor key={current.id} form={current} etag={form.data.etag} standards={standards.data.items} />;
}

function LoadingForm() {
  usePageTitle('Monitoring form');
  return (
    <>
      <h1 className="govuk-heading-l">Monitoring form</h1>
      <Loading />
    </>
  );
}

function FormEditor({ form, etag, standards }: { form: MonitoringForm; etag: string; standards: PracticeStandard[] }) {
  const me = useMe();
  const navigate = useNavigate();
  const submitForm = useSubmitForm(form.id);
  const { autosave, statuses, saver } = useFormAutosave(form, etag, me.id);
  const { values, change, restoredCount } = useSectionValues<SectionValues>(autosave, () => formSections(form, standards), sameSection);
  const checks = Object.fromEntries(standards.map((s) => [s.number, values[checkKey(s.number)] as CheckValues]));
  const fields = formFields(standards);
  const { errors, attempt, submitting, submit } = useRecordSubmit({
    autosave,
    noun: 'form',
    fixed: fixedField(values, (key) => statuses[key]?.kind === 'saved'),
    sectionLink: (key) =>
      isCheckKey(key)
        ? { href: `#checks-${checkNumber(key)}-rating`, name: `The check of standard ${checkNumber(key)}` }
        : key === MEETING_KEY
          ? { href: '#meeting_on-day', name: 'The meeting' }
          : { href: '#concerns', name: 'Concerns and good practice' },
  });
  const title = `Monitoring form for ${caseLabel(form, 'a case')}`;
  usePageTitle(title, errors.summary.length > 0);

  const onSubmit = (event: SyntheticEvent) => {
    event.preventDefault();
    void submit(() => submitForm.mutateAsync(), {
      done: () => void navigate(`/monitoring-forms/${form.id}`, { state: { flash: 'Monitoring form submitted' } }),
      refused: (error) => {
        if (error instanceof ApiError && error.status === 409) {
          autosave.clear();
          return { summary: [{ href: `/monitoring-forms/${form.id}`, text: 'This form has already been submitted. Go to the submitted form.' }], byField: {} };
        }
        // The quality checks are named by their place in the saved set: name them by standard.
        if (error instanceof ApiError && error.status === 422 && error.problem?.errors?.length) {
          return formErrorsFromProblem(byStandard(error.problem.errors, saver.checkedStandards()), fields);
        }
        return formErrorsFromError(error, fields);
      },
    });
  };

  return (
    <>
      <BackLink to={`/cases/${form.case_id}`}>Back to the case</BackLink>
      {errors.summary.length > 0 ? <ErrorSummary key={attempt} errors={errors.summary} /> : null}
      <span className="govuk-caption-l">Monitoring form – draft</span>
      <h1 className="govuk-heading-l">{title}</h1>
      {restoredCount > 0 ? (
        <NotificationBanner title="Changes restored">
          <p className="govuk-body">
            We restored {restoredCount === 1 ? 'a change' : `${restoredCount} changes`} you made on this device that had not been saved.
            We are saving {restoredCount === 1 ? 'it' : 'them'} now.
          </p>
        </NotificationBanner>
      ) : null}
      <SummaryList
        rows={[
          {
            key: 'Case',
            value: (
              <Link className="govuk-link" to={`/cases/${form.case_id}`}>
                {caseLabel(form, 'View the case')}
              </Link>
            ),
          },
          { key: 'Reviewing officer', value: form.officer_name ?? me.display_name },
        ]}
      />
      <InsetText>Your answers save as you go. If the connection drops, we keep them on this device and save them when it comes back.</InsetText>

      <MeetingSection
        values={values[MEETING_KEY] as MeetingValues}
        onChange={(next) => change(MEETING_KEY, next)}
        onLeave={() => autosave.flush(MEETING_KEY)}
        status={statuses[MEETING_KEY]}
        errors={errors.byField}
      />

      <h2 className="govuk-heading-l app-audit-section" id="checks-heading">
        Quality of practice
      </h2>
      <p className="govuk-body">Check the practice you saw against the standards it showed: good, adequate or a concern. Check at least one standard; say what you saw for a concern.</p>
      <SectionError text={errors.byField.quality_checks} />
      <QualityChecks
        id={`form-${form.id}-checks`}
        standards={standards}
        values={checks}
        onChange={(number, next) => change(checkKey(number), next)}
        onLeave={(number) => autosave.flush(checkKey(number))}
        statuses={statuses}
        errors={errors.byField}
      />

      <FindingsSection
        values={values[FINDINGS_KEY] as FindingsValues}
        onChange={(next) => change(FINDINGS_KEY, next)}
        onLeave={() => autosave.flush(FINDINGS_KEY)}
        status={statuses[FINDINGS_KEY]}
        errors={errors.byField}
      />

      {form.escalation_id ? (
        <p className="govuk-body app-audit-section">
          This form has raised a practice alert.{' '}
          <Link className="govuk-link" to={`/escalations/${form.escalation_id}`}>
            View the practice alert
          </Link>
          .
        </p>
      ) : (
        <RaiseAlert
          form={form}
          standards={standards}
          concerns={(values[FINDINGS_KEY] as FindingsValues).concerns}
          concernStandards={standards.filter((s) => checks[s.number]?.rating === 'concern').map((s) => s.number)}
        />
      )}

      <form noValidate onSubmit={onSubmit} className="app-audit-section" id="submit" aria-labelledby="submit-heading">
        <h2 className="govuk-heading-l" id="submit-heading">
          Submit the form
        </h2>
        <p className="govuk-body">
          To submit, say whether the meeting was held in timescale (and why not), how the child took part and their views, whether the plan is progressing, and check
          at least one standard.
        </p>
        <Button>{submitting ? 'Submitting…' : 'Submit form'}</Button>
      </form>
    </>
  );
}
