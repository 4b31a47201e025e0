import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { BackLink, Button, ErrorSummary, InsetText } from '@/components/govuk';
import { Loading } from '@/components/loading';
import { ProblemPage } from '@/components/status-pages/problem-page';
import { ApiError } from '@/lib/api/api-error';
import { formatDate, quarterOf, todayIso } from '@/lib/dates';
import { noErrors, type FormErrors } from '@/lib/form-errors';
import { useOrgUnits } from '@/lib/org-units';
import { usePageTitle } from '@/lib/page-title';
import { readsReports, readsWholeCouncilReports } from '@/lib/permissions';
import { useMe } from '@/lib/session/session-context';
import { reportTitle, SECTIONS } from '../api/report-names';
import { periodText, queryFromSearch, searchFor } from '../api/report-query';
import type { Report, ReportName, ReportQuery, ReportTable } from '../api/report-types';
import { useReport } from '../api/use-report';
import { DownloadCsv, DownloadSpreadsheet } from '../components/download-csv';
import { HeatMapKey, HeatMapTable } from '../components/heat-map';
import { ReportChart } from '../components/report-charts';
import { ReportPicker, unitOptions } from '../components/report-picker';
import { ReportTableView } from '../components/report-table';
import { TrendChart, trendTableForReading } from '../components/trend-chart';

/**
 * The API's refusal of a period or a unit (422) as errors on the picker's fields, in words the
 * reader can act on.
 */
export function pickerErrorsFrom(error: unknown, query: ReportQuery, wholeCouncil = true): FormErrors | null {
  if (!(error instanceof ApiError)) return null;
  const errors: FormErrors = { summary: [], byField: {} };
  const add = (field: string, href: string, text: string) => {
    errors.summary.push({ href, text, field });
    errors.byField[field] = errors.byField[field] ? `${errors.byField[field]}. ${text}` : text;
  };
  const unitText = wholeCouncil ? 'Choose a team or service from the list' : 'Choose your service or one of its teams';
  // A service or team outside the reader's part of the council is, to them, one that does not
  // exist (404; an older API said 422 on the field).
  if (error.status === 404 && (query.service_id || query.team_id)) {
    add('unit', '#unit', unitText);
    return errors;
  }
  if (error.status !== 422) return null;
  for (const { field, message } of error.problem?.errors ?? []) {
    if (field === 'service_id' || field === 'team_id') add('unit', '#unit', unitText);
    else if (field === 'quarter') add('quarter', '#quarter', 'Choose a quarter from the list');
    else if (field === 'from') add('from', '#from-day', `The first day ${message.replace(/\bfrom\b/g, 'the first day').replace(/\bto\b/g, 'the last day')}`);
    else if (field === 'to') add('to', '#to-day', `The last day ${message.replace(/\bfrom\b/g, 'the first day')}`);
    else add(field, '', message);
  }
  if (errors.summary.length === 0) errors.summary.push({ text: error.problem?.detail ?? 'The report could not be made for this choice.' });
  return errors;
}

/** The first column's heading where the API's ("Who") says less than it could. */
const FIRST_HEADINGS: Record<string, Record<string, string>> = {
  calibration: { overall: 'Covering', 'by-auditor': 'Auditor', 'by-team': 'Team audited' },
};

/** What the trend lines show, over quarters or over periods of chosen dates. */
const trendTitle = (table: ReportTable) =>
  `Judgements graded good or better over the last ${table.columns.length - 1} ${table.columns.slice(1).every((label) => /^\d{4}-Q[1-4]$/.test(label)) ? 'quarters' : 'periods'}`;

function TableWithChart({ report, table, name, query }: { report: Report; table: ReportTable; name: ReportName; query: ReportQuery }) {
  return (
    <div className="app-report-table">
      {name === 'standards-heatmap' ? (
        <HeatMapTable table={table} />
      ) : table.name === 'trend' ? (
        <>
          <TrendChart table={table} title={trendTitle(table)} />
          <ReportTableView table={trendTableForReading(table)} />
        </>
      ) : (
        <>
          <ReportChart report={report} table={table} />
          <ReportTableView table={table} sortRows={name === 'calibration'} firstHeading={FIRST_HEADINGS[name]?.[table.name]} />
        </>
      )}
      <DownloadCsv name={name} query={query} table={table.name} caption={table.caption} />
    </div>
  );
}

