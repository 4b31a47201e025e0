// Single sign-on with the council's identity provider: a certified OpenID Connect provider on
// loopback (tests/oidc/provider.mjs, started by scripts/e2e.sh). The first sign-in links the
// account by its verified e-mail; unknown and deactivated people, a changed `state`, a token
// for another audience or already expired are refused; a rotated signing key is followed; and
// signing out ends the provider's session too.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addPerson, admin, baseURL, call, checkPage, launchBrowser, signIn, token, unique, withPage } from './helpers.mjs';

const oidcURL = process.env.QA_E2E_OIDC_URL ?? '';

/** @type {import('playwright-core').Browser} */
let browser;
// The provider's people: their e-mail is `<login>@council.test` (tests/oidc/provider.mjs).
const linked = { login: `sso-worker-${unique}`, name: 'Sian Sso', password: `Sian-${unique}-long-password`, roles: ['practitioner'] };
const analyst = { login: `sso-qa-${unique}`, name: 'Quin Group', password: `Quin-${unique}-long-password`, roles: ['practitioner'] };
const leaver = { login: `sso-leaver-${unique}`, name: 'Lee Leaver', password: `Lee-${unique}-long-password`, roles: ['practitioner'] };
/** @param {{ login: string }} who */
const emailOf = (who) => `${who.login}@council.test`;

before(async () => {
  assert.ok(admin.password, 'QA_E2E_ADMIN_PASSWORD is set');
  assert.ok(oidcURL, 'QA_E2E_OIDC_URL is set (scripts/e2e.sh starts the provider)');
  browser = await launchBrowser();
  const adminToken = await token(admin.email, admin.password);
  const directorate = await call('POST', '/api/v1/org-units', {
    token: adminToken,
    body: { name: `Children’s Services ${unique} (single sign-on)`, kind: 'directorate', parent_id: null },
  });
  await addPerson(adminToken, { ...linked, email: emailOf(linked) }, directorate.id);
  await addPerson(adminToken, { ...analyst, email: emailOf(analyst) }, directorate.id);
  const leaverId = await addPerson(adminToken, { ...leaver, email: emailOf(leaver) }, directorate.id);
  const current = await fetch(new URL(`/api/v1/users/${leaverId}`, baseURL), { headers: { Authorization: `Bearer ${adminToken}` } });
  const deactivated = await fetch(new URL(`/api/v1/users/${leaverId}`, baseURL), {
    method: 'PATCH',
    headers: { Authorization: `Bearer ${adminToken}`, 'Content-Type': 'application/merge-patch+json', 'If-Match': current.headers.get('etag') ?? '' },
    body: JSON.stringify({ active: false }),
  });
  assert.equal(deactivated.status, 200, 'the leaver is deactivated');
});

after(async () => {
  await mode('normal');
  await browser?.close();
});

/** Makes the provider misbehave, or behave. @param {string} to */
async function mode(to) {
  if (oidcURL) await fetch(`${oidcURL}/__test/mode?to=${to}`, { method: 'POST' });
}

/**
 * From the sign-in page through the provider's login and consent, back to this service.
 * @param {import('playwright-core').Page} page
 * @param {string} login
 */
async function signInAtProvider(page, login) {
  await page.goto('/sign-in');
  await page.getByRole('link', { name: 'Sign in with Test Council' }).click();
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('any password');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
}

/**
 * The sign-in page shows a refusal.
 * @param {import('playwright-core').Page} page
 * @param {string} reason
 * @param {string} heading
 */
async function refused(page, reason, heading) {
  await page.waitForURL((url) => url.pathname === '/sign-in' && url.searchParams.get('sso') === reason);
  await page.getByText(heading).waitFor();
}

