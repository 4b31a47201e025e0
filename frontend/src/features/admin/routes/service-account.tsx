import { useState, type SyntheticEvent } from 'react';
import { useNavigate, useParams } from 'react-router';
import { BackLink, Button, ButtonLink, ErrorSummary, Input, NotificationBanner, SummaryList, Table, Tag } from '@/components/govuk';
import { Loading } from '@/components/loading';
import { ProblemPage } from '@/components/status-pages/problem-page';
import { useFormErrors } from '@/components/use-form-errors';
import { formatDate, formatDateTime } from '@/lib/dates';
import { useFlash } from '@/lib/flash';
import { fieldErrors, formErrorsFromError, type FieldSpec } from '@/lib/form-errors';
import { usePageTitle } from '@/lib/page-title';
import { keepIssuedToken, useRotateServiceAccount, useServiceAccount } from '../api/use-service-accounts';
import { scopeHints, statusTags } from '../lib/service-accounts';

const rotateFields: Record<string, FieldSpec> = {
  overlap_hours: { label: 'Overlap', required: 'Enter how many hours the old token keeps working' },
};

/** One service account: its scopes, its tokens that still work, and rotating or revoking it. */
export function ServiceAccountPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const flash = useFlash();
  const account = useServiceAccount(id);
  const rotate = useRotateServiceAccount(id);
  const form = useFormErrors();
  const [overlap, setOverlap] = useState('24');
  usePageTitle(account.data?.name ?? 'Service account', form.errors.summary.length > 0);
  if (account.isError) return <ProblemPage error={account.error} />;
  if (!account.data) return <Loading />;
  const sa = account.data;
  const status = statusTags[sa.status];

  const submitRotate = (event: SyntheticEvent) => {
    event.preventDefault();
    if (rotate.isPending) return;
    const hours = overlap.trim();
    const wrong =
      hours === '' ? rotateFields.overlap_hours?.required : !/^\d+$/.test(hours) || Number(hours) > 168 ? 'Overlap must be a whole number of hours from 0 to 168' : null;
    if (wrong) return form.show(fieldErrors(rotateFields, { overlap_hours: wrong }));
    rotate.mutate(Number(hours), {
      onSuccess: (made) => {
        keepIssuedToken(made, 'rotated');
        void navigate(`/admin/service-accounts/${made.id}/token`);
      },
      onError: (error) => form.show(formErrorsFromError(error, rotateFields, {}, { overlap_hours: hours })),
    });
  };

  return (
    <>
      <BackLink to="/admin/service-accounts">Back to service accounts</BackLink>
      {flash ? <NotificationBanner type="success" heading={flash} /> : null}
      {form.errors.summary.length > 0 ? <ErrorSummary key={form.attempt} errors={form.errors.summary} /> : null}
      <span className="govuk-caption-l">Service account</span>
      <h1 className="govuk-heading-l">{sa.name}</h1>
      <SummaryList
        rows={[
          { key: 'Status', value: <Tag colour={status.colour}>{status.text}</Tag> },
          {
            key: 'Scopes',
            value: (
              <ul className="govuk-list">
                {sa.scopes.map((scope) => (
                  <li key={scope}>
                    <code className="app-code">{scope}</code>: {scopeHints[scope]}
                  </li>
                ))}
              </ul>
            ),
          },
          { key: 'Tokens stop working after', value: formatDate(sa.expires_on) },
          { key: 'Last used', value: sa.last_used_at ? formatDateTime(sa.last_used_at) : 'Never' },
          { key: 'Added', value: formatDateTime(sa.created_at) },
          ...(sa.revoked_at ? [{ key: 'Revoked', value: formatDateTime(sa.revoked_at) }] : []),
        ]}
      />
      <h2 className="govuk-heading-m">Tokens</h2>
      {sa.tokens.length === 0 ? (
        <p className="govuk-body">No token works for this account.</p>
      ) : (
        <Table
          caption="Tokens that work now"
          captionHidden
          head={[{ text: 'Token starts' }, { text: 'Issued' }, { text: 'Valid until' }, { text: 'Last used' }]}
          rows={sa.tokens.map((token) => ({
            key: token.id,
            cells: [
              <code className="app-code">{token.hint}</code>,
              formatDateTime(token.created_at),
              token.valid_until ? formatDateTime(token.valid_until) : `Current token (until ${formatDate(sa.expires_on)})`,
              token.last_used_at ? formatDateTime(token.last_used_at) : 'Never',
            ],
          }))}
        />
      )}
      {sa.allowed_operations.includes('rotate') ? (
        <form noValidate onSubmit={submitRotate} className="govuk-!-margin-top-6">
          <h2 className="govuk-heading-m">Rotate the token</h2>
          <p className="govuk-body">A new token is made and shown once. The old one keeps working for the overlap, so the other system can switch without a gap.</p>
          <Input
            id="overlap_hours"
            label="Overlap in hours"
            hint="How long the old token keeps working: 0 to 168 hours (7 days). Enter 0 if the old token may have leaked."
            inputMode="numeric"
            spellCheck={false}
            value={overlap}
            onChange={setOverlap}
            error={form.errors.byField.overlap_hours}
            width="3"
          />
          <Button variant="secondary">Rotate token</Button>
        </form>
      ) : null}
      {sa.allowed_operations.includes('revoke') ? (
        <>
          <h2 className="govuk-heading-m">Revoke the account</h2>
          <p className="govuk-body">Every token stops working at once. This cannot be undone.</p>
          <ButtonLink variant="warning" to={`/admin/service-accounts/${sa.id}/revoke`}>
            Revoke account
          </ButtonLink>
        </>
      ) : null}
    </>
  );
}
