import { Link } from 'react-router';
import { canSee } from '@/lib/permissions';
import { usePageTitle } from '@/lib/page-title';
import { useMe } from '@/lib/session/session-context';
import { WorkPanel } from '../components/work-panel';

/** "Your work": the panels later work fills (audits, actions, notifications). */
export function HomePage() {
  const me = useMe();
  usePageTitle('Your work');
  return (
    <>
      <span className="govuk-caption-l">{me.display_name}</span>
      <h1 className="govuk-heading-l">Your work</h1>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-one-third">
          <WorkPanel title="Audits">
            <p className="govuk-body">You have no audits to complete or respond to.</p>
          </WorkPanel>
        </div>
        <div className="govuk-grid-column-one-third">
          <WorkPanel title="Actions">
            <p className="govuk-body">You have no open actions.</p>
          </WorkPanel>
        </div>
        <div className="govuk-grid-column-one-third">
          <WorkPanel title="Notifications">
            <p className="govuk-body">You have no new notifications.</p>
          </WorkPanel>
        </div>
      </div>
      <h2 className="govuk-heading-m">Go to</h2>
      <ul className="govuk-list">
        {canSee('cases', me) ? (
          <li>
            <Link className="govuk-link" to="/cases">
              Cases
            </Link>
          </li>
        ) : null}
        <li>
          <Link className="govuk-link" to="/practice-standards">
            Practice standards
          </Link>
        </li>
        {canSee('admin', me) ? (
          <>
            <li>
              <Link className="govuk-link" to="/admin/users">
                Manage users
              </Link>
            </li>
            <li>
              <Link className="govuk-link" to="/admin/teams">
                Manage teams
              </Link>
            </li>
          </>
        ) : null}
        <li>
          <Link className="govuk-link" to="/account">
            Your account
          </Link>
        </li>
      </ul>
    </>
  );
}
