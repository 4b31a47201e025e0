import { Link } from 'react-router';
import { BackLink, ButtonLink, NotificationBanner, Table, Tag } from '@/components/govuk';
import { Loading } from '@/components/loading';
import { ProblemPage } from '@/components/status-pages/problem-page';
import { formatDate, formatDateTime } from '@/lib/dates';
import { useFlash } from '@/lib/flash';
import { usePageTitle } from '@/lib/page-title';
import { useServiceAccounts } from '../api/use-service-accounts';
import { statusTags } from '../lib/service-accounts';

/** Other systems that call the API with a token (the case management system, reporting scripts). */
export function ServiceAccountsListPage() {
  usePageTitle('Service accounts');
  const flash = useFlash();
  const accounts = useServiceAccounts();
  if (accounts.isError) return <ProblemPage error={accounts.error} />;
  return (
    <>
      <BackLink to="/admin/settings">Back to settings</BackLink>
      {flash ? <NotificationBanner type="success" heading={flash} /> : null}
      <h1 className="govuk-heading-l">Service accounts</h1>
      <p className="govuk-body">
        Other systems, such as the case management system and the Performance Team’s scripts, call this service with a service account’s token. A
        service account can only do what its scopes allow, and never reads case records or notes.
      </p>
      <ButtonLink to="/admin/service-accounts/new">Add a service account</ButtonLink>
      {!accounts.data ? (
        <Loading />
      ) : accounts.data.items.length === 0 ? (
        <p className="govuk-body">There are no service accounts yet.</p>
      ) : (
        <Table
          caption="Service accounts"
          captionHidden
          head={[{ text: 'Name' }, { text: 'Scopes' }, { text: 'Status' }, { text: 'Expires' }, { text: 'Last used' }]}
          rows={accounts.data.items.map((account) => ({
            key: account.id,
            cells: [
              <Link className="govuk-link" to={`/admin/service-accounts/${account.id}`}>
                {account.name}
              </Link>,
              <ul className="govuk-list govuk-!-margin-bottom-0">
                {account.scopes.map((scope) => (
                  <li key={scope}>
                    <code className="app-code">{scope}</code>
                  </li>
                ))}
              </ul>,
              <Tag colour={statusTags[account.status].colour}>{statusTags[account.status].text}</Tag>,
              formatDate(account.expires_on),
              account.last_used_at ? formatDateTime(account.last_used_at) : 'Never',
            ],
          }))}
        />
      )}
    </>
  );
}
