import { useQuery } from '@tanstack/react-query';
import { useState, type SyntheticEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { Button, DateInput, ErrorSummary, Input, Pagination, Select, Table, Tag } from '@/components/govuk';
import { Loading } from '@/components/loading';
import { ProblemPage } from '@/components/status-pages/problem-page';
import type { StaffMember } from '@/lib/api/types';
import { caseQuery } from '@/lib/cases';
import { formatDate, formatDateTime } from '@/lib/dates';
import { noErrors, type FormErrors } from '@/lib/form-errors';
import { pageOf, pagingLinks } from '@/lib/list-state';
import { usePageTitle } from '@/lib/page-title';
import { personName, useStaff } from '@/lib/staff';
import { DataProtectionNav } from '@/components/data-protection-nav';
import { accessLogCsv, csvFileName, CSV_MAX_ROWS, fetchWholeLog, saveText } from '../api/access-log-csv';
import { checkFilters, partsOf, searchFromParams, searchParamsFor, type AccessLogFilterValues, type AccessLogSearch } from '../api/access-log-filters';
import { ACCESS_LOG_PAGE_SIZE, useAccessLog } from '../api/use-access-log';

const actionLabels: Record<string, string> = {
  read: 'Read',
  list: 'Listed',
  create: 'Created',
  update: 'Changed',
  password: 'Set the password of',
  delete: 'Deleted',
  export: 'Exported',
  search: 'Searched',
  pause: 'Stopped the clock of',
  resume: 'Restarted the clock of',
  extend: 'Extended',
  gather: 'Gathered',
  redact: 'Withheld part of',
  unredact: 'Put back part of',
  release: 'Released',
  purge: 'Purged',
};

const recordPaths: Record<string, string> = { case: '/cases', audit: '/audits', action: '/actions', escalation: '/escalations' };

/** "Read audit", "Listed case", "Changed org unit". */
const whatWasDone = (action: string, recordType: string) => `${actionLabels[action] ?? action.replace(/_/g, ' ')} ${recordType.replace(/_/g, ' ')}`;

/**
 * The last part of an id (the first part of our ids is the time they were made, shared by records
 * made together): enough to tell records apart on a page, with the whole id for screen readers.
 */
const shortId = (id: string) => `…${id.slice(-8)}`;

function ShortId({ id }: { id: string }) {
  return (
    <>
      <span aria-hidden="true">{shortId(id)}</span>
      <span className="govuk-visually-hidden">{id}</span>
    </>
  );
}

function Filters({ title, initial, staff, onSearch }: { title: string; initial: AccessLogSearch; staff: StaffMember[] | undefined; onSearch: (search: AccessLogSearch) => void }) {
  const [values, setValues] = useState<AccessLogFilterValues>({
    case: initial.case_id ?? '',
    user_id: initial.user_id ?? '',
    from: partsOf(initial.from),
    to: partsOf(initial.to),
  });
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [attempt, setAttempt] = useState(0);
  usePageTitle(title, errors.summary.length > 0);
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    const checked = checkFilters(values);
    if ('errors' in checked) {
      setErrors(checked.errors);
      setAttempt((n) => n + 1);
      return;
    }
    setErrors(noErrors);
    onSearch(checked.search);
  };
  const people = [...(staff ?? [])].sort((a, b) => a.display_name.localeCompare(b.display_name, 'en-GB'));
  const known = !values.user_id || people.some((person) => person.id === values.user_id);
  return (
    <>
      {errors.summary.length > 0 ? <ErrorSummary key={attempt} errors={errors.summary} /> : null}
      <form noValidate onSubmit={submit} aria-label="Search the access log" className="app-inline-form">
        <Input
          id="case_id"
          label="Case"
          hint="The case’s ID, or paste the link to the case. A case’s page links here too."
          error={errors.byField.case_id}
          value={values.case}
          onChange={(text) => setValues((current) => ({ ...current, case: text }))}
          spellCheck={false}
          autoComplete="off"
        />
        <Select
          id="user_id"
          label="Person"
          hint="Who read or changed the records"
          value={values.user_id}
          onChange={(user_id) => setValues((current) => ({ ...current, user_id }))}
          options={[
            { value: '', text: 'Anyone' },
            ...(known ? [] : [{ value: values.user_id, text: `A former member of staff (${shortId(values.user_id)})` }]),
            ...people.map((person) => ({ value: person.id, text: person.display_name })),
          ]}
        />
        <div className="app-filters">
          <DateInput
            id="from"
            legend="From"
            legendSize="s"
            hint="For example, 1 6 2026"
            error={errors.byField.from}
            value={values.from}
            onChange={(from) => setValues((current) => ({ ...current, from }))}
          />
          <DateInput
            id="to"
            legend="To"
            legendSize="s"
            hint="This day included"
            error={errors.byField.to}
            value={values.to}
            onChange={(to) => setValues((current) => ({ ...current, to }))}
          />
        </div>
        <Button variant="secondary">Search</Button>
      </form>
    </>
  );
}

/** What the results are of, in words: "about case H.A. (DEMO-000383), by Ann Lee, from 1 June 2026". */
function useSearchDescription(search: AccessLogSearch, staff: StaffMember[] | undefined): string {
  const kase = useQuery({ ...caseQuery(search.case_id ?? ''), enabled: Boolean(search.case_id), retry: false });
  const parts: string[] = [];
  if (search.case_id) {
    parts.push(kase.data ? `about case ${kase.data.display_name} (${kase.data.external_ref})` : `about case ${shortId(search.case_id)}`);
  }
  if (search.user_id) parts.push(`by ${personName(staff, search.user_id)}`);
  if (search.from) parts.push(`from ${formatDate(search.from)}`);
  if (search.to) parts.push(`to ${formatDate(search.to)}`);
  return parts.join(', ');
}

