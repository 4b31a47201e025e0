/**
 * Previous/next over opaque cursors. The URL holds the current page's cursor and the cursors of
 * the pages before it (`prev`, repeated; the first page's is empty), so "Previous" works after a
 * reload or from a shared link.
 */
export function nextPageSearch(search: URLSearchParams, nextCursor: string): string {
  const params = new URLSearchParams(search);
  params.append('prev', search.get('cursor') ?? '');
  params.set('cursor', nextCursor);
  return `?${params.toString()}`;
}

export function previousPageSearch(search: URLSearchParams): string | null {
  const prev = search.getAll('prev');
  if (prev.length === 0) return null;
  const params = new URLSearchParams(search);
  params.delete('prev');
  prev.slice(0, -1).forEach((cursor) => params.append('prev', cursor));
  const cursor = prev[prev.length - 1];
  if (cursor) params.set('cursor', cursor);
  else params.delete('cursor');
  const text = params.toString();
  return text ? `?${text}` : '?';
}

/** The page number, counting from 1. */
export function pageNumber(search: URLSearchParams): number {
  return search.getAll('prev').length + 1;
}
