import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { canSee, type Area } from '@/lib/permissions';
import { useSession } from '@/lib/session/session-context';
import { NoAccessPage } from '@/components/status-pages/no-access';

/** Pages behind sign-in: while the session resumes, a short wait; without one, the sign-in page. */
export function RequireSignIn({ children }: { children: ReactNode }) {
  const { status } = useSession();
  const location = useLocation();
  if (status === 'loading') return <p className="app-loading">Loading…</p>;
  if (status === 'signed-out') {
    return <Navigate to="/sign-in" replace state={{ from: `${location.pathname}${location.search}` }} />;
  }
  return children;
}

/** A part of the service the caller's roles may not allow: "You do not have access". */
export function RequireArea({ area, children }: { area: Area; children: ReactNode }) {
  const { me } = useSession();
  if (!me || !canSee(area, me)) return <NoAccessPage />;
  return children;
}
