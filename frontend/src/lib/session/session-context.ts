import { createContext, useContext } from 'react';
import type { Me } from '../api/types';

export type SignOutReason = 'signed-out' | 'idle' | 'expired';

/** What a sign-in came to: a session, or a step the person must take first. */
export type SignInOutcome = 'signed-in' | { challenge: 'password_change'; challengeToken: string };

export interface Session {
  status: 'loading' | 'signed-in' | 'signed-out';
  me: Me | null;
  /** Why the last session ended, for the sign-in page to say. */
  signOutReason: SignOutReason | null;
  /**
   * Signs in; rejects with an ApiError (401, 422, 429...) when the server refuses. A password
   * an administrator set must be changed first: then the server answers with a challenge.
   */
  signIn: (email: string, password: string) => Promise<SignInOutcome>;
  /** Completes a sign-in by choosing a new password; rejects with an ApiError (422, 401). */
  answerPasswordChallenge: (challengeToken: string, newPassword: string) => Promise<void>;
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
