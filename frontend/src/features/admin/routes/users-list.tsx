import { Link, useSearchParams } from 'react-router';
import { ButtonLink, NotificationBanner, Pagination, Table, Tag } from '@/components/govuk';
import { Loading } from '@/components/loading';
import { ProblemPage } from '@/components/status-pages/problem-page';
import { nextPageSearch, pageNumber, previousPageSearch } from '@/lib/cursor-paging';
import { useFlash } from '@/lib/flash';
import { useOrgUnits } from '@/lib/org-units';
import { usePageTitle } from '@/lib/page-title';
import { roleLabels } from '@/lib/roles';
import { useUsers } from '../api/use-users';

export function UsersListPage() {
  const [search] = useSearchParams();
  const page = pageNumber(search);
  usePageTitle(page > 1 ? `Users (page ${page})` : 'Users');
  const flash = useFlash();
  const users = useUsers({ cursor: search.get('cursor') || undefined });
  const orgUnits = useOrgUnits();
  if (users.isError) return <ProblemPage error={users.error} />;
  const unitName = (id: string | null | undefined) => (id ? (orgUnits.data?.find((unit) => unit.id === id)?.name ?? '') : '');
  const previous = previousPageSearch(search);
  const next = users.data?.next_cursor;
  return (
    <>
      {flash ? <NotificationBanner type="success" heading={flash} /> : null}
      <h1 className="govuk-heading-l">Users</h1>
      <ButtonLink to="/admin/users/new">Add a user</ButtonLink>
      {!users.data ? (
        <Loading />
      ) : (
        <Table
          caption="User accounts"
          captionHidden
          head={[{ text: 'Name' }, { text: 'Email address' }, { text: 'Roles' }, { text: 'Team or unit' }, { text: 'Status' }]}
          rows={users.data.items.map((user) => ({
            key: user.id,
            cells: [
              <Link className="govuk-link" to={`/admin/users/${user.id}`}>
                {user.display_name}
              </Link>,
              user.email,
              user.roles.map((role) => roleLabels[role]).join(', '),
              unitName(user.team_id),
              user.active ? <Tag colour="green">Active</Tag> : <Tag colour="grey">Deactivated</Tag>,
            ],
          }))}
        />
      )}
      <Pagination
        previous={previous ? { to: previous, labelText: `Page ${page - 1}` } : undefined}
        next={next ? { to: nextPageSearch(search, next), labelText: `Page ${page + 1}` } : undefined}
      />
    </>
  );
}
