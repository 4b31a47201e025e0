import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { unwrap } from '../api/api-error';
import { api } from '../api/client';
import { authClient, endSession, getAccessToken, onSessionExpired, refreshSession, startSession } from '../api/session-token';
import { discardDrafts } from './drafts';
import type { Me, SignInResponse, TokenResponse } from '../api/types';
import { idleConfig } from './idle-config';
import { IdleTimer } from './idle-timer';
import { SessionContext, type ChallengeAnswer, type Session, type SignInOutcome, type SignOutReason } from './session-context';
import { TimeoutWarning } from './timeout-warning';

const ACTIVITY_EVENTS = ['keydown', 'pointerdown', 'mousemove', 'wheel', 'touchstart', 'scroll'] as const;

// Resuming a session on page load happens once, however often React mounts the provider.
let resumed: Promise<Me | null> | null = null;

async function loadMe(): Promise<Me> {
  return unwrap(api.GET('/api/v1/me'));
}

function resumeSession(): Promise<Me | null> {
  resumed ??= refreshSession()
    .then((ok) => (ok ? loadMe() : null))
    .catch(() => null);
  return resumed;
}

interface State {
  status: Session['status'];
  me: Me | null;
  signOutReason: SignOutReason | null;
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [state, setState] = useState<State>({ status: 'loading', me: null, signOutReason: null });
  const [warningDeadline, setWarningDeadline] = useState<number | null>(null);
  const timer = useRef<IdleTimer | null>(null);
  // Set while a sign-out is under way: a request that fails with 401 meanwhile (the server has
  // already revoked the token) must not turn "You have signed out" into "Your session has ended".
  const signingOut = useRef(false);

  useEffect(() => {
    let cancelled = false;
    void resumeSession().then((me) => {
      if (cancelled) return;
      setState((current) =>
        current.status !== 'loading' ? current : me ? { status: 'signed-in', me, signOutReason: null } : { status: 'signed-out', me: null, signOutReason: null },
      );
    });
    return () => {
      cancelled = true;
    };
  }, []);

  const userId = state.me?.id ?? null;
  const endLocally = useCallback(
    (reason: SignOutReason) => {
      // The session is over, however it ended: its unsaved drafts must not wait on this
      // (possibly shared) computer for the next person.
      discardDrafts(userId);
      endSession();
      resumed = Promise.resolve(null);
      timer.current?.stop();
      setWarningDeadline(null);
      queryClient.clear();
      // A request under way when the person signed out can fail its refresh only after the
      // sign-out has finished: the session had already ended, so "You have signed out" stays.
      setState((current) =>
        reason === 'expired' && current.status === 'signed-out' ? current : { status: 'signed-out', me: null, signOutReason: reason },
      );
    },
    [queryClient, userId],
  );

  useEffect(
    () =>
      onSessionExpired(() => {
        if (!signingOut.current) endLocally('expired');
      }),
    [endLocally],
  );

  const begin = useCallback(
    async (data: TokenResponse) => {
      queryClient.clear();
      signingOut.current = false;
      startSession(data);
      const me = await loadMe();
      resumed = Promise.resolve(me);
      setState({ status: 'signed-in', me, signOutReason: null });
    },
    [queryClient],
  );

  // Tokens answered together with recovery codes wait here until the person has seen the codes.
  const pendingTokens = useRef<TokenResponse | null>(null);

  const outcomeOf = useCallback(
    async (data: SignInResponse): Promise<SignInOutcome> => {
      if ('challenge' in data) {
        return { challenge: data.challenge, challengeToken: data.challenge_token, recoveryCodes: data.recovery_codes ?? null };
      }
      const recoveryCodes = data.recovery_codes ?? null;
      if (recoveryCodes) pendingTokens.current = data;
      else await begin(data);
      return { challenge: null, recoveryCodes };
    },
    [begin],
  );

  const signIn = useCallback(
    async (email: string, password: string): Promise<SignInOutcome> =>
      outcomeOf(await unwrap(authClient.POST('/api/v1/auth/login', { body: { email, password } }))),
    [outcomeOf],
  );

  const answerChallenge = useCallback(
    async (challengeToken: string, answer: ChallengeAnswer): Promise<SignInOutcome> =>
      outcomeOf(await unwrap(authClient.POST('/api/v1/auth/challenge', { body: { challenge_token: challengeToken, ...answer } }))),
    [outcomeOf],
  );

  const finishSignIn = useCallback(async () => {
    const tokens = pendingTokens.current;
    pendingTokens.current = null;
    if (tokens) await begin(tokens);
  }, [begin]);

  const signOut = useCallback(
    async (reason: SignOutReason = 'signed-out') => {
      signingOut.current = true;
      try {
        // The bearer token goes too, so the server refuses it from now on, not only the cookie.
        const token = getAccessToken();
        await authClient.POST('/api/v1/auth/logout', token ? { headers: { Authorization: `Bearer ${token}` } } : {});
      } catch {
        // Signed out here whatever the network does; the refresh token expires on its own.
      }
      endLocally(reason);
      signingOut.current = false;
      // A session begun with the council's account ends there too (single sign-out).
      if (reason === 'signed-out' && document.cookie.split('; ').includes('qa_sso=1')) {
        window.location.assign('/api/v1/auth/oidc/logout');
      }
    },
    [endLocally],
  );

  // The idle timeout runs while someone is signed in.
  const signedIn = state.status === 'signed-in';
  useEffect(() => {
    if (!signedIn) return;
    const { idleMs, warningMs } = idleConfig();
    const idle = new IdleTimer({
      idleMs,
      warningMs,
      onWarn: (deadline) => setWarningDeadline(deadline),
      onTimeout: () => void signOut('idle'),
    });
    timer.current = idle;
    idle.start();
    const onActivity = () => idle.activity();
    const onVisible = () => idle.check();
    ACTIVITY_EVENTS.forEach((name) => document.addEventListener(name, onActivity, { capture: true, passive: true }));
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      idle.stop();
      ACTIVITY_EVENTS.forEach((name) => document.removeEventListener(name, onActivity, { capture: true }));
      document.removeEventListener('visibilitychange', onVisible);
      timer.current = null;
    };
  }, [signedIn, signOut]);

  const staySignedIn = useCallback(() => {
    timer.current?.extend();
    setWarningDeadline(null);
  }, []);

  const value = useMemo<Session>(
    () => ({ ...state, signIn, answerChallenge, finishSignIn, signOut }),
    [state, signIn, answerChallenge, finishSignIn, signOut],
  );

  return (
    <SessionContext.Provider value={value}>
      {children}
      {warningDeadline !== null ? (
        <TimeoutWarning deadline={warningDeadline} onStay={staySignedIn} onSignOut={() => void signOut('signed-out')} />
      ) : null}
    </SessionContext.Provider>
  );
}
