import { useQuery } from '@tanstack/react-query';
import { unwrap } from './api/api-error';
import { api } from './api/client';
import type { Me, OrgUnit } from './api/types';

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

/**
 * The services and teams a caller may narrow a list to (those in their scope; every one for
 * those who see all), for one "Team or service" select. A value names its filter as well as the
 * unit (`team_id:…`, `service_id:…`), as the lists take a team or a service.
 */
export function unitFilterOptions(units: OrgUnit[], me: Pick<Me, 'case_scope' | 'scope_unit_ids'>): { value: string; text: string }[] {
  return orgUnitPaths(units)
    .filter(({ unit }) => (unit.kind === 'service' || unit.kind === 'team') && (me.case_scope === 'all' || me.scope_unit_ids.includes(unit.id)))
    .map(({ unit, path }) => ({
      value: `${unit.kind === 'team' ? 'team_id' : 'service_id'}:${unit.id}`,
      // Without the directorate every unit shares.
      text: path.split(' › ').slice(1).join(' › ') || path,
    }));
}

/** The select's value for a list's `team_id` and `service_id` filters. */
export const unitFilterValue = (values: { team_id?: string; service_id?: string }): string =>
  values.team_id ? `team_id:${values.team_id}` : values.service_id ? `service_id:${values.service_id}` : '';

/** The `team_id` and `service_id` filters for the select's value. */
export function unitFilters(value: string): { team_id: string; service_id: string } {
  const [name, id = ''] = value.split(':');
  return { team_id: name === 'team_id' ? id : '', service_id: name === 'service_id' ? id : '' };
}
