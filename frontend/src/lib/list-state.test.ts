import { describe, expect, it } from 'vitest';
import { changedSearch, checkedSort, nextSort, pageOf, pagingLinks, sortDirection } from './list-state';

describe('list state in the URL', () => {
  it('takes only sorts the list can do, so a mistyped bookmark is not refused', () => {
    expect(checkedSort('-created_at,status', ['created_at', 'status'])).toBe('-created_at,status');
    expect(checkedSort('-colour', ['created_at'])).toBeUndefined();
    expect(checkedSort(null, ['created_at'])).toBeUndefined();
  });

  it('sorts by a new column its first way, and turns the sorted column round', () => {
    expect(sortDirection('-created_at', 'created_at')).toBe('descending');
    expect(sortDirection('-created_at', 'status')).toBe('none');
    expect(nextSort('-created_at', 'status', 'ascending')).toBe('status');
    expect(nextSort('-created_at', 'created_at', 'descending')).toBe('created_at');
    expect(nextSort('created_at', 'created_at', 'descending')).toBe('-created_at');
  });

  it('starts from the first page when a filter or the sort changes, keeping the rest', () => {
    const search = new URLSearchParams('status=open&sort=due_on&cursor=abc&page=3');
    expect(changedSearch(search, { status: 'completed' })).toBe('?status=completed&sort=due_on');
    expect(changedSearch(search, { status: '', sort: undefined })).toBe('');
  });

  it('goes forward with the next cursor, back with the previous one, and to page 1 by its own address', () => {
    const first = new URLSearchParams('overdue=true');
    expect(pageOf(first)).toBe(1);
    const forward = pagingLinks(first, { next_cursor: 'n1', prev_cursor: null, total: 60 }, 25);
    expect(forward.previous).toBeUndefined();
    expect(forward.next).toEqual({ to: '?overdue=true&cursor=n1&page=2', labelText: 'Page 2 of 3' });

    const third = new URLSearchParams('overdue=true&cursor=n2&page=3');
    expect(pageOf(third)).toBe(3);
    const links = pagingLinks(third, { next_cursor: null, prev_cursor: 'p2', total: 60 }, 25);
    expect(links.previous).toEqual({ to: '?overdue=true&cursor=p2&page=2', labelText: 'Page 2 of 3' });
    expect(links.next).toBeUndefined();

    const second = new URLSearchParams('overdue=true&cursor=n1&page=2');
    expect(pagingLinks(second, { prev_cursor: 'p1' }, 25).previous).toEqual({ to: '?overdue=true', labelText: 'Page 1' });
  });
});
