import { Link, useNavigate, useSearchParams } from 'react-router';
import { Pagination, type SelectOption } from '@/components/govuk';
import { Loading } from '@/components/loading';
import { ProblemPage } from '@/components/status-pages/problem-page';
import type { AuditKind, Me } from '@/lib/api/types';
import { nextPageSearch, pageNumber, previousPageSearch } from '@/lib/cursor-paging';
import { monthRange } from '@/lib/dates';
import { auditKindLabels } from '@/lib/labels';
import { useOrgUnits } from '@/lib/org-units';
import { usePageTitle } from '@/lib/page-title';
import { isAuditor } from '@/lib/permissions';
import { gradesOf, useGradeScales } from '@/lib/reference-data';
import { useMe } from '@/lib/session/session-context';
import { useAudits, type AuditFilters as Filters } from '../api/use-audits';
import { AuditFilters, type AuditFilterValues } from '../components/audit-filters';
import { AuditsTable } from '../components/audits-table';
import { AUDIT_STATUSES, oneOf } from '@/lib/api/enums';

export type AuditListView = 'mine' | 'team' | 'work' | 'all';

const titles: Record<AuditListView, string> = {
  mine: 'Audits you did',
  team: 'Audits of your team',
  work: 'Audits of your work',
  all: 'All audits',
};

/**
 * The lists a caller has, the first at `/audits`: their own audits (auditors), their team's
 * (managers), those of their work (practitioners), and every audit (those who read them all).
 */
export function auditViews(me: Pick<Me, 'roles' | 'case_scope'>): AuditListView[] {
  const views: AuditListView[] = [];
  if (isAuditor(me)) views.push('mine');
  if (me.roles.some((role) => role === 'team_manager' || role === 'head_of_service')) views.push('team');
  if (me.roles.includes('practitioner')) views.push('work');
  if (me.case_scope === 'all') views.push('all');
  if (views.length === 0) views.push('work');
  return views;
}

const pathOf = (view: AuditListView, views: AuditListView[]) =>
  view === views[0] ? '/audits' : { mine: '/audits/mine', team: '/audits/team', work: '/audits/your-work', all: '/audits/all' }[view];

const isKind = (value: string | null): value is AuditKind => value !== null && value in auditKindLabels;

export function AuditsListPage({ view: asked }: { view?: AuditListView }) {
  const me = useMe();
  const views = auditViews(me);
  const view = asked ?? views[0] ?? 'work';
  const [search] = useSearchParams();
  const navigate = useNavigate();
  const page = pageNumber(search);
  const title = titles[view];
  usePageTitle(page > 1 ? `${title} (page ${page})` : title);
  const scales = useGradeScales();
  const orgUnits = useOrgUnits();

  // The team view: the caller's own team, or a choice among the teams in their scope.
  const teams = (orgUnits.data ?? [])
    .filter((unit) => unit.kind === 'team' && (me.case_scope === 'all' || me.scope_unit_ids.includes(unit.id)))
    .sort((a, b) => a.name.localeCompare(b.name, 'en-GB'));
  const ownTeam = teams.find((team) => team.id === me.team_id);
  const teamChoice = view === 'team' && !ownTeam && teams.length > 1;
  const teamId = view === 'team' ? (ownTeam?.id ?? (search.get('team_id') || undefined)) : undefined;

  const month = search.get('month') ?? '';
  const kind = search.get('kind');
  const range = /^\d{4}-\d{2}$/.test(month) ? monthRange(month) : undefined;
  const filters: Filters = {
    auditor_id: view === 'mine' ? me.id : undefined,
    practitioner_id: view === 'work' ? me.id : undefined,
    team_id: teamId,
    status: oneOf(AUDIT_STATUSES, search.get('status')),
    kind: isKind(kind) ? kind : undefined,
    overall_grade: search.get('overall_grade') || undefined,
    from: range?.from,
    to: range?.to,
    cursor: search.get('cursor') || undefined,
  };
  const waitForTeam = view === 'team' && !orgUnits.data;
  const audits = useAudits(filters, !waitForTeam);
  if (audits.isError) return <ProblemPage error={audits.error} />;

  const apply = (values: AuditFilterValues) => {
    const params = new URLSearchParams();
    for (const name of ['team_id', 'month', 'overall_grade', 'status', 'kind'] as const) {
      if (values[name]) params.set(name, values[name]);
    }
    const text = params.toString();
    void navigate(text ? `?${text}` : '.');
  };

  const previous = previousPageSearch(search);
  const nextCursor = audits.data?.next_cursor;
  const teamOptions: SelectOption[] | undefined = teamChoice
    ? [{ value: '', text: me.case_scope === 'all' ? 'All teams' : 'All your teams' }, ...teams.map((team) => ({ value: team.id, text: team.name }))]
    : undefined;

  return (
    <>
      <h1 className="govuk-heading-l">{title}</h1>
      {views.length > 1 ? (
        <nav className="app-subnav" aria-label="Audit lists">
          <ul className="app-subnav__list">
            {views.map((v) => (
              <li key={v} className="app-subnav__item">
                <Link className="govuk-link app-subnav__link" to={pathOf(v, views)} aria-current={v === view ? 'page' : undefined}>
                  {titles[v]}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      {view === 'team' && ownTeam ? <p className="govuk-body">{ownTeam.name}</p> : null}
      <AuditFilters
        key={search.toString()}
        grades={gradesOf(scales.data?.items, undefined)}
        teams={teamOptions}
        initial={{
          team_id: search.get('team_id') ?? '',
          month,
          overall_grade: filters.overall_grade ?? '',
          status: filters.status ?? '',
          kind: filters.kind ?? '',
        }}
        onApply={apply}
      />
      {!audits.data ? (
        <Loading />
      ) : audits.data.items.length === 0 ? (
        <p className="govuk-body">{page > 1 ? 'There are no more audits.' : 'No audits match these filters.'}</p>
      ) : (
        <AuditsTable
          audits={audits.data.items}
          caption={page > 1 ? `${title}, page ${page}` : title}
          person={view === 'mine' ? 'practitioner' : 'auditor'}
        />
      )}
      <Pagination
        previous={previous ? { to: previous, labelText: `Page ${page - 1}` } : undefined}
        next={nextCursor ? { to: nextPageSearch(search, nextCursor), labelText: `Page ${page + 1}` } : undefined}
      />
    </>
  );
}

export const AuditsIndexPage = () => <AuditsListPage />;
export const AuditsMinePage = () => <AuditsListPage view="mine" />;
export const AuditsTeamPage = () => <AuditsListPage view="team" />;
export const AuditsOfYourWorkPage = () => <AuditsListPage view="work" />;
export const AllAuditsPage = () => <AuditsListPage view="all" />;
