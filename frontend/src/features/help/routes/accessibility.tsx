import { usePageTitle } from '@/lib/page-title';

/**
 * The accessibility statement public bodies must publish (Public Sector Bodies (Websites and
 * Mobile Applications) (No. 2) Accessibility Regulations 2018), in the GOV.UK model's order.
 * It says only what the browser tests (`frontend/e2e/`) check, and names what they do not.
 */
export function AccessibilityPage() {
  usePageTitle('Accessibility statement');
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">Accessibility statement</h1>
        <p className="govuk-body">
          This statement applies to the Children’s Services quality assurance and learning platform. The council wants as many people as possible to be able to use it. It is built with
          the GOV.UK Design System (GOV.UK Frontend), whose components are tested with assistive technologies by the Government Digital Service.
        </p>

        <h2 className="govuk-heading-m">What you should be able to do</h2>
        <ul className="govuk-list govuk-list--bullet">
          <li>use every page with a keyboard alone: every page starts with a link to skip to its main content, and after you move to another page the focus goes to its heading</li>
          <li>use the service on a phone-sized screen (390 pixels wide) without scrolling sideways</li>
          <li>hear mistakes in a form: the error summary takes focus and each message links to its question, and the page title starts with “Error:”</li>
          <li>read every chart’s figures in a table next to it; the charts themselves are hidden from screen readers</li>
          <li>get a warning before you are signed out for inactivity, and choose to stay signed in</li>
          <li>find out what happened to something you saved (“Saved at 14:32”, “Not saved – will retry”) without looking for it: these messages are announced</li>
        </ul>

        <h2 className="govuk-heading-m">How we test it</h2>
        <p className="govuk-body">Automated browser tests run on every change to the service, in Chromium. For every page they visit they check:</p>
        <ul className="govuk-list govuk-list--bullet">
          <li>there are no failures of the axe-core rules for WCAG 2.0, 2.1 and 2.2 at levels A and AA</li>
          <li>the page has exactly one main heading and a title that names the page and the service</li>
          <li>nothing scrolls sideways at 1280 pixels or at 390 pixels wide, and the main navigation fits one line at 1280 pixels</li>
          <li>no script or style is refused by the service’s security policy and nothing fails in the browser’s console</li>
        </ul>
        <p className="govuk-body">
          They also sign in by keyboard alone (checking that the skip link comes first), grade an audit standard and rate an observation skill by keyboard alone, verify an action by keyboard,
          check that error summaries take focus and link to the right question, and check the inactivity warning.
        </p>

        <h2 className="govuk-heading-m">What we know is not yet accessible or not yet tested</h2>
        <ul className="govuk-list govuk-list--bullet">
          <li>
            We have not had an independent accessibility audit, and we have not tested with screen readers (JAWS, NVDA, VoiceOver) or speech recognition ourselves. Automated checks find only some
            problems.
          </li>
          <li>
            Reflow is tested at 390 pixels, not at 320 pixels (the width WCAG 2.2 success criterion 1.4.10 describes, the same as 400% zoom on a 1280 pixel screen). Wide tables, such as the
            standards heat map and the access log, may need sideways scrolling inside the table at 320 pixels.
          </li>
          <li>We have not tested with Windows high contrast mode (forced colours), text spacing changes (1.4.12) or in browsers other than Chromium.</li>
          <li>The charts in reports are images of figures: their tables carry the same figures, but the charts cannot be explored with a keyboard.</li>
          <li>
            Documents downloaded from the service (CSV files, spreadsheets and the HTML of a subject access bundle) are not checked by these tests. A released subject access bundle has a
            heading for each kind of record, but its tables have not been tested with assistive technology.
          </li>
        </ul>

        <h2 className="govuk-heading-m">Compliance status</h2>
        <p className="govuk-body">
          This service is partially compliant with the Web Content Accessibility Guidelines version 2.2 AA standard, because of the gaps listed above that have not been tested.
        </p>

        <h2 className="govuk-heading-m">Reporting accessibility problems</h2>
        <p className="govuk-body">
          If you find a problem using this service, or need information from it in a different format, tell your council’s IT service desk. They will pass it to the team that runs the service,
          which aims to reply within 5 working days.
        </p>

        <h2 className="govuk-heading-m">Enforcement procedure</h2>
        <p className="govuk-body">
          The Equality and Human Rights Commission (EHRC) is responsible for enforcing the accessibility regulations. If you are not happy with how the council responds to your complaint,
          contact the Equality Advisory and Support Service (EASS).
        </p>
      </div>
    </div>
  );
}
