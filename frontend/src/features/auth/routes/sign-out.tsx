import { useEffect } from 'react';
import { Navigate } from 'react-router';
import { usePageTitle } from '@/lib/page-title';
import { useSession } from '@/lib/session/session-context';

/** Following "Sign out" ends the session here and on the server, then shows the sign-in page. */
export function SignOutPage() {
  const { status, signOut } = useSession();
  usePageTitle('Signing out');
  useEffect(() => {
    if (status === 'signed-in') void signOut('signed-out');
  }, [status, signOut]);
  if (status === 'signed-out') return <Navigate to="/sign-in" replace />;
  return <h1 className="govuk-heading-l">Signing out</h1>;
}
