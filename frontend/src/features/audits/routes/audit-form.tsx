import { useEffect, useState, type SyntheticEvent } from 'react';
import { Navigate, useNavigate, useParams } from 'react-router';
import { Accordion, BackLink, Button, ErrorSummary, InsetText, NotificationBanner, SummaryList } from '@/components/govuk';
import { Loading } from '@/components/loading';
import { ProblemPage } from '@/components/status-pages/problem-page';
import { ApiError } from '@/lib/api/api-error';
import type { Audit, Case, Grade, PracticeStandard } from '@/lib/api/types';
import { caseLabel, caseName } from '@/lib/cases';
import { formatDate } from '@/lib/dates';
import { fieldIdFor, formErrorsFromError, noErrors, type FieldSpec, type FormErrors } from '@/lib/form-errors';
import { auditKindLabels } from '@/lib/labels';
import { usePageTitle } from '@/lib/page-title';
import { gradeLabel, gradesOf, useGradeScales } from '@/lib/reference-data';
import { useMe } from '@/lib/session/session-context';
import { usePersonName } from '@/lib/staff';
import {
  answersField,
  emptyJudgement,
  errorsLeft,
  judgementKey,
  judgementValues,
  OVERALL_KEY,
  overallValues,
  sameJudgement,
  sameOverall,
  type JudgementValues,
  type OverallValues,
  type SectionValues,
} from '../api/audit-values';
import { useAuditAutosave } from '../api/use-audit-autosave';
import { saveStatusText } from '../components/save-status';
import { useAuditStandards } from '../api/use-audit-standards';
import { useAudit, useSubmitAudit } from '../api/use-audits';
import { useAuditedCase } from '../api/use-case';
import { JudgementSection } from '../components/judgement-section';
import { OverallSection } from '../components/overall-section';
import { RemedialActions } from '../components/remedial-actions';
import { SafeguardingAlerts } from '../components/safeguarding-alerts';

