import type { NavigationItem } from '@/components/govuk';
import type { Me } from './api/types';

/** The parts of the service, each shown only to the callers allowed to use it. */
export type Area = 'home' | 'standards' | 'cases' | 'account' | 'admin';

/**
 * Whether the caller may use an area. Mirrors what the API allows (the API decides; this only
 * keeps people from links that would be refused): cases need a case scope, which
 * administrators never have; administration needs the admin role.
 */
export function canSee(area: Area, me: Pick<Me, 'roles' | 'case_scope'>): boolean {
  switch (area) {
    case 'home':
    case 'standards':
    case 'account':
      return true;
    case 'cases':
      return me.case_scope !== 'none';
    case 'admin':
      return me.roles.includes('admin');
  }
}

interface NavEntry {
  area: Area;
  to: string;
  text: string;
}

const entries: NavEntry[] = [
  { area: 'home', to: '/', text: 'Your work' },
  { area: 'cases', to: '/cases', text: 'Cases' },
  { area: 'standards', to: '/practice-standards', text: 'Practice standards' },
  { area: 'admin', to: '/admin/users', text: 'Users' },
  { area: 'admin', to: '/admin/teams', text: 'Teams' },
  { area: 'account', to: '/account', text: 'Your account' },
];

/** The service navigation for a caller on a page: only what their roles allow. */
export function navigationFor(me: Pick<Me, 'roles' | 'case_scope'>, pathname: string): NavigationItem[] {
  const items: NavigationItem[] = entries
    .filter((entry) => canSee(entry.area, me))
    .map(({ to, text }) => {
      const current: NavigationItem['current'] =
        pathname === to ? 'page' : to !== '/' && pathname.startsWith(`${to}/`) ? 'section' : undefined;
      return current ? { to, text, current } : { to, text };
    });
  items.push({ to: '/sign-out', text: 'Sign out' });
  return items;
}
