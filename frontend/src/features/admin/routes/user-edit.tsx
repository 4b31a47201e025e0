import { useState, type SyntheticEvent } from 'react';
import { useNavigate, useParams } from 'react-router';
import { BackLink, Button, ErrorSummary, Input, NotificationBanner } from '@/components/govuk';
import { Loading } from '@/components/loading';
import { ProblemPage } from '@/components/status-pages/problem-page';
import type { User } from '@/lib/api/types';
import { formErrorsFromError, noErrors, type FormErrors } from '@/lib/form-errors';
import { useOrgUnits } from '@/lib/org-units';
import { usePageTitle } from '@/lib/page-title';
import { useMe } from '@/lib/session/session-context';
import { useResetTotp, useSetPassword, useUpdateUser, useUser, useUserTotp } from '../api/use-users';
import { UserForm, userFields, type UserFormValues } from '../components/user-form';

const STALE = {
  text: 'Someone else changed this user while you were editing. Check the details below and save again.',
};

const toValues = (user: User): UserFormValues => ({
  display_name: user.display_name,
  email: user.email,
  roles: user.roles,
  team_id: user.team_id ?? '',
  password: '',
  active: user.active ? 'true' : 'false',
});

export function UserEditPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const me = useMe();
  const user = useUser(id);
  const orgUnits = useOrgUnits();
  const update = useUpdateUser(id);
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [attempt, setAttempt] = useState(0);
  usePageTitle(user.data ? `Change ${user.data.data.display_name}` : 'Change a user', errors.summary.length > 0);

  if (user.isError) return <ProblemPage error={user.error} />;

  const submit = (values: UserFormValues) => {
    if (!user.data) return;
    update.mutate(
      {
        etag: user.data.etag,
        patch: {
          display_name: values.display_name.trim(),
          roles: values.roles,
          team_id: values.team_id || null,
          active: values.active === 'true',
        },
      },
      {
        onSuccess: (saved) => void navigate('/admin/users', { state: { flash: `Changes to ${saved.display_name} have been saved` } }),
        onError: (error) => {
          setErrors(formErrorsFromError(error, userFields, { 412: STALE }, values));
          setAttempt((n) => n + 1);
        },
      },
    );
  };

  const current = user.data?.data;
  return (
    <>
      <BackLink to="/admin/users">Back to users</BackLink>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          {errors.summary.length > 0 ? <ErrorSummary key={attempt} errors={errors.summary} /> : null}
          {current ? <span className="govuk-caption-l">{current.email}</span> : null}
          <h1 className="govuk-heading-l">{current ? `Change ${current.display_name}` : 'Change a user'}</h1>
          {current && orgUnits.data ? (
            <>
              <UserForm
                // A new version from the server (after a 412) starts the form again from it.
                key={current.version}
                mode="edit"
                initial={toValues(current)}
                orgUnits={orgUnits.data}
                errors={errors.byField}
                submitting={update.isPending}
                onSubmit={submit}
              />
              <SetPasswordForm userId={id} />
              {id !== me.id ? <SecondFactorReset userId={id} name={current.display_name} /> : null}
            </>
          ) : (
            <Loading />
          )}
        </div>
      </div>
    </>
  );
}

function SetPasswordForm({ userId }: { userId: string }) {
  const setPassword = useSetPassword(userId);
  const [password, setPasswordValue] = useState('');
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [done, setDone] = useState(false);
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (setPassword.isPending) return;
    setDone(false);
    setPassword.mutate(password, {
      onSuccess: () => {
        setErrors(noErrors);
        setPasswordValue('');
        setDone(true);
      },
      onError: (error) =>
        setErrors(formErrorsFromError(error, { password: { label: 'New password', id: 'new-password', required: 'Enter a new password' } }, {}, { password })),
    });
  };
  return (
    <form noValidate onSubmit={submit} className="govuk-!-margin-top-8">
      <h2 className="govuk-heading-m">Set a new password</h2>
      {done ? <NotificationBanner type="success" heading="The new password has been set" /> : null}
      <Input
        id="new-password"
        name="new-password"
        label="New password"
        hint="At least 12 characters, and not a common password."
        type="password"
        autoComplete="new-password"
        value={password}
        onChange={setPasswordValue}
        error={errors.byField.password ?? errors.summary[0]?.text}
        width="20"
      />
      <Button variant="secondary">
        Set password
      </Button>
    </form>
  );
}

/**
 * A user's second factor, and its reset for someone who lost their phone and their recovery
 * codes: they sign in again and, where they must have one, set up a new app. Logged.
 */
function SecondFactorReset({ userId, name }: { userId: string; name: string }) {
  const status = useUserTotp(userId);
  const reset = useResetTotp(userId);
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [done, setDone] = useState(false);
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (reset.isPending) return;
    setDone(false);
    reset.mutate(undefined, {
      onSuccess: () => {
        setErrors(noErrors);
        setDone(true);
      },
      onError: (error) => setErrors(formErrorsFromError(error, {})),
    });
  };
  const data = status.data;
  return (
    <form noValidate onSubmit={submit} className="govuk-!-margin-top-8" aria-labelledby="second-factor-heading">
      <h2 className="govuk-heading-m" id="second-factor-heading">
        Second factor
      </h2>
      {done ? <NotificationBanner type="success" heading={`${name}’s second factor has been reset`} /> : null}
      {errors.summary.length > 0 ? <p className="govuk-error-message">{errors.summary[0]?.text}</p> : null}
      {!data ? (
        <Loading />
      ) : (
        <>
          <p className="govuk-body">
            {data.enabled
              ? `${name} signs in with a code from an authenticator app (${data.recovery_codes_left} recovery codes left).`
              : `${name} has no authenticator app set up.`}
            {data.required ? ' Their roles need one.' : ''}
            {data.locked ? ' It is locked after too many wrong codes.' : ''}
          </p>
          {data.enabled || data.locked ? (
            <>
              <p className="govuk-body">
                Reset it only when you are sure who is asking, for example after a lost phone. They are signed out everywhere
                {data.required ? ' and set up a new app when they next sign in' : ''}.
              </p>
              <Button variant="warning">Reset second factor</Button>
            </>
          ) : null}
        </>
      )}
    </form>
  );
}
