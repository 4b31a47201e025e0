import type { UseMutationResult } from '@tanstack/react-query';
import { Fragment, useRef, useState, type ChangeEvent, type ReactNode, type SyntheticEvent } from 'react';
import { Button, ButtonGroup, cx, ErrorSummary, Input, Table, type ErrorSummaryItem } from '@/components/govuk';
import { ErrorMessage, FormGroup } from '@/components/govuk/field-parts';
import { useFormErrors } from '@/components/use-form-errors';
import { batchRefProblem, counted, ImportRefused, previewCell, referenceFromName, refusedRows, rowsToFix, type CsvImportInput, type CsvImportOutcome, type CsvPreview } from '@/lib/csv-import';
import { fieldErrors, formErrorsFromError, type FieldSpec, type FormErrors } from '@/lib/form-errors';
import { usePageTitle } from '@/lib/page-title';

/** Rows shown before importing. */
export const PREVIEW_ROWS = 5;

/** A refusal other than refused rows as the form's errors (a bad reference, a file too large). */
export type ProblemErrors = (error: unknown, fields: Record<string, FieldSpec>, values: object, otherwise: Partial<Record<number, ErrorSummaryItem>>) => FormErrors;

const defaultProblems: ProblemErrors = (error, fields, values, otherwise) => formErrorsFromError(error, fields, otherwise, values);

export interface CsvImportFormProps<O extends CsvImportOutcome> {
  /** The page's caption ("Feedback") and heading, also the form's name. */
  caption: string;
  title: string;
  /** Above the banners: the way back. */
  back: ReactNode;
  /** Under the heading: what the file holds, column by column. */
  intro: ReactNode;
  file: {
    /** The file input's id, which refused rows link to. */
    id: string;
    /** The input's label: "Choose the survey file". */
    label: string;
    /** The file in a sentence: "The survey file". */
    name: string;
    /** When no file is chosen: "Choose the survey’s CSV file". */
    required: string;
    /** When it has no rows: "The survey file has no responses". */
    empty: string;
    /** The largest the API takes, in bytes and in words ("64 MB"). */
    maxBytes: number;
    maxText: string;
  };
  /** A row of the file, counted: `['response', 'responses']`. */
  nouns: readonly [string, string];
  /** Reads the file's first rows and its header's problem, if any. */
  preview: (text: string, shown: number) => CsvPreview;
  /** The batch reference's hint, with an example. */
  batchRefHint: string;
  /** The import button's words, and the check's where the API can check a file and keep nothing. */
  importLabel: string;
  checkLabel?: string;
  /** Sends the file. */
  mutation: UseMutationResult<O, Error, CsvImportInput>;
  /** Other refusals as the form's errors (by default as the API words them). */
  problems?: ProblemErrors;
  /** What the API answered, above the form: imported, checked, or imported before. */
  banner: (outcome: O) => ReactNode;
}

interface ChosenFile {
  name: string;
  text: string;
  preview: CsvPreview;
}

/**
 * Importing a CSV file (the QA unit): choose it, see its first rows as read here, give the import
 * a reference, and send it (or, where the API can, check it first and keep nothing). The API
 * checks every row: if any is refused nothing is imported, and every refused row is listed in
 * the error summary and beside the row in the preview; the same reference sent again imports
 * nothing twice. After an import the form is empty again; after a check the file stays chosen,
 * ready to import.
 */
