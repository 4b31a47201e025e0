import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { BackLink, ButtonLink, NotificationBanner, SummaryList, Tag } from '@/components/govuk';
import { JudgementsRead } from '@/components/record-form/judgements-read';
import { Loading } from '@/components/loading';
import { ProblemPage } from '@/components/status-pages/problem-page';
import { AuditStatusTag, GradeTag } from '@/components/status-tags';
import type { Audit, AuditOperation, Case, Grade, PracticeStandard } from '@/lib/api/types';
import { caseLabel, caseName } from '@/lib/cases';
import { formatDate, formatDateTime } from '@/lib/dates';
import { useFlash } from '@/lib/flash';
import { auditKindLabels, narrativeText } from '@/lib/labels';
import { useOrgUnits } from '@/lib/org-units';
import { usePageTitle } from '@/lib/page-title';
import { gradeLabel, gradesOf, useFrameworkStandards, useGradeScales } from '@/lib/reference-data';
import { useMe } from '@/lib/session/session-context';
import { usePersonName } from '@/lib/staff';
import { forgetDraft } from '@/lib/session/drafts';
import { useAudit } from '../api/use-audits';
import { useAuditedCase } from '../api/use-case';
import { useThemes } from '../api/use-themes';
import { Confirmation, ModerationForm, ReplyForm, ReturnForm } from '../components/audit-responses';
import { ImpactSinceOriginal, StartReaudit } from '../components/reaudit';
import { RemedialActions } from '../components/remedial-actions';
import { ReplyDue } from '@/components/reply-due';
import { SafeguardingAlerts } from '../components/safeguarding-alerts';

