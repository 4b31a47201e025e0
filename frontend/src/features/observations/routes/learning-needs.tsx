import { BarChart } from '@/components/charts/bar-chart';
import { Select, Table } from '@/components/govuk';
import { ListFilters, periodOptions } from '@/components/list-filters';
import { Loading } from '@/components/loading';
import { ProblemPage } from '@/components/status-pages/problem-page';
import type { LearningNeedCount, PracticeStandard } from '@/lib/api/types';
import { formatPeriod, periodRange } from '@/lib/dates';
import { useListState } from '@/lib/list-state';
import { unitFilterOptions, unitFilters, unitFilterValue, useOrgUnits } from '@/lib/org-units';
import { usePageTitle } from '@/lib/page-title';
import { standardName, standardOptions, usePracticeStandards } from '@/lib/reference-data';
import { useMe } from '@/lib/session/session-context';
import { useLearningNeedCounts } from '../api/use-observations';
import { ObservationsNav } from './observations-list';

const FILTERS = ['team_id', 'service_id', 'period', 'standard'] as const;

/** The column of needs tied to no standard. */
const NONE = 'none';

interface Tally {
  count: number;
  agreed: number;
}

const add = (a: Tally | undefined, b: LearningNeedCount): Tally => ({ count: (a?.count ?? 0) + b.count, agreed: (a?.agreed ?? 0) + b.agreed });
const columnOf = (row: Pick<LearningNeedCount, 'standard_number'>) => (row.standard_number ? String(row.standard_number) : NONE);

/** How dark a heat-map cell is, from 0 (none) to 4 (the most), by its share of the largest count. */
export function heatLevel(count: number, max: number): number {
  if (count <= 0 || max <= 0) return 0;
  return Math.max(1, Math.ceil((count / max) * 4));
}

/**
 * Learning needs from observations counted by team and practice standard, for workforce
 * development: nobody is named (the analyst sees exactly this). The totals by standard as bars
 * and the same figures in a table; the teams against the standards as a heat map whose cells
 * carry their figures.
 */
export function LearningNeedsPage() {
  const me = useMe();
  const list = useListState({ filters: FILTERS, sortable: [], pageSize: 500 });
  const { values } = list;
  usePageTitle('Learning needs');
  const standards = usePracticeStandards();
  const orgUnits = useOrgUnits();
  const range = periodRange(values.period);
  const chosenStandard = Number(values.standard);
  const counts = useLearningNeedCounts({
    team_id: values.team_id || undefined,
    service_id: values.team_id ? undefined : values.service_id || undefined,
    standard: chosenStandard >= 1 ? [chosenStandard] : undefined,
    from: range?.from,
    to: range?.to,
  });
  if (counts.isError) return <ProblemPage error={counts.error} />;
  const units = unitFilterOptions(orgUnits.data ?? [], me);
  const all: PracticeStandard[] = standards.data?.items ?? [];

  return (
    <>
      <h1 className="govuk-heading-l">Learning needs</h1>
      <ObservationsNav me={me} current="learning-needs" />
      <p className="govuk-body">
        The learning needs raised in observations of practice, counted by team and practice standard, with how many the worker agreed. Nobody is named here: the
        figures feed supervision and the council’s training plans.
      </p>
      <ListFilters
        key={list.formKey}
        label="Filter learning needs"
        clearHref={list.filtered ? list.clearHref : null}
        initial={{ unit: unitFilterValue(values), period: values.period, standard: values.standard }}
        onApply={({ unit, ...rest }) => list.apply({ ...rest, ...(units.length > 1 ? unitFilters(unit) : {}) })}
      >
        {(field) => (
          <>
            {units.length > 1 ? <Select id="unit" label="Team or service" options={[{ value: '', text: me.case_scope === 'all' ? 'All teams' : 'All your teams' }, ...units]} {...field('unit')} /> : null}
            <Select id="period" label="Raised" options={periodOptions(values.period)} {...field('period')} />
            <Select id="standard" label="Practice standard" options={[{ value: '', text: 'Every standard' }, ...standardOptions(all)]} {...field('standard')} />
          </>
        )}
      </ListFilters>
      {!counts.data || !standards.data ? <Loading /> : <Figures rows={counts.data.items} standards={all} period={values.period} />}
    </>
  );
}

