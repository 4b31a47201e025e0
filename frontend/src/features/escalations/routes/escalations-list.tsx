import { useState, type SyntheticEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { Button, Pagination, Select, Table } from '@/components/govuk';
import { Loading } from '@/components/loading';
import { ProblemPage } from '@/components/status-pages/problem-page';
import { EscalationStatusTag } from '@/components/status-tags';
import { caseLabel } from '@/lib/cases';
import { nextPageSearch, pageNumber, previousPageSearch } from '@/lib/cursor-paging';
import { formatDate, formatDay } from '@/lib/dates';
import { escalationSourceLabels, escalationStatusLabels, labelFor } from '@/lib/labels';
import { usePageTitle } from '@/lib/page-title';
import { usePersonName } from '@/lib/staff';
import { useEscalations } from '../api/use-escalations';
import { EscalationFlags } from '../components/escalation-flags';
import { ESCALATION_SOURCES, ESCALATION_STATUSES, oneOf } from '@/lib/api/enums';

interface FilterValues {
  status: string;
  source: string;
}

function EscalationFilters({ initial, onApply }: { initial: FilterValues; onApply: (values: FilterValues) => void }) {
  const [values, setValues] = useState(initial);
  const set = (name: keyof FilterValues) => (value: string) => setValues((current) => ({ ...current, [name]: value }));
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    onApply(values);
  };
  return (
    <form noValidate onSubmit={submit} aria-label="Filter escalations">
      <div className="app-filters">
        <Select
          id="status"
          label="Status"
          value={values.status}
          onChange={set('status')}
          options={[{ value: 'all', text: 'Any status' }, ...Object.entries(escalationStatusLabels).map(([value, text]) => ({ value, text }))]}
        />
        <Select
          id="source"
          label="Source"
          value={values.source}
          onChange={set('source')}
          options={[{ value: '', text: 'Any source' }, ...Object.entries(escalationSourceLabels).map(([value, text]) => ({ value, text }))]}
        />
      </div>
      <Button variant="secondary">Apply filters</Button>
    </form>
  );
}

/** Escalations the caller may see, open ones first by default, overdue and long-running marked. */
export function EscalationsListPage() {
  const [search] = useSearchParams();
  const navigate = useNavigate();
  const page = pageNumber(search);
  usePageTitle(page > 1 ? `Escalations (page ${page})` : 'Escalations');
  // Open escalations unless the person asks for others ("all" for every status).
  const status = search.get('status') ?? 'open';
  const source = search.get('source') ?? '';
  const escalations = useEscalations({ status: oneOf(ESCALATION_STATUSES, status), source: oneOf(ESCALATION_SOURCES, source), cursor: search.get('cursor') || undefined });
  const items = escalations.data?.items ?? [];
  const personName = usePersonName();
  if (escalations.isError) return <ProblemPage error={escalations.error} />;

  const apply = (values: FilterValues) => {
    const params = new URLSearchParams();
    if (values.status !== 'open') params.set('status', values.status);
    if (values.source) params.set('source', values.source);
    const text = params.toString();
    void navigate(text ? `?${text}` : '.');
  };
  const previous = previousPageSearch(search);
  const nextCursor = escalations.data?.next_cursor;
  const needingAttention = items.filter((e) => e.overdue || e.long_running).length;

  return (
    <>
      <h1 className="govuk-heading-l">Escalations</h1>
      <EscalationFilters key={search.toString()} initial={{ status, source }} onApply={apply} />
      {!escalations.data ? (
        <Loading />
      ) : items.length === 0 ? (
        <p className="govuk-body">{page > 1 ? 'There are no more escalations.' : 'No escalations match these filters.'}</p>
      ) : (
        <>
          {needingAttention > 0 ? (
            <p className="govuk-body govuk-!-font-weight-bold">
              {needingAttention === 1 ? '1 escalation is' : `${needingAttention} escalations are`} overdue or long-running on this page.
            </p>
          ) : null}
          <Table
            caption={page > 1 ? `Escalations, page ${page}` : 'Escalations'}
            captionHidden
            head={[{ text: 'Case' }, { text: 'Source' }, { text: 'Raised to' }, { text: 'Stage due' }, { text: 'Status' }]}
            rows={items.map((e) => ({
              key: e.id,
              cells: [
                <Link className="govuk-link" to={`/escalations/${e.id}`}>
                  {caseLabel(e) || 'Escalation'}
                  <span className="govuk-visually-hidden">, raised {formatDay(e.created_at)}</span>
                </Link>,
                labelFor(escalationSourceLabels, e.source),
                personName(e.raised_to, 'No one'),
                <>
                  {formatDate(e.stage_due_on)}
                  <br />
                  <span className="govuk-body-s">Stage {e.stage}</span>
                </>,
                <span className="app-tags">
                  <EscalationStatusTag status={e.status} /> <EscalationFlags escalation={e} />
                </span>,
              ],
            }))}
          />
        </>
      )}
      <Pagination
        previous={previous ? { to: previous, labelText: `Page ${page - 1}` } : undefined}
        next={nextCursor ? { to: nextPageSearch(search, nextCursor), labelText: `Page ${page + 1}` } : undefined}
      />
    </>
  );
}
