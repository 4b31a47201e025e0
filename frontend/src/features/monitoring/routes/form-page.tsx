import { useEffect } from 'react';
import { Link, useParams } from 'react-router';
import { BackLink, ButtonLink, NotificationBanner, SummaryList, Table } from '@/components/govuk';
import { Loading } from '@/components/loading';
import { ProblemPage } from '@/components/status-pages/problem-page';
import type { MonitoringForm, PracticeStandard } from '@/lib/api/types';
import { caseLabel } from '@/lib/cases';
import { formatDate, formatDateTime } from '@/lib/dates';
import { useFlash } from '@/lib/flash';
import { childParticipationLabels, labelFor, meetingTypeLabels, narrativeText, planProgressLabels } from '@/lib/labels';
import { usePageTitle } from '@/lib/page-title';
import { isReviewingOfficer } from '@/lib/permissions';
import { usePracticeStandards } from '@/lib/reference-data';
import { forgetDraft } from '@/lib/session/drafts';
import { useMe } from '@/lib/session/session-context';
import { useMonitoringForm } from '../api/use-monitoring-forms';
import { FormStatusTag, QualityRatingTag } from '../components/form-tags';
import { RaiseAlert } from '../components/raise-alert';

/** A monitoring form as the officer, the case's team and the QA unit read it. */
export function FormPage() {
  const { id = '' } = useParams();
  const form = useMonitoringForm(id);
  const standards = usePracticeStandards();
  const error = form.error ?? standards.error;
  if (error) return <ProblemPage error={error} />;
  const current = form.data?.data;
  if (!current || !standards.data) return <LoadingForm />;
  return <FormView form={current} standards={standards.data.items} />;
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

function FormView({ form, standards }: { form: MonitoringForm; standards: PracticeStandard[] }) {
  const me = useMe();
  const flash = useFlash();
  const title = `Monitoring form for ${caseLabel(form, 'a case')}`;
  usePageTitle(title);
  const reads = me.reads_narrative;
  const text = (value: string | null | undefined, none?: string) => <span className="app-narrative">{narrativeText(value, reads, none)}</span>;
  const standardTitle = (n: number) => {
    const standard = standards.find((s) => s.number === n);
    return standard ? `${n}. ${standard.title}` : `Standard ${n}`;
  };
  // Submitted: nothing left to save, so forget any copy this device kept.
  useEffect(() => {
    if (form.status !== 'draft') forgetDraft(me.id, form.id);
  }, [form.status, form.id, me.id]);
  const mayRaise = isReviewingOfficer(me) && form.officer_id === me.id && !form.escalation_id;

  return (
    <>
      <BackLink to={`/cases/${form.case_id}`}>Back to the case</BackLink>
      {flash ? <NotificationBanner type="success" heading={flash} /> : null}
      <span className="govuk-caption-l">{labelFor(meetingTypeLabels, form.meeting_type)}</span>
      <h1 className="govuk-heading-l">{title}</h1>
      {form.allowed_operations.includes('update') ? (
        <>
          <p className="govuk-body">This form is a draft: it has not been submitted yet.</p>
          <ButtonLink to={`/monitoring-forms/${form.id}/edit`}>Continue this form</ButtonLink>
        </>
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
          { key: 'Status', value: <FormStatusTag status={form.status} /> },
          { key: 'Meeting', value: `${labelFor(meetingTypeLabels, form.meeting_type)}, ${formatDate(form.meeting_on)}` },
          { key: 'Reviewing officer', value: form.officer_name ?? 'A former member of staff' },
          {
            key: 'Held in timescale',
            value:
              form.held_in_timescale === null || form.held_in_timescale === undefined ? (
                'Not recorded'
              ) : form.held_in_timescale ? (
                'Yes'
              ) : (
                <>
                  No: {text(form.timescale_reason)}
                </>
              ),
          },
          { key: 'How the child took part', value: form.child_participated ? childParticipationLabels[form.child_participated] : 'Not recorded' },
          { key: 'The child’s participation and views', value: text(form.child_participation_notes) },
          { key: 'Plan progressing', value: form.plan_progressing ? planProgressLabels[form.plan_progressing] : 'Not recorded' },
          { key: 'Submitted', value: form.submitted_at ? formatDateTime(form.submitted_at) : 'Not yet' },
          ...(form.escalation_id
            ? [
                {
                  key: 'Practice alert',
                  value: (
                    <Link className="govuk-link" to={`/escalations/${form.escalation_id}`}>
                      View the practice alert raised from this form
                    </Link>
                  ),
                },
              ]
            : []),
        ]}
      />
      <h2 className="govuk-heading-l">Quality of practice</h2>
      {form.quality_checks.length === 0 ? (
        <p className="govuk-body">No standards have been checked.</p>
      ) : (
        <Table
          caption="Quality checks against the practice standards"
          captionHidden
          firstCellIsHeader
          head={[{ text: 'Practice standard' }, { text: 'Rating' }, { text: 'What was seen' }]}
          rows={form.quality_checks.map((check) => ({
            key: String(check.standard_number),
            cells: [standardTitle(check.standard_number), <QualityRatingTag rating={check.rating} />, text(check.comment, 'Nothing written')],
          }))}
        />
      )}
      <h2 className="govuk-heading-l">Concerns and good practice</h2>
      <SummaryList
        rows={[
          { key: 'Concerns', value: text(form.concerns) },
          { key: 'Good practice', value: text(form.good_practice) },
        ]}
      />
      {mayRaise ? <RaiseAlert form={form} standards={standards} /> : null}
    </>
  );
}
