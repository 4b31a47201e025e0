// The access token lives in this module's memory only (never in storage): a page reload gets a
// new one through the HttpOnly refresh cookie, which script cannot read.
import createClient from 'openapi-fetch';
import type { paths } from './schema';
import type { TokenResponse } from './types';

/** openapi-fetch client for the sign-in endpoints: no bearer token, no retry. */
export const authClient = createClient<paths>({ baseUrl: window.location.origin, credentials: 'same-origin' });

type Listener = () => void;

let accessToken: string | null = null;
let refreshTimer: ReturnType<typeof setTimeout> | undefined;
let inflight: Promise<boolean> | null = null;
const expiredListeners = new Set<Listener>();

export function getAccessToken(): string | null {
  return accessToken;
}

/** Refresh this long before the token expires (or at 80% of its life if that is shorter). */
export function refreshDelayMs(expiresInSeconds: number): number {
  const lifetime = expiresInSeconds * 1000;
  return Math.max(1000, Math.min(lifetime - 60_000, lifetime * 0.8));
}

/** Keeps a new access token and schedules its silent refresh before it expires. */
export function startSession(token: TokenResponse): void {
  accessToken = token.access_token;
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(() => {
    void refreshSession().then((ok) => {
      if (!ok) notifyExpired();
    });
  }, refreshDelayMs(token.expires_in));
}

/** Forgets the access token (the refresh cookie is cleared by the server on sign-out). */
export function endSession(): void {
  accessToken = null;
  clearTimeout(refreshTimer);
  refreshTimer = undefined;
}

/** Called when the session could not be renewed: the app shows the sign-in page. */
export function onSessionExpired(listener: Listener): () => void {
  expiredListeners.add(listener);
  return () => expiredListeners.delete(listener);
}

function notifyExpired() {
  endSession();
  expiredListeners.forEach((listener) => listener());
}

async function postRefresh(): Promise<boolean> {
  try {
    const { data } = await authClient.POST('/api/v1/auth/refresh');
    if (!data) return false;
    startSession(data);
    return true;
  } catch {
    return false;
  }
}

/**
 * Gets a new access token through the refresh cookie. One request at a time in this tab, and
 * (where the browser has Web Locks) across tabs: the server revokes every session of a refresh
 * token presented twice, which two tabs refreshing at the same moment would do.
 */
export function refreshSession(): Promise<boolean> {
  if (inflight) return inflight;
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  // LockManager.request resolves to the callback's result (typed loosely by the DOM library).
  const run = locks ? locks.request('qa-session-refresh', postRefresh).then((ok) => ok) : postRefresh();
  const pending = run.finally(() => {
    inflight = null;
  });
  inflight = pending;
  return pending;
}

/** The refresh failed while the app was in use: tell the app. */
export function expireSession(): void {
  notifyExpired();
}
