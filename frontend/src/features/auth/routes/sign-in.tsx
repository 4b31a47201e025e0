import { useState, type SyntheticEvent } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { Button, ErrorSummary, Input, NotificationBanner } from '@/components/govuk';
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
  usePageTitle('Sign in', errors.summary.length > 0);

  if (session.status === 'signed-in' && !submitting) return <Navigate to={from} replace />;

  const submit = async (event: SyntheticEvent) => {
    event.preventDefault();
    if (submitting) return;
    setSubmitting(true);
    try {
      await session.signIn(email.trim(), password);
      void navigate(from, { replace: true });
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
