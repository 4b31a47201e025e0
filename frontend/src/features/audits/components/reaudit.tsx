import { useNavigate } from 'react-router';
import { Button, ErrorSummary, Table } from '@/components/govuk';
import { ChangeArrow } from '@/components/change-arrow';
import { GradeTag } from '@/components/status-tags';
import { useFormErrors } from '@/components/use-form-errors';
import type { Audit, PracticeStandard } from '@/lib/api/types';
import { formErrorsFromError } from '@/lib/form-errors';
import { standardName } from '@/lib/reference-data';
import { useAuditImpact, useStartReaudit } from '../api/use-audits';

/**
 * Starts a re-audit of a submitted audit: a draft of the same case, graded afresh; the grade
 * change per standard is then the evidence of impact.
 */
export function StartReaudit({ audit }: { audit: Audit }) {
  const start = useStartReaudit(audit.id);
  const navigate = useNavigate();
  const form = useFormErrors();
  return (
    <section className="app-audit-section" aria-labelledby="reaudit-heading">
      <h2 className="govuk-heading-l" id="reaudit-heading">
        Re-audit this case
      </h2>
      {form.errors.summary.length > 0 ? <ErrorSummary key={form.attempt} errors={form.errors.summary} /> : null}
      <p className="govuk-body">Audit the case again, once the actions have had time to work: comparing the grades standard by standard shows whether practice changed.</p>
      <Button
        type="button"
        variant="secondary"
        onClick={() => {
          if (start.isPending) return;
          start.mutate(undefined, {
            onSuccess: (reaudit) => void navigate(`/audits/${reaudit.id}/edit`),
            onError: (error) => form.show(formErrorsFromError(error, {})),
          });
        }}
      >
        Start a re-audit
      </Button>
    </section>
  );
}

/** A re-audit's grades beside the original's, standard by standard, with the change as an arrow. */
export function ImpactSinceOriginal({ audit, standards }: { audit: Audit; standards: PracticeStandard[] }) {
  const impact = useAuditImpact(audit.id, Boolean(audit.reaudit_of_id));
  return (
    <section className="app-audit-section" aria-labelledby="impact-heading">
      <h2 className="govuk-heading-l" id="impact-heading">
        Change since the original audit
      </h2>
      {impact.isError ? (
        <p className="govuk-body">The change since the original audit could not be shown.</p>
      ) : !impact.data ? null : (
        <Table
          caption="Each standard’s grade in the original audit and in this re-audit"
          captionHidden
          firstCellIsHeader
          head={[{ text: 'Practice standard' }, { text: 'Before' }, { text: 'After' }, { text: 'Change' }]}
          rows={impact.data.standards.map((row) => ({
            key: String(row.standard_number),
            cells: [
              standardName(standards, row.standard_number),
              <GradeTag code={row.original_grade} scaleId={audit.grade_scale_id} />,
              <GradeTag code={row.grade} scaleId={audit.grade_scale_id} />,
              <ChangeArrow change={row.change} />,
            ],
          }))}
        />
      )}
    </section>
  );
}
