import { QueryClient, QueryClientProvider, useMutation } from '@tanstack/react-query';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ImportRefused, previewCsv, type CsvImportInput, type CsvImportOutcome } from '@/lib/csv-import';
import { CsvImportForm } from './csv-import-form';

const header = 'name,grade';
const fileOf = (rows: string[], name = 'past audits 2025.csv') => new File([[header, ...rows].join('\n')], name, { type: 'text/csv' });

/** The form with a fake API: `answer` decides what each send gets back. */
function renderForm(answer: (input: CsvImportInput) => CsvImportOutcome) {
  const sent: CsvImportInput[] = [];
  function Form() {
    const mutation = useMutation({
      mutationFn: (input: CsvImportInput) => {
        sent.push(input);
        const outcome = answer(input);
        return outcome.errors.length > 0 ? Promise.reject(new ImportRefused(outcome)) : Promise.resolve(outcome);
      },
    });
    return (
      <CsvImportForm
        caption="Audits"
        title="Import things"
        back={null}
        intro={null}
        file={{ id: 'things-file', label: 'Choose the file', name: 'The file', required: 'Choose a file', empty: 'The file has no things', maxBytes: 1000, maxText: '1 KB' }}
        nouns={['thing', 'things']}
        preview={(text, shown) => previewCsv(text, shown, (names) => (names.join(',') === header ? null : 'The first row must name the columns name, grade'))}
        batchRefHint="A name"
        importLabel="Import things"
        checkLabel="Check the file"
        mutation={mutation}
        banner={(outcome) => <p>{outcome.dry_run ? `Checked ${outcome.imported}` : `Imported ${outcome.imported}`}</p>}
      />
    );
  }
  render(
    <QueryClientProvider client={new QueryClient()}>
      <Form />
    </QueryClientProvider>,
  );
  return sent;
}

describe('importing a CSV file on screen', () => {
  it('previews the file, checks it keeping the file chosen, then imports it', async () => {
    window.scrollTo = vi.fn();
    const user = userEvent.setup();
    const sent = renderForm((input) => ({ batch_ref: input.batchRef, imported: 2, replayed: false, dry_run: Boolean(input.dryRun), errors: [] }));
    await user.upload(screen.getByLabelText('Choose the file'), fileOf(['a,good', 'b,n/a']));
    await screen.findByRole('heading', { name: 'past audits 2025.csv: 2 things' });
    expect(screen.getByLabelText('Batch reference')).toHaveValue('past-audits-2025');

    await user.click(screen.getByRole('button', { name: 'Check the file' }));
    await screen.findByText('Checked 2');
    expect(sent).toEqual([{ batchRef: 'past-audits-2025', csv: 'name,grade\na,good\nb,n/a', dryRun: true }]);
    expect(screen.getByRole('heading', { name: 'past audits 2025.csv: 2 things' })).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Import things' }));
    await screen.findByText('Imported 2');
    expect(sent[1]).toEqual({ batchRef: 'past-audits-2025', csv: 'name,grade\na,good\nb,n/a' });
    expect(screen.queryByRole('heading', { name: /past audits 2025\.csv/ })).not.toBeInTheDocument();
    expect(screen.getByLabelText('Batch reference')).toHaveValue('');
  });

  it('lists refused rows in the error summary and beside each row, and refuses a wrong header before sending', async () => {
    const user = userEvent.setup();
    const sent = renderForm((input) => ({ batch_ref: input.batchRef, imported: 0, replayed: false, errors: [{ row: 3, field: 'grade', message: 'must be a grade' }] }));
    await user.upload(screen.getByLabelText('Choose the file'), fileOf(['a,good', 'b,great']));
    await user.click(await screen.findByRole('button', { name: 'Import things' }));
    const summary = await screen.findByRole('alert');
    expect(within(summary).getByRole('link', { name: 'Row 3, grade: must be a grade' })).toHaveAttribute('href', '#things-file');
    expect(screen.getByText('1 row of past audits 2025.csv needs fixing. Nothing was imported')).toBeInTheDocument();
    const rows = within(screen.getByRole('region', { name: 'The file’s first rows' })).getAllByRole('row');
    expect(rows.map((row) => row.textContent)).toEqual(['RowTo fixnamegrade', '2Nothingagood', '3grade: must be a gradebgreat']);

    await user.upload(screen.getByLabelText('Choose the file'), new File(['who,what\nx,y'], 'other.csv', { type: 'text/csv' }));
    await screen.findByText(/must name the columns name, grade\./);
    await user.click(screen.getByRole('button', { name: 'Import things' }));
    await waitFor(() => expect(screen.getByRole('link', { name: 'The first row must name the columns name, grade. Nothing was imported' })).toBeInTheDocument());
    expect(sent).toHaveLength(1);
  });
});
