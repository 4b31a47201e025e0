import type { Me, Role } from '@/lib/api/types';

/** The cards "Your work" can show, in the order they are shown: what to do first comes first. */
export const HOME_CARDS = [
  'reply',
  'reflect',
  'complaints',
  'drafts',
  'observations',
  'monitoring',
  'month',
  'team',
  'service',
  'raised-to-me',
  'feedback',
  'moderation',
  'council',
  'programme',
  'raised-by-me',
  'cases',
  'figures',
  'my-actions',
  'subject-access',
  'access-log',
  'users',
  'teams',
  'notifications',
] as const;

export type HomeCard = (typeof HOME_CARDS)[number];

/**
 * Each role's cards. A practitioner replies to audits of their work, reflects on observations of
 * their practice and does their actions; a team manager audits monthly, observes and watches
 * their team and its feedback; a head of service watches their service and its feedback; the QA
 * unit's customer service team keeps complaints to their deadlines; moderators have the moderation queue; leaders, the QA unit and the principal
 * social worker (who observes) see the whole council; the reviewing officer completes monitoring
 * forms and follows the escalations they raised; the analyst sees figures only (no narrative);
 * the data protection officer subject access requests and the access log; the administrator users and teams.
 */
const cardsOf: Record<Role, HomeCard[]> = {
  practitioner: ['reply', 'reflect', 'my-actions', 'notifications'],
  team_manager: ['drafts', 'observations', 'month', 'team', 'raised-to-me', 'feedback', 'my-actions', 'notifications'],
  head_of_service: ['drafts', 'observations', 'month', 'service', 'raised-to-me', 'feedback', 'moderation', 'my-actions', 'notifications'],
  senior_leader: ['drafts', 'month', 'council', 'raised-to-me', 'moderation', 'notifications'],
  qa_officer: ['complaints', 'drafts', 'moderation', 'council', 'programme', 'notifications'],
  principal_social_worker: ['observations', 'council', 'notifications'],
  reviewing_officer: ['monitoring', 'raised-by-me', 'cases', 'notifications'],
  performance_analyst: ['figures'],
  dpo: ['subject-access', 'access-log'],
  admin: ['users', 'teams'],
};

/** The cards for everyone a caller is: the union of their roles' cards, each once, in the usual order. */
export function homeCards(me: Pick<Me, 'roles'>): HomeCard[] {
  const wanted = new Set(me.roles.flatMap((role) => cardsOf[role]));
  return HOME_CARDS.filter((card) => wanted.has(card));
}
