import { useCallback, useEffect, useState, type SyntheticEvent } from 'react';
import { Navigate, useLocation, useNavigate, useSearchParams } from 'react-router';
import { Button, ErrorSummary, Input, NotificationBanner } from '@/components/govuk';
import { Loading } from '@/components/loading';
import { AppSetUp, RecoveryCodesList } from '@/components/second-factor';
import { ApiError } from '@/lib/api/api-error';
import { authClient } from '@/lib/api/session-token';
import type { SignInOptions, TotpEnrolment } from '@/lib/api/types';
import { durationInWords, formErrorsFromError, noErrors, type FieldSpec, type FormErrors } from '@/lib/form-errors';
import { usePageTitle } from '@/lib/page-title';
import { idleConfig } from '@/lib/session/idle-config';
import { useSession, type ChallengeKind, type SignInOutcome, type SignOutReason } from '@/lib/session/session-context';

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
function ChooseNewPassword({ challengeToken, onOutcome, onExpired }: StepProps) {
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
      onOutcome(await session.answerChallenge(challengeToken, { new_password: newPassword }));
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

interface StepProps {
  challengeToken: string;
  onOutcome: (outcome: SignInOutcome) => void;
  onExpired: () => void;
}

const codeFields: Record<string, FieldSpec> = {
  code: { label: 'Code', required: 'Enter the code from your authenticator app' },
};

/** Refusals of a code that are not about the field: too many wrong ones. */
function codeErrors(error: unknown, code: string): FormErrors {
  return formErrorsFromError(error, codeFields, {}, { code });
}

/** The second factor: a code from the person's authenticator app, or one of their recovery codes. */
function EnterCode({ challengeToken, onOutcome, onExpired }: StepProps) {
  const session = useSession();
  const [code, setCode] = useState('');
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [attempt, setAttempt] = useState(0);
  const [submitting, setSubmitting] = useState(false);
  usePageTitle('Enter your security code', errors.summary.length > 0);

  const submit = async (event: SyntheticEvent) => {
    event.preventDefault();
    if (submitting) return;
    setSubmitting(true);
    try {
      onOutcome(await session.answerChallenge(challengeToken, { code: code.trim() }));
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        onExpired();
        return;
      }
      setCode('');
      setErrors(codeErrors(error, code));
      setAttempt((n) => n + 1);
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {errors.summary.length > 0 ? <ErrorSummary key={attempt} errors={errors.summary} /> : null}
        <h1 className="govuk-heading-l">Enter your security code</h1>
        <form noValidate onSubmit={(event) => void submit(event)}>
          <Input
            id="code"
            label="Code from your authenticator app"
            hint="The 6-digit code the app shows now. If you do not have your phone, enter one of your recovery codes."
            autoComplete="one-time-code"
            spellCheck={false}
            width="10"
            value={code}
            onChange={setCode}
            error={errors.byField.code}
          />
          <Button>Continue</Button>
        </form>
        <p className="govuk-body">Lost your phone and your recovery codes? Ask your system administrator to reset your second factor.</p>
      </div>
    </div>
  );
}

/** Setting up an authenticator app during a sign-in that needs one. */
function SetUpApp({ challengeToken, onOutcome, onExpired }: StepProps) {
  const session = useSession();
  const [enrolment, setEnrolment] = useState<TotpEnrolment | null>(null);
  const [failed, setFailed] = useState(false);
  const [code, setCode] = useState('');
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [attempt, setAttempt] = useState(0);
  const [submitting, setSubmitting] = useState(false);
  usePageTitle('Set up your authenticator app', errors.summary.length > 0);

  useEffect(() => {
    let cancelled = false;
    authClient
      .POST('/api/v1/auth/totp/enrolment', { body: { challenge_token: challengeToken } })
      .then(({ data, response }) => {
        if (cancelled) return;
        if (data) setEnrolment(data);
        else if (response.status === 401) onExpired();
        else setFailed(true);
      })
      .catch(() => {
        if (!cancelled) setFailed(true);
      });
    return () => {
      cancelled = true;
    };
  }, [challengeToken, onExpired]);

  const submit = async (event: SyntheticEvent) => {
    event.preventDefault();
    if (submitting) return;
    setSubmitting(true);
    try {
      onOutcome(await session.answerChallenge(challengeToken, { code: code.trim() }));
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        onExpired();
        return;
      }
      setCode('');
      setErrors(codeErrors(error, code));
      setAttempt((n) => n + 1);
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {errors.summary.length > 0 ? <ErrorSummary key={attempt} errors={errors.summary} /> : null}
        <h1 className="govuk-heading-l">Set up your authenticator app</h1>
        <p className="govuk-body">
          Your account needs a second factor: as well as your password, you will enter a code from an app on your phone each time you sign in.
        </p>
        {failed ? (
          <p className="govuk-body">Sorry, there is a problem with the service. Sign in again later.</p>
        ) : !enrolment ? (
          <Loading />
        ) : (
          <>
            <AppSetUp enrolment={enrolment} />
            <form noValidate onSubmit={(event) => void submit(event)}>
              <Input
                id="code"
                label="Code from your authenticator app"
                hint="The 6-digit code the app shows now."
                autoComplete="one-time-code"
                inputMode="numeric"
                spellCheck={false}
                width="10"
                value={code}
                onChange={setCode}
                error={errors.byField.code}
              />
              <Button>Continue</Button>
            </form>
          </>
        )}
      </div>
    </div>
  );
}

/** The recovery codes a sign-in's set-up answered, shown before anything else happens. */
function SaveRecoveryCodes({ codes, onContinue }: { codes: string[]; onContinue: () => void }) {
  usePageTitle('Save your recovery codes');
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">Save your recovery codes</h1>
        <p className="govuk-body">Your authenticator app is set up.</p>
        <RecoveryCodesList codes={codes}>
          <Button type="button" onClick={onContinue}>
            I have saved my recovery codes
          </Button>
        </RecoveryCodesList>
      </div>
    </div>
  );
}

