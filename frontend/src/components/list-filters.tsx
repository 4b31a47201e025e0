import { useState, type ReactNode, type SyntheticEvent } from 'react';
import { Link } from 'react-router';
import { Button, ButtonGroup, Checkboxes, Input, type SelectOption } from '@/components/govuk';
import { formatMonth, formatPeriod, formatQuarter, recentMonths, recentQuarters } from '@/lib/dates';

/** GOV.UK Frontend's tablet breakpoint. */
const WIDE = '(min-width: 40.0625em)';

/** What a filter's field needs: its value and how to change it. */
export interface FilterField {
  value: string;
  onChange: (value: string) => void;
}

/**
 * The filters (and search) above a list, laid out side by side where they fit. The values are
 * kept here until "Apply filters", which puts them in the URL; render it with `key` set to the
 * URL's query string so it shows the filters of the page on screen after Back or a link.
 */
export function ListFilters<K extends string>({
  label,
  initial,
  onApply,
  search,
  clearHref,
  children,
}: {
  /** The form's accessible name, e.g. "Filter audits". */
  label: string;
  initial: Record<K, string>;
  onApply: (values: Record<K, string>) => void;
  /** A search box first, for the value named `q`: what it searches, as its hint. */
  search?: { hint: string };
  /** Where "Clear filters" goes, when any filter is applied. */
  clearHref?: string | null;
  children: (field: (name: K) => FilterField) => ReactNode;
}) {
  const [values, setValues] = useState(initial);
  const field = (name: K): FilterField => ({
    value: values[name],
    onChange: (value) => setValues((current) => ({ ...current, [name]: value })),
  });
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    onApply(values);
  };
  const q = 'q' as K;
  // Open on wider screens; on a phone folded away under its summary, so the list comes first.
  const [open] = useState(() => !('matchMedia' in window) || window.matchMedia(WIDE).matches);
  return (
    <details className="govuk-details app-list-filters-details" open={open}>
      <summary className="govuk-details__summary">
        <span className="govuk-details__summary-text">{search ? 'Search and filter' : 'Filter'}{clearHref ? ' (filters applied)' : ''}</span>
      </summary>
      <form noValidate onSubmit={submit} aria-label={label} className="app-list-filters">
        {search ? <Input id="q" label="Search" hint={search.hint} width="two-thirds" spellCheck={false} autoComplete="off" enterKeyHint="search" {...field(q)} /> : null}
        <div className="app-filters">{children(field)}</div>
        <ButtonGroup>
          <Button variant="secondary">Apply filters</Button>
          {clearHref ? (
            <Link className="govuk-link" to={clearHref}>
              Clear filters
            </Link>
          ) : null}
        </ButtonGroup>
      </form>
    </details>
  );
}

/** One tick-box filter ("Only overdue"): `true` when ticked, empty when not. */
export function FilterCheckbox({ id, legend, label, field }: { id: string; legend: string; label: string; field: FilterField }) {
  return (
    <Checkboxes
      idPrefix={id}
      legend={legend}
      small
      items={[{ value: 'true', text: label }]}
      values={field.value === 'true' ? ['true'] : []}
      onChange={(checked) => field.onChange(checked.includes('true') ? 'true' : '')}
    />
  );
}

/**
 * How many records the whole list holds ("123 audits"), read out when it changes after a
 * filter, a search or a sort.
 */
export function ListTotal({ total, noun }: { total: number | null | undefined; noun: [one: string, many: string] }) {
  return (
    <p className="govuk-body govuk-!-font-weight-bold app-list-total" role="status">
      {typeof total === 'number' ? `${total.toLocaleString('en-GB')} ${total === 1 ? noun[0] : noun[1]}` : null}
    </p>
  );
}

/** Months, then quarters, for a list's period filter; a period from a bookmark is kept if older. */
export function periodOptions(current: string, any = 'Any time'): SelectOption[] {
  const months = recentMonths(24).map((month) => ({ value: month, text: formatMonth(month) }));
  const quarters = recentQuarters(8).map((quarter) => ({ value: quarter, text: `Quarter: ${formatQuarter(quarter)}` }));
  const options = [{ value: '', text: any }, ...months, ...quarters];
  if (current && !options.some((option) => option.value === current) && formatPeriod(current)) options.push({ value: current, text: formatPeriod(current) });
  return options;
}
