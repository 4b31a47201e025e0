import { Link } from 'react-router';
import { usePageTitle } from '@/lib/page-title';
import { readsWholeCouncilReports } from '@/lib/permissions';
import { useMe } from '@/lib/session/session-context';
import { REPORTS } from '../api/report-names';

/** The reports a reader may open, with a sentence about each. */
export function ReportsIndexPage() {
  const me = useMe();
  usePageTitle('Reports');
  return (
    <>
      <h1 className="govuk-heading-l">Reports</h1>
      <p className="govuk-body-l">
        Figures for a quarter, or dates you choose, beside the period before:{' '}
        {readsWholeCouncilReports(me) ? 'for the whole council, a service or a team.' : `for ${me.team_name ?? 'your service'} or one of its teams.`}
      </p>
      <p className="govuk-body">Each report shows its figures as tables, with charts where they help; every table downloads as a CSV file, the whole report as a spreadsheet, and each report prints on A4.</p>
      <ul className="govuk-list app-report-list">
        {REPORTS.map((report) => (
          <li key={report.name} className="app-report-list__item">
            <h2 className="govuk-heading-m govuk-!-margin-bottom-2">
              <Link className="govuk-link" to={report.path}>
                {report.title}
              </Link>
            </h2>
            <p className="govuk-body">{report.about}</p>
          </li>
        ))}
      </ul>
    </>
  );
}
