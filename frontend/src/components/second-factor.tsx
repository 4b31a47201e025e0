import type { ReactNode } from 'react';
import { Details, InsetText } from '@/components/govuk';
import type { TotpEnrolment } from '@/lib/api/types';

/**
 * How to add the account to an authenticator app: scan the QR code, or type the key. The key
 * is grouped in fours so it can be read and typed without losing one's place.
 */
export function AppSetUp({ enrolment }: { enrolment: TotpEnrolment }) {
  const key = enrolment.secret.match(/.{1,4}/g)?.join(' ') ?? enrolment.secret;
  return (
    <>
      <ol className="govuk-list govuk-list--number">
        <li>Open an authenticator app on your phone, such as Microsoft Authenticator or Google Authenticator.</li>
        <li>Add an account in the app and scan this QR code.</li>
        <li>Enter the 6-digit code the app then shows.</li>
      </ol>
      <img className="app-qr-code" src={enrolment.qr_code} alt="QR code to scan with your authenticator app" width={220} height={220} />
      <Details summary="I cannot scan the QR code">
        <p className="govuk-body">Choose to enter a key in your app (a time-based key), and type this key:</p>
        <p className="govuk-body app-secret-key" data-testid="totp-secret">
          {key}
        </p>
      </Details>
    </>
  );
}

/**
 * Recovery codes, shown once: each lets the person in once when they do not have their phone.
 */
export function RecoveryCodesList({ codes, children }: { codes: string[]; children?: ReactNode }) {
  return (
    <>
      <InsetText>
        These codes are shown only now. Keep them somewhere safe that is not your phone, such as a password manager, or print them and keep them locked away.
      </InsetText>
      <p className="govuk-body">If you do not have your phone, enter one of these codes instead of a code from the app. Each code works once.</p>
      <ul className="govuk-list app-recovery-codes" aria-label="Your recovery codes">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ul>
      {children}
    </>
  );
}
