import { SummaryList } from '@/components/govuk';
import { Loading } from '@/components/loading';
import { ProblemPage } from '@/components/status-pages/problem-page';
import { usePageTitle } from '@/lib/page-title';
import { caseScopeLabels, roleLabels } from '@/lib/roles';
import { useMeQuery } from '../api/use-me';
import { NotificationPreferencesSection } from '../components/notification-preferences';
import { SecondFactorSection } from '../components/second-factor-section';

export function MyAccountPage() {
  usePageTitle('Your account');
  const me = useMeQuery();
  if (me.isError) return <ProblemPage error={me.error} />;
  return (
    <>
      <h1 className="govuk-heading-l">Your account</h1>
      {!me.data ? (
        <Loading />
      ) : (
        <>
          <SummaryList
            rows={[
              { key: 'Name', value: me.data.display_name },
              { key: 'Email address', value: me.data.email },
              {
                key: 'Roles',
                value:
                  me.data.roles.length === 0 ? (
                    'None'
                  ) : (
                    <ul className="govuk-list">
                      {me.data.roles.map((role) => (
                        <li key={role}>{roleLabels[role]}</li>
                      ))}
                    </ul>
                  ),
              },
              { key: 'Team', value: me.data.team_name ?? 'Not in a team' },
              { key: 'Case records you can see', value: caseScopeLabels[me.data.case_scope] ?? me.data.case_scope },
              { key: 'Free-text narratives', value: me.data.reads_narrative ? 'You can read them' : 'Hidden from your role' },
            ]}
          />
          <p className="govuk-body">To change your name, roles or team, ask your system administrator.</p>
          <SecondFactorSection />
          <NotificationPreferencesSection />
        </>
      )}
    </>
  );
}
