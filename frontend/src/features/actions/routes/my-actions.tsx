import { useState, type SyntheticEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { Button, Checkboxes, Pagination, Select, Table } from '@/components/govuk';
import { Loading } from '@/components/loading';
import { ProblemPage } from '@/components/status-pages/problem-page';
import { ActionStatusTag } from '@/components/status-tags';
import { caseLabel } from '@/lib/cases';
import { nextPageSearch, pageNumber, previousPageSearch } from '@/lib/cursor-paging';
import { formatDate } from '@/lib/dates';
import { actionStatusLabels, narrativeText } from '@/lib/labels';
import { usePageTitle } from '@/lib/page-title';
import { useMe } from '@/lib/session/session-context';
import { useActions } from '../api/use-actions';
import { ACTION_STATUSES, oneOf } from '@/lib/api/enums';

interface FilterValues {
  status: string;
  overdue: boolean;
}

function ActionFilters({ initial, onApply }: { initial: FilterValues; onApply: (values: FilterValues) => void }) {
  const [values, setValues] = useState(initial);
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    onApply(values);
  };
  return (
    <form noValidate onSubmit={submit} aria-label="Filter actions">
      <div className="app-filters">
        <Select
          id="status"
          label="Status"
          value={values.status}
          onChange={(status) => setValues((current) => ({ ...current, status }))}
          options={[{ value: '', text: 'Any status' }, ...Object.entries(actionStatusLabels).map(([value, text]) => ({ value, text }))]}
        />
        <Checkboxes
          idPrefix="overdue"
          legend="Due date"
          small
          items={[{ value: 'true', text: 'Only overdue actions' }]}
          values={values.overdue ? ['true'] : []}
          onChange={(checked) => setValues((current) => ({ ...current, overdue: checked.includes('true') }))}
        />
      </div>
      <Button variant="secondary">Apply filters</Button>
    </form>
  );
}

/** The caller's actions, open or overdue first of all. */
export function MyActionsPage() {
  const me = useMe();
  const [search] = useSearchParams();
  const navigate = useNavigate();
  const page = pageNumber(search);
  usePageTitle(page > 1 ? `Your actions (page ${page})` : 'Your actions');
  const status = search.get('status') ?? '';
  const overdue = search.get('overdue') === 'true';
  const actions = useActions({ owner_id: me.id, status: oneOf(ACTION_STATUSES, status), overdue: overdue || undefined, cursor: search.get('cursor') || undefined });
  if (actions.isError) return <ProblemPage error={actions.error} />;

  const apply = (values: FilterValues) => {
    const params = new URLSearchParams();
    if (values.status) params.set('status', values.status);
    if (values.overdue) params.set('overdue', 'true');
    const text = params.toString();
    void navigate(text ? `?${text}` : '.');
  };
  const previous = previousPageSearch(search);
  const nextCursor = actions.data?.next_cursor;
  const quick = (label: string, to: string, current: boolean) => (
    <li className="app-subnav__item">
      <Link className="govuk-link app-subnav__link" to={to} aria-current={current ? 'page' : undefined}>
        {label}
      </Link>
    </li>
  );

  return (
    <>
      <h1 className="govuk-heading-l">Your actions</h1>
      <nav className="app-subnav" aria-label="Action lists">
        <ul className="app-subnav__list">
          {quick('All', '/actions', !status && !overdue)}
          {quick('Open', '/actions?status=open', status === 'open' && !overdue)}
          {quick('In progress', '/actions?status=in_progress', status === 'in_progress' && !overdue)}
          {quick('Overdue', '/actions?overdue=true', !status && overdue)}
        </ul>
      </nav>
      <ActionFilters key={search.toString()} initial={{ status, overdue }} onApply={apply} />
      {!actions.data ? (
        <Loading />
      ) : actions.data.items.length === 0 ? (
        <p className="govuk-body">{page > 1 ? 'There are no more actions.' : 'You have no actions that match.'}</p>
      ) : (
        <Table
          caption={page > 1 ? `Your actions, page ${page}` : 'Your actions'}
          captionHidden
          head={[{ text: 'Action' }, { text: 'Case' }, { text: 'Due' }, { text: 'Status' }]}
          rows={actions.data.items.map((action) => ({
            key: action.id,
            cells: [
              <Link className="govuk-link" to={`/actions/${action.id}`}>
                {narrativeText(action.description, me.reads_narrative, 'Action')}
              </Link>,
              caseLabel(action, 'No case'),
              formatDate(action.due_on),
              <ActionStatusTag status={action.status} overdue={action.overdue} />,
            ],
          }))}
        />
      )}
      <Pagination
        previous={previous ? { to: previous, labelText: `Page ${page - 1}` } : undefined}
        next={nextCursor ? { to: nextPageSearch(search, nextCursor), labelText: `Page ${page + 1}` } : undefined}
      />
    </>
  );
}
