import { ApiError } from './api/api-error';

/**
 * Save as you go, without ever losing work. A form is made of sections (one per practice
 * standard, say), each saved on its own:
 *
 * - every change is written at once to a local copy (localStorage), kept until the server
 *   confirms it, so a closed tab, a crash or a lost connection loses nothing;
 * - a section saves a moment after the typing stops, or at once when focus leaves it;
 * - saves run one at a time, in order, each sending the section's latest value;
 * - a save that fails for a reason that may pass (no connection, a server error) is retried,
 *   sooner when the browser says the connection is back; one the server refuses is kept
 *   locally and tried again on the next change.
 *
 * Each section has a status the page shows and announces: saving, saved at, not saved.
 */
export type SaveStatus =
  | { kind: 'idle' }
  | { kind: 'saved'; at: number }
  | { kind: 'saving' }
  | { kind: 'retrying' }
  | { kind: 'failed'; message: string };

/** Where unsaved values wait for the server (localStorage in the browser). */
export interface DraftStore<V> {
  read(): Record<string, V>;
  put(key: string, value: V): void;
  remove(key: string): void;
  clear(): void;
}

/**
 * A local copy under one localStorage key, e.g. `qa.audit-draft.<user id>.<record id>`, saying
 * what kind of record it belongs to ("audit"), so the person can be told what is unsaved.
 */
export class LocalDraftStore<V> implements DraftStore<V> {
  constructor(
    private readonly storageKey: string,
    private readonly storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | undefined = globalThis.localStorage,
    private readonly kind?: string,
  ) {}

  read(): Record<string, V> {
    try {
      const raw = this.storage?.getItem(this.storageKey);
      if (!raw) return {};
      const parsed = JSON.parse(raw) as { sections?: Record<string, V> };
      return parsed.sections && typeof parsed.sections === 'object' ? parsed.sections : {};
    } catch {
      return {};
    }
  }

  private write(sections: Record<string, V>) {
    try {
      if (Object.keys(sections).length === 0) this.storage?.removeItem(this.storageKey);
      else this.storage?.setItem(this.storageKey, JSON.stringify({ kind: this.kind, sections, updated_at: new Date().toISOString() }));
    } catch {
      // Storage full or switched off: the server copy is all there is.
    }
  }

  put(key: string, value: V): void {
    this.write({ ...this.read(), [key]: value });
  }

  remove(key: string): void {
    const sections = this.read();
    if (!(key in sections)) return;
    // eslint-disable-next-line @typescript-eslint/no-dynamic-delete -- a record keyed by section
    delete sections[key];
    this.write(sections);
  }

  clear(): void {
    this.write({});
  }
}

/** A store that keeps nothing (tests, or storage switched off). */
export class MemoryDraftStore<V> implements DraftStore<V> {
  sections: Record<string, V> = {};
  read() {
    return { ...this.sections };
  }
  put(key: string, value: V) {
    this.sections = { ...this.sections, [key]: value };
  }
  remove(key: string) {
    this.sections = Object.fromEntries(Object.entries(this.sections).filter(([k]) => k !== key));
  }
  clear() {
    this.sections = {};
  }
}

/**
 * A section that cannot be sent yet, because the server takes it only whole (a rating without
 * its evidence): kept on this device, and said why, until the rest is written.
 */
export class NotReadyToSave extends Error {
  constructor(readonly why: string) {
    super(why);
    this.name = 'NotReadyToSave';
  }
}

/** Whether a failed save may succeed if tried again unchanged: no connection, or the server's fault. */
export function isRetryable(error: unknown): boolean {
  if (error instanceof NotReadyToSave) return false;
  if (error instanceof ApiError) return error.status >= 500 || error.status === 408 || error.status === 429;
  return true;
}

export interface AutosaveOptions<V> {
  /** Sends one section's value; rejects when it was not saved. */
  save: (key: string, value: V) => Promise<void>;
  store: DraftStore<V>;
  /** Quiet time after a change before it is saved. */
  debounceMs?: number;
  /** Waits before each retry of a failed save; the last repeats. */
  retryDelaysMs?: number[];
  /** Words for a refusal ("the audit has been submitted"). */
  describeFailure?: (error: unknown) => string;
  /**
   * Whether to keep the local copy even once saved: for a value the server cannot hold yet
   * (a choice made before the text it needs).
   */
  keepLocal?: (key: string, value: V) => boolean;
  now?: () => number;
}

type Timer = ReturnType<typeof setTimeout>;

export class Autosave<V> {
  private readonly options: Required<Omit<AutosaveOptions<V>, 'keepLocal'>> & Pick<AutosaveOptions<V>, 'keepLocal'>;
  /** Values changed and not yet confirmed by the server. */
  private readonly unsaved = new Map<string, V>();
  private readonly timers = new Map<string, Timer>();
  private readonly queued = new Set<string>();
  private chain: Promise<void> = Promise.resolve();
  private statuses: Record<string, SaveStatus> = {};
  private readonly listeners = new Set<() => void>();
  private retryTimer: Timer | null = null;
  private retryAttempt = 0;
  private started = false;

