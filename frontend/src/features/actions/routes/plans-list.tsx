import { Link } from 'react-router';
import { ButtonLink, Pagination, Select, Table } from '@/components/govuk';
import { ListFilters, ListTotal } from '@/components/list-filters';
import { Loading } from '@/components/loading';
import { ProblemPage } from '@/components/status-pages/problem-page';
import { PLAN_SOURCES, someOf } from '@/lib/api/enums';
import { CaseName } from '@/components/case-name';
import { formatDay } from '@/lib/dates';
import { planSourceLabels, planStatusLabels } from '@/lib/labels';
import { useListState } from '@/lib/list-state';
import { unitFilterOptions, unitFilters, unitFilterValue, useOrgUnits } from '@/lib/org-units';
import { usePageTitle } from '@/lib/page-title';
import { isPlanner } from '@/lib/permissions';
import { useMe } from '@/lib/session/session-context';
import { inScope, peopleOptions, useStaff } from '@/lib/staff';
import { PLANS_PAGE_SIZE, usePlans } from '../api/use-plans';
import { ActionsNav, actionsViewTitles } from '../components/actions-nav';
import { PlanProgressText, PlanStatusTag } from '../components/plan-progress';

const FILTERS = ['source', 'owner_id', 'team_id', 'service_id', 'status'] as const;
const SORTABLE = ['created_at', 'updated_at', 'title'] as const;

/** The action plans the caller may see, with how far each plan's actions have got. */
export function PlansListPage() {
  const me = useMe();
  const list = useListState({ filters: FILTERS, sortable: SORTABLE, pageSize: PLANS_PAGE_SIZE });
  const { values } = list;
  const title = actionsViewTitles.plans;
  usePageTitle(list.title(title));
  const orgUnits = useOrgUnits();
  const staff = useStaff();
  const plans = usePlans({
    source: someOf(PLAN_SOURCES, values.source),
    owner_id: values.owner_id || undefined,
    team_id: values.team_id || undefined,
    service_id: values.service_id || undefined,
    status: values.status === 'open' || values.status === 'closed' ? values.status : undefined,
    ...list.request,
  });
  if (plans.isError) return <ProblemPage error={plans.error} />;
  const units = unitFilterOptions(orgUnits.data ?? [], me);
  const owners = peopleOptions((staff.data ?? []).filter((member) => inScope(member, me)));
  const items = plans.data?.items ?? [];

  return (
    <>
      <h1 className="govuk-heading-l">{title}</h1>
      <ActionsNav me={me} current="plans" />
      <p className="govuk-body">
        Each plan gathers the actions that should change practice, and the measures that show whether they did: from audits, themes, inspections, reviews, complaints and
        the council’s own self-evaluation.
      </p>
      {isPlanner(me) ? <ButtonLink to="/actions/plans/new">Make a plan</ButtonLink> : null}
      <ListFilters
        key={list.formKey}
        label="Filter action plans"
        search={{ hint: 'Words in the plan’s title, or its owner’s name' }}
        clearHref={list.filtered ? list.clearHref : null}
        initial={{ q: values.q, source: values.source, owner_id: values.owner_id, unit: unitFilterValue(values), status: values.status }}
        onApply={({ unit, ...rest }) => list.apply({ ...rest, ...(units.length > 1 ? unitFilters(unit) : {}) })}
      >
        {(field) => (
          <>
            <Select id="source" label="Where it came from" options={[{ value: '', text: 'Any source' }, ...PLAN_SOURCES.map((source) => ({ value: source, text: planSourceLabels[source] }))]} {...field('source')} />
            {units.length > 1 ? <Select id="unit" label="Team or service" options={[{ value: '', text: me.case_scope === 'all' ? 'All teams' : 'All your teams' }, ...units]} {...field('unit')} /> : null}
            {owners.length > 1 ? <Select id="owner_id" label="Owner" options={[{ value: '', text: 'Anyone' }, ...owners]} {...field('owner_id')} /> : null}
            <Select id="status" label="Status" options={[{ value: '', text: 'Open or closed' }, ...Object.entries(planStatusLabels).map(([value, text]) => ({ value, text }))]} {...field('status')} />
          </>
        )}
      </ListFilters>
      <ListTotal total={plans.data?.total} noun={['plan', 'plans']} />
      {!plans.data ? (
        <Loading />
      ) : items.length === 0 ? (
        <p className="govuk-body">{list.page > 1 ? 'There are no more plans.' : 'No action plans match these filters.'}</p>
      ) : (
        <Table
          caption={list.page > 1 ? `${title}, page ${list.page}` : title}
          captionHidden
          head={[list.column('title', 'Plan'), { text: 'From' }, { text: 'Team or service' }, { text: 'Owner' }, { text: 'Progress' }, list.column('created_at', 'Made', 'descending'), { text: 'Status' }]}
          rows={items.map((plan) => ({
            key: plan.id,
            cells: [
              <Link className="govuk-link" to={`/actions/plans/${plan.id}`}>
                {plan.title}
              </Link>,
              plan.case_display_name ? (
                <>
                  {planSourceLabels[plan.source]}: <CaseName record={plan} />
                </>
              ) : (
                planSourceLabels[plan.source]
              ),
              plan.unit_name ?? 'The whole council',
              plan.owner_name ?? 'No owner',
              <PlanProgressText progress={plan.progress} />,
              formatDay(plan.created_at),
              <PlanStatusTag status={plan.status} />,
            ],
          }))}
        />
      )}
      <Pagination {...list.paging(plans.data)} />
    </>
  );
}
