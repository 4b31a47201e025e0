import { useRef, useState, type ChangeEvent, type SyntheticEvent } from 'react';
import { Link } from 'react-router';
import { BackLink, Button, ErrorSummary, Input, NotificationBanner, Table } from '@/components/govuk';
import { ErrorMessage, FormGroup } from '@/components/govuk/field-parts';
import { NoAccessPage } from '@/components/status-pages/no-access';
import { useFormErrors } from '@/components/use-form-errors';
import { cx } from '@/components/govuk';
import type { ImportOutcome } from '@/lib/api/types';
import { fieldErrors, type FieldErrorItem, type FieldSpec } from '@/lib/form-errors';
import { usePageTitle } from '@/lib/page-title';
import { handlesComplaints } from '@/lib/permissions';
import { useMe } from '@/lib/session/session-context';
import { feedbackErrors } from '../api/feedback-errors';
import { previewSurvey, SURVEY_COLUMNS, type SurveyPreview } from '../api/survey-csv';
import { ImportRefused, useImportSurvey } from '../api/use-feedback';

/** The largest file the API takes. */
const MAX_BYTES = 64 * 1024 * 1024;
/** Rows shown before importing. */
const PREVIEW_ROWS = 5;
/** A batch reference as the API takes it. */
const BATCH_REF = /^[A-Za-z0-9._-]{1,100}$/;

const fields: Record<string, FieldSpec> = {
  file: { label: 'The survey file', id: 'survey-file', required: 'Choose the survey’s CSV file' },
  batch_ref: { label: 'Batch reference', id: 'batch_ref', required: 'Enter a reference for this import' },
};

/** A reference from a file's name: "Parents survey Q4.csv" → "Parents-survey-Q4". */
export function referenceFromName(name: string): string {
  return name
    .replace(/\.[^.]*$/, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 100);
}

/** Every refused row as the error summary lists it: "Row 3, q1: must be a rating from 1 to 5, or empty", each linked to the file to fix. */
export function refusedRows(outcome: ImportOutcome): FieldErrorItem[] {
  return outcome.errors.map((e) => ({ href: '#survey-file', text: `Row ${e.row}, ${e.field}: ${e.message}`, field: 'file' }));
}

/** A cell of the preview: long comments cut short. */
const cell = (text: string | undefined) => {
  const value = (text ?? '').trim();
  return value.length > 80 ? `${value.slice(0, 77)}…` : value;
};

/** What the API refused in one row of the file, shown beside it. */
function RowProblems({ outcome, row }: { outcome: ImportOutcome; row: number }) {
  const problems = outcome.errors.filter((e) => e.row === row);
  if (problems.length === 0) return <span className="app-secondary-text">Nothing</span>;
  return (
    <ul className="govuk-list govuk-!-margin-bottom-0">
      {problems.map((e) => (
        <li key={e.field} className="govuk-error-message govuk-!-margin-bottom-0">
          {e.field}: {e.message}
        </li>
      ))}
    </ul>
  );
}

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

