import type { TagColour } from '@/components/govuk';
import type { Scope, ServiceAccount } from '@/lib/api/types';
import { addDays } from '@/lib/dates';

export const allScopes: Scope[] = ['cases:write', 'staff:write', 'teams:write', 'events:read', 'exports:read', 'webhooks:manage'];

/** What each scope lets the other system do, in plain words. */
export const scopeHints: Record<Scope, string> = {
  'cases:write': 'Add and update cases, and who they are allocated to, from the case management system.',
  'staff:write': 'Add and update staff, their team and whether they still work here. Roles stay as administrators set them.',
  'teams:write': 'Add and update teams and services.',
  'events:read': 'Read what happened here (audits submitted, escalations, actions), with record ids and no case notes.',
  'exports:read': 'Download the data exports used for performance reports.',
  'webhooks:manage': 'Choose web addresses to be told when things happen here.',
};

export const statusTags: Record<ServiceAccount['status'], { text: string; colour: TagColour }> = {
  active: { text: 'Active', colour: 'green' },
  expired: { text: 'Expired', colour: 'grey' },
  revoked: { text: 'Revoked', colour: 'red' },
};

/** The expiry a new account is given unless the administrator chooses another: 90 days ahead. */
export const defaultExpiry = (today: string) => addDays(today, 90);

/** The latest expiry allowed: a year ahead. */
export function latestExpiry(today: string): string {
  const year = String(Number(today.slice(0, 4)) + 1);
  const rest = today.slice(4);
  // A year on from 29 February is 28 February.
  return rest === '-02-29' ? `${year}-02-28` : `${year}${rest}`;
}

/**
 * What is wrong with an expiry before it is sent, or null: it must be a real date after today
 * and at most a year ahead.
 */
export function expiryProblem(expiresOn: string | null, today: string): string | null {
  if (!expiresOn) return 'Expiry date must be a real date';
  if (expiresOn <= today) return 'Expiry date must be in the future';
  if (expiresOn > latestExpiry(today)) return 'Expiry date must be no more than a year from today';
  return null;
}
