import { ListViewsNav } from '@/components/list-views-nav';
import type { Me } from '@/lib/api/types';

export type ActionsView = 'mine' | 'team' | 'all' | 'plans';

export const actionsViewTitles: Record<ActionsView, string> = {
  mine: 'Your actions',
  team: 'Actions of your team',
  all: 'All actions',
  plans: 'Action plans',
};

const paths: Record<ActionsView, string> = { mine: '/actions', team: '/actions/team', all: '/actions/all', plans: '/actions/plans' };

/**
 * The lists of the actions area: the caller's own actions; their teams' (managers); every action
 * (those who see all cases); and the action plans the actions belong to.
 */
export function actionsViews(me: Pick<Me, 'roles' | 'case_scope'>): ActionsView[] {
  const views: ActionsView[] = ['mine'];
  if (me.roles.some((role) => role === 'team_manager' || role === 'head_of_service')) views.push('team');
  if (me.case_scope === 'all') views.push('all');
  views.push('plans');
  return views;
}

export function ActionsNav({ me, current }: { me: Pick<Me, 'roles' | 'case_scope'>; current: ActionsView }) {
  return <ListViewsNav label="Action lists" views={actionsViews(me).map((view) => ({ to: paths[view], text: actionsViewTitles[view], current: view === current }))} />;
}
