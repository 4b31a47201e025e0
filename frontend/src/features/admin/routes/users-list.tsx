import { Link } from 'react-router';
import { ButtonLink, NotificationBanner, Pagination, Select, Table, Tag } from '@/components/govuk';
import { ListFilters, ListTotal } from '@/components/list-filters';
import { Loading } from '@/components/loading';
import { ProblemPage } from '@/components/status-pages/problem-page';
import { useFlash } from '@/lib/flash';
import { useListState } from '@/lib/list-state';
import { useOrgUnits } from '@/lib/org-units';
import { usePageTitle } from '@/lib/page-title';
import { roleLabels } from '@/lib/roles';
import { USERS_PAGE_SIZE, useUsers } from '../api/use-users';

export function UsersListPage() {
  const list = useListState({ filters: ['active'], sortable: ['created_at', 'updated_at', 'display_name', 'email'], defaultSort: 'display_name', pageSize: USERS_PAGE_SIZE });
  usePageTitle(list.title('Users'));
  const flash = useFlash();
  const active = list.values.active;
  const users = useUsers({ active: active === 'true' ? true : active === 'false' ? false : undefined, ...list.request });
  const orgUnits = useOrgUnits();
  if (users.isError) return <ProblemPage error={users.error} />;
  const unitName = (id: string | null | undefined) => (id ? (orgUnits.data?.find((unit) => unit.id === id)?.name ?? '') : '');
  return (
    <>
      {flash ? <NotificationBanner type="success" heading={flash} /> : null}
      <h1 className="govuk-heading-l">Users</h1>
      <ButtonLink to="/admin/users/new">Add a user</ButtonLink>
      <ListFilters
        key={list.formKey}
        label="Filter users"
        search={{ hint: 'Part of the name or email address' }}
        clearHref={list.filtered ? list.clearHref : null}
        initial={{ q: list.values.q, active }}
        onApply={list.apply}
      >
        {(field) => (
          <Select
            id="active"
            label="Status"
            options={[
              { value: '', text: 'Active and deactivated' },
              { value: 'true', text: 'Active' },
              { value: 'false', text: 'Deactivated' },
            ]}
            {...field('active')}
          />
        )}
      </ListFilters>
      <ListTotal total={users.data?.total} noun={['user', 'users']} />
      {!users.data ? (
        <Loading />
      ) : (
        <Table
          caption="User accounts"
          captionHidden
          head={[list.column('display_name', 'Name'), list.column('email', 'Email address'), { text: 'Roles' }, { text: 'Team or unit' }, { text: 'Status' }]}
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
      <Pagination {...list.paging(users.data)} />
    </>
  );
}
