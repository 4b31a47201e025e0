import { usePageTitle } from '@/lib/page-title';

/** Public bodies must publish one (Public Sector Bodies Accessibility Regulations 2018). */
export function AccessibilityPage() {
  usePageTitle('Accessibility statement');
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">Accessibility statement</h1>
        <p className="govuk-body">
          This service is built to meet the Web Content Accessibility Guidelines (WCAG) 2.2 at level AA, using the GOV.UK Design System.
          Every page is tested with automated accessibility checks, and the service can be used with a keyboard alone.
        </p>
        <h2 className="govuk-heading-m">Using the service</h2>
        <ul className="govuk-list govuk-list--bullet">
          <li>You can zoom to 400% without text spilling off the screen.</li>
          <li>Every page starts with a link to skip to its main content.</li>
          <li>Before we sign you out for inactivity we warn you, and you can choose to stay signed in.</li>
        </ul>
        <h2 className="govuk-heading-m">Reporting problems</h2>
        <p className="govuk-body">If you find a problem using this service, tell your service desk so that we can fix it.</p>
      </div>
    </div>
  );
}
