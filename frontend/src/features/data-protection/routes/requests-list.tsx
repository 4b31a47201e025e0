import { Link, useSearchParams } from 'react-router';
import { ButtonLink, Table } from '@/components/govuk';
import { Loading } from '@/components/loading';
import { ProblemPage } from '@/components/status-pages/problem-page';
import type { SubjectAccessRequest } from '@/lib/api/types';
import { formatDate } from '@/lib/dates';
import { usePageTitle } from '@/lib/page-title';
import { personName, useStaff } from '@/lib/staff';
import { byUrgency, requesterRoleLabel } from '../api/clock';
import { useRequests } from '../api/use-data-protection';
import { DataProtectionNav } from '@/components/data-protection-nav';
import { RequestClock, RequestStatusTag } from '../components/request-tags';

const filters = [
  { value: '', text: 'All requests' },
  { value: 'open', text: 'Open' },
  { value: 'gathered', text: 'Gathered' },
  { value: 'released', text: 'Released' },
] as const;

type StatusFilter = 'open' | 'gathered' | 'released' | undefined;

/** Who or what a request is about: the case's reference, or the member of staff. */
export function requestSubject(request: Pick<SubjectAccessRequest, 'case_reference' | 'case_id' | 'user_id'>, nameOf: (id: string) => string): string {
  if (request.case_id) return request.case_reference ? `Case ${request.case_reference}` : 'A case';
  if (request.user_id) return `${nameOf(request.user_id)} (member of staff)`;
  return 'Request';
}

/**
 * The data protection officer's subject access requests, overdue first, each with its clock in
 * days ("3 days overdue") and where it stands.
 */
export function RequestsListPage() {
  usePageTitle('Subject access requests');
  const [params] = useSearchParams();
  const raw = params.get('status') ?? '';
  const status: StatusFilter = raw === 'open' || raw === 'gathered' || raw === 'released' ? raw : undefined;
  const requests = useRequests(status);
  const staff = useStaff();
  if (requests.isError) return <ProblemPage error={requests.error} />;
  const items = byUrgency(requests.data?.items ?? []);
  const overdue = items.filter((r) => r.overdue && r.status !== 'released').length;
  const nameOf = (id: string) => personName(staff.data, id);
  const current = filters.find((f) => f.value === (status ?? ''))?.text ?? 'All requests';

  return (
    <>
      <DataProtectionNav current="requests" />
      <h1 className="govuk-heading-l">Subject access requests</h1>
      <p className="govuk-body">
        Each request is due one calendar month after it is received (or after the requester’s identity is verified), on the next working day if that is not one. Overdue requests come first.
      </p>
      <ButtonLink to="/data-protection/requests/new">File a new request</ButtonLink>
      <nav aria-label="Show requests" className="govuk-body">
        Show:{' '}
        {filters.map((filter, index) => (
          <span key={filter.value}>
            {index > 0 ? ' · ' : null}
            {filter.value === (status ?? '') ? (
              <strong aria-current="page">{filter.text}</strong>
            ) : (
              <Link className="govuk-link" to={filter.value ? `?status=${filter.value}` : '?'}>
                {filter.text}
              </Link>
            )}
          </span>
        ))}
      </nav>
      {!requests.data ? (
        <Loading />
      ) : items.length === 0 ? (
        <p className="govuk-body">{status ? 'No requests have this status.' : 'No subject access requests have been filed.'}</p>
      ) : (
        <>
          {overdue > 0 ? (
            <p className="govuk-body govuk-!-font-weight-bold">
              {overdue} {overdue === 1 ? 'request is' : 'requests are'} overdue.
            </p>
          ) : null}
          <Table
            caption={`${current} (${items.length})`}
            captionSize="m"
            head={[{ text: 'About' }, { text: 'Requested by' }, { text: 'Received' }, { text: 'Due' }, { text: 'Time left' }, { text: 'Status' }]}
            rows={items.map((request) => ({
              key: request.id,
              cells: [
                <Link key="link" className="govuk-link" to={`/data-protection/requests/${request.id}`}>
                  {requestSubject(request, nameOf)}
                </Link>,
                requesterRoleLabel(request.requester_role),
                formatDate(request.received_on),
                request.due_on ? formatDate(request.due_on) : 'Not started',
                <RequestClock key="clock" request={request} />,
                <RequestStatusTag key="status" request={request} />,
              ],
            }))}
          />
        </>
      )}
    </>
  );
}
