import { Link, useParams } from 'react-router';
import { BackLink, ButtonGroup, ButtonLink, SummaryList, Table, Tag } from '@/components/govuk';
import { EscalationFlags } from '@/components/escalation-flags';
import { Loading } from '@/components/loading';
import { ProblemPage } from '@/components/status-pages/problem-page';
import { ActionStatusTag, AuditStatusTag, GradeTag } from '@/components/status-tags';
import type { Audit, GradeScale } from '@/lib/api/types';
import { caseName } from '@/lib/cases';
import { formatDate, formatDay, formatMonth } from '@/lib/dates';
import {
  auditKindLabels,
  escalationSourceLabels,
  escalationStageLabels,
  feedbackKindLabels,
  feedbackStatusLabels,
  formStatusLabels,
  labelFor,
  meetingTypeLabels,
  narrativeText,
  observationSettingLabels,
  observationStatusLabels,
  sourceRoleLabels,
} from '@/lib/labels';
import { useOrgUnits } from '@/lib/org-units';
import { usePageTitle } from '@/lib/page-title';
import { canSee, isAuditor, isFeedbackRecorder, isObserver, isReviewingOfficer } from '@/lib/permissions';
import { gradeLabel, gradesOf, useGradeScales } from '@/lib/reference-data';
import { categoryLabels } from '@/lib/roles';
import { useMe } from '@/lib/session/session-context';
import { usePersonName } from '@/lib/staff';
import { useCase, useCaseActions, useCaseAudits, useCaseEscalations, useCaseFeedback, useCaseForms, useCaseObservations } from '../api/use-cases';
import { CaseStatusTag } from '../components/case-status-tag';

/** The grade that stands for an audit: the moderated one once moderated. */
const standingGrade = (audit: Audit) => audit.effective_grade ?? audit.overall_grade ?? null;

/**
 * How each audit's grade compares with the audit graded before it ("Up from Good"), by the
 * grades' ranks on their scales; drafts have no grade yet and are left out of the comparison.
 */
export function gradeChanges(audits: Audit[], scales: GradeScale[] | undefined): Map<string, string> {
  const changes = new Map<string, string>();
  let previous: { rank: number; label: string } | undefined;
  for (const audit of audits) {
    const code = audit.status === 'draft' ? null : standingGrade(audit);
    const grades = gradesOf(scales, audit.grade_scale_id);
    const grade = grades.find((g) => g.code === code);
    if (!code || !grade) continue;
    const label = gradeLabel(grades, code);
    if (!previous) changes.set(audit.id, 'First grade');
    else if (grade.rank > previous.rank) changes.set(audit.id, `Up from ${previous.label}`);
    else if (grade.rank < previous.rank) changes.set(audit.id, `Down from ${previous.label}`);
    else changes.set(audit.id, 'No change');
    previous = { rank: grade.rank, label };
  }
  return changes;
}