/** The audit as the worker (and everyone else who may) reads it, with what they may do next. */
export function AuditPage() {
  const { id = '' } = useParams();
  const audit = useAudit(id);
  const { standards, error: standardsError } = useFrameworkStandards(audit.data?.data);
  const scales = useGradeScales();
  const kase = useAuditedCase(audit.data?.data.case_id);
  const error = audit.error ?? standardsError ?? scales.error;
  if (error) return <ProblemPage error={error} />;
  const current = audit.data?.data;
  if (!current || !standards || !scales.data) return <LoadingAudit />;
  return <AuditView audit={current} standards={standards} grades={gradesOf(scales.data.items, current.grade_scale_id)} kase={kase.data} />;
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

function AuditView({ audit, standards, grades, kase }: { audit: Audit; standards: PracticeStandard[]; grades: Grade[]; kase: Case | undefined }) {
  const me = useMe();
  const flash = useFlash();
  const personName = usePersonName();
  const orgUnits = useOrgUnits();
  const themes = useThemes();
  const [done, setDone] = useState<string | null>(null);
  const title = `Audit of ${caseLabel(audit) || (kase ? caseName(kase) : 'a case')}`;
  usePageTitle(title);
  // A submitted audit has nothing left to save: forget any copy this device kept of its draft.
  useEffect(() => {
    if (audit.status !== 'draft') forgetDraft(me.id, audit.id);
  }, [audit.status, audit.id, me.id]);

  const reads = me.reads_narrative;
  // What the caller may do comes from the API's record policy, never worked out here.
  const allowed = (operation: AuditOperation) => audit.allowed_operations.includes(operation);
  const isWorker = Boolean(audit.practitioner_id) && audit.practitioner_id === me.id;
  const submitted = audit.status !== 'draft';
  const canEdit = allowed('update');
  const canReply = allowed('response');
  const canModerate = allowed('moderation');
  const canReturn = allowed('return');
  const theme = audit.theme_id ? themes.data?.items.find((t) => t.id === audit.theme_id) : undefined;
  const team = orgUnits.data?.find((unit) => unit.id === audit.team_id)?.name ?? '';

  return (
    <>
      <BackLink to={`/cases/${audit.case_id}`}>Back to the case</BackLink>
      {flash && !done ? <NotificationBanner type="success" heading={flash} /> : null}
      <Confirmation message={done} />
      <span className="govuk-caption-l">{auditKindLabels[audit.kind]}</span>
      <h1 className="govuk-heading-l">{title}</h1>
      {audit.status === 'draft' ? (
        <>
          <p className="govuk-body">This audit is a draft: it has not been submitted yet.</p>
          {canEdit ? <ButtonLink to={`/audits/${audit.id}/edit`}>Continue this audit</ButtonLink> : null}
        </>
      ) : null}
      <SummaryList
        rows={[
          {
            key: 'Case',
            value: (
              <Link className="govuk-link" to={`/cases/${audit.case_id}`}>
                {caseLabel(audit) || (kase ? caseName(kase) : 'View the case')}
              </Link>
            ),
          },
          { key: 'Status', value: <AuditStatusTag status={audit.status} /> },
          { key: 'Overall grade', value: audit.overall_grade ? <GradeTag code={audit.overall_grade} scaleId={audit.grade_scale_id} /> : 'Not graded yet' },
          ...(audit.moderation
            ? [{ key: 'Grade after moderation', value: <GradeTag code={audit.moderation.moderated_grade} scaleId={audit.grade_scale_id} /> }]
            : []),
          { key: 'Auditor', value: personName(audit.auditor_id) },
          { key: 'Worker', value: personName(audit.practitioner_id, 'No allocated worker') },
          { key: 'Team', value: team },
          ...(audit.theme_id ? [{ key: 'Theme', value: theme?.title ?? '' }] : []),
          { key: 'Period reviewed', value: `${formatDate(audit.period_start)} to ${formatDate(audit.period_end)}` },
          { key: 'Side by side with the worker', value: audit.side_by_side ? 'Yes' : 'No' },
          { key: 'Submitted', value: audit.submitted_at ? formatDateTime(audit.submitted_at) : 'Not yet' },
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
          ...(audit.escalation_id
            ? [
                {
                  key: 'Escalation',
                  value: (
                    <Link className="govuk-link" to={`/escalations/${audit.escalation_id}`}>
                      View the escalation
                    </Link>
                  ),
                },
              ]
            : []),
        ]}
      />

      {audit.reaudit_of_id ? <ImpactSinceOriginal audit={audit} standards={standards} /> : null}

      <h2 className="govuk-heading-l">Overall judgement</h2>
      <SummaryList
        rows={[
          { key: 'Summary', value: <Narrative text={narrativeText(audit.summary, reads)} /> },
          { key: 'The child’s views', value: <Narrative text={narrativeText(audit.child_views, reads)} /> },
          { key: 'The family’s views', value: <Narrative text={narrativeText(audit.family_views, reads)} /> },
          ...(audit.views_not_sought_reason || !reads
            ? [{ key: 'Why views were not sought', value: <Narrative text={narrativeText(audit.views_not_sought_reason, reads)} /> }]
            : []),
          ...(audit.side_by_side ? [{ key: 'The worker’s reflection', value: <Narrative text={narrativeText(audit.practitioner_reflection, reads)} /> }] : []),
        ]}
      />

      <h2 className="govuk-heading-l">The practice standards</h2>
      <p className="govuk-body">Each standard’s grade is beside its title. Open a standard for the evidence, strengths and areas for development.</p>
      <JudgementsRead
        id={`audit-${audit.id}-judgements`}
        standards={standards}
        judgements={audit.judgements ?? []}
        grades={grades}
        scaleId={audit.grade_scale_id}
        readsNarrative={reads}
      />

      <RemedialActions
        auditId={audit.id}
        teamId={audit.team_id}
        actions={audit.remedial_actions ?? []}
        standards={standards}
        kase={kase}
        meId={me.id}
        personName={personName}
        editable={false}
      />
      <SafeguardingAlerts auditId={audit.id} alerts={audit.alerts ?? []} kase={kase} meId={me.id} readsNarrative={reads} personName={personName} editable={false} />

      <section className="app-audit-section" aria-labelledby="moderation-heading">
        <h2 className="govuk-heading-l" id="moderation-heading">
          Moderation
        </h2>
        {audit.moderation ? (
          <SummaryList
            rows={[
              { key: 'Moderated by', value: personName(audit.moderation.moderator_id) },
              { key: 'When', value: formatDateTime(audit.moderation.created_at) },
              {
                key: 'Outcome',
                value: audit.moderation.agreed
                  ? `Agreed with the grade: ${gradeLabel(grades, audit.moderation.original_grade)}`
                  : `Changed the grade from ${gradeLabel(grades, audit.moderation.original_grade)} to ${gradeLabel(grades, audit.moderation.moderated_grade)}`,
              },
              { key: 'Rationale', value: <Narrative text={narrativeText(audit.moderation.rationale, reads)} /> },
            ]}
          />
        ) : (
          <p className="govuk-body">This audit has not been moderated.</p>
        )}
      </section>

      <section className="app-audit-section" aria-labelledby="response-heading">
        <h2 className="govuk-heading-l" id="response-heading">
          The worker’s reply
        </h2>
        {audit.acknowledged_at ? (
          <SummaryList
            rows={[
              { key: 'Replied', value: formatDateTime(audit.acknowledged_at) },
              { key: 'Reflection', value: <Narrative text={narrativeText(audit.response_reflection, reads)} /> },
            ]}
          />
        ) : (
          <p className="govuk-body">
            {submitted ? (
              <>
                <Tag colour="yellow">Awaiting reply</Tag> <ReplyDue audit={audit} />{' '}
                {isWorker ? 'You have not replied yet.' : 'The worker has not replied yet.'}
              </>
            ) : (
              'The worker can reply once the audit is submitted.'
            )}
          </p>
        )}
      </section>

      {canReply ? <ReplyForm auditId={audit.id} onDone={setDone} /> : null}
      {canModerate ? (
        <ModerationForm auditId={audit.id} grades={grades} overallLabel={gradeLabel(grades, audit.overall_grade)} onDone={setDone} />
      ) : null}
      {canReturn ? <ReturnForm auditId={audit.id} onDone={setDone} /> : null}
      {allowed('reaudit') ? <StartReaudit audit={audit} /> : null}
    </>
  );
}

/** Free text as written, keeping its line breaks. */
function Narrative({ text }: { text: string }) {
  return <span className="app-narrative">{text}</span>;
}
