import { Link } from 'react-router';
import { Pagination, Select, Table } from '@/components/govuk';
import { FilterCheckbox, ListFilters, ListTotal } from '@/components/list-filters';
import { Loading } from '@/components/loading';
import { ProblemPage } from '@/components/status-pages/problem-page';
import { EscalationStatusTag } from '@/components/status-tags';
import { ESCALATION_SOURCES, ESCALATION_STAGES, ESCALATION_STATUSES, someOf } from '@/lib/api/enums';
import { formatDate, formatDay } from '@/lib/dates';
import { escalationSourceLabels, escalationStageLabels, escalationStatusLabels, labelFor } from '@/lib/labels';
import { useListState } from '@/lib/list-state';
import { unitFilterOptions, unitFilters, unitFilterValue, useOrgUnits } from '@/lib/org-units';
import { usePageTitle } from '@/lib/page-title';
import { useMe } from '@/lib/session/session-context';
import { usePersonName } from '@/lib/staff';
import { ESCALATIONS_PAGE_SIZE, useEscalations } from '../api/use-escalations';
import { CaseName } from '@/components/case-name';
import { EscalationFlags } from '@/components/escalation-flags';

const FILTERS = ['status', 'source', 'stage', 'raised_to', 'raised_by', 'team_id', 'service_id', 'overdue'] as const;
const SORTABLE = ['created_at', 'updated_at', 'stage_due_on', 'stage', 'status'] as const;

/** Any status: without a status the list shows the open ones. */
const ANY_STATUS = 'all';

/** The "Whose" select's value for the `raised_to` and `raised_by` filters, like the unit select's. */
const whoseValue = (values: { raised_to: string; raised_by: string }) =>
  values.raised_to ? `raised_to:${values.raised_to}` : values.raised_by ? `raised_by:${values.raised_by}` : '';

function whoseFilters(value: string): { raised_to: string; raised_by: string } {
  const [name, id = ''] = value.split(':');
  return { raised_to: name === 'raised_to' ? id : '', raised_by: name === 'raised_by' ? id : '' };
}

/** Escalations the caller may see, open ones unless they ask for others, overdue and long-running marked. */
export function EscalationsListPage() {
  const me = useMe();
  const list = useListState({ filters: FILTERS, sortable: SORTABLE, pageSize: ESCALATIONS_PAGE_SIZE });
  const { values } = list;
  usePageTitle(list.title('Escalations'));
  const status = values.status || 'open';
  const escalations = useEscalations({
    status: status === ANY_STATUS ? undefined : someOf(ESCALATION_STATUSES, status),
    source: someOf(ESCALATION_SOURCES, values.source),
    stage: someOf(ESCALATION_STAGES, values.stage),
    raised_to: values.raised_to || undefined,
    raised_by: values.raised_by || undefined,
    team_id: values.team_id || undefined,
    service_id: values.service_id || undefined,
    overdue: values.overdue === 'true' || undefined,
    ...list.request,
  });
  const orgUnits = useOrgUnits();
  const personName = usePersonName();
  if (escalations.isError) return <ProblemPage error={escalations.error} />;

  const units = unitFilterOptions(orgUnits.data ?? [], me);
  const whose = whoseValue(values);
  const whoseOptions = [
    { value: '', text: 'Anyone' },
    { value: `raised_to:${me.id}`, text: 'Raised to you' },
    { value: `raised_by:${me.id}`, text: 'Raised by you' },
  ];
  // Someone else's, from a shared link: named, so the select shows what the list shows.
  if (whose && !whoseOptions.some((option) => option.value === whose)) {
    const { raised_to, raised_by } = whoseFilters(whose);
    whoseOptions.push({ value: whose, text: raised_to ? `Raised to ${personName(raised_to)}` : `Raised by ${personName(raised_by)}` });
  }
  const items = escalations.data?.items ?? [];

  return (
    <>
      <h1 className="govuk-heading-l">Escalations</h1>
      <ListFilters
        key={list.formKey}
        label="Filter escalations"
        search={{ hint: 'The child’s initials or reference, or the name of who raised it or holds it' }}
        clearHref={list.filtered ? list.clearHref : null}
        initial={{ q: values.q, status, whose, unit: unitFilterValue(values), stage: values.stage, source: values.source, overdue: values.overdue }}
        onApply={({ whose: chosen, unit, status: chosenStatus, ...rest }) =>
          list.apply({ ...rest, status: chosenStatus === 'open' ? '' : chosenStatus, ...whoseFilters(chosen), ...(units.length > 1 ? unitFilters(unit) : {}) })
        }
      >
        {(field) => (
          <>
            <Select
              id="status"
              label="Status"
              options={[{ value: ANY_STATUS, text: 'Any status' }, ...Object.entries(escalationStatusLabels).map(([value, text]) => ({ value, text }))]}
              {...field('status')}
            />
            <Select id="whose" label="Whose" options={whoseOptions} {...field('whose')} />
            {units.length > 1 ? <Select id="unit" label="Team or service" options={[{ value: '', text: me.case_scope === 'all' ? 'All teams' : 'All your teams' }, ...units]} {...field('unit')} /> : null}
            <Select
              id="stage"
              label="Stage"
              options={[{ value: '', text: 'Any stage' }, ...ESCALATION_STAGES.map((stage) => ({ value: String(stage), text: escalationStageLabels[stage] ?? `Stage ${stage}` }))]}
              {...field('stage')}
            />
            <Select
              id="source"
              label="Source"
              options={[{ value: '', text: 'Any source' }, ...Object.entries(escalationSourceLabels).map(([value, text]) => ({ value, text }))]}
              {...field('source')}
            />
            <FilterCheckbox id="overdue" legend="Due date" label="Only overdue escalations" field={field('overdue')} />
          </>
        )}
      </ListFilters>
      <ListTotal total={escalations.data?.total} noun={['escalation', 'escalations']} />
      {!escalations.data ? (
        <Loading />
      ) : items.length === 0 ? (
        <p className="govuk-body">{list.page > 1 ? 'There are no more escalations.' : 'No escalations match these filters.'}</p>
      ) : (
        <Table
          caption={list.page > 1 ? `Escalations, page ${list.page}` : 'Escalations'}
          captionHidden
          head={[
            { text: 'Case' },
            { text: 'Source' },
            { text: 'Raised to' },
            list.column('created_at', 'Raised', 'descending'),
            list.column('stage_due_on', 'Stage due'),
            list.column('status', 'Status'),
          ]}
          rows={items.map((e) => ({
            key: e.id,
            cells: [
              <Link className="govuk-link" to={`/escalations/${e.id}`}>
                <CaseName record={e} fallback="Escalation" />
                <span className="govuk-visually-hidden">, raised {formatDay(e.created_at)}</span>
              </Link>,
              labelFor(escalationSourceLabels, e.source),
              e.raised_to_name ?? 'No one',
              formatDay(e.created_at),
              <>
                {formatDate(e.stage_due_on)}
                <br />
                <span className="govuk-body-s">{escalationStageLabels[e.stage] ?? `Stage ${e.stage}`}</span>
              </>,
              <span className="app-tags">
                <EscalationStatusTag status={e.status} /> <EscalationFlags escalation={e} />
              </span>,
            ],
          }))}
        />
      )}
      <Pagination {...list.paging(escalations.data)} />
    </>
  );
}
