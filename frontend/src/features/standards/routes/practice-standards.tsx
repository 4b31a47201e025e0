import { Loading } from '@/components/loading';
import { Table } from '@/components/govuk';
import { ProblemPage } from '@/components/status-pages/problem-page';
import { usePageTitle } from '@/lib/page-title';
import { usePracticeStandards } from '@/lib/reference-data';

export function PracticeStandardsPage() {
  usePageTitle('Practice standards');
  const standards = usePracticeStandards();
  if (standards.isError) return <ProblemPage error={standards.error} />;
  return (
    <>
      <h1 className="govuk-heading-l">Practice standards</h1>
      <p className="govuk-body-l">We judge the quality of our social work against these standards.</p>
      {standards.data ? (
        <Table
          caption="The practice standards"
          captionHidden
          head={[
            { text: 'Number', format: 'numeric', classes: 'govuk-!-width-one-tenth' },
            { text: 'Standard', classes: 'govuk-!-width-one-quarter' },
            { text: 'What we expect' },
          ]}
          rows={standards.data.items.map((standard) => ({
            key: standard.id,
            cells: [standard.number, standard.title, standard.text],
          }))}
        />
      ) : (
        <Loading />
      )}
    </>
  );
}
