import { Link } from 'react-router';
import { Table } from '@/components/govuk';
import { AuditStatusTag, GradeTag } from '@/components/status-tags';
import type { Audit } from '@/lib/api/types';
import { caseLabel } from '@/lib/cases';
import { formatDay } from '@/lib/dates';
import { auditKindLabels } from '@/lib/labels';
import { usePersonName } from '@/lib/staff';

/** Audits in a table; each links to its form while the caller may still change it, else to its page. */
export function AuditsTable({ audits, caption, person }: { audits: Audit[]; caption: string; person: 'auditor' | 'practitioner' }) {
  const personName = usePersonName();
  return (
    <Table
      caption={caption}
      captionHidden
      head={[
        { text: 'Case' },
        { text: 'Kind' },
        { text: person === 'auditor' ? 'Auditor' : 'Worker' },
        { text: 'Started' },
        { text: 'Status' },
        { text: 'Overall grade' },
      ]}
      rows={audits.map((audit) => ({
        key: audit.id,
        cells: [
          <Link className="govuk-link" to={audit.allowed_operations.includes('update') ? `/audits/${audit.id}/edit` : `/audits/${audit.id}`}>
            {caseLabel(audit) || 'Audit'}
            <span className="govuk-visually-hidden"> ({auditKindLabels[audit.kind]}, started {formatDay(audit.created_at)})</span>
          </Link>,
          auditKindLabels[audit.kind],
          personName(person === 'auditor' ? audit.auditor_id : audit.practitioner_id, 'No allocated worker'),
          formatDay(audit.created_at),
          <AuditStatusTag status={audit.status} />,
          audit.effective_grade ?? audit.overall_grade ? <GradeTag code={audit.effective_grade ?? audit.overall_grade} scaleId={audit.grade_scale_id} /> : 'Not graded',
        ],
      }))}
    />
  );
}
