import { describe, expect, it } from 'vitest';
import { nextPageSearch, pageNumber, previousPageSearch } from './cursor-paging';

describe('cursor paging', () => {
  it('goes forward keeping the filters, and back again to the first page', () => {
    const first = new URLSearchParams('status=open');
    const second = new URLSearchParams(nextPageSearch(first, 'c2'));
    expect(second.get('cursor')).toBe('c2');
    expect(second.get('status')).toBe('open');
    expect(pageNumber(second)).toBe(2);
    const third = new URLSearchParams(nextPageSearch(second, 'c3'));
    expect(pageNumber(third)).toBe(3);
    const backToSecond = new URLSearchParams(previousPageSearch(third) ?? '');
    expect(backToSecond.get('cursor')).toBe('c2');
    expect(pageNumber(backToSecond)).toBe(2);
    const backToFirst = new URLSearchParams(previousPageSearch(backToSecond) ?? '');
    expect(backToFirst.get('cursor')).toBeNull();
    expect(backToFirst.get('status')).toBe('open');
    expect(previousPageSearch(backToFirst)).toBeNull();
  });
});
