import { Link, useParams } from 'react-router';
import { BackLink, ButtonLink, SummaryList, Table } from '@/components/govuk';
import { Loading } from '@/components/loading';
import { ProblemPage } from '@/components/status-pages/problem-page';
import { AuditStatusTag, GradeTag } from '@/components/status-tags';
import { formatDay } from '@/lib/dates';
import { auditKindLabels } from '@/lib/labels';
import { useOrgUnits } from '@/lib/org-units';
import { usePageTitle } from '@/lib/page-title';
import { canSee, isAuditor } from '@/lib/permissions';
import { categoryLabels } from '@/lib/roles';
import { useMe } from '@/lib/session/session-context';
import { usePersonName } from '@/lib/staff';
import { useCase, useCaseAudits } from '../api/use-cases';
import { CaseStatusTag } from '../components/case-status-tag';

const monthFormat = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
const dateFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** "2015-03" → "March 2015". */
export function formatMonth(month: string | null | undefined): string {
  if (!month || !/^\d{4}-\d{2}$/.test(month)) return 'Not recorded';
  return monthFormat.format(new Date(`${month}-01T00:00:00Z`));
}

function formatDate(date: string | null | undefined): string {
  if (!date) return '';
  return dateFormat.format(new Date(`${date.slice(0, 10)}T00:00:00Z`));
}

export function CasePage() {
  const { id = '' } = useParams();
  const me = useMe();
  const found = useCase(id);
  const orgUnits = useOrgUnits();
  const personName = usePersonName();
  const audits = useCaseAudits(id, found.isSuccess);
  usePageTitle(found.data ? `Case ${found.data.display_name}` : 'Case');
  if (found.isError) return <ProblemPage error={found.error} />;
  const item = found.data;
  const person = (userId: string | null | undefined) => {
    if (!userId) return 'Not allocated';
    const name = personName(userId);
    return userId === me.id ? `${name} (you)` : name;
  };
  return (
    <>
      <BackLink to="/cases">Back to cases</BackLink>
      {item ? <span className="govuk-caption-l">Reference {item.external_ref}</span> : null}
      <h1 className="govuk-heading-l">{item ? item.display_name : 'Case'}</h1>
      {!item ? (
        <Loading />
      ) : (
        <SummaryList
          rows={[
            { key: 'Reference', value: item.external_ref },
            { key: 'Born', value: formatMonth(item.birth_month) },
            { key: 'Category', value: categoryLabels[item.category] },
            { key: 'Team', value: orgUnits.data?.find((unit) => unit.id === item.team_id)?.name ?? '' },
            { key: 'Allocated worker', value: person(item.allocated_worker_id) },
            { key: 'Case-accountable manager', value: person(item.case_manager_id) },
            { key: 'Status', value: <CaseStatusTag status={item.status} /> },
            ...(item.closed_on ? [{ key: 'Closed on', value: formatDate(item.closed_on) }] : []),
            { key: 'Legal hold', value: item.legal_hold ? 'Yes' : 'No' },
          ]}
        />
      )}
      {item && isAuditor(me) ? <ButtonLink to={`/audits/new?case_id=${item.id}`}>Start an audit</ButtonLink> : null}
      {item && canSee('access-log', me) ? (
        <p className="govuk-body">
          <Link className="govuk-link" to={`/access-log?case_id=${item.id}`}>
            Who has read or changed this case’s records
          </Link>
        </p>
      ) : null}
      {item ? (
        <>
          <h2 className="govuk-heading-m">Audits of this case</h2>
          {!audits.data ? (
            <Loading />
          ) : audits.data.items.length === 0 ? (
            <p className="govuk-body">This case has not been audited.</p>
          ) : (
            <Table
              caption="Audits of this case"
              captionHidden
              head={[{ text: 'Audit' }, { text: 'Auditor' }, { text: 'Status' }, { text: 'Overall grade' }]}
              rows={audits.data.items.map((audit) => ({
                key: audit.id,
                cells: [
                  <Link className="govuk-link" to={audit.allowed_operations.includes('update') ? `/audits/${audit.id}/edit` : `/audits/${audit.id}`}>
                    {auditKindLabels[audit.kind]}, started {formatDay(audit.created_at)}
                  </Link>,
                  personName(audit.auditor_id),
                  <AuditStatusTag status={audit.status} />,
                  audit.effective_grade ?? audit.overall_grade ? (
                    <GradeTag code={audit.effective_grade ?? audit.overall_grade} scaleId={audit.grade_scale_id} />
                  ) : (
                    'Not graded'
                  ),
                ],
              }))}
            />
          )}
        </>
      ) : null}
    </>
  );
}
