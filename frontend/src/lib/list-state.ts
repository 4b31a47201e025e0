import { useLocation, useSearchParams } from 'react-router';
import type { PaginationLink, SortDirection, TableHeadCell } from '@/components/govuk';

/**
 * The state of a list page (its filters, search, sort and page) lives in the URL's query string
 * only, so any view of a list ("my team, awaiting reply, oldest first") can be bookmarked, shared
 * and reloaded, and the browser's Back button undoes a change of filter or sort.
 *
 * Filters keep the API's own parameter names and comma-separated values (`status=open,in_progress`).
 * `q` is the search, `sort` the API's sort (`-created_at`; left out while it is the default),
 * `cursor` the API's keyset cursor and `page` only the number shown beside it.
 */

/** The API's default order for every list: newest first. */
export const NEWEST_FIRST = '-created_at';

const PAGING_PARAMS = ['cursor', 'page'] as const;

/** A sort from the URL if the list can sort by every field in it, else undefined (the API answers 422 to others). */
export function checkedSort(raw: string | null, sortable: readonly string[]): string | undefined {
  if (!raw) return undefined;
  return raw.split(',').every((part) => sortable.includes(part.replace(/^-/, ''))) ? raw : undefined;
}

/** How a list sorted by `sort` is sorted by `field`: the sort's first field decides. */
export function sortDirection(sort: string, field: string): SortDirection | 'none' {
  const [primary = ''] = sort.split(',');
  if (primary.replace(/^-/, '') !== field) return 'none';
  return primary.startsWith('-') ? 'descending' : 'ascending';
}

/** The sort after choosing a column: the other way round if it is the column sorted by, else the column's first way. */
export function nextSort(sort: string, field: string, first: SortDirection): string {
  const current = sortDirection(sort, field);
  const direction = current === 'none' ? first : current === 'ascending' ? 'descending' : 'ascending';
  return direction === 'descending' ? `-${field}` : field;
}

/**
 * A list's query string after a change: `changes` set (or, when empty or undefined, remove)
 * parameters; any change other than moving page starts again from the first page, since a
 * cursor belongs to one filter and one sort.
 */
export function changedSearch(search: URLSearchParams, changes: Record<string, string | undefined>): string {
  const params = new URLSearchParams(search);
  const paging = Object.keys(changes).some((name) => (PAGING_PARAMS as readonly string[]).includes(name));
  if (!paging) PAGING_PARAMS.forEach((name) => params.delete(name));
  for (const [name, value] of Object.entries(changes)) {
    if (value) params.set(name, value);
    else params.delete(name);
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** The page the URL is on, counting from 1: a cursor without a page number is taken as page 2. */
export function pageOf(search: URLSearchParams): number {
  if (!search.get('cursor')) return 1;
  const page = Number.parseInt(search.get('page') ?? '', 10);
  return Number.isFinite(page) && page >= 2 ? page : 2;
}

/** What a list page says about where it is: its cursors and, when counted, its total. */
export interface ListPageInfo {
  next_cursor?: string | null;
  prev_cursor?: string | null;
  total?: number | null;
}

/** "Previous" and "Next" for a page of a list, labelled "Page 2 of 5" when the total is known. */
export function pagingLinks(search: URLSearchParams, info: ListPageInfo | undefined, pageSize: number): { previous?: PaginationLink; next?: PaginationLink } {
  const page = pageOf(search);
  const total = info?.total;
  const pages = typeof total === 'number' ? Math.max(1, Math.ceil(total / pageSize)) : undefined;
  const label = (n: number) => (pages ? `Page ${n} of ${pages}` : `Page ${n}`);
  const links: { previous?: PaginationLink; next?: PaginationLink } = {};
  if (page > 1) {
    // Back to the first page by its own address (no cursor), so it is read afresh.
    const to =
      page === 2 || !info?.prev_cursor
        ? changedSearch(search, { cursor: undefined, page: undefined })
        : changedSearch(search, { cursor: info.prev_cursor, page: String(page - 1) });
    links.previous = { to, labelText: label(page === 2 || !info?.prev_cursor ? 1 : page - 1) };
  }
  if (info?.next_cursor) links.next = { to: changedSearch(search, { cursor: info.next_cursor, page: String(page + 1) }), labelText: label(page + 1) };
  return links;
}

export interface ListOptions<F extends string> {
  /** The URL parameters the list filters by, as the API names them. */
  filters: readonly F[];
  /** The fields the API sorts this list by. */
  sortable: readonly string[];
  /** The API's default order (newest first). */
  defaultSort?: string;
  /** Rows to a page. */
  pageSize: number;
}

/** One list page's state from the URL, and the ways to change it. */
export function useListState<F extends string>({ filters, sortable, defaultSort = NEWEST_FIRST, pageSize }: ListOptions<F>) {
  const [search, setSearch] = useSearchParams();
  const { pathname } = useLocation();
  const values = Object.fromEntries([...filters, 'q'].map((name) => [name, search.get(name) ?? ''])) as Record<F | 'q', string>;
  const sort = checkedSort(search.get('sort'), sortable) ?? defaultSort;
  const cursor = search.get('cursor') || undefined;
  const page = pageOf(search);
  const q = values.q.trim();

  const go = (changes: Record<string, string | undefined>) => setSearch(new URLSearchParams(changedSearch(search, changes)));

  return {
    values,
    /** A key for the filter form, so it shows the URL's filters again after Back or a link. */
    formKey: search.toString(),
    sort,
    page,
    /** Whether any filter or search is applied (the sort is not a filter). */
    filtered: q !== '' || filters.some((name) => values[name] !== ''),
    /** The parameters every list request sends: the sort, the search, the page and `count=true` for the total. */
    request: { sort, q: q || undefined, cursor, limit: pageSize, count: true as const },
    /**
     * Applies a filter form: the values given replace the current ones (empty ones are removed);
     * filters the form does not show (such as a service chosen on the home page) are kept.
     */
    apply: (next: Partial<Record<F | 'q', string>>) => go(Object.fromEntries(Object.entries(next).map(([name, value]) => [name, typeof value === 'string' ? value.trim() : undefined]))),
    /** Every filter and the search removed; the sort kept. */
    clearHref: `${pathname}${changedSearch(new URLSearchParams(search.get('sort') ? { sort: search.get('sort') ?? '' } : {}), {})}`,
    /** A column heading that sorts the list by `field`, first in the `first` direction. */
    column: (field: string, text: string, first: SortDirection = 'ascending'): TableHeadCell => {
      const sorted = nextSort(sort, field, first);
      return {
        text,
        sort: {
          direction: sortDirection(sort, field),
          onSort: () => go({ sort: sorted === defaultSort ? undefined : sorted }),
        },
      };
    },
    /** "Previous" and "Next" for the page the API answered. */
    paging: (info: ListPageInfo | undefined) => {
      const links = pagingLinks(search, info, pageSize);
      if (links.previous) links.previous.to = `${pathname}${links.previous.to}`;
      if (links.next) links.next.to = `${pathname}${links.next.to}`;
      return links;
    },
    /** The page's title, with its page number after the first. */
    title: (text: string) => (page > 1 ? `${text} (page ${page})` : text),
  };
}

export type ListState<F extends string> = ReturnType<typeof useListState<F>>;