export function CsvImportForm<O extends CsvImportOutcome>(props: CsvImportFormProps<O>) {
  const { caption, title, back, intro, file: spec, nouns, mutation, problems = defaultProblems } = props;
  const form = useFormErrors();
  const fileInput = useRef<HTMLInputElement>(null);
  /** Whether the button pressed was the check (set by its click, before the form's submit). */
  const checking = useRef(false);
  const [file, setFile] = useState<ChosenFile | null>(null);
  const [batchRef, setBatchRef] = useState('');
  const [refused, setRefused] = useState<O | null>(null);
  const [answered, setAnswered] = useState<{ outcome: O; n: number } | null>(null);
  usePageTitle(title, form.errors.summary.length > 0);

  const fields: Record<string, FieldSpec> = {
    file: { label: spec.name, id: spec.id, required: spec.required },
    batch_ref: { label: 'Batch reference', id: 'batch_ref', required: 'Enter a reference for this import' },
  };
  const tooLarge = `${spec.name} must be smaller than ${spec.maxText}`;

  const choose = async (event: ChangeEvent<HTMLInputElement>) => {
    const chosen = event.target.files?.[0];
    setRefused(null);
    setAnswered(null);
    form.clear();
    if (!chosen) {
      setFile(null);
      return;
    }
    if (chosen.size > spec.maxBytes) {
      setFile(null);
      form.show(fieldErrors(fields, { file: tooLarge }));
      return;
    }
    const text = await chosen.text();
    setFile({ name: chosen.name, text, preview: props.preview(text, PREVIEW_ROWS) });
    if (!batchRef) setBatchRef(referenceFromName(chosen.name));
  };

  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    const dryRun = checking.current;
    checking.current = false;
    if (mutation.isPending) return;
    const reference = batchRef.trim();
    const missing = fieldErrors(fields, {
      file: !file ? spec.required : file.preview.headerProblem ? `${file.preview.headerProblem}. Nothing was imported` : file.preview.total === 0 ? spec.empty : null,
      batch_ref: batchRefProblem(reference, 'Enter a reference for this import'),
    });
    if (missing.summary.length > 0 || !file) {
      form.show(missing);
      return;
    }
    mutation.mutate(
      { batchRef: reference, csv: file.text, ...(dryRun ? { dryRun: true } : {}) },
      {
        onSuccess: (outcome) => {
          setRefused(null);
          setAnswered((before) => ({ outcome, n: (before?.n ?? 0) + 1 }));
          form.clear();
          if (!outcome.dry_run) {
            setFile(null);
            setBatchRef('');
            if (fileInput.current) fileInput.current.value = '';
          }
          window.scrollTo({ top: 0 });
        },
        onError: (error) => {
          setAnswered(null);
          if (error instanceof ImportRefused) {
            const outcome = error.outcome as O;
            setRefused(outcome);
            form.show({ summary: refusedRows(outcome, spec.id), byField: { file: rowsToFix(outcome, file.name) } });
          } else {
            setRefused(null);
            form.show(problems(error, fields, { batch_ref: reference }, { 413: { href: `#${spec.id}`, text: tooLarge } }));
          }
        },
      },
    );
  };

  const preview = file?.preview;
  const fileError = form.errors.byField.file;

  return (
    <>
      {back}
      {answered ? <Fragment key={answered.n}>{props.banner(answered.outcome)}</Fragment> : null}
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          {form.errors.summary.length > 0 ? (
            <ErrorSummary key={form.attempt} errors={form.errors.summary} description={refused ? 'Nothing was imported. Fix these rows in the file, then import it again:' : undefined} />
          ) : null}
          <span className="govuk-caption-l">{caption}</span>
          <h1 className="govuk-heading-l">{title}</h1>
          {intro}
        </div>
      </div>
      <form noValidate onSubmit={submit} aria-label={title}>
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-two-thirds">
            <FormGroup error={fileError}>
              <label className="govuk-label govuk-label--m" htmlFor={spec.id}>
                {spec.label}
              </label>
              <div className="govuk-hint" id={`${spec.id}-hint`}>
                A CSV file, smaller than {spec.maxText}
              </div>
              <ErrorMessage id={spec.id}>{fileError}</ErrorMessage>
              <input
                ref={fileInput}
                className={cx('govuk-file-upload', fileError && 'govuk-file-upload--error')}
                id={spec.id}
                name={spec.id}
                type="file"
                accept=".csv,text/csv"
                aria-describedby={fileError ? `${spec.id}-hint ${spec.id}-error` : `${spec.id}-hint`}
                onChange={(event) => void choose(event)}
              />
            </FormGroup>
          </div>
        </div>
        {file && preview ? <FilePreview name={file.name} preview={preview} nouns={nouns} refused={refused} /> : null}
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-two-thirds">
            <Input
              id="batch_ref"
              label="Batch reference"
              labelSize="m"
              hint={props.batchRefHint}
              spellCheck={false}
              autoComplete="off"
              width="two-thirds"
              error={form.errors.byField.batch_ref}
              value={batchRef}
              onChange={setBatchRef}
            />
            {props.checkLabel ? (
              <ButtonGroup>
                <Button onClick={() => (checking.current = false)}>{props.importLabel}</Button>
                <Button variant="secondary" onClick={() => (checking.current = true)}>
                  {props.checkLabel}
                </Button>
              </ButtonGroup>
            ) : (
              <Button>{props.importLabel}</Button>
            )}
          </div>
        </div>
      </form>
    </>
  );
}

/** What the API refused in one row of the file, shown beside it. */
function RowProblems({ outcome, row }: { outcome: CsvImportOutcome; row: number }) {
  const problems = outcome.errors.filter((e) => e.row === row);
  if (problems.length === 0) return <span className="app-secondary-text">Nothing</span>;
  return (
    <ul className="govuk-list govuk-!-margin-bottom-0 app-csv-preview__fix">
      {problems.map((e) => (
        <li key={e.field} className="govuk-error-message govuk-!-margin-bottom-0">
          {e.field}: {e.message}
        </li>
      ))}
    </ul>
  );
}

/**
 * The chosen file: how many rows, its header's problem, and its first rows, each cell on one line
 * (a wide file scrolls sideways within its region); once rows are refused, what to fix in each
 * comes straight after the row's number, where it is seen without scrolling.
 */
function FilePreview({ name, preview, nouns, refused }: { name: string; preview: CsvPreview; nouns: readonly [string, string]; refused: CsvImportOutcome | null }) {
  return (
    <section aria-labelledby="preview-heading">
      <h2 className="govuk-heading-m" id="preview-heading">
        {name}: {counted(preview.total, nouns)}
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
        <div className="app-table-scroll app-csv-preview" role="region" aria-label="The file’s first rows" tabIndex={0}>
          <Table
            caption={preview.total > preview.rows.length ? `The first ${preview.rows.length} rows, as read from the file` : 'Every row, as read from the file'}
            captionSize="s"
            stackOnMobile={false}
            head={[{ text: 'Row', format: 'numeric' }, ...(refused ? [{ text: 'To fix' }] : []), ...preview.header.map((column) => ({ text: column }))]}
            rows={preview.rows.map(({ row, cells }) => ({
              key: String(row),
              cells: [String(row), ...(refused ? [<RowProblems outcome={refused} row={row} />] : []), ...preview.header.map((_, index) => previewCell(cells[index]))],
            }))}
            firstCellIsHeader
          />
        </div>
      ) : null}
    </section>
  );
}