function SurveyImport() {
  const importSurvey = useImportSurvey();
  const form = useFormErrors();
  const fileInput = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<{ name: string; size: number; text: string; preview: SurveyPreview } | null>(null);
  const [batchRef, setBatchRef] = useState('');
  const [refused, setRefused] = useState<ImportOutcome | null>(null);
  const [imported, setImported] = useState<ImportOutcome | null>(null);
  usePageTitle('Import survey responses', form.errors.summary.length > 0);

  const choose = async (event: ChangeEvent<HTMLInputElement>) => {
    const chosen = event.target.files?.[0];
    setRefused(null);
    setImported(null);
    form.clear();
    if (!chosen) {
      setFile(null);
      return;
    }
    if (chosen.size > MAX_BYTES) {
      setFile(null);
      form.show(fieldErrors(fields, { file: 'The survey file must be smaller than 64 MB' }));
      return;
    }
    const text = await chosen.text();
    setFile({ name: chosen.name, size: chosen.size, text, preview: previewSurvey(text, PREVIEW_ROWS) });
    if (!batchRef) setBatchRef(referenceFromName(chosen.name));
  };

  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (importSurvey.isPending) return;
    const reference = batchRef.trim();
    const missing = fieldErrors(fields, {
      file: !file ? fields.file?.required : file.preview.headerProblem ? `${file.preview.headerProblem}. Nothing was imported` : file.preview.total === 0 ? 'The survey file has no responses' : null,
      batch_ref: !reference ? fields.batch_ref?.required : BATCH_REF.test(reference) ? null : 'The batch reference must be letters, digits, hyphens, dots or underscores, at most 100',
    });
    if (missing.summary.length > 0 || !file) {
      form.show(missing);
      return;
    }
    importSurvey.mutate(
      { batchRef: reference, csv: file.text },
      {
        onSuccess: (outcome) => {
          setRefused(null);
          setImported(outcome);
          setFile(null);
          setBatchRef('');
          form.clear();
          if (fileInput.current) fileInput.current.value = '';
          window.scrollTo({ top: 0 });
        },
        onError: (error) => {
          setImported(null);
          if (error instanceof ImportRefused) {
            setRefused(error.outcome);
            const rows = new Set(error.outcome.errors.map((e) => e.row)).size;
            form.show({ summary: refusedRows(error.outcome), byField: { file: `${rows} row${rows === 1 ? '' : 's'} of ${file.name} need${rows === 1 ? 's' : ''} fixing. Nothing was imported` } });
          } else {
            setRefused(null);
            form.show(feedbackErrors(error, fields, { batch_ref: reference }, { 413: { href: '#survey-file', text: 'The survey file must be smaller than 64 MB' } }));
          }
        },
      },
    );
  };

  const preview = file?.preview;
  const fileError = form.errors.byField.file;

  return (
    <>
      <BackLink to="/feedback?kind=survey_response">Back to survey responses</BackLink>
      {imported ? (
        imported.replayed ? (
          <NotificationBanner heading={`This batch was imported before, as ${imported.batch_ref}`}>
            <p className="govuk-body">
              {imported.imported} response{imported.imported === 1 ? '' : 's'} came in then. Nothing new was imported. To import another file, give it a new reference.
            </p>
            <p className="govuk-body">
              <Link className="govuk-link" to={`/feedback?kind=survey_response&batch_ref=${encodeURIComponent(imported.batch_ref)}`}>
                See the responses imported as {imported.batch_ref}
              </Link>
            </p>
          </NotificationBanner>
        ) : (
          <NotificationBanner type="success" heading={`${imported.imported} survey response${imported.imported === 1 ? '' : 's'} imported`}>
            <p className="govuk-body">
              <Link className="govuk-link govuk-notification-banner__link" to={`/feedback?kind=survey_response&batch_ref=${encodeURIComponent(imported.batch_ref)}`}>
                See the responses imported as {imported.batch_ref}
              </Link>
            </p>
          </NotificationBanner>
        )
      ) : null}
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          {form.errors.summary.length > 0 ? (
            <ErrorSummary key={form.attempt} errors={form.errors.summary} description={refused ? 'Nothing was imported. Fix these rows in the file, then import it again:' : undefined} />
          ) : null}
          <span className="govuk-caption-l">Feedback</span>
          <h1 className="govuk-heading-l">Import survey responses</h1>
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
        </div>
      </div>
      <form noValidate onSubmit={submit} aria-label="Import survey responses">
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-two-thirds">
            <FormGroup error={fileError}>
              <label className="govuk-label govuk-label--m" htmlFor="survey-file">
                Choose the survey file
              </label>
              <div className="govuk-hint" id="survey-file-hint">
                A CSV file, smaller than 64 MB
              </div>
              <ErrorMessage id="survey-file">{fileError}</ErrorMessage>
              <input
                ref={fileInput}
                className={cx('govuk-file-upload', fileError && 'govuk-file-upload--error')}
                id="survey-file"
                name="survey-file"
                type="file"
                accept=".csv,text/csv"
                aria-describedby={fileError ? 'survey-file-hint survey-file-error' : 'survey-file-hint'}
                onChange={(event) => void choose(event)}
              />
            </FormGroup>
          </div>
        </div>
        {preview ? (
          <section aria-labelledby="preview-heading">
            <h2 className="govuk-heading-m" id="preview-heading">
              {file.name}: {preview.total.toLocaleString('en-GB')} response{preview.total === 1 ? '' : 's'}
            </h2>
            {preview.headerProblem ? (
              <div className="govuk-warning-text">
                <span className="govuk-warning-text__icon" aria-hidden="true">
                  !
                </span>
                <strong className="govuk-warning-text__text">
                  <span className="govuk-visually-hidden">Warning</span>
                  {preview.headerProblem}.
                </strong>
              </div>
            ) : null}
            {preview.rows.length > 0 ? (
              /* On a phone the table scrolls within its region, which takes focus so the keyboard can scroll it too. */
              // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex -- a scrollable region must be reachable by keyboard (WCAG 2.1.1)
              <div className="app-table-scroll" role="region" aria-label="The file’s first rows" tabIndex={0}>
                <Table
                  caption={preview.total > preview.rows.length ? `The first ${preview.rows.length} rows, as read from the file` : 'Every row, as read from the file'}
                  captionSize="s"
                  stackOnMobile={false}
                  head={[{ text: 'Row', format: 'numeric' }, ...preview.header.map((name) => ({ text: name })), ...(refused ? [{ text: 'To fix' }] : [])]}
                  rows={preview.rows.map(({ row, cells }) => ({
                    key: String(row),
                    cells: [
                      String(row),
                      ...preview.header.map((_, index) => cell(cells[index])),
                      ...(refused ? [<RowProblems outcome={refused} row={row} />] : []),
                    ],
                  }))}
                  firstCellIsHeader
                />
              </div>
            ) : null}
          </section>
        ) : null}
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-two-thirds">
            <Input
              id="batch_ref"
              label="Batch reference"
              labelSize="m"
              hint="A name for this import, such as parents-survey-2026-q4: letters, digits, hyphens, dots and underscores. The same reference imports only once."
              spellCheck={false}
              autoComplete="off"
              width="two-thirds"
              error={form.errors.byField.batch_ref}
              value={batchRef}
              onChange={setBatchRef}
            />
            <Button>Import responses</Button>
          </div>
        </div>
      </form>
    </>
  );
}
