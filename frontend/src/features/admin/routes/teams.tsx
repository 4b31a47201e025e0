import { ButtonLink, NotificationBanner } from '@/components/govuk';
import { Loading } from '@/components/loading';
import { ProblemPage } from '@/components/status-pages/problem-page';
import { useFlash } from '@/lib/flash';
import { orgUnitTree, useOrgUnits } from '@/lib/org-units';
import { usePageTitle } from '@/lib/page-title';
import { OrgUnitTree } from '../components/org-unit-tree';

export function TeamsPage() {
  usePageTitle('Teams and services');
  const flash = useFlash();
  const units = useOrgUnits();
  if (units.isError) return <ProblemPage error={units.error} />;
  return (
    <>
      {flash ? <NotificationBanner type="success" heading={flash} /> : null}
      <h1 className="govuk-heading-l">Teams and services</h1>
      <p className="govuk-body">The organisation is a tree: a directorate holds services, a service holds teams.</p>
      <ButtonLink to="/admin/teams/new">Add a unit</ButtonLink>
      {!units.data ? (
        <Loading />
      ) : units.data.length === 0 ? (
        <p className="govuk-body">There are no units yet. Start with the directorate.</p>
      ) : (
        <OrgUnitTree nodes={orgUnitTree(units.data)} />
      )}
    </>
  );
}
