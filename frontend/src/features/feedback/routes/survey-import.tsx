import { Link } from 'react-router';
import { BackLink, NotificationBanner } from '@/components/govuk';
import { CsvImportForm } from '@/components/csv-import/csv-import-form';
import { NoAccessPage } from '@/components/status-pages/no-access';
import { counted } from '@/lib/csv-import';
import type { ImportOutcome } from '@/lib/api/types';
import { handlesComplaints } from '@/lib/permissions';
import { useMe } from '@/lib/session/session-context';
import { feedbackErrors } from '../api/feedback-errors';
import { previewSurvey, SURVEY_COLUMNS } from '../api/survey-csv';
import { useImportSurvey } from '../api/use-feedback';

const NOUNS = ['response', 'responses'] as const;

/**
 * Importing survey responses (the QA unit): choose the survey's CSV file, see its first rows as
 * read here, give the import a reference, and send it. The API checks every row first: if any
 * is refused nothing is imported, and every refused row is listed to fix; the same reference
 * sent again imports nothing twice.
 */
export function SurveyImportPage() {
  const me = useMe();
  if (!handlesComplaints(me)) return <NoAccessPage />;
  return <SurveyImport />;
}

/** The responses an import brought in, in the feedback list. */
const importedLink = (outcome: ImportOutcome, className = 'govuk-link') => (
  <Link className={className} to={`/feedback?kind=survey_response&batch_ref=${encodeURIComponent(outcome.batch_ref)}`}>
    See the responses imported as {outcome.batch_ref}
  </Link>
);

function SurveyImport() {
  const importSurvey = useImportSurvey();
  return (
    <CsvImportForm
      caption="Feedback"
      title="Import survey responses"
      back={<BackLink to="/feedback?kind=survey_response">Back to survey responses</BackLink>}
      intro={
        <>
          <p className="govuk-body">Import a survey’s responses from a CSV file, one response a row. Every row is checked first: if any row is wrong, nothing is imported and every row to fix is listed.</p>
          <p className="govuk-body">The first row names the columns:</p>
          <div className="govuk-inset-text">
            <code className="app-code">{SURVEY_COLUMNS}</code>
          </div>
          <ul className="govuk-list govuk-list--bullet">
            <li>received_on: the day it was answered, such as 2026-11-02</li>
            <li>respondent_role: child, young_person, parent, carer, professional, staff, advocate or partner_agency</li>
            <li>team_ref: the team’s reference or name, or empty</li>
            <li>q1 to qN: each question’s rating from 1 (poor) to 5 (very good), or empty for no answer</li>
            <li>comment: anything they wrote, or empty</li>
          </ul>
        </>
      }
      file={{
        id: 'survey-file',
        label: 'Choose the survey file',
        name: 'The survey file',
        required: 'Choose the survey’s CSV file',
        empty: 'The survey file has no responses',
        maxBytes: 64 * 1024 * 1024,
        maxText: '64 MB',
      }}
      nouns={NOUNS}
      preview={previewSurvey}
      batchRefHint="A name for this import, such as parents-survey-2026-q4: letters, digits, hyphens, dots and underscores. The same reference imports only once."
      importLabel="Import responses"
      mutation={importSurvey}
      problems={feedbackErrors}
      banner={(imported) =>
        imported.replayed ? (
          <NotificationBanner heading={`This batch was imported before, as ${imported.batch_ref}`}>
            <p className="govuk-body">
              {counted(imported.imported, NOUNS)} came in then. Nothing new was imported. To import another file, give it a new reference.
            </p>
            <p className="govuk-body">{importedLink(imported)}</p>
          </NotificationBanner>
        ) : (
          <NotificationBanner type="success" heading={`${counted(imported.imported, ['survey response', 'survey responses'])} imported`}>
            <p className="govuk-body">{importedLink(imported, 'govuk-link govuk-notification-banner__link')}</p>
          </NotificationBanner>
        )
      }
    />
  );
}
