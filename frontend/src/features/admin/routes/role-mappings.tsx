import { useState, type SyntheticEvent } from 'react';
import { BackLink, Button, ErrorSummary, Input, NotificationBanner, Select, Table } from '@/components/govuk';
import { Loading } from '@/components/loading';
import { ProblemPage } from '@/components/status-pages/problem-page';
import { useFormErrors } from '@/components/use-form-errors';
import type { Role } from '@/lib/api/types';
import { formatDateTime } from '@/lib/dates';
import { formErrorsFromError, missingErrors, type FieldSpec } from '@/lib/form-errors';
import { usePageTitle } from '@/lib/page-title';
import { allRoles, roleLabels } from '@/lib/roles';
import { useCreateRoleMapping, useDeleteRoleMapping, useRoleMappings } from '../api/use-role-mappings';

const fields: Record<string, FieldSpec> = {
  group: { label: 'Group', id: 'group', required: 'Enter the group' },
  role: { label: 'Role', id: 'role', required: 'Choose a role' },
};

/** Roles a group may give: never administrator or data protection officer. */
const mappable = allRoles.filter((role) => role !== 'admin' && role !== 'dpo');

/**
 * The council's identity provider's groups and the roles their members get when they sign in
 * with it. Roles otherwise stay as administrators set them here; a group only adds.
 */
export function RoleMappingsPage() {
  usePageTitle('Roles from the council’s groups');
  const mappings = useRoleMappings();
  const create = useCreateRoleMapping();
  const remove = useDeleteRoleMapping();
  const form = useFormErrors();
  const [group, setGroup] = useState('');
  const [role, setRole] = useState('');
  const [done, setDone] = useState<string | null>(null);
  if (mappings.isError) return <ProblemPage error={mappings.error} />;
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (create.isPending) return;
    setDone(null);
    const missing = missingErrors(fields, (field) => (field === 'group' ? group.trim() === '' : role === ''));
    if (missing.summary.length > 0) return form.show(missing);
    create.mutate(
      { group: group.trim(), role: role as Role },
      {
        onSuccess: (made) => {
          form.clear();
          setGroup('');
          setRole('');
          setDone(`Members of ${made.group} are now given the role ${roleLabels[made.role]}`);
        },
        onError: (error) => form.show(formErrorsFromError(error, fields, { 409: { href: '#group', text: 'That group already gives that role' } }, { group, role })),
      },
    );
  };
  return (
    <>
      <BackLink to="/admin/settings">Back to settings</BackLink>
      {done ? <NotificationBanner type="success" heading={done} /> : null}
      {form.errors.summary.length > 0 ? <ErrorSummary key={form.attempt} errors={form.errors.summary} /> : null}
      <h1 className="govuk-heading-l">Roles from the council’s groups</h1>
      <p className="govuk-body">
        When someone signs in with the council’s account, they are given the roles of the groups they belong to there, as well as the roles they have
        here. Administrator and data protection officer are never given this way, and an administrator is never given a role that reads case
        records.
      </p>
      {!mappings.data ? (
        <Loading />
      ) : mappings.data.items.length === 0 ? (
        <p className="govuk-body">No groups give roles yet: everyone has the roles set on their account here.</p>
      ) : (
        <Table
          caption="Groups and the roles they give"
          head={[{ text: 'Group' }, { text: 'Role' }, { text: 'Added' }, { text: 'Action', label: 'Action' }]}
          rows={mappings.data.items.map((mapping) => ({
            key: mapping.id,
            cells: [
              mapping.group,
              roleLabels[mapping.role],
              formatDateTime(mapping.created_at),
              <Button
                key="remove"
                type="button"
                variant="secondary"
                onClick={() => {
                  setDone(null);
                  remove.mutate(mapping.id, {
                    onSuccess: () => setDone(`Members of ${mapping.group} are no longer given the role ${roleLabels[mapping.role]}`),
                    onError: (error) => form.show(formErrorsFromError(error, {})),
                  });
                }}
              >
                Remove<span className="govuk-visually-hidden"> {`${mapping.group}: ${roleLabels[mapping.role]}`}</span>
              </Button>,
            ],
          }))}
        />
      )}
      <form noValidate onSubmit={submit} className="govuk-!-margin-top-6">
        <h2 className="govuk-heading-m">Add a group</h2>
        <Input
          id="group"
          label="Group"
          hint="As the council’s identity provider names it in the groups claim (in Microsoft Entra ID, the group’s object ID)."
          spellCheck={false}
          value={group}
          onChange={setGroup}
          error={form.errors.byField.group}
          width="30"
        />
        <Select
          id="role"
          label="Role its members are given"
          options={[{ value: '', text: 'Choose a role' }, ...mappable.map((value) => ({ value, text: roleLabels[value] }))]}
          value={role}
          onChange={setRole}
          error={form.errors.byField.role}
        />
        <Button>Add group</Button>
      </form>
    </>
  );
}
