import { createContext, useContext } from 'react';
import type { Me } from '../api/types';

export type SignOutReason = 'signed-out' | 'idle' | 'expired';

/** A step a sign-in still needs: the person's own password, a code, or setting up an app. */
export type ChallengeKind = 'password_change' | 'totp' | 'totp_enrolment';

/**
 * What a sign-in step came to: a session, or a step the person must take first; with the
 * recovery codes when the step set up a second factor (shown once, before anything else).
 */
export type SignInOutcome =
  | { challenge: null; recoveryCodes: string[] | null }
  | { challenge: ChallengeKind; challengeToken: string; recoveryCodes: string[] | null };

/** The answer to a challenge: a new password, or a code. */
export type ChallengeAnswer = { new_password: string } | { code: string };

export interface Session {
  status: 'loading' | 'signed-in' | 'signed-out';
  me: Me | null;
  /** Why the last session ended, for the sign-in page to say. */
  signOutReason: SignOutReason | null;
  /**
   * Signs in; rejects with an ApiError (401, 422, 429...) when the server refuses. A second
   * factor, or a password an administrator set, comes first: then the server answers with a
   * challenge.
   */
  signIn: (email: string, password: string) => Promise<SignInOutcome>;
  /**
   * Answers a sign-in's challenge; signs in, or answers the next one. Rejects with an ApiError
   * (422 a wrong code or weak password, 401 expired, 429 locked).
   */
  answerChallenge: (challengeToken: string, answer: ChallengeAnswer) => Promise<SignInOutcome>;
  /**
   * Opens the session a sign-in answered once the person has seen their recovery codes (the
   * sign-in page shows them before the app takes over).
   */
  finishSignIn: () => Promise<void>;
  signOut: (reason?: SignOutReason) => Promise<void>;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession is used outside <SessionProvider>');
  return session;
}

/** The signed-in caller; only for pages behind the sign-in guard. */
export function useMe(): Me {
  const { me } = useSession();
  if (!me) throw new Error('useMe is used on a page that does not require signing in');
  return me;
}
