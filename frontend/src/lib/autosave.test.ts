import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from './api/api-error';
import { Autosave, LocalDraftStore, MemoryDraftStore } from './autosave';

const problem = (status: number) => new ApiError(status, { type: '/problems/x', title: 'x', status, detail: 'refused' }, new Headers());

describe('Autosave', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const make = (save: (key: string, value: string) => Promise<void>) => {
    const store = new MemoryDraftStore<string>();
    const autosave = new Autosave<string>({ save, store, debounceMs: 1000, retryDelaysMs: [2000, 5000], now: () => 42 });
    autosave.start();
    return { autosave, store };
  };

  it('keeps a change locally at once, saves it after the quiet time, then forgets the local copy', async () => {
    const save = vi.fn(() => Promise.resolve());
    const { autosave, store } = make(save);
    autosave.change('s1', 'a');
    autosave.change('s1', 'ab');
    expect(store.read()).toEqual({ s1: 'ab' });
    expect(autosave.status('s1')).toEqual({ kind: 'saving' });
    await vi.advanceTimersByTimeAsync(999);
    expect(save).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(save).toHaveBeenCalledOnce();
    expect(save).toHaveBeenCalledWith('s1', 'ab');
    expect(autosave.status('s1')).toEqual({ kind: 'saved', at: 42 });
    expect(store.read()).toEqual({});
  });

  it('saves at once when focus leaves the section', async () => {
    const save = vi.fn(() => Promise.resolve());
    const { autosave } = make(save);
    autosave.change('s1', 'a');
    autosave.flush('s1');
    await vi.advanceTimersByTimeAsync(0);
    expect(save).toHaveBeenCalledWith('s1', 'a');
  });

  it('keeps a failed save locally and retries it, sooner when the connection comes back', async () => {
    let online = false;
    const save = vi.fn(() => (online ? Promise.resolve() : Promise.reject(new TypeError('Failed to fetch'))));
    const { autosave, store } = make(save);
    autosave.change('s1', 'a');
    autosave.flush('s1');
    await vi.advanceTimersByTimeAsync(0);
    expect(autosave.status('s1')).toEqual({ kind: 'retrying' });
    expect(store.read()).toEqual({ s1: 'a' });
    await vi.advanceTimersByTimeAsync(2000);
    expect(save).toHaveBeenCalledTimes(2);
    expect(autosave.status('s1')).toEqual({ kind: 'retrying' });
    online = true;
    window.dispatchEvent(new Event('online'));
    await vi.advanceTimersByTimeAsync(0);
    expect(save).toHaveBeenCalledTimes(3);
    expect(autosave.status('s1').kind).toBe('saved');
    expect(store.read()).toEqual({});
  });

  it('does not retry a refusal, but tries again after the next change', async () => {
    const save = vi.fn<(key: string, value: string) => Promise<void>>(() => Promise.reject(problem(409)));
    const { autosave, store } = make(save);
    autosave.change('s1', 'a');
    await vi.advanceTimersByTimeAsync(1000);
    expect(autosave.status('s1').kind).toBe('failed');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(save).toHaveBeenCalledOnce();
    expect(store.read()).toEqual({ s1: 'a' });
    save.mockImplementation(() => Promise.resolve());
    autosave.change('s1', 'ab');
    await vi.advanceTimersByTimeAsync(1000);
    expect(save).toHaveBeenLastCalledWith('s1', 'ab');
    expect(autosave.status('s1').kind).toBe('saved');
  });

  it('runs one save at a time, and sends a change made during a save afterwards', async () => {
    const calls: string[] = [];
    let release: () => void = () => undefined;
    const save = vi.fn(
      (key: string, value: string) =>
        new Promise<void>((resolve) => {
          calls.push(`${key}=${value}`);
          release = resolve;
        }),
    );
    const { autosave, store } = make(save);
    autosave.change('s1', 'a');
    autosave.change('s2', 'x');
    autosave.flush('s1');
    autosave.flush('s2');
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toEqual(['s1=a']);
    autosave.change('s1', 'ab');
    autosave.flush('s1');
    release();
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toEqual(['s1=a', 's2=x']);
    release();
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toEqual(['s1=a', 's2=x', 's1=ab']);
    release();
    await vi.advanceTimersByTimeAsync(0);
    expect(store.read()).toEqual({});
  });

  it('says whether everything is saved before a submit', async () => {
    const save = vi.fn<(key: string, value: string) => Promise<void>>(() => Promise.reject(new TypeError('Failed to fetch')));
    const { autosave } = make(save);
    autosave.change('s1', 'a');
    expect(await autosave.flushAll()).toBe(false);
    save.mockImplementation(() => Promise.resolve());
    expect(await autosave.flushAll()).toBe(true);
  });

  it('keeps the local copy of a value the server cannot hold yet', async () => {
    const store = new MemoryDraftStore<string>();
    const autosave = new Autosave<string>({ save: () => Promise.resolve(), store, keepLocal: (_key, value) => value === 'half' });
    autosave.change('s1', 'half');
    expect(await autosave.flushAll()).toBe(true);
    expect(store.read()).toEqual({ s1: 'half' });
  });
});

describe('LocalDraftStore', () => {
  it('keeps sections under one key per record, and removes the key when nothing is left', () => {
    const data = new Map<string, string>();
    const storage = {
      getItem: (key: string) => data.get(key) ?? null,
      setItem: (key: string, value: string) => void data.set(key, value),
      removeItem: (key: string) => void data.delete(key),
    };
    const store = new LocalDraftStore<{ text: string }>('qa.audit-draft.a1', storage);
    store.put('judgement-1', { text: 'one' });
    store.put('overall', { text: 'two' });
    expect(new LocalDraftStore('qa.audit-draft.a1', storage).read()).toEqual({ 'judgement-1': { text: 'one' }, overall: { text: 'two' } });
    store.remove('judgement-1');
    store.remove('overall');
    expect(data.has('qa.audit-draft.a1')).toBe(false);
  });

  it('reads nonsense as nothing', () => {
    const storage = { getItem: () => '{not json', setItem: () => undefined, removeItem: () => undefined };
    expect(new LocalDraftStore('k', storage).read()).toEqual({});
  });
});
