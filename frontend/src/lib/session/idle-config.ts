/** Signed out after this long without activity. */
export const DEFAULT_IDLE_SECONDS = 15 * 60;
/** Warned this long before (WCAG 2.2.1 asks for at least 20 seconds). */
export const DEFAULT_WARNING_SECONDS = 60;

/** localStorage keys that shorten the durations, read once at start (the browser tests use them). */
export const IDLE_SECONDS_KEY = 'qa.idle-timeout-seconds';
export const WARNING_SECONDS_KEY = 'qa.idle-warning-seconds';

export interface IdleConfig {
  idleMs: number;
  warningMs: number;
}

function readSeconds(storage: Pick<Storage, 'getItem'> | undefined, key: string): number | null {
  try {
    const raw = storage?.getItem(key);
    if (!raw || !/^\d+$/.test(raw)) return null;
    return Number(raw);
  } catch {
    return null;
  }
}

/**
 * The idle timeout and warning. An override can only make the timeout shorter, never longer
 * (it is a security control), and the warning always comes before the timeout.
 */
export function idleConfig(storage: Pick<Storage, 'getItem'> | undefined = globalThis.localStorage): IdleConfig {
  const idle = Math.min(readSeconds(storage, IDLE_SECONDS_KEY) ?? DEFAULT_IDLE_SECONDS, DEFAULT_IDLE_SECONDS);
  const idleSeconds = Math.max(idle, 2);
  const warning = readSeconds(storage, WARNING_SECONDS_KEY) ?? DEFAULT_WARNING_SECONDS;
  const warningSeconds = Math.max(1, Math.min(warning, idleSeconds - 1));
  return { idleMs: idleSeconds * 1000, warningMs: warningSeconds * 1000 };
}
