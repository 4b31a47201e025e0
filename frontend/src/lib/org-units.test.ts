import { describe, expect, it } from 'vitest';
import type { OrgUnit } from './api/types';
import { orgUnitPaths, orgUnitTree } from './org-units';

const unit = (id: string, name: string, kind: OrgUnit['kind'], parent_id: string | null = null): OrgUnit => ({
  id,
  name,
  kind,
  parent_id,
  active: true,
  version: 1,
  created_at: '2026-01-01T00:00:00Z',
  updated_at: '2026-01-01T00:00:00Z',
});

describe('org unit tree', () => {
  const units = [unit('t2', 'Team B', 'team', 's1'), unit('s1', 'Family Help', 'service', 'd1'), unit('d1', 'Children’s Services', 'directorate'), unit('t1', 'Team A', 'team', 's1')];

  it('nests teams under services under directorates, sorted by name', () => {
    const tree = orgUnitTree(units);
    expect(tree.map((n) => n.name)).toEqual(['Children’s Services']);
    expect(tree[0]?.children[0]?.children.map((n) => n.name)).toEqual(['Team A', 'Team B']);
  });

  it('gives each unit its path for selects', () => {
    expect(orgUnitPaths(units).map((p) => p.path)).toEqual([
      'Children’s Services',
      'Children’s Services › Family Help',
      'Children’s Services › Family Help › Team A',
      'Children’s Services › Family Help › Team B',
    ]);
  });
});