/** The report's tables in its sections, each section a new page on paper. */
function Sections({ report, name, query }: { report: Report; name: ReportName; query: ReportQuery }) {
  const placed = new Set(SECTIONS[name].flatMap((section) => section.tables));
  const others = report.tables.filter((table) => !placed.has(table.name));
  const sections = [...SECTIONS[name], ...(others.length > 0 ? [{ title: 'Other figures', tables: others.map((table) => table.name) }] : [])];
  return (
    <>
      {sections.map((section) => {
        const tables = section.tables.map((tableName) => report.tables.find((table) => table.name === tableName)).filter((table): table is ReportTable => Boolean(table));
        if (tables.length === 0) return null;
        const id = `section-${section.title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
        return (
          <section className="app-report-section" key={section.title} aria-labelledby={id}>
            <h2 className="govuk-heading-l" id={id}>
              {section.title}
            </h2>
            {tables.map((table) => (
              <TableWithChart key={table.name} report={report} table={table} name={name} query={query} />
            ))}
          </section>
        );
      })}
    </>
  );
}

/** The terms the report uses and its notes, under the report. */
function DefinitionsAndNotes({ report }: { report: Report }) {
  const notes = [...report.notes];
  if (report.name === 'calibration') {
    notes.push('A weighted kappa shows as a dash where it cannot be worked out: with fewer than 2 moderated audits, or where every grade was the same.');
  }
  return (
    <section className="app-report-section app-report-definitions" aria-labelledby="definitions-heading">
      <h2 className="govuk-heading-l" id="definitions-heading">
        Definitions and notes
      </h2>
      {report.definitions.length > 0 ? (
        <dl className="govuk-summary-list app-report-definitions__list">
          {report.definitions.map((definition) => (
            <div className="govuk-summary-list__row" key={definition.term}>
              <dt className="govuk-summary-list__key">{definition.term}</dt>
              <dd className="govuk-summary-list__value">{definition.meaning}</dd>
            </div>
          ))}
        </dl>
      ) : null}
      {notes.length > 0 ? (
        <>
          <h3 className="govuk-heading-m">Notes</h3>
          <ul className="govuk-list govuk-list--bullet">
            {notes.map((note) => (
              <li key={note}>{note}</li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

/**
 * A report's page: the period and part of the council chosen (kept in the address), the
 * figures in sections as tables (with charts where they help, a heat map for the standards),
 * "Download CSV" per table, "Print", and the definitions and notes under it.
 */
export function ReportPage({ name }: { name: ReportName }) {
  const me = useMe();
  const [search, setSearch] = useSearchParams();
  const query = queryFromSearch(search);
  // The team briefing is for one team: a team manager's own (the API knows it), anyone else's as chosen.
  const ownTeam = name === 'team-briefing' && !readsReports(me);
  const mustPickTeam = name === 'team-briefing' && !ownTeam && !query.team_id;
  const report = useReport(name, query, !mustPickTeam);
  const orgUnits = useOrgUnits();
  const [own, setOwn] = useState<{ errors: FormErrors; attempt: number; search: string }>({ errors: noErrors, attempt: 0, search: '' });
  const title = reportTitle(name);
  // The picker's own errors belong to the address they were made on; the API's come with its answer.
  const ownErrors = own.search === search.toString() ? own.errors : noErrors;
  const apiErrors = pickerErrorsFrom(report.error, query, readsWholeCouncilReports(me)) ?? noErrors;
  const errors = ownErrors.summary.length > 0 ? ownErrors : apiErrors;
  usePageTitle(title, errors.summary.length > 0);

  if (report.error && apiErrors.summary.length === 0) return <ProblemPage error={report.error} />;
  const data = report.data;
  const allUnits = unitOptions(orgUnits.data ?? [], me);
  const units = ownTeam ? [] : name === 'team-briefing' ? [{ value: '', text: 'Choose a team' }, ...allUnits.filter((unit) => unit.value.startsWith('team_id:'))] : allUnits;
  return (
    <div className="app-report">
      {ownTeam ? <BackLink to="/">Your work</BackLink> : <BackLink to="/reports">All reports</BackLink>}
      {errors.summary.length > 0 ? <ErrorSummary key={`${own.attempt}-${report.errorUpdatedAt}`} errors={errors.summary} /> : null}
      <h1 className="govuk-heading-l">{title}</h1>
      {data ? (
        <div className="app-report-summary">
          <p className="govuk-body-l govuk-!-margin-bottom-2">
            <strong>{periodText(data.period)}</strong>, compared with {periodText(data.previous)}
          </p>
          <p className="govuk-body">
            Covers: <strong>{data.scope}</strong>
          </p>
          <p className="govuk-body-s app-print-only">Printed on {formatDate(todayIso())} from Children’s Services QA. The figures are worked out from the records when the report is opened.</p>
        </div>
      ) : null}
      <ReportPicker
        key={search.toString()}
        query={query}
        defaultQuarter={quarterOf(todayIso())}
        units={units}
        errors={errors}
        onShow={(next) => setSearch(new URLSearchParams(searchFor(next)))}
        onErrors={(next) => setOwn((current) => ({ errors: next, attempt: current.attempt + 1, search: search.toString() }))}
      />
      {apiErrors.summary.length > 0 ? null : mustPickTeam ? (
        <InsetText>Choose a team, then “Show report”, to see its briefing beside its service.</InsetText>
      ) : !data ? (
        <Loading what="Working out the figures…" />
      ) : (
        <>
          <div className="govuk-button-group app-report-tools">
            <Button type="button" variant="secondary" onClick={() => window.print()}>
              Print
            </Button>
            <DownloadSpreadsheet name={name} query={query} />
          </div>
          {data.small_numbers_suppressed ? (
            <InsetText>Counts of fewer than 5 children or staff are withheld from this view: they show as “fewer than 5”.</InsetText>
          ) : null}
          {name === 'standards-heatmap' ? <HeatMapKey /> : null}
          <Sections report={data} name={name} query={query} />
          <DefinitionsAndNotes report={data} />
        </>
      )}
    </div>
  );
}

export const QuarterlyReportPage = () => <ReportPage name="quarterly-qa" />;
export const StandardsHeatmapPage = () => <ReportPage name="standards-heatmap" />;
export const CalibrationReportPage = () => <ReportPage name="calibration" />;
export const EscalationsReportPage = () => <ReportPage name="escalations" />;
export const ParticipationReportPage = () => <ReportPage name="participation" />;
export const LearningNeedsReportPage = () => <ReportPage name="learning-needs" />;
export const TeamBriefingPage = () => <ReportPage name="team-briefing" />;
