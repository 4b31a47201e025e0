/** "A", "A and B", "A, B and C". */
export function joinNames(names: string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1] ?? ''}`;
}

/**
 * Who is told when something is raised on a case: its worker and case-accountable manager (and
 * whoever else the caller names), never the person raising it, each once.
 */
export function recipients(ids: (string | null | undefined)[], me: string): string[] {
  return [...new Set(ids.filter((id): id is string => Boolean(id) && id !== me))];
}
