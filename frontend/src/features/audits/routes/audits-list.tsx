import { ButtonGroup, ButtonLink, Pagination } from '@/components/govuk';
import { ListTotal } from '@/components/list-filters';
import { ListViewsNav } from '@/components/list-views-nav';
import { Loading } from '@/components/loading';
import { NoAccessPage } from '@/components/status-pages/no-access';
import { ProblemPage } from '@/components/status-pages/problem-page';
import { AUDIT_KINDS, AUDIT_STATUSES, someOf } from '@/lib/api/enums';
import type { Me } from '@/lib/api/types';
import { periodRange } from '@/lib/dates';
import { useListState } from '@/lib/list-state';
import { unitFilterOptions, unitFilters, unitFilterValue, useOrgUnits } from '@/lib/org-units';
import { usePageTitle } from '@/lib/page-title';
import { importsPastAudits, isAuditor, isModerator } from '@/lib/permissions';
import { gradesOf, useGradeScales } from '@/lib/reference-data';
import { useMe } from '@/lib/session/session-context';
import { AUDITS_PAGE_SIZE, useAudits } from '../api/use-audits';
import { AuditFilters } from '../components/audit-filters';
import { AuditsTable } from '../components/audits-table';

export type AuditListView = 'mine' | 'team' | 'moderation' | 'work' | 'all';

const titles: Record<AuditListView, string> = {
  mine: 'Audits you did',
  team: 'Audits of your team',
  moderation: 'Moderation queue',
  work: 'Audits of your work',
  all: 'All audits',
};

/**
 * The lists a caller has, the first at `/audits`: their own audits (auditors), their team's
 * (managers), the moderation queue (moderators), those of their work (practitioners), and every
 * audit (those who read them all).
 */
export function auditViews(me: Pick<Me, 'roles' | 'case_scope'>): AuditListView[] {
  const views: AuditListView[] = [];
  if (isAuditor(me)) views.push('mine');
  if (me.roles.some((role) => role === 'team_manager' || role === 'head_of_service')) views.push('team');
  if (isModerator(me)) views.push('moderation');
  if (me.roles.includes('practitioner')) views.push('work');
  if (me.case_scope === 'all') views.push('all');
  if (views.length === 0) views.push('work');
  return views;
}

const pathOf = (view: AuditListView, views: AuditListView[]) =>
  view === views[0] ? '/audits' : { mine: '/audits/mine', team: '/audits/team', moderation: '/audits/moderation', work: '/audits/your-work', all: '/audits/all' }[view];

const FILTERS = ['team_id', 'service_id', 'status', 'kind', 'overall_grade', 'period', 'submitted', 'awaiting_response', 'reply_overdue'] as const;
const SORTABLE = ['created_at', 'updated_at', 'period_end', 'status', 'kind'] as const;
/** The moderation queue: submitted audits drawn into the sample, the longest waiting first. */
const OLDEST_FIRST = 'created_at';

export function AuditsListPage({ view: asked }: { view?: AuditListView }) {
  const me = useMe();
  const views = auditViews(me);
  const view = asked ?? views[0] ?? 'work';
  const queue = view === 'moderation';
  const list = useListState({ filters: FILTERS, sortable: SORTABLE, pageSize: AUDITS_PAGE_SIZE, ...(queue ? { defaultSort: OLDEST_FIRST } : {}) });
  const { values } = list;
  const title = titles[view];
  usePageTitle(list.title(title));
  const scales = useGradeScales();
  const orgUnits = useOrgUnits();

  const range = periodRange(values.period);
  const submitted = periodRange(values.submitted);
  const audits = useAudits({
    auditor_id: view === 'mine' ? me.id : undefined,
    practitioner_id: view === 'work' ? me.id : undefined,
    team_id: values.team_id || undefined,
    service_id: values.service_id || undefined,
    status: queue ? ['submitted'] : someOf(AUDIT_STATUSES, values.status),
    moderation_sampled: queue || undefined,
    kind: someOf(AUDIT_KINDS, values.kind),
    overall_grade: values.overall_grade ? values.overall_grade.split(',') : undefined,
    awaiting_response: values.awaiting_response === 'true' || undefined,
    reply_overdue: values.reply_overdue === 'true' || undefined,
    from: range?.from,
    to: range?.to,
    submitted_from: submitted?.from,
    submitted_to: submitted?.to,
    ...list.request,
  });
  if (queue && !isModerator(me)) return <NoAccessPage />;
  if (audits.isError) return <ProblemPage error={audits.error} />;

  // A team or service to narrow to, where the list spans several: the teams of a head of
  // service, or every unit for those who see all audits.
  const units = unitFilterOptions(orgUnits.data ?? [], me);
  const unitChoice = (view === 'team' || view === 'all' || queue) && units.length > 1;
  const items = audits.data?.items ?? [];

  return (
    <>
      <h1 className="govuk-heading-l">{title}</h1>
      <ListViewsNav label="Audit lists" views={views.map((v) => ({ to: pathOf(v, views), text: titles[v], current: v === view }))} />
      {importsPastAudits(me) ? (
        <ButtonGroup>
          <ButtonLink variant="secondary" to="/audits/import">
            Import past audits
          </ButtonLink>
        </ButtonGroup>
      ) : null}
      {view === 'team' && me.team_name ? <p className="govuk-body">{me.team_name}</p> : null}
      {queue ? (
        <p className="govuk-body">
          Submitted audits drawn into the moderation sample (one in every few of each auditor’s, and every one graded at an escalating grade), the longest waiting
          first. Moderate them from the audit’s page.
        </p>
      ) : null}
      <AuditFilters
        key={list.formKey}
        grades={gradesOf(scales.data?.items, undefined)}
        units={unitChoice ? [{ value: '', text: me.case_scope === 'all' ? 'All teams' : 'All your teams' }, ...units] : undefined}
        clearHref={list.filtered ? list.clearHref : null}
        queue={queue}
        initial={{
          q: values.q,
          unit: unitFilterValue(values),
          period: values.period,
          submitted: values.submitted,
          overall_grade: values.overall_grade,
          status: values.status,
          kind: values.kind,
          awaiting_response: values.awaiting_response,
          reply_overdue: values.reply_overdue,
        }}
        onApply={({ unit, ...rest }) => list.apply({ ...rest, ...(unitChoice ? unitFilters(unit) : {}) })}
      />
      <ListTotal total={audits.data?.total} noun={['audit', 'audits']} />
      {!audits.data ? (
        <Loading />
      ) : items.length === 0 ? (
        <p className="govuk-body">{list.page > 1 ? 'There are no more audits.' : queue && !list.filtered ? 'No audits are waiting for moderation.' : 'No audits match these filters.'}</p>
      ) : (
        <AuditsTable audits={items} caption={list.page > 1 ? `${title}, page ${list.page}` : title} person={view === 'mine' ? 'practitioner' : 'auditor'} list={list} />
      )}
      <Pagination {...list.paging(audits.data)} />
    </>
  );
}

export const AuditsIndexPage = () => <AuditsListPage />;
export const AuditsMinePage = () => <AuditsListPage view="mine" />;
export const AuditsTeamPage = () => <AuditsListPage view="team" />;
export const ModerationQueuePage = () => <AuditsListPage view="moderation" />;
export const AuditsOfYourWorkPage = () => <AuditsListPage view="work" />;
export const AllAuditsPage = () => <AuditsListPage view="all" />;
