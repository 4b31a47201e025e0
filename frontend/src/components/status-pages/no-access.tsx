import { Link } from 'react-router';
import { usePageTitle } from '@/lib/page-title';

export function NoAccessPage() {
  usePageTitle('You do not have access');
  return (
    <>
      <h1 className="govuk-heading-l">You do not have access</h1>
      <p className="govuk-body">Your role does not let you see this page.</p>
      <p className="govuk-body">
        If you think you should have access, ask your manager or the system administrator to change your roles.
      </p>
      <p className="govuk-body">
        <Link className="govuk-link" to="/">
          Go to your work
        </Link>
      </p>
    </>
  );
}