/**
 * The access log, for the data protection officer: who read or changed what, searched by case,
 * by person and by date, oldest first, page by page. Cases in the rows are shown by their ID, not
 * looked up, so that reading the log does not itself read every case in it.
 */
export function AccessLogPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const page = pageOf(params);
  const search = searchFromParams(params);
  const staff = useStaff();
  const log = useAccessLog(search, params.get('cursor') || undefined);
  const description = useSearchDescription(search, staff.data);
  if (log.isError) return <ProblemPage error={log.error} />;
  const items = log.data?.items ?? [];
  const filtered = Object.values(search).some(Boolean);
  const person = (id: string | null | undefined) => (id ? personName(staff.data, id) : 'Someone not signed in');
  const caption = `Entries${description ? ` ${description}` : ''}${page > 1 ? `, page ${page}` : ''}`;

  return (
    <>
      <DataProtectionNav current="access-log" />
      <h1 className="govuk-heading-l">Access log</h1>
      <p className="govuk-body">
        Who read, listed or changed records, and who was refused. Search by case, by person or by dates; entries are shown newest first, {ACCESS_LOG_PAGE_SIZE} to a page.
      </p>
      <Filters key={params.toString()} title={page > 1 ? `Access log (page ${page})` : 'Access log'} initial={search} staff={staff.data} onSearch={(next) => void navigate(searchParamsFor(next))} />
      {filtered ? (
        <p className="govuk-body">
          <Link className="govuk-link" to="/access-log">
            Clear the search
          </Link>
        </p>
      ) : null}
      {!log.data ? (
        <Loading />
      ) : items.length === 0 ? (
        <p className="govuk-body">{page > 1 ? 'There are no more entries.' : 'No entries match this search.'}</p>
      ) : (
        <Table
          caption={caption}
          captionSize="m"
          head={[{ text: 'When' }, { text: 'Who' }, { text: 'What' }, { text: 'Case' }, { text: 'Outcome' }, { text: 'Detail' }]}
          rows={items.map((entry) => {
            const path = entry.record_id ? recordPaths[entry.record_type] : undefined;
            return {
              key: entry.id,
              cells: [
                formatDateTime(entry.at),
                entry.user_id && entry.user_id !== search.user_id ? (
                  <Link className="govuk-link" to={searchParamsFor({ ...search, user_id: entry.user_id })}>
                    {person(entry.user_id)}
                    <span className="govuk-visually-hidden">: show only their entries</span>
                  </Link>
                ) : (
                  person(entry.user_id)
                ),
                path && entry.record_id ? (
                  <Link className="govuk-link" to={`${path}/${entry.record_id}`}>
                    {whatWasDone(entry.action, entry.record_type)}
                    <span className="govuk-visually-hidden"> {entry.record_id}</span>
                  </Link>
                ) : (
                  whatWasDone(entry.action, entry.record_type)
                ),
                !entry.case_id ? (
                  'None'
                ) : entry.case_id === search.case_id ? (
                  'This case'
                ) : (
                  <Link className="govuk-link" to={searchParamsFor({ ...search, case_id: entry.case_id })}>
                    <ShortId id={entry.case_id} />
                    <span className="govuk-visually-hidden">: show only entries about this case</span>
                  </Link>
                ),
                entry.outcome === 'denied' ? <Tag colour="red">Refused</Tag> : <Tag colour="green">Allowed</Tag>,
                <span key="detail" className="app-break-anywhere">
                  {entry.detail ?? ''}
                </span>,
              ],
            };
          })}
        />
      )}
      <Pagination {...pagingLinks(params, log.data, ACCESS_LOG_PAGE_SIZE)} />
      {items.length > 0 ? <DownloadLog search={search} staff={staff.data} /> : null}
    </>
  );
}

/**
 * "Download CSV" of every entry the search finds (not only this page), oldest first. The API
 * has no CSV of the access log, so the file is built here from its pages.
 */
function DownloadLog({ search, staff }: { search: AccessLogSearch; staff: StaffMember[] | undefined }) {
  const [state, setState] = useState<{ pending: boolean; message: string | null }>({ pending: false, message: null });
  const start = () => {
    if (state.pending) return;
    setState({ pending: true, message: 'Preparing the file…' });
    fetchWholeLog(search).then(
      ({ entries, truncated }) => {
        saveText(accessLogCsv(entries, (id) => personName(staff, id)), csvFileName(search));
        setState({
          pending: false,
          message: truncated ? `The file holds the first ${CSV_MAX_ROWS.toLocaleString('en-GB')} entries: narrow the dates for the rest.` : `The file holds ${entries.length} ${entries.length === 1 ? 'entry' : 'entries'}.`,
        });
      },
      () => setState({ pending: false, message: 'The file could not be prepared. Try again.' }),
    );
  };
  return (
    <div className="app-report-download">
      <button type="button" className="govuk-button govuk-button--secondary govuk-!-margin-bottom-2" aria-disabled={state.pending || undefined} onClick={start}>
        Download CSV<span className="govuk-visually-hidden"> of every entry found, on every page</span>
      </button>
      <p className="govuk-body" role="status">
        {state.message}
      </p>
    </div>
  );
}
