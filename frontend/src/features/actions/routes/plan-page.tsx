import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { BackLink, NotificationBanner, SummaryList } from '@/components/govuk';
import { Loading } from '@/components/loading';
import { ProblemPage } from '@/components/status-pages/problem-page';
import type { ActionPlan, PlanOperation } from '@/lib/api/types';
import { caseLabel } from '@/lib/cases';
import { formatDate, formatDay } from '@/lib/dates';
import { useFlash } from '@/lib/flash';
import { planSourceLabels } from '@/lib/labels';
import { usePageTitle } from '@/lib/page-title';
import { canSee } from '@/lib/permissions';
import { usePracticeStandards } from '@/lib/reference-data';
import { useMe } from '@/lib/session/session-context';
import { usePlan } from '../api/use-plans';
import { ChangePlan } from '../components/change-plan';
import { AddMeasure, MeasureSection } from '../components/measures';
import { AddPlanAction, PlanActionsTable } from '../components/plan-actions';
import { PlanProgress, PlanStatusTag } from '../components/plan-progress';
import { ReauditImpact } from '../components/reaudit-impact';

export function PlanPage() {
  const { id = '' } = useParams();
  const plan = usePlan(id);
  if (plan.isError) return <ProblemPage error={plan.error} />;
  if (!plan.data) return <LoadingPlan />;
  return <PlanView plan={plan.data.data} etag={plan.data.etag} />;
}

function LoadingPlan() {
  usePageTitle('Action plan');
  return (
    <>
      <h1 className="govuk-heading-l">Action plan</h1>
      <Loading />
    </>
  );
}

/** Where a plan came from, linked where the caller can open it. */
function PlanSourceValue({ plan }: { plan: ActionPlan }) {
  const me = useMe();
  const source = planSourceLabels[plan.source];
  if (plan.source === 'audit' && plan.source_id) {
    return (
      <Link className="govuk-link" to={`/audits/${plan.source_id}`}>
        {`The audit of ${caseLabel(plan, 'a case')}`}
      </Link>
    );
  }
  if (plan.source === 'themed_audit' && plan.source_id && canSee('programme', me)) {
    return (
      <Link className="govuk-link" to={`/programme/themes/${plan.source_id}`}>
        The theme’s findings
      </Link>
    );
  }
  return <>{source}</>;
}

/**
 * An action plan: how far its actions have got, the actions, the measures that show whether
 * they worked (each a small line chart against its target, with the same figures in a table),
 * and the re-audits' grade change per standard. Forms only where `allowed_operations` has them.
 */
function PlanView({ plan, etag }: { plan: ActionPlan; etag: string }) {
  const me = useMe();
  const flash = useFlash();
  const standards = usePracticeStandards();
  const [done, setDone] = useState<string | null>(null);
  // Refusals of a change made on a stale version: kept here, as the change form is shown afresh.
  const [stale, setStale] = useState(0);
  usePageTitle(plan.title);
  const allowed = (operation: PlanOperation) => plan.allowed_operations.includes(operation);
  const all = standards.data?.items ?? [];
  const measures = plan.measures ?? [];
  const impact = plan.reaudit_impact ?? [];
  return (
    <>
      <BackLink to="/actions/plans">Back to action plans</BackLink>
      {done ? <NotificationBanner type="success" heading={done} /> : flash ? <NotificationBanner type="success" heading={flash} /> : null}
      <span className="govuk-caption-l">Action plan: {planSourceLabels[plan.source].toLowerCase()}</span>
      <h1 className="govuk-heading-l">{plan.title}</h1>
      <SummaryList
        rows={[
          { key: 'Status', value: <PlanStatusTag status={plan.status} /> },
          { key: 'Where it came from', value: <PlanSourceValue plan={plan} /> },
          ...(plan.case_id && plan.source !== 'audit'
            ? [
                {
                  key: 'Case',
                  value: (
                    <Link className="govuk-link" to={`/cases/${plan.case_id}`}>
                      {caseLabel(plan, 'View the case')}
                    </Link>
                  ),
                },
              ]
            : []),
          { key: 'Team or service', value: plan.unit_name ?? 'The whole council' },
          { key: 'Owner', value: plan.owner_name ?? 'No owner' },
          { key: 'Due', value: plan.due_on ? formatDate(plan.due_on) : 'No due date' },
          { key: 'Made', value: formatDay(plan.created_at) },
        ]}
      />
      {allowed('update') ? (
        <ChangePlan
          key={plan.version}
          plan={plan}
          etag={etag}
          stale={stale}
          onStale={() => setStale((n) => n + 1)}
          onDone={(message) => {
            setStale(0);
            setDone(message);
          }}
        />
      ) : null}

      <section className="app-audit-section" aria-labelledby="progress-heading">
        <h2 className="govuk-heading-l" id="progress-heading">
          Progress
        </h2>
        {plan.progress.actions_total === 0 ? <p className="govuk-body">This plan has no actions yet.</p> : <PlanProgress progress={plan.progress} />}
      </section>

      <section className="app-audit-section" aria-labelledby="actions-heading">
        <h2 className="govuk-heading-l" id="actions-heading">
          Actions
        </h2>
        <PlanActionsTable actions={plan.actions ?? []} readsNarrative={me.reads_narrative} />
        {allowed('actions') ? <AddPlanAction planId={plan.id} unitName={plan.unit_name} standards={all} /> : null}
      </section>

      <section className="app-audit-section" aria-labelledby="measures-heading">
        <h2 className="govuk-heading-l" id="measures-heading">
          Measures
        </h2>
        {measures.length === 0 ? <p className="govuk-body">No measures yet: a measure says what should improve, from a baseline to a target.</p> : null}
        {measures.map((measure) => (
          <MeasureSection key={measure.id} planId={plan.id} measure={measure} standards={all} canRecord={allowed('readings')} readsNarrative={me.reads_narrative} />
        ))}
        {allowed('measures') ? <AddMeasure planId={plan.id} standards={all} /> : null}
      </section>

      <section className="app-audit-section" aria-labelledby="impact-heading">
        <h2 className="govuk-heading-l" id="impact-heading">
          Re-audit impact
        </h2>
        <ReauditImpact impact={impact} standards={all} />
      </section>

    </>
  );
}
