import type { NavigationItem } from '@/components/govuk';
import type { FeedbackKind, Me, Role, StaffMember } from './api/types';

/** The parts of the service, each shown only to the callers allowed to use it. */
export type Area =
  | 'home'
  | 'standards'
  | 'cases'
  | 'audits'
  | 'observations'
  | 'monitoring'
  | 'actions'
  | 'escalations'
  | 'feedback'
  | 'programme'
  | 'reports'
  | 'team-briefing'
  | 'notifications'
  | 'account'
  | 'access-log'
  | 'data-protection'
  | 'admin';

type Caller = Pick<Me, 'roles' | 'case_scope'>;

const has = (me: Pick<Me, 'roles'>, ...roles: Role[]) => roles.some((role) => me.roles.includes(role));

/** Roles that carry out audits (the API's `AUDITORS`). */
export const AUDITOR_ROLES: Role[] = ['team_manager', 'head_of_service', 'senior_leader', 'qa_officer'];

/** Whether the caller may start audits. */
export const isAuditor = (me: Pick<Me, 'roles'>) => has(me, ...AUDITOR_ROLES);

/** Roles that observe practice (the API's `OBSERVERS`). */
export const OBSERVER_ROLES: Role[] = ['team_manager', 'head_of_service', 'principal_social_worker', 'senior_leader'];

/** Whether the caller may plan observations. */
export const isObserver = (me: Pick<Me, 'roles'>) => has(me, ...OBSERVER_ROLES);

/** Roles of the people observed: frontline practitioners and managers (the API's `OBSERVABLE`). */
const OBSERVABLE_ROLES: Role[] = ['practitioner', 'team_manager', 'head_of_service'];

/**
 * Whether the caller may observe a colleague, as the API decides it: the principal social worker
 * and senior leaders anyone, team managers and heads of service the staff under them; never
 * themselves, and only practitioners and managers with a team.
 */
export function mayObserve(me: Pick<Me, 'id' | 'roles' | 'scope_unit_ids'>, person: Pick<StaffMember, 'id' | 'roles' | 'team_id'>): boolean {
  if (!isObserver(me) || person.id === me.id || !person.team_id || !person.roles.some((role) => OBSERVABLE_ROLES.includes(role))) return false;
  return has(me, 'principal_social_worker', 'senior_leader') || me.scope_unit_ids.includes(person.team_id);
}

/** Roles that make action plans (the API's planners: the QA unit and senior leaders anywhere, managers for their unit). */
export const isPlanner = (me: Pick<Me, 'roles'>) => has(me, 'qa_officer', 'senior_leader', 'head_of_service', 'team_manager');

/** Roles that make plans for any part of the council, or the whole of it (the API's `PLANNERS`). */
export const plansAnywhere = (me: Pick<Me, 'roles'>) => has(me, 'qa_officer', 'senior_leader');

/** Roles that moderate submitted audits: the QA unit, senior leaders, and heads of service for their service. */
export const isModerator = (me: Pick<Me, 'roles'>) => has(me, 'qa_officer', 'senior_leader', 'head_of_service');

/** Whether the caller completes monitoring forms after reviews and conferences. */
export const isReviewingOfficer = (me: Pick<Me, 'roles'>) => has(me, 'reviewing_officer');

/** Roles that raise practice alerts and escalations by hand (the API's `RAISERS`). */
export const isRaiser = (me: Pick<Me, 'roles'>) => has(me, 'reviewing_officer', 'qa_officer', 'head_of_service', 'senior_leader');

/**
 * The QA unit, where the customer service team sits: it records every kind of feedback, runs
 * every complaint's procedure and imports surveys.
 */
export const handlesComplaints = (me: Pick<Me, 'roles'>) => has(me, 'qa_officer');

/** The QA unit, which loads a council's past audits from its spreadsheets (the API's import is for `qa_officer` only). */
export const importsPastAudits = (me: Pick<Me, 'roles'>) => has(me, 'qa_officer');

/** Roles that record feedback of some kind: the QA unit, and managers about their teams. */
export const isFeedbackRecorder = (me: Pick<Me, 'roles'>) => has(me, 'qa_officer', 'team_manager', 'head_of_service');

/**
 * The kinds of feedback a caller records by hand, as the API allows: the QA unit all but survey
 * responses (which come by import); team managers and heads of service compliments, staff and
 * partner feedback about a team they manage.
 */
export function recordableKinds(me: Pick<Me, 'roles'>): FeedbackKind[] {
  if (handlesComplaints(me)) return ['compliment', 'complaint', 'participation', 'staff_feedback', 'partner_feedback', 'advocacy_report'];
  if (isFeedbackRecorder(me)) return ['compliment', 'staff_feedback', 'partner_feedback'];
  return [];
}

/** Roles that read every report for the whole council (the API's reports `READERS`). */
const REPORT_READERS: Role[] = ['qa_officer', 'senior_leader', 'principal_social_worker', 'performance_analyst'];

