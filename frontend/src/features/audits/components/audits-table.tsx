import { Link } from 'react-router';
import { Table } from '@/components/govuk';
import { CaseName } from '@/components/case-name';
import { ReplyDue } from '@/components/reply-due';
import { AuditStatusTag, GradeTag } from '@/components/status-tags';
import type { Audit } from '@/lib/api/types';
import { formatDay } from '@/lib/dates';
import { auditKindLabels } from '@/lib/labels';
import type { ListState } from '@/lib/list-state';

/**
 * Audits in a table, sortable by its columns; each links to its form while the caller may still
 * change it, else to its page. A submitted audit not yet replied to shows when the reply is due.
 */
export function AuditsTable({ audits, caption, person, list }: { audits: Audit[]; caption: string; person: 'auditor' | 'practitioner'; list: Pick<ListState<string>, 'column'> }) {
  return (
    <Table
      caption={caption}
      captionHidden
      head={[
        { text: 'Case' },
        list.column('kind', 'Kind'),
        { text: person === 'auditor' ? 'Auditor' : 'Worker' },
        list.column('created_at', 'Started', 'descending'),
        list.column('status', 'Status'),
        { text: 'Overall grade' },
      ]}
      rows={audits.map((audit) => ({
        key: audit.id,
        cells: [
          <Link className="govuk-link" to={audit.allowed_operations.includes('update') ? `/audits/${audit.id}/edit` : `/audits/${audit.id}`}>
            <CaseName record={audit} fallback="Audit" />
            <span className="govuk-visually-hidden"> ({auditKindLabels[audit.kind]}, started {formatDay(audit.created_at)})</span>
          </Link>,
          auditKindLabels[audit.kind],
          (person === 'auditor' ? audit.auditor_name : audit.practitioner_name) ?? (person === 'auditor' ? 'A former member of staff' : 'No allocated worker'),
          formatDay(audit.created_at),
          <span className="app-tags">
            <AuditStatusTag status={audit.status} />
            <ReplyDue audit={audit} />
          </span>,
          audit.effective_grade ?? audit.overall_grade ? <GradeTag code={audit.effective_grade ?? audit.overall_grade} scaleId={audit.grade_scale_id} /> : 'Not graded',
        ],
      }))}
    />
  );
}
