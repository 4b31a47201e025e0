import { useQuery } from '@tanstack/react-query';
import { unwrap } from './api/api-error';
import { api } from './api/client';
import type { OrgUnit } from './api/types';

/** Every org unit (the list is small; it is read whole, page by page). */
export async function fetchAllOrgUnits(): Promise<OrgUnit[]> {
  const units: OrgUnit[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await unwrap(api.GET('/api/v1/org-units', { params: { query: { limit: 500, cursor } } }));
    units.push(...page.items);
    if (!page.next_cursor) return units;
    cursor = page.next_cursor;
  }
}

export const orgUnitsQueryKey = ['org-units'] as const;

export function useOrgUnits() {
  return useQuery({ queryKey: orgUnitsQueryKey, queryFn: fetchAllOrgUnits });
}

export interface OrgUnitNode extends OrgUnit {
  children: OrgUnitNode[];
}

/** The units as a tree (directorates at the top), each level sorted by name. */
export function orgUnitTree(units: OrgUnit[]): OrgUnitNode[] {
  const nodes = new Map<string, OrgUnitNode>(units.map((unit) => [unit.id, { ...unit, children: [] }]));
  const roots: OrgUnitNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.parent_id ? nodes.get(node.parent_id) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  const sort = (list: OrgUnitNode[]) => {
    list.sort((a, b) => a.name.localeCompare(b.name, 'en-GB'));
    list.forEach((node) => sort(node.children));
  };
  sort(roots);
  return roots;
}

/** Units in tree order with their path ("Children's Services › Family Help › Team A"). */
export function orgUnitPaths(units: OrgUnit[]): { unit: OrgUnit; path: string }[] {
  const out: { unit: OrgUnit; path: string }[] = [];
  const walk = (list: OrgUnitNode[], prefix: string) => {
    for (const node of list) {
      const path = prefix ? `${prefix} › ${node.name}` : node.name;
      out.push({ unit: node, path });
      walk(node.children, path);
    }
  };
  walk(orgUnitTree(units), '');
  return out;
}
