import { describe, expect, it } from 'vitest';
import { discardDrafts, draftStorageKey, forgetDraft, unsavedDrafts, unsavedDraftsSentence } from './drafts';

class MemoryStorage {
  private items = new Map<string, string>();
  get length() {
    return this.items.size;
  }
  key(i: number) {
    return [...this.items.keys()][i] ?? null;
  }
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.items.set(key, value);
  }
  removeItem(key: string) {
    this.items.delete(key);
  }
}

describe('drafts on a shared computer', () => {
  it('are counted and discarded per person, leaving other people and other keys alone', () => {
    const storage = new MemoryStorage();
    storage.setItem(draftStorageKey('alice', 'a1'), '{}');
    storage.setItem(draftStorageKey('alice', 'a2'), '{}');
    storage.setItem(draftStorageKey('bob', 'a1'), '{}');
    storage.setItem('qa.idle-timeout-seconds', '6');
    storage.setItem(draftStorageKey('alice', 'o1'), JSON.stringify({ kind: 'observation', sections: {} }));
    expect(unsavedDrafts('alice', storage)).toEqual({ audit: 2, observation: 1 });
    expect(unsavedDrafts('bob', storage)).toEqual({ audit: 1 });
    forgetDraft('alice', 'o1', storage);
    expect(unsavedDrafts('alice', storage)).toEqual({ audit: 2 });
    discardDrafts('alice', storage);
    expect(unsavedDrafts('alice', storage)).toEqual({});
    expect(unsavedDrafts('bob', storage)).toEqual({ audit: 1 });
    expect(storage.getItem('qa.idle-timeout-seconds')).toBe('6');
    discardDrafts(null, storage);
    expect(unsavedDrafts('bob', storage)).toEqual({});
  });

  it('are described in a sentence, by kind of record', () => {
    expect(unsavedDraftsSentence({ audit: 1 })).toBe('1 audit has changes not yet saved');
    expect(unsavedDraftsSentence({ audit: 3 })).toBe('3 audits have changes not yet saved');
    expect(unsavedDraftsSentence({ audit: 1, observation: 2, monitoring_form: 1 })).toBe('1 audit, 2 observations and 1 monitoring form have changes not yet saved');
  });
});