/** Whether the caller reads the reports for the whole council. */
export const readsWholeCouncilReports = (me: Pick<Me, 'roles'>) => has(me, ...REPORT_READERS);

/** Whether the caller reads reports: the whole council's, or a head of service their service's. */
export const readsReports = (me: Pick<Me, 'roles'>) => has(me, ...REPORT_READERS, 'head_of_service');

/**
 * Whether the caller may use an area. Mirrors what the API allows (the API decides; this only
 * keeps people from links that would be refused): cases and the records about them need a case
 * scope, which administrators never have; administration needs the admin role.
 */
export function canSee(area: Area, me: Caller): boolean {
  switch (area) {
    case 'home':
    case 'standards':
    case 'account':
    case 'notifications':
      return true;
    case 'cases':
    case 'audits':
    case 'observations':
    case 'monitoring':
    case 'actions':
      return me.case_scope !== 'none';
    case 'escalations':
      // Practitioners see escalations on their own cases from those cases; the list is for
      // the people who answer and raise them.
      return me.case_scope !== 'none' && me.roles.some((role) => role !== 'practitioner');
    case 'feedback':
      // Everyone who reads cases lists the feedback about their work (the analyst without its
      // words); administrators read no case records.
      return me.case_scope !== 'none';
    case 'programme':
      return has(me, 'qa_officer');
    case 'reports':
      return readsReports(me);
    case 'team-briefing':
      // A team manager's own team; readers of reports choose one.
      return has(me, 'team_manager') || readsReports(me);
    case 'admin':
      return me.roles.includes('admin');
    case 'access-log':
    case 'data-protection':
      return has(me, 'dpo');
  }
}

interface NavEntry {
  area: Area;
  to: string;
  text: string;
  /**
   * The roles the link is for, where not everyone who may use the area needs it in the
   * navigation (which must fit one line): others reach the area from a case or a home card.
   */
  roles?: Role[];
}

const entries: NavEntry[] = [
  { area: 'home', to: '/', text: 'Your work' },
  { area: 'cases', to: '/cases', text: 'Cases' },
  { area: 'audits', to: '/audits', text: 'Audits' },
  {
    area: 'observations',
    to: '/observations',
    text: 'Observations',
    roles: ['practitioner', 'team_manager', 'head_of_service', 'senior_leader', 'principal_social_worker', 'performance_analyst'],
  },
  { area: 'monitoring', to: '/monitoring-forms', text: 'Monitoring forms', roles: ['reviewing_officer'] },
  { area: 'actions', to: '/actions', text: 'Actions' },
  { area: 'escalations', to: '/escalations', text: 'Escalations' },
  {
    area: 'feedback',
    to: '/feedback',
    text: 'Feedback',
    // Reviewing officers and the data protection officer reach feedback from a case.
    roles: ['practitioner', 'team_manager', 'head_of_service', 'senior_leader', 'qa_officer', 'principal_social_worker', 'performance_analyst'],
  },
  { area: 'programme', to: '/programme', text: 'Programme' },
  { area: 'reports', to: '/reports', text: 'Reports' },
  {
    area: 'standards',
    to: '/practice-standards',
    text: 'Standards',
    // Those who read reports have "Reports" here instead, so that theirs fits one line; they
    // find the practice standards in the footer, as everyone can, and from the heat map.
    // The data protection officer has "Data protection" here instead.
    roles: ['practitioner', 'team_manager', 'reviewing_officer', 'admin'],
  },
  { area: 'data-protection', to: '/data-protection', text: 'Data protection' },
  { area: 'access-log', to: '/access-log', text: 'Access log' },
  { area: 'admin', to: '/admin/users', text: 'Users' },
  { area: 'admin', to: '/admin/teams', text: 'Teams' },
  { area: 'admin', to: '/admin/settings', text: 'Settings' },
  { area: 'notifications', to: '/notifications', text: 'Notifications' },
];

const currentFor = (to: string, pathname: string): NavigationItem['current'] =>
  pathname === to ? 'page' : to !== '/' && pathname.startsWith(`${to}/`) ? 'section' : undefined;

/**
 * The service navigation for a caller on a page: only what their roles allow, with the number
 * of unread notifications. Short labels, so that it fits on one line at desktop widths.
 */
export function navigationFor(me: Caller, pathname: string, unreadNotifications = 0): NavigationItem[] {
  return entries
    .filter((entry) => canSee(entry.area, me) && (!entry.roles || has(me, ...entry.roles)))
    .map(({ area, to, text }) => {
      const current = currentFor(to, pathname);
      const item: NavigationItem = current ? { to, text, current } : { to, text };
      if (area === 'notifications' && unreadNotifications > 0) item.count = { value: unreadNotifications, hiddenText: 'unread' };
      return item;
    });
}

/** The links about the signed-in person, in the header bar: their account, and signing out. */
export function accountNavigationFor(pathname: string): NavigationItem[] {
  return [
    { to: '/account', text: 'Your account', ...(currentFor('/account', pathname) ? { current: 'page' as const } : {}) },
    { to: '/sign-out', text: 'Sign out' },
  ];
}
