// The second factor: a practitioner sets up an authenticator app on their account page, signs
// out, signs in with a code, then with a recovery code, and the same recovery code is refused
// the second time; an administrator resets it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addPerson, admin, call, checkPage, freshCode, launchBrowser, saveSecondFactor, signIn, token, unique, withPage } from './helpers.mjs';

/** @type {import('playwright-core').Browser} */
let browser;
const person = {
  name: 'Sam Second',
  email: `sam.second.${unique}@example.test`,
  password: `Sam-${unique}-long-password`,
  roles: ['practitioner'],
};
const state = { id: '', recoveryCodes: /** @type {string[]} */ ([]) };

before(async () => {
  assert.ok(admin.password, 'QA_E2E_ADMIN_PASSWORD is set');
  browser = await launchBrowser();
  const adminToken = await token(admin.email, admin.password);
  const directorate = await call('POST', '/api/v1/org-units', {
    token: adminToken,
    body: { name: `Children’s Services ${unique} (second factor)`, kind: 'directorate', parent_id: null },
  });
  state.id = await addPerson(adminToken, person, directorate.id);
});

after(async () => {
  await browser?.close();
});

/**
 * Signs out from the header and waits for the sign-in page.
 * @param {import('playwright-core').Page} page
 */
async function signOut(page) {
  await page.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: 'Sign out' }).click();
  await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
}

/**
 * The password step, up to the security code.
 * @param {import('playwright-core').Page} page
 */
async function password(page) {
  await page.goto('/sign-in');
  await page.getByLabel('Email address').fill(person.email);
  await page.getByLabel('Password').fill(person.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: 'Enter your security code' }).waitFor();
}

describe('the second factor', () => {
  it('is set up on the account page, then signs in with a code and with a recovery code once', withPage(() => browser, 'second-factor', async (page) => {
    await signIn(page, person.email, person.password);
    await page.goto('/account');
    await checkPage(page, 'second-factor-01-account', 'Your account');
    await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
    await page.getByRole('img', { name: 'QR code to scan with your authenticator app' }).waitFor();
    await page.getByText('I cannot scan the QR code').click();
    const secret = (await page.getByTestId('totp-secret').innerText()).replace(/\s/g, '');
    assert.match(secret, /^[A-Z2-7]{32}$/, 'a 160-bit base32 key');
    saveSecondFactor(person.email, { secret, lastStep: 0 });
    await checkPage(page, 'second-factor-02-set-up', 'Your account');
    // A wrong code is refused, named on its field.
    await page.getByLabel('Code from your authenticator app').fill('000000');
    await page.getByRole('button', { name: 'Turn on second factor' }).click();
    await page.locator('.govuk-error-summary').waitFor();
    assert.match(await page.locator('#totp-code-error').innerText(), /Code is not right/);
    await page.getByLabel('Code from your authenticator app').fill(await freshCode(person.email));
    await page.getByRole('button', { name: 'Turn on second factor' }).click();
    const list = page.getByRole('list', { name: 'Your recovery codes' });
    await list.waitFor();
    state.recoveryCodes = (await list.locator('li').allInnerTexts()).map((code) => code.trim());
    assert.equal(state.recoveryCodes.length, 10, 'ten recovery codes');
    await checkPage(page, 'second-factor-03-recovery-codes', 'Your account');
    await page.getByRole('button', { name: 'I have saved my recovery codes' }).click();
    await page.getByText('Recovery codes left').waitFor();
    await signOut(page);

    // With a code from the app.
    await password(page);
    await checkPage(page, 'second-factor-04-enter-code', 'Enter your security code');
    await page.getByLabel('Code from your authenticator app').fill(await freshCode(person.email));
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('heading', { level: 1, name: 'Your work' }).waitFor();
    await signOut(page);

    // With a recovery code, once.
    const [recovery] = state.recoveryCodes;
    await password(page);
    await page.getByLabel('Code from your authenticator app').fill(recovery ?? '');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('heading', { level: 1, name: 'Your work' }).waitFor();
    await signOut(page);

    await password(page);
    await page.getByLabel('Code from your authenticator app').fill(recovery ?? '');
    await page.getByRole('button', { name: 'Continue' }).click();
    const summary = page.locator('.govuk-error-summary');
    await summary.waitFor();
    assert.match(await summary.innerText(), /Code is not right/);
    assert.match(await page.title(), /^Error: Enter your security code – /);
    await checkPage(page, 'second-factor-05-recovery-code-refused', 'Enter your security code');
  }));

  it('is reset by an administrator', withPage(() => browser, 'second-factor-reset', async (page) => {
    await signIn(page, admin.email, admin.password);
    await page.goto(`/admin/users/${state.id}`);
    await page.getByRole('heading', { level: 2, name: 'Second factor' }).waitFor();
    await page.getByText(/signs in with a code from an authenticator app \(9 recovery codes left\)/).waitFor();
    await checkPage(page, 'second-factor-06-admin', `Change ${person.name}`);
    await page.getByRole('button', { name: 'Reset second factor' }).click();
    await page.getByText(`${person.name}’s second factor has been reset`).waitFor();
    await page.getByText(`${person.name} has no authenticator app set up.`).waitFor();
    await checkPage(page, 'second-factor-07-admin-reset', `Change ${person.name}`);
    // The practitioner signs in with the password alone again.
    const answer = await call('POST', '/api/v1/auth/login', { body: { email: person.email, password: person.password } });
    assert.ok(answer.access_token, 'signed in without a code');
  }));
});