function Figures({ rows, standards, period }: { rows: LearningNeedCount[]; standards: PracticeStandard[]; period: string }) {
  if (rows.length === 0) return <p className="govuk-body">No learning needs match these filters.</p>;
  const when = period ? `, raised ${formatPeriod(period)}` : '';

  const byStandard = new Map<string, Tally>();
  const byTeam = new Map<string, { id: string; name: string; cells: Map<string, Tally>; total: Tally }>();
  for (const row of rows) {
    byStandard.set(columnOf(row), add(byStandard.get(columnOf(row)), row));
    const team = byTeam.get(row.team_id) ?? { id: row.team_id, name: row.team_name ?? 'A team', cells: new Map<string, Tally>(), total: { count: 0, agreed: 0 } };
    team.cells.set(columnOf(row), add(team.cells.get(columnOf(row)), row));
    team.total = add(team.total, row);
    byTeam.set(row.team_id, team);
  }
  const columns = [...standards.map((s) => ({ key: String(s.number), short: String(s.number), name: standardName(standards, s.number) })), { key: NONE, short: 'None', name: 'No standard' }].filter(
    (column) => column.key !== NONE || byStandard.has(NONE),
  );
  const total = [...byStandard.values()].reduce((sum, t) => sum + t.count, 0);
  const maxCell = Math.max(...[...byTeam.values()].flatMap((team) => [...team.cells.values()].map((t) => t.count)));
  const teams = [...byTeam.values()].sort((a, b) => a.name.localeCompare(b.name, 'en-GB'));

  return (
    <>
      <p className="govuk-body govuk-!-font-weight-bold" role="status">
        {total.toLocaleString('en-GB')} learning {total === 1 ? 'need' : 'needs'}
        {when}
      </p>
      <h2 className="govuk-heading-m">By practice standard</h2>
      <BarChart bars={columns.map((column) => ({ key: column.key, label: column.name, value: byStandard.get(column.key)?.count ?? 0 }))} />
      <Table
        caption={`Learning needs by practice standard${when}`}
        captionSize="s"
        firstCellIsHeader
        stackOnMobile={false}
        head={[{ text: 'Practice standard' }, { text: 'Learning needs', format: 'numeric' }, { text: 'Agreed by the worker', format: 'numeric' }]}
        rows={columns.map((column) => {
          const tally = byStandard.get(column.key);
          return { key: column.key, cells: [column.name, tally?.count ?? 0, tally?.agreed ?? 0] };
        })}
      />
      <h2 className="govuk-heading-m">By team and standard</h2>
      <p className="govuk-body">The darker a cell, the more learning needs. Each cell gives its figure.</p>
      {/* On a phone the table scrolls within its region, which takes focus so the keyboard can scroll it too. */}
      {/* eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex -- a scrollable region must be reachable by keyboard (WCAG 2.1.1) */}
      <div className="app-table-scroll" role="region" aria-label="Learning needs by team and standard" tabIndex={0}>
        <table className="govuk-table app-heat-map">
          <caption className="govuk-table__caption govuk-table__caption--s">Learning needs by team and practice standard{when}</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">
                Team
              </th>
              {columns.map((column) => (
                <th scope="col" className="govuk-table__header govuk-table__header--numeric" key={column.key}>
                  <abbr title={column.name}>{column.short}</abbr>
                  <span className="govuk-visually-hidden"> {column.name}</span>
                </th>
              ))}
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                Total
              </th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {teams.map((team) => (
              <tr className="govuk-table__row" key={team.id}>
                <th scope="row" className="govuk-table__header">
                  {team.name}
                </th>
                {columns.map((column) => {
                  const count = team.cells.get(column.key)?.count ?? 0;
                  return (
                    <td className={`govuk-table__cell govuk-table__cell--numeric app-heat-map__cell app-heat-map__cell--${heatLevel(count, maxCell)}`} key={column.key}>
                      {count}
                    </td>
                  );
                })}
                <td className="govuk-table__cell govuk-table__cell--numeric govuk-!-font-weight-bold">{team.total.count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
