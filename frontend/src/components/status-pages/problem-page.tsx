import { ApiError } from '@/lib/api/api-error';
import { usePageTitle } from '@/lib/page-title';
import { NoAccessPage } from './no-access';
import { NotFoundPage } from './not-found';

/** What a page shows when the data it needs could not be read. */
export function ProblemPage({ error }: { error: unknown }) {
  if (error instanceof ApiError && error.status === 404) return <NotFoundPage />;
  if (error instanceof ApiError && error.status === 403) return <NoAccessPage />;
  return <ServiceProblem />;
}

function ServiceProblem() {
  usePageTitle('Sorry, there is a problem with the service');
  return (
    <>
      <h1 className="govuk-heading-l">Sorry, there is a problem with the service</h1>
      <p className="govuk-body">Try again later.</p>
    </>
  );
}
