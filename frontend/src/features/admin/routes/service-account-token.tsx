import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { Button, NotificationBanner } from '@/components/govuk';
import { usePageTitle } from '@/lib/page-title';
import { forgetIssuedToken, issuedTokenFor } from '../api/use-service-accounts';

/** The token just issued, shown this once; leaving the page or reloading it forgets the token. */
export function ServiceAccountTokenPage() {
  const { id = '' } = useParams();
  // Read once: the token lives for this page only.
  const [issued] = useState(() => issuedTokenFor(id));
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  usePageTitle(issued ? 'Copy the token now' : 'The token can no longer be shown');
  useEffect(() => () => forgetIssuedToken(), []);

  if (!issued) {
    return (
      <>
        <h1 className="govuk-heading-l">The token can no longer be shown</h1>
        <p className="govuk-body">A token is shown only once, when it is made. If it was not copied, rotate the account’s token to get a new one.</p>
        <p className="govuk-body">
          <Link className="govuk-link" to={`/admin/service-accounts/${id}`}>
            Go to the service account
          </Link>
        </p>
      </>
    );
  }
  const { token, kind } = issued;
  const copy = () => {
    navigator.clipboard.writeText(token.token).then(
      () => setCopied('yes'),
      () => setCopied('no'),
    );
  };
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <NotificationBanner type="success" heading={kind === 'created' ? `${token.name} has been added` : `${token.name} has a new token`} />
        <h1 className="govuk-heading-l">Copy the token now</h1>
        <div className="govuk-warning-text">
          <span className="govuk-warning-text__icon" aria-hidden="true">
            !
          </span>
          <strong className="govuk-warning-text__text">
            <span className="govuk-visually-hidden">Warning</span>
            This token will not be shown again. Copy it now and store it in the other system’s secret store.
          </strong>
        </div>
        <p className="govuk-body govuk-!-margin-bottom-2">
          Token for {token.name}
        </p>
        <pre className="app-token" data-testid="service-token">
          {token.token}
        </pre>
        <Button type="button" variant="secondary" onClick={copy}>
          Copy token
        </Button>
        <p className="govuk-body" aria-live="polite">
          {copied === 'yes' ? 'Token copied.' : copied === 'no' ? 'The token could not be copied. Select it and copy it yourself.' : ''}
        </p>
        {kind === 'rotated' ? (
          <p className="govuk-body">The old token keeps working until the overlap ends, so the other system can switch to the new one without a gap.</p>
        ) : null}
        <p className="govuk-body">The other system sends it with every request, as the header <code className="app-code">Authorization: Bearer</code> followed by the token.</p>
        <p className="govuk-body">
          <Link className="govuk-link" to={`/admin/service-accounts/${token.id}`}>
            I have copied the token
          </Link>
        </p>
      </div>
    </div>
  );
}
