import { createContext, useContext } from 'react';
import type { Me } from '../api/types';

export type SignOutReason = 'signed-out' | 'idle' | 'expired';

export interface Session {
  status: 'loading' | 'signed-in' | 'signed-out';
  me: Me | null;
  /** Why the last session ended, for the sign-in page to say. */
  signOutReason: SignOutReason | null;
  /** Signs in; rejects with an ApiError (401, 422, 429...) when the server refuses. */
  signIn: (email: string, password: string) => Promise<void>;
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
