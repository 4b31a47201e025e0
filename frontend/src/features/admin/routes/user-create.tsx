import { useState } from 'react';
import { useNavigate } from 'react-router';
import { BackLink, ErrorSummary } from '@/components/govuk';
import { Loading } from '@/components/loading';
import { formErrorsFromError, noErrors, type FormErrors } from '@/lib/form-errors';
import { useOrgUnits } from '@/lib/org-units';
import { usePageTitle } from '@/lib/page-title';
import { useCreateUser } from '../api/use-users';
import { UserForm, userFields, type UserFormValues } from '../components/user-form';

const empty: UserFormValues = { display_name: '', email: '', roles: [], team_id: '', password: '', active: 'true' };

export function UserCreatePage() {
  const navigate = useNavigate();
  const orgUnits = useOrgUnits();
  const create = useCreateUser();
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [attempt, setAttempt] = useState(0);
  usePageTitle('Add a user', errors.summary.length > 0);

  const submit = (values: UserFormValues) => {
    create.mutate(
      {
        display_name: values.display_name.trim(),
        email: values.email.trim(),
        roles: values.roles,
        team_id: values.team_id || null,
        password: values.password,
      },
      {
        onSuccess: (user) => void navigate('/admin/users', { state: { flash: `${user.display_name} has been added` } }),
        onError: (error) => {
          setErrors(formErrorsFromError(error, userFields, {}, values));
          setAttempt((n) => n + 1);
        },
      },
    );
  };

  return (
    <>
      <BackLink to="/admin/users">Back to users</BackLink>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          {errors.summary.length > 0 ? <ErrorSummary key={attempt} errors={errors.summary} /> : null}
          <h1 className="govuk-heading-l">Add a user</h1>
          {orgUnits.data ? (
            <UserForm mode="create" initial={empty} orgUnits={orgUnits.data} errors={errors.byField} submitting={create.isPending} onSubmit={submit} />
          ) : (
            <Loading />
          )}
        </div>
      </div>
    </>
  );
}
