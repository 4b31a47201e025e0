import { useState, type SyntheticEvent } from 'react';
import { Link, Navigate, useNavigate, useParams } from 'react-router';
import { BackLink, Button, ErrorSummary, InsetText, NotificationBanner, SummaryList } from '@/components/govuk';
import { Loading } from '@/components/loading';
import { StandardsAccordion } from '@/components/record-form/standards-accordion';
import { useRecordSubmit, useSectionValues } from '@/components/record-form/use-record-form';
import { ProblemPage } from '@/components/status-pages/problem-page';
import { ApiError } from '@/lib/api/api-error';
import type { Audit, Case, Grade, PracticeStandard } from '@/lib/api/types';
import { caseLabel, caseName } from '@/lib/cases';
import { formatDate } from '@/lib/dates';
import { formErrorsFromError } from '@/lib/form-errors';
import { emptyJudgement, judgementKey, type JudgementValues } from '@/lib/judgements';
import { auditKindLabels } from '@/lib/labels';
import { usePageTitle } from '@/lib/page-title';
import { gradesOf, useFrameworkStandards, useGradeScales } from '@/lib/reference-data';
import { useMe } from '@/lib/session/session-context';
import { usePersonName } from '@/lib/staff';
import {
  answersField,
  auditSections,
  OVERALL_KEY,
  sameSection,
  fixedField,
  submitFields,
  type OverallValues,
  type SectionValues,
} from '../api/audit-values';
import { useAuditAutosave } from '../api/use-audit-autosave';
import { useAudit, useSubmitAudit } from '../api/use-audits';
import { useAuditedCase } from '../api/use-case';
import { OverallSection } from '../components/overall-section';
import { RemedialActions } from '../components/remedial-actions';
import { SafeguardingAlerts } from '../components/safeguarding-alerts';

/** The draft audit, standard by standard, saved as the auditor goes. */
export function AuditFormPage() {
  const { id = '' } = useParams();
  const me = useMe();
  const audit = useAudit(id);
  const { standards, error: standardsError } = useFrameworkStandards(audit.data?.data);
  const scales = useGradeScales();
  const kase = useAuditedCase(audit.data?.data.case_id);

  const error = audit.error ?? standardsError ?? scales.error;
  if (error) return <ProblemPage error={error} />;
  const current = audit.data?.data;
  if (current && (current.status !== 'draft' || current.auditor_id !== me.id)) return <Navigate to={`/audits/${id}`} replace />;
  // The form starts from its values, so it waits for a read made since this page opened: a copy
  // cached from an earlier visit lacks the answers saved since, and the next save would send
  // that stale section back over them.
  if (!audit.data || !audit.isFetchedAfterMount || !current || !standards || !scales.data || kase.isPending) return <LoadingAudit />;
  return (
    <AuditForm
      key={current.id}
      audit={current}
      etag={audit.data.etag}
      standards={standards}
      grades={gradesOf(scales.data.items, current.grade_scale_id)}
      kase={kase.data}
    />
  );
}

function LoadingAudit() {
  usePageTitle('Audit');
  return (
    <>
      <h1 className="govuk-heading-l">Audit</h1>
      <Loading />
    </>
  );
}

interface AuditFormProps {
  audit: Audit;
  etag: string;
  standards: PracticeStandard[];
  grades: Grade[];
  kase: Case | undefined;
}

