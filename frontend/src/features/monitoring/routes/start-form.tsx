import { useQuery } from '@tanstack/react-query';
import { useState, type SyntheticEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { BackLink, Button, DateInput, dateInputFirstId, emptyDate, ErrorSummary, isEmptyDate, isoDateFromParts, Radios, type DateParts } from '@/components/govuk';
import { Loading } from '@/components/loading';
import { NoAccessPage } from '@/components/status-pages/no-access';
import { ProblemPage } from '@/components/status-pages/problem-page';
import { useFormErrors } from '@/components/use-form-errors';
import { MEETING_TYPES } from '@/lib/api/enums';
import type { MeetingType } from '@/lib/api/types';
import { caseName, caseQuery } from '@/lib/cases';
import { dateInputExample, todayIso } from '@/lib/dates';
import { fieldErrors, formErrorsFromError, type FieldSpec } from '@/lib/form-errors';
import { meetingTypeLabels } from '@/lib/labels';
import { usePageTitle } from '@/lib/page-title';
import { isReviewingOfficer } from '@/lib/permissions';
import { useMe } from '@/lib/session/session-context';
import { useStartForm } from '../api/use-monitoring-forms';

const fields: Record<string, FieldSpec> = {
  meeting_type: { label: 'The meeting', id: 'meeting_type', required: 'Select which meeting it was' },
  meeting_on: { label: 'The day of the meeting', id: dateInputFirstId('meeting_on'), required: 'Enter the day of the meeting' },
  case_id: { label: 'Case' },
};

/** Starting a monitoring form after a review or conference, from the child's case: which meeting, and when. */
export function StartFormPage() {
  const me = useMe();
  const [search] = useSearchParams();
  const caseId = search.get('case_id') ?? '';
  if (!isReviewingOfficer(me)) return <NoAccessPage />;
  if (!caseId) return <NoCaseChosen />;
  return <StartForm caseId={caseId} />;
}

function NoCaseChosen() {
  usePageTitle('Start a monitoring form');
  return (
    <>
      <h1 className="govuk-heading-l">Start a monitoring form</h1>
      <p className="govuk-body">
        Start a monitoring form from the child’s case.{' '}
        <Link className="govuk-link" to="/cases">
          Find the case
        </Link>
        .
      </p>
    </>
  );
}

function StartForm({ caseId }: { caseId: string }) {
  const navigate = useNavigate();
  const kase = useQuery(caseQuery(caseId));
  const start = useStartForm();
  const form = useFormErrors();
  const [meetingType, setMeetingType] = useState('');
  const [day, setDay] = useState<DateParts>(emptyDate);
  usePageTitle('Start a monitoring form', form.errors.summary.length > 0);
  if (kase.isError) return <ProblemPage error={kase.error} />;

  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (start.isPending) return;
    const iso = isEmptyDate(day) ? null : isoDateFromParts(day);
    const errors = fieldErrors(fields, {
      meeting_type: meetingType ? null : fields.meeting_type?.required,
      meeting_on: isEmptyDate(day) ? fields.meeting_on?.required : !iso ? 'The day of the meeting must be a real date' : iso > todayIso() ? 'The day of the meeting must be today or in the past' : null,
    });
    if (errors.summary.length > 0 || !iso) {
      form.show(errors);
      return;
    }
    start.mutate(
      { case_id: caseId, meeting_type: meetingType as MeetingType, meeting_on: iso },
      {
        onSuccess: (created) => void navigate(`/monitoring-forms/${created.id}/edit`),
        onError: (error) => form.show(formErrorsFromError(error, fields)),
      },
    );
  };

  return (
    <>
      <BackLink to={`/cases/${caseId}`}>Back to the case</BackLink>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          {form.errors.summary.length > 0 ? <ErrorSummary key={form.attempt} errors={form.errors.summary} /> : null}
          {kase.data ? <span className="govuk-caption-l">{caseName(kase.data)}</span> : null}
          <h1 className="govuk-heading-l">Start a monitoring form</h1>
          {!kase.data ? (
            <Loading />
          ) : (
            <form noValidate onSubmit={submit}>
              <p className="govuk-body">Complete a monitoring form after each statutory review or conference. It saves as you go; you submit it when it is complete.</p>
              <Radios
                idPrefix="meeting_type"
                legend="Which meeting was it?"
                legendSize="m"
                error={form.errors.byField.meeting_type}
                value={meetingType}
                onChange={setMeetingType}
                items={MEETING_TYPES.map((type) => ({ value: type, text: meetingTypeLabels[type] }))}
              />
              <DateInput
                id="meeting_on"
                legend="When was it held?"
                legendSize="m"
                hint={`For example, ${dateInputExample(todayIso())}`}
                error={form.errors.byField.meeting_on}
                value={day}
                onChange={setDay}
              />
              <Button>Start form</Button>
            </form>
          )}
        </div>
      </div>
    </>
  );
}
