/**
 * Audit drafts this browser keeps until the server confirms them. They are keyed by the
 * signed-in person, so on a shared computer the next person never opens someone else's
 * unsaved judgements, and they are removed when that person's session ends.
 */
const PREFIX = 'qa.audit-draft.';

type Storage = Pick<globalThis.Storage, 'getItem' | 'setItem' | 'removeItem' | 'key' | 'length'>;

/** The localStorage key of one person's unsaved edits of one audit. */
export const draftStorageKey = (userId: string, auditId: string) => `${PREFIX}${userId}.${auditId}`;

function keysOf(userId: string | null, storage: Storage | undefined): string[] {
  if (!storage) return [];
  const keys: string[] = [];
  try {
    for (let i = 0; i < storage.length; i++) {
      const key = storage.key(i);
      // Without a user, every draft counts: copies from before drafts were keyed by person too.
      if (key?.startsWith(userId ? `${PREFIX}${userId}.` : PREFIX)) keys.push(key);
    }
  } catch {
    // Storage switched off: nothing was kept.
  }
  return keys;
}

/** How many audits hold edits that have not reached the server. */
export function unsavedDraftCount(userId: string, storage: Storage = globalThis.localStorage): number {
  return keysOf(userId, storage).length;
}

/** Forgets every unsaved audit draft of this person (`null`: of anyone) on this browser. */
export function discardDrafts(userId: string | null, storage: Storage = globalThis.localStorage): void {
  for (const key of keysOf(userId, storage)) {
    try {
      storage.removeItem(key);
    } catch {
      // Nothing more can be done: the key stays, under that person's name only.
    }
  }
}

/** "1 audit has changes", "2 audits have changes". */
export function unsavedDraftsSentence(count: number): string {
  return count === 1 ? '1 audit has changes not yet saved' : `${count} audits have changes not yet saved`;
}
