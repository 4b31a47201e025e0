import { ChangeArrow } from '@/components/change-arrow';
import { Table } from '@/components/govuk';
import type { PracticeStandard, StandardImpact } from '@/lib/api/types';
import { standardName } from '@/lib/reference-data';

/**
 * How the plan's re-audits graded each standard against the audits they re-audit: how many
 * improved, stayed the same or got worse, and the mean change in grade.
 */
export function ReauditImpact({ impact, standards }: { impact: StandardImpact[]; standards: PracticeStandard[] }) {
  const compared = impact.filter((row) => row.compared > 0);
  if (compared.length === 0) return <p className="govuk-body">No re-audits of this plan’s cases have been submitted yet.</p>;
  return (
    <Table
      caption="Grades given by the re-audits against the original audits, by practice standard"
      captionSize="s"
      firstCellIsHeader
      head={[
        { text: 'Practice standard' },
        { text: 'Re-audits', format: 'numeric' },
        { text: <><span aria-hidden="true">▲</span> Better</>, label: 'Better', format: 'numeric' },
        { text: <><span aria-hidden="true">=</span> Same</>, label: 'Same', format: 'numeric' },
        { text: <><span aria-hidden="true">▼</span> Worse</>, label: 'Worse', format: 'numeric' },
        { text: 'Mean change' },
      ]}
      rows={compared.map((row) => ({
        key: String(row.standard_number),
        cells: [standardName(standards, row.standard_number), row.compared, row.improved, row.same, row.worse, <ChangeArrow change={row.mean_change} mean />],
      }))}
    />
  );
}