export function SignInPage() {
  const session = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const from = (location.state as { from?: string } | null)?.from ?? '/';
  const [step, setStep] = useState<{ kind: ChallengeKind; token: string } | null>(null);
  const [codes, setCodes] = useState<{ codes: string[]; then: SignInOutcome } | null>(null);
  const [expired, setExpired] = useState(0);

  const proceed = useCallback(
    (outcome: SignInOutcome) => {
      if (outcome.challenge === null) {
        setStep(null);
        void navigate(from, { replace: true });
      } else {
        setStep({ kind: outcome.challenge, token: outcome.challengeToken });
      }
    },
    [from, navigate],
  );
  const onOutcome = useCallback(
    (outcome: SignInOutcome) => {
      if (outcome.recoveryCodes) setCodes({ codes: outcome.recoveryCodes, then: outcome });
      else proceed(outcome);
    },
    [proceed],
  );
  const onExpired = useCallback(() => {
    setStep(null);
    setExpired((n) => n + 1);
  }, []);

  if (codes) {
    return (
      <SaveRecoveryCodes
        codes={codes.codes}
        onContinue={() => {
          const then = codes.then;
          setCodes(null);
          if (then.challenge === null) void session.finishSignIn().then(() => proceed(then));
          else proceed(then);
        }}
      />
    );
  }
  if (session.status === 'signed-in' && !step) return <Navigate to={from} replace />;
  if (step) {
    const props = { challengeToken: step.token, onOutcome, onExpired };
    if (step.kind === 'totp') return <EnterCode key={step.token} {...props} />;
    if (step.kind === 'totp_enrolment') return <SetUpApp key={step.token} {...props} />;
    return <ChooseNewPassword key={step.token} {...props} />;
  }
  return <PasswordStep key={expired} expired={expired > 0} onOutcome={onOutcome} />;
}

const ssoRefusals: Record<string, { heading: string; text: string }> = {
  unknown: {
    heading: 'There is no account for you on this service',
    text: 'You signed in with your council account, but this service does not have an account for you yet. Ask your system administrator to add you.',
  },
  deactivated: {
    heading: 'Your account is deactivated',
    text: 'Ask your system administrator if you still need to use this service.',
  },
  failed: {
    heading: 'Signing in with your council account did not work',
    text: 'It may have taken too long. Try again.',
  },
};

/** How people sign in here: single sign-on (first, when configured), and passwords. */
function useSignInOptions(): SignInOptions | null {
  const [options, setOptions] = useState<SignInOptions | null>(null);
  useEffect(() => {
    let cancelled = false;
    authClient
      .GET('/api/v1/auth/options')
      .then(({ data }) => {
        if (!cancelled) setOptions(data ?? { single_sign_on: null, passwords: true });
      })
      .catch(() => {
        if (!cancelled) setOptions({ single_sign_on: null, passwords: true });
      });
    return () => {
      cancelled = true;
    };
  }, []);
  return options;
}

/** The first step: single sign-on, or email address and password. */
function PasswordStep({ expired, onOutcome }: { expired: boolean; onOutcome: (outcome: SignInOutcome) => void }) {
  const options = useSignInOptions();
  const [searchParams] = useSearchParams();
  const refusal = ssoRefusals[searchParams.get('sso') ?? ''];
  const session = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FormErrors>(() =>
    expired ? { summary: [{ href: '#email', text: 'That took too long. Sign in again' }], byField: {} } : noErrors,
  );
  const [attempt, setAttempt] = useState(0);
  const [submitting, setSubmitting] = useState(false);
  usePageTitle('Sign in', errors.summary.length > 0);

  const submit = async (event: SyntheticEvent) => {
    event.preventDefault();
    if (submitting) return;
    setSubmitting(true);
    try {
      const outcome = await session.signIn(email.trim(), password);
      setPassword('');
      onOutcome(outcome);
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
  const reason = errors.summary.length === 0 && !refusal ? session.signOutReason : null;
  const sso = options?.single_sign_on ?? null;

  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {errors.summary.length > 0 ? <ErrorSummary key={attempt} errors={errors.summary} /> : null}
        {reason ? (
          <NotificationBanner heading={signedOutMessages[reason].heading}>
            <p className="govuk-body">{signedOutMessages[reason].text}</p>
          </NotificationBanner>
        ) : null}
        {refusal ? (
          <NotificationBanner heading={refusal.heading}>
            <p className="govuk-body">{refusal.text}</p>
          </NotificationBanner>
        ) : null}
        <h1 className="govuk-heading-l">Sign in</h1>
        {sso ? (
          <>
            <p className="govuk-body">Use the account you sign in to your council’s computers with.</p>
            <a href="/api/v1/auth/oidc/start" className="govuk-button govuk-button--start" draggable={false}>
              Sign in with {sso.name}
            </a>
            <h2 className="govuk-heading-m">Or sign in with a password</h2>
            <p className="govuk-body">
              {options?.passwords
                ? 'If your administrator gave you a password for this service, use it here.'
                : 'Passwords are for the system administrators named for emergencies only.'}
            </p>
          </>
        ) : (
          <p className="govuk-body">Sign in with the email address and password your administrator gave you.</p>
        )}
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