describe('single sign-on', () => {
  it('is the first choice; links by verified e-mail, signs in, and signs out at the provider too', withPage(() => browser, 'sso-sign-in', async (page) => {
    await page.goto('/sign-in');
    const sso = page.getByRole('link', { name: 'Sign in with Test Council' });
    await sso.waitFor();
    await checkPage(page, 'sso-01-sign-in', 'Sign in');
    await signInAtProvider(page, linked.login);
    await page.waitForURL((url) => url.pathname === '/');
    await page.getByRole('heading', { level: 1, name: 'Your work' }).waitFor();
    await page.goto('/account');
    await page.getByText(emailOf(linked)).waitFor();
    await page.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Yes, sign me out' }).click();
    await page.waitForURL((url) => url.pathname === '/sign-in');
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    // The next sign-in asks the provider again (its session ended), and matches by subject.
    await signInAtProvider(page, linked.login);
    await page.getByRole('heading', { level: 1, name: 'Your work' }).waitFor();
  }));

  it('refuses someone with no account here, and says to ask an administrator', withPage(() => browser, 'sso-unknown', async (page) => {
    await signInAtProvider(page, `stranger-${unique}`);
    await refused(page, 'unknown', 'There is no account for you on this service');
    await checkPage(page, 'sso-02-unknown', 'Sign in');
    assert.match(await page.locator('.govuk-notification-banner').innerText(), /Ask your system administrator to add you/);
  }));

  it('refuses a deactivated account', withPage(() => browser, 'sso-deactivated', async (page) => {
    await signInAtProvider(page, leaver.login);
    await refused(page, 'deactivated', 'Your account is deactivated');
  }));

  it('refuses a changed state, and a state begun in another browser', withPage(() => browser, 'sso-state', async (page) => {
    /** @type {string | null} */
    let state = null;
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.origin === oidcURL && url.pathname === '/auth') state = url.searchParams.get('state');
    });
    await page.goto('/sign-in');
    await page.getByRole('link', { name: 'Sign in with Test Council' }).click();
    await page.locator('input[name="login"]').waitFor();
    assert.ok(state, 'the sign-in sent a state');
    // Another browser, without this one's cookie, cannot finish it.
    const other = await browser.newContext({ baseURL });
    const elsewhere = await other.newPage();
    await elsewhere.goto(`/api/v1/auth/oidc/callback?code=a-code&state=${encodeURIComponent(state)}`);
    await refused(elsewhere, 'failed', 'Signing in with your council account did not work');
    await other.close();
    // This browser, with a state changed on the way, cannot either.
    await page.goto(`/api/v1/auth/oidc/callback?code=a-code&state=${encodeURIComponent(`${state}x`)}`);
    await refused(page, 'failed', 'Signing in with your council account did not work');
  }));

  it('refuses an ID token for another audience, and one that has expired', withPage(() => browser, 'sso-tokens', async (page) => {
    try {
      await mode('wrong_audience');
      await signInAtProvider(page, linked.login);
      await refused(page, 'failed', 'Signing in with your council account did not work');
      await mode('expired');
      await page.context().clearCookies();
      await signInAtProvider(page, linked.login);
      await refused(page, 'failed', 'Signing in with your council account did not work');
    } finally {
      await mode('normal');
    }
  }));

  it('follows the provider to a new signing key', withPage(() => browser, 'sso-rotation', async (page) => {
    await fetch(`${oidcURL}/__test/rotate`, { method: 'POST' });
    await signInAtProvider(page, linked.login);
    await page.waitForURL((url) => url.pathname === '/');
    await page.getByRole('heading', { level: 1, name: 'Your work' }).waitFor();
  }));

  it('gives the roles an administrator maps to the provider’s groups, never administrator', withPage(() => browser, 'sso-role-mappings', async (page) => {
    const group = `qa-unit-${unique}`;
    await signIn(page, admin.email, admin.password);
    await page.goto('/admin/settings');
    await page.getByRole('link', { name: 'Roles from the council’s groups' }).click();
    await checkPage(page, 'sso-03-role-mappings', 'Roles from the council’s groups');
    const roles = await page.getByLabel('Role its members are given').locator('option').allInnerTexts();
    assert.ok(!roles.includes('System administrator') && !roles.some((r) => /data protection/i.test(r)), 'never administrator or data protection officer');
    await page.getByLabel('Group', { exact: true }).fill(group);
    await page.getByLabel('Role its members are given').selectOption('qa_officer');
    await page.getByRole('button', { name: 'Add group' }).click();
    await page.getByRole('cell', { name: group, exact: true }).waitFor();
    await checkPage(page, 'sso-04-role-mapped', 'Roles from the council’s groups');
    await page.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: 'Sign out' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();

    await fetch(`${oidcURL}/__test/groups?login=${analyst.login}&groups=${group},another-group`, { method: 'POST' });
    await signInAtProvider(page, analyst.login);
    await page.getByRole('heading', { level: 1, name: 'Your work' }).waitFor();
    await page.goto('/account');
    await page.getByText('Quality assurance officer').waitFor();
  }));
});
