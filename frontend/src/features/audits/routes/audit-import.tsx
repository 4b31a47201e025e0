import { Link } from 'react-router';
import { BackLink, Details, NotificationBanner } from '@/components/govuk';
import { CsvImportForm } from '@/components/csv-import/csv-import-form';
import { NoAccessPage } from '@/components/status-pages/no-access';
import type { AuditImportOutcome } from '@/lib/api/types';
import { counted } from '@/lib/csv-import';
import { importsPastAudits } from '@/lib/permissions';
import { usePracticeStandards } from '@/lib/reference-data';
import { useMe } from '@/lib/session/session-context';
import { auditColumnsText, DEFAULT_STANDARDS, previewAudits } from '../api/audit-csv';
import { useImportAudits } from '../api/use-audits';

const NOUNS = ['audit', 'audits'] as const;

/**
 * Importing past audits (the QA unit): the audits a council kept in Word and Excel, loaded once
 * from a CSV file so the reports have earlier years to compare with. Choose the file, see its
 * first rows as read here, give the import a reference, check it (nothing kept) and import it.
 * The API checks every row first: if any is refused nothing is imported, and every refused row
 * is listed to fix; the same reference sent again imports nothing twice.
 */
export function AuditImportPage() {
  const me = useMe();
  if (!importsPastAudits(me)) return <NoAccessPage />;
  return <AuditImport list={me.case_scope === 'all' ? '/audits/all' : '/audits'} />;
}

function AuditImport({ list }: { list: string }) {
  const importAudits = useImportAudits();
  const standards = usePracticeStandards().data?.items;
  const count = standards?.length || DEFAULT_STANDARDS;
  const toList = (className: string) => (
    <p className="govuk-body">
      <Link className={className} to={list}>
        See the audits list
      </Link>
    </p>
  );
  return (
    <CsvImportForm
      caption="Audits"
      title="Import past audits"
      back={<BackLink to={list}>Back to audits</BackLink>}
      intro={
        <>
          <p className="govuk-body">
            Load the audits your council kept in spreadsheets, so the reports have earlier years to compare with. Save the spreadsheet as a CSV file, one audit a row.
          </p>
          <p className="govuk-body">
            Every row is checked first: if any row is wrong, nothing is imported and every row to fix is listed. You can check the file first without keeping anything.
          </p>
          <p className="govuk-body">The first row names the columns:</p>
          <div className="govuk-inset-text">
            <code className="app-code">{auditColumnsText(count)}</code>
          </div>
          <ul className="govuk-list govuk-list--bullet">
            <li>case_ref: the case’s reference, such as DEMO-000001 (the case must already be in the service)</li>
            <li>audited_on: the day of the audit, such as 2025-06-30, not in the future</li>
            <li>auditor_email: the email address of the person who did the audit, who needs an account here (someone who has left is fine)</li>
            <li>
              s1 to s{count}: the grade for each practice standard in order, as Outstanding, Good, Requires improvement or Inadequate, or n/a where the standard did not
              apply
            </li>
            <li>overall: the audit’s overall grade, written the same way</li>
          </ul>
          {standards && standards.length > 0 ? (
            <Details summary="Which standard each column grades">
              <ul className="govuk-list">
                {standards.map((standard) => (
                  <li key={standard.id}>
                    s{standard.number}: {standard.title}
                  </li>
                ))}
              </ul>
            </Details>
          ) : null}
          <p className="govuk-body">
            Each row becomes a submitted case file audit of the case’s current team, counted in the reports on the day it was audited. Importing sends no notifications.
          </p>
        </>
      }
      file={{
        id: 'audits-file',
        label: 'Choose the file of past audits',
        name: 'The file of past audits',
        required: 'Choose the CSV file of past audits',
        empty: 'The file of past audits has no audits',
        maxBytes: 32 * 1024 * 1024,
        maxText: '32 MB',
      }}
      nouns={NOUNS}
      preview={(text, shown) => previewAudits(text, count, shown)}
      batchRefHint="A name for this import, such as past-audits-2025: letters, digits, hyphens, dots and underscores. The same reference imports only once."
      importLabel="Import audits"
      checkLabel="Check the file"
      mutation={importAudits}
      banner={(outcome: AuditImportOutcome) =>
        outcome.dry_run ? (
          <NotificationBanner type="success" heading={`Every row can be imported: ${counted(outcome.imported, NOUNS)}. Nothing was kept yet.`}>
            <p className="govuk-body">Import the audits to keep them.</p>
          </NotificationBanner>
        ) : outcome.replayed ? (
          <NotificationBanner heading={`This batch was imported before, as ${outcome.batch_ref}`}>
            <p className="govuk-body">{counted(outcome.imported, NOUNS)} came in then. Nothing new was imported. To import another file, give it a new reference.</p>
            {toList('govuk-link')}
          </NotificationBanner>
        ) : (
          <NotificationBanner type="success" heading={`${counted(outcome.imported, ['past audit', 'past audits'])} imported`}>
            {toList('govuk-link govuk-notification-banner__link')}
          </NotificationBanner>
        )
      }
    />
  );
}