export function CasePage() {
  const { id = '' } = useParams();
  const me = useMe();
  const found = useCase(id);
  const orgUnits = useOrgUnits();
  const personName = usePersonName();
  const scales = useGradeScales();
  const audits = useCaseAudits(id, found.isSuccess);
  const escalations = useCaseEscalations(id, found.isSuccess);
  const observations = useCaseObservations(id, found.isSuccess);
  const forms = useCaseForms(id, found.isSuccess);
  const actions = useCaseActions(id, found.isSuccess);
  const feedback = useCaseFeedback(id, found.isSuccess && canSee('feedback', me));
  const item = found.data;
  const name = item ? caseName(item) : 'Case';
  usePageTitle(item ? `Case ${name}` : 'Case');
  if (found.isError) return <ProblemPage error={found.error} />;
  const person = (userId: string | null | undefined) => {
    if (!userId) return 'Not allocated';
    const who = personName(userId);
    return userId === me.id ? `${who} (you)` : who;
  };
  const changes = gradeChanges(audits.data?.items ?? [], scales.data?.items);
  const openActions = actions.data?.items;

  return (
    <>
      <BackLink to="/cases">Back to cases</BackLink>
      <span className="govuk-caption-l">Case</span>
      <h1 className="govuk-heading-l">{name}</h1>
      {!item ? (
        <Loading />
      ) : (
        <SummaryList
          rows={[
            { key: 'Reference', value: item.external_ref },
            { key: 'Born', value: formatMonth(item.birth_month) || 'Not recorded' },
            { key: 'Category', value: categoryLabels[item.category] },
            { key: 'Team', value: orgUnits.data?.find((unit) => unit.id === item.team_id)?.name ?? '' },
            { key: 'Allocated worker', value: person(item.allocated_worker_id) },
            { key: 'Case-accountable manager', value: person(item.case_manager_id) },
            { key: 'Status', value: <CaseStatusTag status={item.status} /> },
            ...(item.closed_on ? [{ key: 'Closed on', value: formatDate(item.closed_on) }] : []),
            { key: 'Legal hold', value: item.legal_hold ? 'Yes' : 'No' },
          ]}
        />
      )}
      {item && (isAuditor(me) || isObserver(me) || isReviewingOfficer(me) || isFeedbackRecorder(me)) ? (
        <ButtonGroup>
          {isAuditor(me) ? <ButtonLink to={`/audits/new?case_id=${item.id}`}>Start an audit</ButtonLink> : null}
          {isObserver(me) ? (
            <ButtonLink variant="secondary" to={`/observations/new?case_id=${item.id}${item.allocated_worker_id && item.allocated_worker_id !== me.id ? `&observed_id=${item.allocated_worker_id}` : ''}`}>
              Plan an observation
            </ButtonLink>
          ) : null}
          {isReviewingOfficer(me) ? <ButtonLink to={`/monitoring-forms/new?case_id=${item.id}`}>Start a monitoring form</ButtonLink> : null}
          {isFeedbackRecorder(me) ? (
            <ButtonLink variant="secondary" to={`/feedback/new?case_id=${item.id}`}>
              Record feedback
            </ButtonLink>
          ) : null}
        </ButtonGroup>
      ) : null}
      {item && canSee('access-log', me) ? (
        <p className="govuk-body">
          <Link className="govuk-link" to={`/access-log?case_id=${item.id}`}>
            Who has read or changed this case’s records
          </Link>
        </p>
      ) : null}
      {item ? (
        <>
          <h2 className="govuk-heading-m">Audits and grades</h2>
          {!audits.data ? (
            <Loading />
          ) : audits.data.items.length === 0 ? (
            <p className="govuk-body">This case has not been audited.</p>
          ) : (
            <Table
              caption="Audits of this case, oldest first, with how each grade changed from the one before"
              captionHidden
              head={[{ text: 'Audit' }, { text: 'Auditor' }, { text: 'Status' }, { text: 'Grade' }, { text: 'Change' }]}
              rows={audits.data.items.map((audit) => ({
                key: audit.id,
                cells: [
                  <Link className="govuk-link" to={audit.allowed_operations.includes('update') ? `/audits/${audit.id}/edit` : `/audits/${audit.id}`}>
                    {auditKindLabels[audit.kind]}, {formatDay(audit.submitted_at ?? audit.created_at)}
                  </Link>,
                  audit.auditor_name ?? personName(audit.auditor_id),
                  <AuditStatusTag status={audit.status} />,
                  audit.status !== 'draft' && standingGrade(audit) ? <GradeTag code={standingGrade(audit)} scaleId={audit.grade_scale_id} /> : 'Not graded yet',
                  changes.get(audit.id) ?? '',
                ],
              }))}
            />
          )}
          <h2 className="govuk-heading-m">Observations of practice</h2>
          {!observations.data ? (
            observations.isError ? <p className="govuk-body">The observations could not be shown.</p> : <Loading />
          ) : observations.data.items.length === 0 ? (
            <p className="govuk-body">No observations of practice on this case.</p>
          ) : (
            <Table
              caption="Observations of practice on this case, newest first"
              captionHidden
              head={[{ text: 'Observation' }, { text: 'Worker' }, { text: 'Observer' }, { text: 'Status' }]}
              rows={observations.data.items.map((observation) => ({
                key: observation.id,
                cells: [
                  <Link className="govuk-link" to={observation.allowed_operations.includes('judgements') ? `/observations/${observation.id}/edit` : `/observations/${observation.id}`}>
                    {labelFor(observationSettingLabels, observation.setting)}, {formatDate(observation.observed_on)}
                  </Link>,
                  observation.observed_name ?? 'A former member of staff',
                  observation.observer_name ?? 'A former member of staff',
                  observationStatusLabels[observation.status],
                ],
              }))}
            />
          )}
          <h2 className="govuk-heading-m">Reviews and conferences</h2>
          {!forms.data ? (
            forms.isError ? <p className="govuk-body">The monitoring forms could not be shown.</p> : <Loading />
          ) : forms.data.items.length === 0 ? (
            <p className="govuk-body">No monitoring forms after this case’s reviews or conferences.</p>
          ) : (
            <Table
              caption="Reviewing officers’ monitoring forms after this case’s reviews and conferences, newest first"
              captionHidden
              head={[{ text: 'Meeting' }, { text: 'Reviewing officer' }, { text: 'Status' }]}
              rows={forms.data.items.map((form) => ({
                key: form.id,
                cells: [
                  <Link className="govuk-link" to={form.allowed_operations.includes('update') ? `/monitoring-forms/${form.id}/edit` : `/monitoring-forms/${form.id}`}>
                    {labelFor(meetingTypeLabels, form.meeting_type)}, {formatDate(form.meeting_on)}
                  </Link>,
                  form.officer_name ?? 'A former member of staff',
                  <span className="app-tags">
                    {formStatusLabels[form.status]}
                    {form.quality_checks.some((check) => check.rating === 'concern') ? <Tag colour="red">Concern</Tag> : null}
                  </span>,
                ],
              }))}
            />
          )}
          <h2 className="govuk-heading-m">Open actions</h2>
          {!openActions ? (
            actions.isError ? <p className="govuk-body">The actions could not be shown.</p> : <Loading />
          ) : openActions.length === 0 ? (
            <p className="govuk-body">There are no open actions on this case.</p>
          ) : (
            <Table
              caption="Open actions on this case, soonest due first"
              captionHidden
              head={[{ text: 'Action' }, { text: 'Owner' }, { text: 'Due' }, { text: 'Status' }]}
              rows={openActions.map((action) => ({
                key: action.id,
                cells: [
                  <Link className="govuk-link" to={`/actions/${action.id}`}>
                    {narrativeText(action.description, me.reads_narrative, 'Action')}
                  </Link>,
                  action.owner_name ?? 'No owner',
                  formatDate(action.due_on),
                  <span className="app-tags">
                    <ActionStatusTag status={action.status} overdue={action.overdue} />
                  </span>,
                ],
              }))}
            />
          )}
          <h2 className="govuk-heading-m">Open escalations</h2>
          {!escalations.data ? (
            escalations.isError ? (
              <p className="govuk-body">The escalations could not be shown.</p>
            ) : (
              <Loading />
            )
          ) : escalations.data.items.length === 0 ? (
            <p className="govuk-body">There are no open escalations about this case.</p>
          ) : (
            <Table
              caption="Open escalations about this case, soonest due first"
              captionHidden
              head={[{ text: 'Escalation' }, { text: 'Raised to' }, { text: 'Stage due' }, { text: 'Needs attention' }]}
              rows={escalations.data.items.map((escalation) => ({
                key: escalation.id,
                cells: [
                  <Link className="govuk-link" to={`/escalations/${escalation.id}`}>
                    {labelFor(escalationSourceLabels, escalation.source)}, raised {formatDay(escalation.created_at)}
                  </Link>,
                  escalation.raised_to_name ?? 'No one',
                  `${formatDate(escalation.stage_due_on)} (${escalationStageLabels[escalation.stage]?.toLowerCase() ?? `stage ${escalation.stage}`})`,
                  escalation.overdue || escalation.long_running ? (
                    <span className="app-tags">
                      <EscalationFlags escalation={escalation} />
                    </span>
                  ) : (
                    'No'
                  ),
                ],
              }))}
            />
          )}
          {canSee('feedback', me) ? (
            <>
              <h2 className="govuk-heading-m">Feedback</h2>
              {!feedback.data ? (
                feedback.isError ? <p className="govuk-body">The feedback could not be shown.</p> : <Loading />
              ) : feedback.data.items.length === 0 ? (
                <p className="govuk-body">No compliments, complaints or other feedback about this case.</p>
              ) : (
                <Table
                  caption="Feedback about this case, newest first"
                  captionHidden
                  head={[{ text: 'Feedback' }, { text: 'From' }, { text: 'Status' }]}
                  rows={feedback.data.items.map((f) => ({
                    key: f.id,
                    cells: [
                      <Link className="govuk-link" to={`/feedback/${f.id}`}>
                        {labelFor(feedbackKindLabels, f.kind)}, {formatDate(f.received_on)}
                      </Link>,
                      labelFor(sourceRoleLabels, f.source_role),
                      <span className="app-tags">
                        {feedbackStatusLabels[f.status]}
                        {f.overdue ? <Tag colour="red">Overdue</Tag> : null}
                      </span>,
                    ],
                  }))}
                />
              )}
            </>
          ) : null}
        </>
      ) : null}
    </>
  );
}
