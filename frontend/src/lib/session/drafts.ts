import { LocalDraftStore } from '../autosave';

/**
 * Drafts (audits, observations, monitoring forms) this browser keeps until the server confirms
 * them. They are keyed by the signed-in person, so on a shared computer the next person never
 * opens someone else's unsaved answers, and they are removed when that person's session ends.
 * The prefix stays `qa.audit-draft.` (audits came first) so copies kept before other records
 * had drafts are still found; record ids are unique across records.
 */
const PREFIX = 'qa.audit-draft.';

type Storage = Pick<globalThis.Storage, 'getItem' | 'setItem' | 'removeItem' | 'key' | 'length'>;

/** The records that keep drafts, with the words for one and for several. */
export const DRAFT_KINDS = {
  audit: ['audit', 'audits'],
  observation: ['observation', 'observations'],
  monitoring_form: ['monitoring form', 'monitoring forms'],
} as const satisfies Record<string, readonly [string, string]>;

export type DraftKind = keyof typeof DRAFT_KINDS;

/** The localStorage key of one person's unsaved edits of one record. */
export const draftStorageKey = (userId: string, recordId: string) => `${PREFIX}${userId}.${recordId}`;

/** Where one person's unsaved edits of one record wait for the server. */
export const draftStore = <V>(userId: string, recordId: string, kind: DraftKind) =>
  new LocalDraftStore<V>(draftStorageKey(userId, recordId), globalThis.localStorage, kind);

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

function kindOf(storage: Storage, key: string): DraftKind {
  try {
    const kind = (JSON.parse(storage.getItem(key) ?? '{}') as { kind?: unknown }).kind;
    return typeof kind === 'string' && kind in DRAFT_KINDS ? (kind as DraftKind) : 'audit';
  } catch {
    return 'audit';
  }
}

/** How many records of each kind hold edits of this person that have not reached the server. */
export function unsavedDrafts(userId: string, storage: Storage = globalThis.localStorage): Partial<Record<DraftKind, number>> {
  const counts: Partial<Record<DraftKind, number>> = {};
  for (const key of keysOf(userId, storage)) {
    const kind = kindOf(storage, key);
    counts[kind] = (counts[kind] ?? 0) + 1;
  }
  return counts;
}

/** Forgets every unsaved draft of this person (`null`: of anyone) on this browser. */
export function discardDrafts(userId: string | null, storage: Storage = globalThis.localStorage): void {
  for (const key of keysOf(userId, storage)) {
    try {
      storage.removeItem(key);
    } catch {
      // Nothing more can be done: the key stays, under that person's name only.
    }
  }
}

/** Forgets a record's draft once there is nothing left to save (it was submitted). */
export function forgetDraft(userId: string, recordId: string, storage: Pick<Storage, 'removeItem'> = globalThis.localStorage): void {
  try {
    storage.removeItem(draftStorageKey(userId, recordId));
  } catch {
    // Storage switched off: nothing was kept.
  }
}

/** "1 audit has changes not yet saved", "1 audit and 2 observations have changes not yet saved". */
export function unsavedDraftsSentence(counts: Partial<Record<DraftKind, number>>): string {
  const parts = (Object.keys(DRAFT_KINDS) as DraftKind[])
    .filter((kind) => (counts[kind] ?? 0) > 0)
    .map((kind) => {
      const n = counts[kind] ?? 0;
      return `${n} ${DRAFT_KINDS[kind][n === 1 ? 0 : 1]}`;
    });
  const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
  const list = parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1] ?? ''}` : (parts[0] ?? 'Nothing');
  return `${list} ${total === 1 ? 'has' : 'have'} changes not yet saved`;
}
