import { Link, useNavigate, useParams } from 'react-router';
import { BackLink, Button, ErrorSummary } from '@/components/govuk';
import { Loading } from '@/components/loading';
import { ProblemPage } from '@/components/status-pages/problem-page';
import { useFormErrors } from '@/components/use-form-errors';
import { formErrorsFromError } from '@/lib/form-errors';
import { usePageTitle } from '@/lib/page-title';
import { useRevokeServiceAccount, useServiceAccount } from '../api/use-service-accounts';

/** Asks before revoking: every token of the account stops working at once, for good. */
export function ServiceAccountRevokePage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const account = useServiceAccount(id);
  const revoke = useRevokeServiceAccount(id);
  const form = useFormErrors();
  const name = account.data?.name ?? 'this service account';
  usePageTitle(`Are you sure you want to revoke ${name}?`, form.errors.summary.length > 0);
  if (account.isError) return <ProblemPage error={account.error} />;
  if (!account.data) return <Loading />;
  const confirm = () => {
    if (revoke.isPending) return;
    revoke.mutate(undefined, {
      onSuccess: (done) => void navigate(`/admin/service-accounts/${id}`, { state: { flash: `${done.name} has been revoked` } }),
      onError: (error) => form.show(formErrorsFromError(error, {}, { 409: { text: `${name} has been revoked already` } })),
    });
  };
  return (
    <>
      <BackLink to={`/admin/service-accounts/${id}`}>Back to {account.data.name}</BackLink>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          {form.errors.summary.length > 0 ? <ErrorSummary key={form.attempt} errors={form.errors.summary} /> : null}
          <h1 className="govuk-heading-l">Are you sure you want to revoke {account.data.name}?</h1>
          <div className="govuk-warning-text">
            <span className="govuk-warning-text__icon" aria-hidden="true">
              !
            </span>
            <strong className="govuk-warning-text__text">
              <span className="govuk-visually-hidden">Warning</span>
              Every token of this account stops working at once, and the system that uses it will be refused. This cannot be undone.
            </strong>
          </div>
          <div className="govuk-button-group">
            <Button type="button" variant="warning" onClick={confirm}>
              Yes, revoke account
            </Button>
            <Link className="govuk-link" to={`/admin/service-accounts/${id}`}>
              Cancel
            </Link>
          </div>
        </div>
      </div>
    </>
  );
}