function AuditForm({ audit, etag, standards, grades, kase }: AuditFormProps) {
  const me = useMe();
  const navigate = useNavigate();
  const personName = usePersonName();
  const submitAudit = useSubmitAudit(audit.id);
  const { autosave, statuses } = useAuditAutosave(audit, etag, me.id);
  const { values, change, restoredCount } = useSectionValues<SectionValues>(autosave, () => auditSections(audit, standards), sameSection);
  const judgements = Object.fromEntries(standards.map((s) => [s.number, (values[judgementKey(s.number)] as JudgementValues | undefined) ?? emptyJudgement]));
  const overall = values[OVERALL_KEY] as OverallValues;
  const { errors: left, attempt, submitting, submit } = useRecordSubmit({
    autosave,
    noun: 'audit',
    fixed: fixedField(judgements, overall, (key) => statuses[key]?.kind === 'saved'),
  });

  // The standard to start on: the first one not yet answered.
  const [firstOpen] = useState(() => {
    const unanswered = standards.find(({ number }) => !answersField(`judgements.${number}.grade`, judgements, overall) || !answersField(`judgements.${number}.evidence`, judgements, overall));
    return unanswered ? [`standard-${unanswered.number}`] : [];
  });

  const title = `Audit of ${caseLabel(audit) || (kase ? caseName(kase) : 'a case')}`;
  usePageTitle(title, left.summary.length > 0);

  const onSubmit = (event: SyntheticEvent) => {
    event.preventDefault();
    void submit(() => submitAudit.mutateAsync(), {
      done: () => void navigate(`/audits/${audit.id}`, { state: { flash: 'Audit submitted' } }),
      refused: (error) => {
        if (error instanceof ApiError && error.status === 409) {
          autosave.clear();
          return { summary: [{ href: `/audits/${audit.id}`, text: 'This audit has already been submitted. Go to the submitted audit.' }], byField: {} };
        }
        return formErrorsFromError(error, submitFields(standards));
      },
    });
  };

  const practitioner = personName(audit.practitioner_id, 'No allocated worker');
  const escalating = grades.filter((grade) => grade.triggers_escalation).map((grade) => grade.label);

  return (
    <>
      <BackLink to={`/cases/${audit.case_id}`}>Back to the case</BackLink>
      {left.summary.length > 0 ? <ErrorSummary key={attempt} errors={left.summary} /> : null}
      <span className="govuk-caption-l">{auditKindLabels[audit.kind]} – draft</span>
      <h1 className="govuk-heading-l">{title}</h1>
      {audit.returned_reason ? (
        <NotificationBanner title="Returned to you" heading="A quality assurance officer returned this audit to you">
          <p className="govuk-body">{audit.returned_reason}</p>
        </NotificationBanner>
      ) : null}
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
          { key: 'Case reference', value: kase?.external_ref ?? '' },
          { key: 'Worker', value: practitioner },
          { key: 'Period reviewed', value: `${formatDate(audit.period_start)} to ${formatDate(audit.period_end)}` },
          { key: 'Side by side with the worker', value: audit.side_by_side ? 'Yes' : 'No' },
          ...(audit.reaudit_of_id
            ? [
                {
                  key: 'Re-audit of',
                  value: (
                    <Link className="govuk-link" to={`/audits/${audit.reaudit_of_id}`}>
                      The original audit
                    </Link>
                  ),
                },
              ]
            : []),
        ]}
      />
      <InsetText>
        Your answers save as you go. If the connection drops, we keep them on this device and save them when it comes back.
      </InsetText>

      <h2 className="govuk-heading-l app-audit-section" id="standards-heading">
        The practice standards
      </h2>
      <p className="govuk-body">Open a standard to grade it against the council’s words for it. Each standard saves on its own.</p>
      <StandardsAccordion
        id={`audit-${audit.id}-standards`}
        initiallyOpen={firstOpen}
        standards={standards}
        grades={grades}
        judgements={judgements}
        onChange={(number, next) => change(judgementKey(number), next)}
        onLeave={(number) => autosave.flush(judgementKey(number))}
        statuses={statuses}
        errors={left.byField}
        evidenceHint="What in the case file supports the grade. You need it to submit a graded standard."
        notJudged="Not started"
      />

      <OverallSection
        grades={grades}
        sideBySide={audit.side_by_side}
        practitionerName={audit.practitioner_id ? practitioner : ''}
        values={overall}
        onChange={(next) => change(OVERALL_KEY, next)}
        onLeave={() => autosave.flush(OVERALL_KEY)}
        status={statuses[OVERALL_KEY]}
        errors={left.byField}
      />

      <RemedialActions
        auditId={audit.id}
        teamId={audit.team_id}
        actions={audit.remedial_actions ?? []}
        standards={standards}
        kase={kase}
        meId={me.id}
        personName={personName}
        editable
      />
      <SafeguardingAlerts
        auditId={audit.id}
        alerts={audit.alerts ?? []}
        kase={kase}
        meId={me.id}
        readsNarrative={me.reads_narrative}
        personName={personName}
        editable
      />

      <form noValidate onSubmit={onSubmit} className="app-audit-section" id="submit" aria-labelledby="submit-heading">
        <h2 className="govuk-heading-l" id="submit-heading">
          Submit the audit
        </h2>
        <p className="govuk-body">To submit, every standard needs a grade with its evidence, or a reason it does not apply, and the audit needs an overall grade and the views of the child and family (or why they were not sought).</p>
        <p className="govuk-body">
          When you submit, {audit.practitioner_id ? practitioner : 'the case’s worker'} is told and can reply.
          {escalating.length > 0 ? ` An overall grade of ${escalating.join(' or ')} escalates the case to its case-accountable manager and tells the head of service.` : ''}
        </p>
        <Button>{submitting ? 'Submitting…' : 'Submit audit'}</Button>
      </form>
    </>
  );
}
