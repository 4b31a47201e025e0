import { describe, expect, it } from 'vitest';
import { discardDrafts, draftStorageKey, unsavedDraftCount, unsavedDraftsSentence } from './drafts';

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

describe('audit drafts on a shared computer', () => {
  it('are counted and discarded per person, leaving other people and other keys alone', () => {
    const storage = new MemoryStorage();
    storage.setItem(draftStorageKey('alice', 'a1'), '{}');
    storage.setItem(draftStorageKey('alice', 'a2'), '{}');
    storage.setItem(draftStorageKey('bob', 'a1'), '{}');
    storage.setItem('qa.idle-timeout-seconds', '6');
    expect(unsavedDraftCount('alice', storage)).toBe(2);
    expect(unsavedDraftCount('bob', storage)).toBe(1);
    discardDrafts('alice', storage);
    expect(unsavedDraftCount('alice', storage)).toBe(0);
    expect(unsavedDraftCount('bob', storage)).toBe(1);
    expect(storage.getItem('qa.idle-timeout-seconds')).toBe('6');
    discardDrafts(null, storage);
    expect(unsavedDraftCount('bob', storage)).toBe(0);
  });

  it('are described in a sentence', () => {
    expect(unsavedDraftsSentence(1)).toBe('1 audit has changes not yet saved');
    expect(unsavedDraftsSentence(3)).toBe('3 audits have changes not yet saved');
  });
});
