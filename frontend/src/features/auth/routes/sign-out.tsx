import { useEffect, useState } from 'react';
import { Navigate, useNavigate } from 'react-router';
import { Button } from '@/components/govuk';
import { usePageTitle } from '@/lib/page-title';
import { unsavedDrafts, unsavedDraftsSentence } from '@/lib/session/drafts';
import { useSession } from '@/lib/session/session-context';

/**
 * Following "Sign out" ends the session here and on the server, then shows the sign-in page.
 * Edits of drafts (audits, observations, monitoring forms) that have not reached the server are discarded at sign-out (the next person at a
 * shared computer must not find them), so the person is asked first.
 */
export function SignOutPage() {
  const { status, me, signOut } = useSession();
  const navigate = useNavigate();
  const [unsaved] = useState(() => (me ? unsavedDrafts(me.id) : {}));
  const [confirmed, setConfirmed] = useState(false);
  const asking = Object.keys(unsaved).length > 0 && !confirmed;
  usePageTitle(asking ? 'You have unsaved changes' : 'Signing out');
  useEffect(() => {
    if (status === 'signed-in' && !asking) void signOut('signed-out');
  }, [status, asking, signOut]);
  if (status === 'signed-out') return <Navigate to="/sign-in" replace />;
  if (asking) {
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h1 className="govuk-heading-l">You have unsaved changes</h1>
          <p className="govuk-body">{unsavedDraftsSentence(unsaved)}: stay, or sign out and discard them.</p>
          <p className="govuk-body">
            They are kept on this computer only until they reach the service. Stay to let them save, for example when the connection is
            back.
          </p>
          <div className="govuk-button-group">
            <Button type="button" onClick={() => void navigate(-1)}>Stay signed in</Button>
            <Button type="button" variant="warning" onClick={() => setConfirmed(true)}>
              Sign out and discard them
            </Button>
          </div>
        </div>
      </div>
    );
  }
  return <h1 className="govuk-heading-l">Signing out</h1>;
}
