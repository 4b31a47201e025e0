import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { AppSetUp, RecoveryCodesList } from './second-factor';

describe('setting up an authenticator app', () => {
  it('shows the QR code with a text alternative and the key in groups of four', () => {
    render(
      <AppSetUp
        enrolment={{ secret: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', otpauth_uri: 'otpauth://totp/x?secret=ABC', qr_code: 'data:image/svg+xml;base64,PHN2Zy8+' }}
      />,
    );
    expect(screen.getByRole('img', { name: 'QR code to scan with your authenticator app' }).getAttribute('src')).toBe('data:image/svg+xml;base64,PHN2Zy8+');
    expect(screen.getByTestId('totp-secret').textContent).toBe('ABCD EFGH IJKL MNOP QRST UVWX YZ23 4567');
  });

  it('lists the recovery codes once, saying each works once', () => {
    const codes = ['aaaa-bbbb-cccc-dddd', 'eeee-ffff-gggg-hhhh'];
    render(<RecoveryCodesList codes={codes} />);
    const list = screen.getByRole('list', { name: 'Your recovery codes' });
    expect(within(list).getAllByRole('listitem').map((item) => item.textContent)).toEqual(codes);
    expect(screen.getByText(/Each code works once/)).toBeTruthy();
  });
});
