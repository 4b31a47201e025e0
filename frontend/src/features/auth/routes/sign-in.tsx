import { useState, type SyntheticEvent } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { Button, ErrorSummary, Input, NotificationBanner } from '@/components/govuk';
import { ApiError } from '@/lib/api/api-error';
import { durationInWords, formErrorsFromError, noErrors, type FieldSpec, type FormErrors } from '@/lib/form-errors';
import { usePageTitle } from '@/lib/page-title';
import { idleConfig } from '@/lib/session/idle-config';
import { useSession, type SignOutReason } from '@/lib/session/session-context';

const fields: Record<string, FieldSpec> = {
  email: { label: 'Email address', required: 'Enter your email address' },
  password: { label: 'Password', required: 'Enter your password' },
};

const signedOutMessages: Record<SignOutReason, { heading: string; text: string }> = {
  'signed-out': { heading: 'You have signed out', text: 'Sign in again to use the service.' },
  idle: {
    heading: 'We signed you out',
    text: `You had not used the service for ${durationInWords(idleConfig().idleMs / 1000)}. We did this to keep children’s information safe. Anything you had not saved has been lost.`,
  },
  expired: { heading: 'Your session has ended', text: 'Sign in again to carry on.' },
};

const newPasswordFields: Record<string, FieldSpec> = {
  new_password: { label: 'New password', id: 'new-password', required: 'Enter a new password' },
  confirm: { label: 'Confirm new password', id: 'confirm-password', required: 'Enter the new password again' },
};

/**
 * The second step of a sign-in whose password an administrator set (a new account, a reset, or
 * the first administrator's printed password): the person chooses their own before going on.
 */
function ChooseNewPassword({ challengeToken, onDone, onExpired }: { challengeToken: string; onDone: () => void; onExpired: () => void }) {
  const session = useSession();
  const [newPassword, setNewPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [attempt, setAttempt] = useState(0);
  const [submitting, setSubmitting] = useState(false);
  usePageTitle('Choose a new password', errors.summary.length > 0);

  const submit = async (event: SyntheticEvent) => {
    event.preventDefault();
    if (submitting) return;
    if (newPassword !== '' && newPassword !== confirm) {
      const text = 'The passwords do not match';
      setErrors({ summary: [{ href: '#confirm-password', text }], byField: { confirm: text } });
      setAttempt((n) => n + 1);
      return;
    }
    setSubmitting(true);
    try {
      await session.answerPasswordChallenge(challengeToken, newPassword);
      onDone();
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        onExpired();
        return;
      }
      setErrors(formErrorsFromError(error, newPasswordFields, {}, { new_password: newPassword, confirm }));
      setAttempt((n) => n + 1);
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {errors.summary.length > 0 ? <ErrorSummary key={attempt} errors={errors.summary} /> : null}
        <h1 className="govuk-heading-l">Choose a new password</h1>
        <p className="govuk-body">
          Your password was set by an administrator. Choose your own before you go on: nobody else, including the administrator, will
          know it.
        </p>
        <form noValidate onSubmit={(event) => void submit(event)}>
          <Input
            id="new-password"
            label="New password"
            hint="At least 12 characters. A few unrelated words make a strong password."
            type="password"
            autoComplete="new-password"
            value={newPassword}
            onChange={setNewPassword}
            error={errors.byField.new_password}
          />
          <Input
            id="confirm-password"
            label="Confirm new password"
            type="password"
            autoComplete="new-password"
            value={confirm}
            onChange={setConfirm}
            error={errors.byField.confirm}
          />
          <Button>Save password and continue</Button>
        </form>
      </div>
    </div>
  );
}

export function SignInPage() {
  const session = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const from = (location.state as { from?: string } | null)?.from ?? '/';
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [attempt, setAttempt] = useState(0);
  const [submitting, setSubmitting] = useState(false);
  const [challengeToken, setChallengeToken] = useState<string | null>(null);
  usePageTitle(challengeToken ? 'Choose a new password' : 'Sign in', !challengeToken && errors.summary.length > 0);

  if (session.status === 'signed-in' && !submitting) return <Navigate to={from} replace />;
  if (challengeToken) {
    return (
      <ChooseNewPassword
        challengeToken={challengeToken}
        onDone={() => void navigate(from, { replace: true })}
        onExpired={() => {
          setChallengeToken(null);
          setErrors({ summary: [{ href: '#email', text: 'That took too long. Sign in again' }], byField: {} });
          setAttempt((n) => n + 1);
        }}
      />
    );
  }

  const submit = async (event: SyntheticEvent) => {
    event.preventDefault();
    if (submitting) return;
    setSubmitting(true);
    try {
      const outcome = await session.signIn(email.trim(), password);
      setPassword('');
      if (outcome === 'signed-in') void navigate(from, { replace: true });
      else setChallengeToken(outcome.challengeToken);
    } catch (error) {
      setPassword('');
      setErrors(
        formErrorsFromError(error, fields, {
          401: { href: '#email', text: 'Enter a correct email address and password' },
        }, { email, password }),
      );
      setAttempt((n) => n + 1);
    } finally {
      setSubmitting(false);
    }
  };

  const reason = errors.summary.length === 0 ? session.signOutReason : null;

  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {errors.summary.length > 0 ? <ErrorSummary key={attempt} errors={errors.summary} /> : null}
        {reason ? (
          <NotificationBanner heading={signedOutMessages[reason].heading}>
            <p className="govuk-body">{signedOutMessages[reason].text}</p>
          </NotificationBanner>
        ) : null}
        <h1 className="govuk-heading-l">Sign in</h1>
        <p className="govuk-body">Sign in with the email address and password your administrator gave you.</p>
        <form noValidate onSubmit={(event) => void submit(event)}>
          <Input
            id="email"
            label="Email address"
            type="email"
            autoComplete="username"
            spellCheck={false}
            value={email}
            onChange={setEmail}
            error={errors.byField.email}
          />
          <Input
            id="password"
            label="Password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={setPassword}
            error={errors.byField.password}
          />
          <Button>
            Sign in
          </Button>
        </form>
      </div>
    </div>
  );
}
