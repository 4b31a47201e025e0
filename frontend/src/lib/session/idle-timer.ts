/**
 * Signs a person out after a time without activity, warning them first (WCAG 2.2.1: at least
 * 20 seconds to ask for more time). It works from timestamps, not from counting timer ticks,
 * so a laptop that slept through the deadline is signed out as soon as it wakes.
 */
export interface IdleTimerOptions {
  idleMs: number;
  warningMs: number;
  onWarn: (deadline: number) => void;
  onTimeout: () => void;
  now?: () => number;
  setTimer?: (callback: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

export type IdleState = 'stopped' | 'active' | 'warning' | 'timed-out';

export class IdleTimer {
  private readonly options: Required<IdleTimerOptions>;
  private lastActivity = 0;
  private handle: unknown = null;
  private currentState: IdleState = 'stopped';

  constructor(options: IdleTimerOptions) {
    if (options.warningMs >= options.idleMs) throw new Error('the warning must come before the timeout');
    this.options = {
      now: () => Date.now(),
      setTimer: (callback, ms) => setTimeout(callback, ms),
      clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
      ...options,
    };
  }

  get state(): IdleState {
    return this.currentState;
  }

  /** When the person will be signed out if nothing happens. */
  get deadline(): number {
    return this.lastActivity + this.options.idleMs;
  }

  start(): void {
    this.lastActivity = this.options.now();
    this.currentState = 'active';
    this.schedule();
  }

  stop(): void {
    this.cancel();
    this.currentState = 'stopped';
  }

  /**
   * Something the person did (a key, a click, a scroll). Ignored once the warning shows: from
   * then on only an explicit "Stay signed in" ({@link extend}) keeps them signed in.
   */
  activity(): void {
    if (this.currentState !== 'active') return;
    this.lastActivity = this.options.now();
  }

  /** "Stay signed in": a fresh idle period. */
  extend(): void {
    if (this.currentState === 'stopped' || this.currentState === 'timed-out') return;
    this.start();
  }

  /** Looks at the clock now (e.g. when the tab becomes visible again). */
  check(): void {
    if (this.currentState === 'active' || this.currentState === 'warning') this.evaluate();
  }

  private cancel() {
    if (this.handle !== null) this.options.clearTimer(this.handle);
    this.handle = null;
  }

  private schedule() {
    this.cancel();
    const { idleMs, warningMs } = this.options;
    const target = this.currentState === 'warning' ? this.lastActivity + idleMs : this.lastActivity + idleMs - warningMs;
    const wait = Math.max(0, target - this.options.now());
    this.handle = this.options.setTimer(() => this.evaluate(), wait);
  }

  private evaluate() {
    this.handle = null;
    const elapsed = this.options.now() - this.lastActivity;
    const { idleMs, warningMs } = this.options;
    if (elapsed >= idleMs) {
      this.cancel();
      this.currentState = 'timed-out';
      this.options.onTimeout();
      return;
    }
    if (elapsed >= idleMs - warningMs && this.currentState === 'active') {
      this.currentState = 'warning';
      this.options.onWarn(this.deadline);
    }
    this.schedule();
  }
}