/** The draft audit, standard by standard, saved as the auditor goes. */
export function AuditFormPage() {
  const { id = '' } = useParams();
  const me = useMe();
  const audit = useAudit(id);
  const { standards, error: standardsError } = useAuditStandards(audit.data?.data);
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

/** The fields the submit's 422 names, in page order, each with the id of its element. */
function submitFields(standards: PracticeStandard[]): Record<string, FieldSpec> {
  const fields: Record<string, FieldSpec> = {};
  for (const { number, title } of standards) {
    for (const [name, label] of [
      ['grade', 'grade'],
      ['not_applicable_reason', 'reason it does not apply'],
      ['evidence', 'evidence'],
    ] as const) {
      const field = `judgements.${number}.${name}`;
      fields[field] = { label: `Standard ${number} (${title}) ${label}`, id: fieldIdFor(field) };
    }
  }
  fields.overall_grade = { label: 'Overall grade', id: 'overall_grade', required: 'Choose an overall grade' };
  fields.summary = { label: 'Summary', id: 'summary' };
  fields.child_views = { label: 'The child’s views', id: 'child_views' };
  fields.family_views = { label: 'The family’s views', id: 'family_views' };
  fields.views_not_sought_reason = { label: 'Why views were not sought', id: 'views_not_sought_reason' };
  fields.practitioner_reflection = { label: 'The worker’s reflection', id: 'practitioner_reflection' };
  return fields;
}

function AuditForm({ audit, etag, standards, grades, kase }: AuditFormProps) {
  const me = useMe();
  const navigate = useNavigate();
  const personName = usePersonName();
  const submit = useSubmitAudit(audit.id);
  const { autosave, statuses } = useAuditAutosave(audit, etag, me.id);
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [attempt, setAttempt] = useState(0);
  const [submitting, setSubmitting] = useState(false);

  // Edits this device kept from an earlier visit that the server never confirmed win over the
  // server's copy, and are saved again.
  const [restored] = useState(() => {
    const local = autosave.restore();
    const changed: Record<string, SectionValues> = {};
    for (const [key, value] of Object.entries(local)) {
      if (key === OVERALL_KEY) {
        const values = { ...overallValues(audit), ...(value as Partial<OverallValues>) };
        if (!sameOverall(values, overallValues(audit))) changed[key] = values;
      } else {
        const standard = standards.find((s) => judgementKey(s.number) === key);
        if (!standard) continue;
        const server = judgementValues(audit.judgements?.find((j) => j.standard_number === standard.number));
        const values = { ...emptyJudgement, ...(value as Partial<JudgementValues>) };
        if (!sameJudgement(values, server)) changed[key] = values;
      }
    }
    return changed;
  });
  const [judgements, setJudgements] = useState<Record<number, JudgementValues>>(() =>
    Object.fromEntries(
      standards.map((s) => [
        s.number,
        (restored[judgementKey(s.number)] as JudgementValues | undefined) ??
          judgementValues(audit.judgements?.find((j) => j.standard_number === s.number)),
      ]),
    ),
  );
  const [overall, setOverall] = useState<OverallValues>(() => (restored[OVERALL_KEY] as OverallValues | undefined) ?? overallValues(audit));
  const restoredCount = Object.keys(restored).length;

  useEffect(() => {
    for (const judgement of audit.judgements ?? []) autosave.markSaved(judgementKey(judgement.standard_number), Date.parse(judgement.updated_at));
    const values = overallValues(audit);
    if (Object.values(values).some(Boolean)) autosave.markSaved(OVERALL_KEY, Date.parse(audit.updated_at));
    for (const [key, value] of Object.entries(restored)) {
      autosave.change(key, value);
      autosave.flush(key);
    }
    // Once, for the audit as it was first read.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [autosave]);

  // An error from the last submission goes as soon as its field is answered and saved, from
  // the summary, from the field and (once none is left) from the page title.
  const left = errorsLeft(errors, judgements, overall, (key) => statuses[key]?.kind === 'saved');
  if (left !== errors) setErrors(left);

  // The standard to start on: the first one not yet answered.
  const [firstOpen] = useState(() => {
    const unanswered = standards.find(({ number }) => !answersField(`judgements.${number}.grade`, judgements, overall) || !answersField(`judgements.${number}.evidence`, judgements, overall));
    return unanswered ? [`standard-${unanswered.number}`] : [];
  });

  const title = `Audit of ${caseLabel(audit) || (kase ? caseName(kase) : 'a case')}`;
  usePageTitle(title, left.summary.length > 0);

  const changeJudgement = (number: number, values: JudgementValues) => {
    setJudgements((current) => ({ ...current, [number]: values }));
    autosave.change(judgementKey(number), values);
  };
  const changeOverall = (values: OverallValues) => {
    setOverall(values);
    autosave.change(OVERALL_KEY, values);
  };

  const fail = (next: FormErrors) => {
    setErrors(next);
    setAttempt((n) => n + 1);
    setSubmitting(false);
  };

  const onSubmit = async (event: SyntheticEvent) => {
    event.preventDefault();
    if (submitting) return;
    setSubmitting(true);
    if (!(await autosave.flushAll())) {
      fail({
        summary: [{ text: 'Some of your answers have not been saved yet, so the audit cannot be submitted. Check your connection and try again.' }],
        byField: {},
      });
      return;
    }
    submit.mutate(undefined, {
      onSuccess: () => {
        autosave.clear();
        void navigate(`/audits/${audit.id}`, { state: { flash: 'Audit submitted' } });
      },
      onError: (error) => {
        if (error instanceof ApiError && error.status === 409) {
          autosave.clear();
          fail({ summary: [{ href: `/audits/${audit.id}`, text: 'This audit has already been submitted. Go to the submitted audit.' }], byField: {} });
          return;
        }
        fail(formErrorsFromError(error, submitFields(standards)));
      },
    });
  };

  const choiceText = (values: JudgementValues | undefined) => (values?.choice ? gradeLabel(grades, values.choice) : 'Not started');
  /** What a closed standard's heading says: its grade, whether it needs attention, whether it is saved. */
  const standardSummary = (number: number) => {
    const key = judgementKey(number);
    const status = statuses[key];
    const parts = [choiceText(judgements[number])];
    if (Object.keys(left.byField).some((field) => field.startsWith(`judgements.${number}.`))) parts.push('there is a problem');
    if (status?.kind === 'saving' || status?.kind === 'retrying' || status?.kind === 'failed') parts.push(saveStatusText(status).toLowerCase());
    return parts.join(' – ');
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
        ]}
      />
      <InsetText>
        Your answers save as you go. If the connection drops, we keep them on this device and save them when it comes back.
      </InsetText>


      <h2 className="govuk-heading-l app-audit-section" id="standards-heading">
        The practice standards
      </h2>
      <p className="govuk-body">Open a standard to grade it against the council’s words for it. Each standard saves on its own.</p>
      <Accordion
        id={`audit-${audit.id}-standards`}
        initiallyOpen={firstOpen}
        sections={standards.map((standard) => ({
          id: `standard-${standard.number}`,
          heading: `Standard ${standard.number}: ${standard.title}`,
          summary: standardSummary(standard.number),
          content: (
            <JudgementSection
              standard={standard}
              grades={grades}
              values={judgements[standard.number] ?? emptyJudgement}
              onChange={(values) => changeJudgement(standard.number, values)}
              onLeave={() => autosave.flush(judgementKey(standard.number))}
              status={statuses[judgementKey(standard.number)]}
              errors={left.byField}
            />
          ),
        }))}
      />

      <OverallSection
        grades={grades}
        sideBySide={audit.side_by_side}
        practitionerName={audit.practitioner_id ? practitioner : ''}
        values={overall}
        onChange={changeOverall}
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

      <form noValidate onSubmit={(event) => void onSubmit(event)} className="app-audit-section" id="submit" aria-labelledby="submit-heading">
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
