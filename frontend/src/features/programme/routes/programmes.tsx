import { useState, type SyntheticEvent } from 'react';
import { Link } from 'react-router';
import { Button, ButtonLink, ErrorSummary, Input, NotificationBanner, Table } from '@/components/govuk';
import { Loading } from '@/components/loading';
import { ProblemPage } from '@/components/status-pages/problem-page';
import { todayIso } from '@/lib/dates';
import { useFlash } from '@/lib/flash';
import { formErrorsFromError, noErrors, type FieldSpec, type FormErrors } from '@/lib/form-errors';
import { usePageTitle } from '@/lib/page-title';
import { useCreateProgramme, useProgrammes, useThemes } from '../api/use-programme';
import { ThemesTable } from '../components/themes-table';

const fields: Record<string, FieldSpec> = {
  title: { label: 'Title', id: 'programme-title', required: 'Enter the programme’s title' },
  year: { label: 'Year', id: 'programme-year', required: 'Enter the year the programme covers' },
};

/** The annual audit programmes and every theme, for the QA unit. */
export function ProgrammesPage() {
  usePageTitle('Audit programme');
  const flash = useFlash();
  const programmes = useProgrammes();
  const themes = useThemes();
  const [added, setAdded] = useState<string | null>(null);
  const error = programmes.error ?? themes.error;
  if (error) return <ProblemPage error={error} />;
  const sorted = [...(programmes.data?.items ?? [])].sort((a, b) => b.year - a.year || a.title.localeCompare(b.title, 'en-GB'));
  return (
    <>
      {flash ? <NotificationBanner type="success" heading={flash} /> : null}
      {added ? <NotificationBanner type="success" heading={added} /> : null}
      <h1 className="govuk-heading-l">Audit programme</h1>
      <p className="govuk-body">Each year’s programme holds the themes the quality assurance unit audits, with their planned month and sample.</p>
      <h2 className="govuk-heading-m">Programmes</h2>
      {!programmes.data ? (
        <Loading />
      ) : sorted.length === 0 ? (
        <p className="govuk-body">There are no programmes yet.</p>
      ) : (
        <Table
          caption="Audit programmes"
          captionHidden
          head={[{ text: 'Programme' }, { text: 'Year', format: 'numeric' }]}
          rows={sorted.map((programme) => ({
            key: programme.id,
            cells: [
              <Link className="govuk-link" to={`/programme/${programme.id}`}>
                {programme.title}
              </Link>,
              programme.year,
            ],
          }))}
        />
      )}
      <AddProgramme onAdded={(title) => setAdded(`${title} has been added`)} />
      {!themes.data ? (
        <Loading />
      ) : themes.data.items.length === 0 ? (
        <>
          <h2 className="govuk-heading-m">Themes</h2>
          <p className="govuk-body">There are no themes yet.</p>
        </>
      ) : (
        <ThemesTable caption="Themes" themes={themes.data.items} programmes={programmes.data?.items ?? []} />
      )}
      <ButtonLink to="/programme/themes/new">Add a theme</ButtonLink>
    </>
  );
}

function AddProgramme({ onAdded }: { onAdded: (title: string) => void }) {
  const create = useCreateProgramme();
  const [title, setTitle] = useState('');
  const [year, setYear] = useState(todayIso().slice(0, 4));
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [attempt, setAttempt] = useState(0);
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (create.isPending) return;
    const y = Number(year);
    if (!/^\d{4}$/.test(year.trim())) {
      setErrors({ summary: [{ href: '#programme-year', text: 'Year must be a year, like 2026' }], byField: { year: 'Year must be a year, like 2026' } });
      setAttempt((n) => n + 1);
      return;
    }
    create.mutate(
      { title: title.trim(), year: y },
      {
        onSuccess: (programme) => {
          setErrors(noErrors);
          setTitle('');
          onAdded(programme.title);
        },
        onError: (error) => {
          setErrors(formErrorsFromError(error, fields, {}, { title: title.trim(), year }));
          setAttempt((n) => n + 1);
        },
      },
    );
  };
  return (
    <form noValidate onSubmit={submit} className="app-inline-form" aria-labelledby="add-programme-heading">
      <h2 className="govuk-heading-m" id="add-programme-heading">
        Add a programme
      </h2>
      {errors.summary.length > 0 ? <ErrorSummary key={attempt} errors={errors.summary} /> : null}
      <Input id="programme-title" label="Title" hint="For example, QA audit programme 2026 to 2027" error={errors.byField.title} value={title} onChange={setTitle} />
      <Input id="programme-year" label="Year" inputMode="numeric" width="4" error={errors.byField.year} value={year} onChange={setYear} />
      <Button variant="secondary">
        Add programme
      </Button>
    </form>
  );
}
