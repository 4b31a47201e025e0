import { useState, type SyntheticEvent } from 'react';
import { Button, ButtonGroup, ErrorSummary, Input, SummaryList } from '@/components/govuk';
import { Loading } from '@/components/loading';
import { AppSetUp, RecoveryCodesList } from '@/components/second-factor';
import { useFormErrors } from '@/components/use-form-errors';
import type { TotpEnrolment, TotpStatus } from '@/lib/api/types';
import { formErrorsFromError, missingErrors, type FieldSpec } from '@/lib/form-errors';
import { formatDateTime } from '@/lib/dates';
import { useBeginTotp, useConfirmTotp, useDisableTotp, useMyTotp, useNewRecoveryCodes } from '../api/use-me';

const codeFields: Record<string, FieldSpec> = {
  code: { label: 'Code', id: 'totp-code', required: 'Enter the code from your authenticator app' },
};

/**
 * The caller's second factor: set up an authenticator app (required of administrators and data
 * protection officers), get new recovery codes, or turn an optional one off.
 */
export function SecondFactorSection() {
  const status = useMyTotp();
  const [codes, setCodes] = useState<string[] | null>(null);
  return (
    <section className="app-audit-section" aria-labelledby="second-factor-heading">
      <h2 className="govuk-heading-l" id="second-factor-heading">
        Second factor
      </h2>
      {status.isError ? (
        <p className="govuk-body">Your second factor could not be shown. Try again later.</p>
      ) : !status.data ? (
        <Loading />
      ) : codes ? (
        <RecoveryCodesList codes={codes}>
          <Button type="button" onClick={() => setCodes(null)}>
            I have saved my recovery codes
          </Button>
        </RecoveryCodesList>
      ) : status.data.enabled ? (
        <Enabled status={status.data} onCodes={setCodes} />
      ) : (
        <SetUp status={status.data} onCodes={setCodes} />
      )}
    </section>
  );
}

function SetUp({ status, onCodes }: { status: TotpStatus; onCodes: (codes: string[]) => void }) {
  const begin = useBeginTotp();
  const confirm = useConfirmTotp();
  const form = useFormErrors();
  const [enrolment, setEnrolment] = useState<TotpEnrolment | null>(null);
  const [code, setCode] = useState('');
  const start = () => {
    form.clear();
    begin.mutate(undefined, {
      onSuccess: setEnrolment,
      onError: (error) => form.show(formErrorsFromError(error, {})),
    });
  };
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (confirm.isPending) return;
    const missing = missingErrors(codeFields, () => code.trim() === '');
    if (missing.summary.length > 0) return form.show(missing);
    confirm.mutate(code.trim(), {
      onSuccess: (answer) => {
        form.clear();
        onCodes(answer.recovery_codes);
      },
      onError: (error) => {
        setCode('');
        form.show(formErrorsFromError(error, codeFields, {}, { code }));
      },
    });
  };
  return (
    <>
      {form.errors.summary.length > 0 ? <ErrorSummary key={form.attempt} errors={form.errors.summary} /> : null}
      <p className="govuk-body">
        {status.required
          ? 'Your account must have a second factor. '
          : 'A second factor keeps your account safe even if someone learns your password. '}
        With one set up, you enter a code from an app on your phone as well as your password when you sign in.
      </p>
      {!enrolment ? (
        <Button type="button" variant="secondary" onClick={start}>
          Set up an authenticator app
        </Button>
      ) : (
        <form noValidate onSubmit={submit} aria-labelledby="second-factor-heading">
          <AppSetUp enrolment={enrolment} />
          <Input
            id="totp-code"
            label="Code from your authenticator app"
            hint="The 6-digit code the app shows now."
            autoComplete="one-time-code"
            inputMode="numeric"
            spellCheck={false}
            width="10"
            value={code}
            onChange={setCode}
            error={form.errors.byField.code}
          />
          <Button>Turn on second factor</Button>
        </form>
      )}
    </>
  );
}

function Enabled({ status, onCodes }: { status: TotpStatus; onCodes: (codes: string[]) => void }) {
  const renew = useNewRecoveryCodes();
  const disable = useDisableTotp();
  const form = useFormErrors();
  const [code, setCode] = useState('');
  const run = (which: 'renew' | 'disable') => {
    if (renew.isPending || disable.isPending) return;
    const missing = missingErrors(codeFields, () => code.trim() === '');
    if (missing.summary.length > 0) return form.show(missing);
    const onError = (error: unknown) => {
      setCode('');
      form.show(formErrorsFromError(error, codeFields, {}, { code }));
    };
    if (which === 'renew') {
      renew.mutate(code.trim(), {
        onSuccess: (answer) => {
          form.clear();
          setCode('');
          onCodes(answer.recovery_codes);
        },
        onError,
      });
    } else {
      disable.mutate(code.trim(), {
        onSuccess: () => {
          form.clear();
          setCode('');
        },
        onError,
      });
    }
  };
  return (
    <>
      {form.errors.summary.length > 0 ? <ErrorSummary key={form.attempt} errors={form.errors.summary} /> : null}
      <SummaryList
        rows={[
          { key: 'Authenticator app', value: status.enabled_at ? `Set up on ${formatDateTime(status.enabled_at)}` : 'Set up' },
          { key: 'Recovery codes left', value: String(status.recovery_codes_left) },
          ...(status.locked ? [{ key: 'Locked', value: 'Too many wrong codes: wait 15 minutes' }] : []),
        ]}
      />
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          run('renew');
        }}
        aria-labelledby="second-factor-heading"
      >
        <Input
          id="totp-code"
          label="Code from your authenticator app"
          hint={
            status.required
              ? 'To get new recovery codes (the old ones stop working), enter the code the app shows now.'
              : 'To get new recovery codes (the old ones stop working) or turn the second factor off, enter the code the app shows now.'
          }
          autoComplete="one-time-code"
          spellCheck={false}
          width="10"
          value={code}
          onChange={setCode}
          error={form.errors.byField.code}
        />
        <ButtonGroup>
          <Button variant="secondary">Get new recovery codes</Button>
          {status.required ? null : (
            <Button type="button" variant="warning" onClick={() => run('disable')}>
              Turn off second factor
            </Button>
          )}
        </ButtonGroup>
      </form>
    </>
  );
}
