import { useParams } from 'react-router';
import { BackLink, ButtonLink } from '@/components/govuk';
import { Loading } from '@/components/loading';
import { ProblemPage } from '@/components/status-pages/problem-page';
import type { Programme } from '@/lib/api/types';
import { usePageTitle } from '@/lib/page-title';
import { useProgramme } from '../api/use-programme';
import { ThemesTable } from '../components/themes-table';

export function ProgrammePage() {
  const { id = '' } = useParams();
  const programme = useProgramme(id);
  if (programme.isError) return <ProblemPage error={programme.error} />;
  return <ProgrammeView programme={programme.data} />;
}

function ProgrammeView({ programme }: { programme: Programme | undefined }) {
  usePageTitle(programme ? programme.title : 'Audit programme');
  const themes = programme?.themes ?? [];
  return (
    <>
      <BackLink to="/programme">Back to the audit programme</BackLink>
      {programme ? <span className="govuk-caption-l">Audit programme {programme.year}</span> : null}
      <h1 className="govuk-heading-l">{programme ? programme.title : 'Audit programme'}</h1>
      {!programme ? (
        <Loading />
      ) : themes.length === 0 ? (
        <p className="govuk-body">This programme has no themes yet.</p>
      ) : (
        <ThemesTable caption="Themes in this programme" themes={themes} />
      )}
      {programme ? <ButtonLink to={`/programme/themes/new?programme_id=${programme.id}`}>Add a theme to this programme</ButtonLink> : null}
    </>
  );
}