  constructor(options: AutosaveOptions<V>) {
    this.options = {
      debounceMs: 1000,
      retryDelaysMs: [2000, 5000, 10_000, 30_000],
      describeFailure: () => 'try again',
      now: () => Date.now(),
      ...options,
    };
  }

  /** Values kept locally from an earlier visit, to show and save again. */
  restore(): Record<string, V> {
    return this.options.store.read();
  }

  /** Listens for the connection coming back. */
  start(): void {
    if (this.started) return;
    this.started = true;
    window.addEventListener('online', this.onOnline);
  }

  /** On leaving the page: saves what is waiting at once rather than dropping it. */
  stop(): void {
    if (!this.started) return;
    this.started = false;
    window.removeEventListener('online', this.onOnline);
    for (const key of [...this.timers.keys()]) this.flush(key);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Every section's status (a new object after each change, for React). */
  getSnapshot = (): Record<string, SaveStatus> => this.statuses;

  status(key: string): SaveStatus {
    return this.statuses[key] ?? { kind: 'idle' };
  }

  /** Marks a section as saved at a time the server gave (its last save before this visit). */
  markSaved(key: string, at: number): void {
    if (!this.unsaved.has(key)) this.setStatus(key, { kind: 'saved', at });
  }

  /** A new value for a section: kept locally now, saved after the quiet time. */
  change(key: string, value: V): void {
    this.unsaved.set(key, value);
    this.options.store.put(key, value);
    if (this.status(key).kind !== 'saving') this.setStatus(key, { kind: 'saving' });
    this.clearTimer(key);
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        this.enqueue(key);
      }, this.options.debounceMs),
    );
  }

  /** Saves a section now (focus left it). */
  flush(key: string): void {
    const hadTimer = this.timers.has(key);
    this.clearTimer(key);
    if (hadTimer || (this.unsaved.has(key) && this.status(key).kind !== 'failed')) this.enqueue(key);
  }

  /** Saves everything waiting, and says whether all of it is now saved. */
  async flushAll(): Promise<boolean> {
    for (const key of [...this.unsaved.keys()]) {
      this.clearTimer(key);
      this.enqueue(key);
    }
    await this.chain;
    return this.unsaved.size === 0;
  }

  /** Whether anything is not yet confirmed by the server. */
  get hasUnsaved(): boolean {
    return this.unsaved.size > 0;
  }

  /** Forgets the local copy (the record was submitted). */
  clear(): void {
    for (const key of [...this.timers.keys()]) this.clearTimer(key);
    this.unsaved.clear();
    this.options.store.clear();
  }

  private onOnline = () => {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.retryAttempt = 0;
    this.retryFailed();
  };

  private retryFailed() {
    for (const [key, status] of Object.entries(this.statuses)) {
      if (status.kind === 'retrying' && this.unsaved.has(key)) this.enqueue(key);
    }
  }

  private scheduleRetry() {
    if (this.retryTimer || !this.started) return;
    const delays = this.options.retryDelaysMs;
    const delay = delays[Math.min(this.retryAttempt, delays.length - 1)] ?? 30_000;
    this.retryAttempt += 1;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.retryFailed();
    }, delay);
  }

  private clearTimer(key: string) {
    const timer = this.timers.get(key);
    if (timer !== undefined) clearTimeout(timer);
    this.timers.delete(key);
  }

  private enqueue(key: string) {
    if (this.queued.has(key)) return;
    this.queued.add(key);
    this.chain = this.chain.then(() => this.run(key));
  }

  private async run(key: string): Promise<void> {
    this.queued.delete(key);
    if (!this.unsaved.has(key)) return;
    const value = this.unsaved.get(key) as V;
    this.setStatus(key, { kind: 'saving' });
    try {
      await this.options.save(key, value);
    } catch (error) {
      if (isRetryable(error)) {
        this.setStatus(key, { kind: 'retrying' });
        this.scheduleRetry();
      } else {
        this.setStatus(key, { kind: 'failed', message: error instanceof NotReadyToSave ? error.why : this.options.describeFailure(error) });
      }
      return;
    }
    this.retryAttempt = 0;
    if (this.unsaved.get(key) === value) {
      this.unsaved.delete(key);
      if (!this.options.keepLocal?.(key, value)) this.options.store.remove(key);
      this.setStatus(key, { kind: 'saved', at: this.options.now() });
    } else if (!this.timers.has(key)) {
      // Changed while it was being sent, and its quiet time is over: send the newer value.
      this.enqueue(key);
    }
  }

  private setStatus(key: string, status: SaveStatus) {
    this.statuses = { ...this.statuses, [key]: status };
    this.listeners.forEach((listener) => listener());
  }
}
