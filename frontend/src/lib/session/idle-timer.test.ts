import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { idleConfig, IDLE_SECONDS_KEY, WARNING_SECONDS_KEY } from './idle-config';
import { IdleTimer } from './idle-timer';

describe('IdleTimer', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const make = () => {
    const onWarn = vi.fn();
    const onTimeout = vi.fn();
    const timer = new IdleTimer({ idleMs: 15 * 60_000, warningMs: 60_000, onWarn, onTimeout });
    timer.start();
    return { timer, onWarn, onTimeout };
  };

  it('warns 60 seconds before the timeout, then signs out', () => {
    const { timer, onWarn, onTimeout } = make();
    vi.advanceTimersByTime(14 * 60_000 - 1);
    expect(onWarn).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(onWarn).toHaveBeenCalledOnce();
    expect(onWarn).toHaveBeenCalledWith(timer.deadline);
    expect(timer.state).toBe('warning');
    vi.advanceTimersByTime(60_000);
    expect(onTimeout).toHaveBeenCalledOnce();
    expect(timer.state).toBe('timed-out');
  });

  it('counts activity: the warning comes 14 minutes after the last key press', () => {
    const { timer, onWarn } = make();
    vi.advanceTimersByTime(10 * 60_000);
    timer.activity();
    vi.advanceTimersByTime(14 * 60_000 - 1);
    expect(onWarn).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(onWarn).toHaveBeenCalledOnce();
  });

  it('ignores activity once the warning shows: only "Stay signed in" keeps the session', () => {
    const { timer, onTimeout } = make();
    vi.advanceTimersByTime(14 * 60_000 + 30_000);
    timer.activity();
    vi.advanceTimersByTime(30_000);
    expect(onTimeout).toHaveBeenCalledOnce();
  });

  it('"Stay signed in" gives a fresh idle period', () => {
    const { timer, onWarn, onTimeout } = make();
    vi.advanceTimersByTime(14 * 60_000 + 30_000);
    timer.extend();
    expect(timer.state).toBe('active');
    vi.advanceTimersByTime(14 * 60_000 - 1);
    expect(onTimeout).not.toHaveBeenCalled();
    expect(onWarn).toHaveBeenCalledOnce();
    vi.advanceTimersByTime(1);
    expect(onWarn).toHaveBeenCalledTimes(2);
  });

  it('signs out at once when the clock jumped past the deadline (a laptop that slept)', () => {
    let now = 0;
    const onWarn = vi.fn();
    const onTimeout = vi.fn();
    const timer = new IdleTimer({ idleMs: 1000, warningMs: 500, onWarn, onTimeout, now: () => now, setTimer: () => 1, clearTimer: () => undefined });
    timer.start();
    now = 5000;
    timer.check();
    expect(onTimeout).toHaveBeenCalledOnce();
    expect(onWarn).not.toHaveBeenCalled();
  });

  it('does nothing after it is stopped (signed out another way)', () => {
    const { timer, onWarn, onTimeout } = make();
    timer.stop();
    vi.advanceTimersByTime(60 * 60_000);
    expect(onWarn).not.toHaveBeenCalled();
    expect(onTimeout).not.toHaveBeenCalled();
  });

  it('refuses a warning that would come after the timeout', () => {
    expect(() => new IdleTimer({ idleMs: 1000, warningMs: 1000, onWarn: vi.fn(), onTimeout: vi.fn() })).toThrow();
  });
});

describe('idleConfig', () => {
  const storage = (values: Record<string, string>) => ({ getItem: (key: string) => values[key] ?? null });

  it('is 15 minutes with a 60-second warning by default', () => {
    expect(idleConfig(storage({}))).toEqual({ idleMs: 900_000, warningMs: 60_000 });
  });

  it('can be shortened for tests, the warning staying before the timeout', () => {
    expect(idleConfig(storage({ [IDLE_SECONDS_KEY]: '6', [WARNING_SECONDS_KEY]: '3' }))).toEqual({ idleMs: 6000, warningMs: 3000 });
    expect(idleConfig(storage({ [IDLE_SECONDS_KEY]: '5' }))).toEqual({ idleMs: 5000, warningMs: 4000 });
  });

  it('cannot be made longer than 15 minutes, and ignores nonsense', () => {
    expect(idleConfig(storage({ [IDLE_SECONDS_KEY]: '86400' })).idleMs).toBe(900_000);
    expect(idleConfig(storage({ [IDLE_SECONDS_KEY]: 'soon', [WARNING_SECONDS_KEY]: '-1' }))).toEqual({ idleMs: 900_000, warningMs: 60_000 });
  });
});
