// An administrator adds a service account for another system, sees its token once and the
// token works; rotating gives a new token (shown once), and revoking stops every token at once.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { admin, baseURL, checkPage, launchBrowser, signIn, unique, withPage } from './helpers.mjs';

/** @type {import('playwright-core').Browser} */
let browser;
before(async () => {
  assert.ok(admin.password, 'QA_E2E_ADMIN_PASSWORD is set');
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

/** What the API answers a service token asking who it is. @param {string} token */
async function whoAmI(token) {
  const response = await fetch(new URL('/api/v1/integration/token', baseURL), { headers: { Authorization: `Bearer ${token}` } });
  return { status: response.status, body: response.ok ? await response.json() : null };
}

/** The token the page shows once. @param {import('playwright-core').Page} page */
async function shownToken(page) {
  const token = (await page.getByTestId('service-token').innerText()).trim();
  assert.match(token, /^qasa_[A-Za-z0-9_-]{43}$/, 'a recognisable token');
  return token;
}

const name = `Case management system ${unique}`;

describe('service accounts', () => {
  it('an administrator adds one, its token works, is rotated and revoked', withPage(() => browser, 'service-accounts', async (page) => {
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await signIn(page, admin.email, admin.password);
    await page.goto('/admin/settings');
    await page.getByRole('link', { name: 'Service accounts' }).click();
    await checkPage(page, 'service-accounts-01-list', 'Service accounts');

    await page.getByRole('button', { name: 'Add a service account' }).click();
    await checkPage(page, 'service-accounts-02-add', 'Add a service account');
    // Expiry defaults to 90 days ahead.
    const day = await page.getByLabel('Day').inputValue();
    assert.ok(day !== '', 'the expiry is filled in');
    // Nothing chosen: the error summary links to the fields.
    await page.getByRole('button', { name: 'Add service account' }).click();
    const summary = page.locator('.govuk-error-summary');
    await summary.waitFor();
    assert.deepEqual(await summary.locator('a').evaluateAll((links) => links.map((a) => a.getAttribute('href'))), ['#name', '#scopes']);
    await checkPage(page, 'service-accounts-03-add-errors', 'Add a service account');
    // An expiry more than a year ahead is refused.
    await page.getByLabel('Name').fill(name);
    await page.getByLabel('cases:write').check();
    await page.getByLabel('events:read').check();
    const year = page.getByLabel('Year');
    const defaultYear = await year.inputValue();
    await year.fill(String(Number(defaultYear) + 2));
    await page.getByRole('button', { name: 'Add service account' }).click();
    await summary.getByRole('link', { name: 'Expiry date must be no more than a year from today' }).waitFor();
    await year.fill(defaultYear);
    await page.getByRole('button', { name: 'Add service account' }).click();

    await checkPage(page, 'service-accounts-04-token', 'Copy the token now');
    await page.getByText('This token will not be shown again').waitFor();
    const first = await shownToken(page);
    await page.getByRole('button', { name: 'Copy token' }).click();
    await page.getByText('Token copied.').waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), first, 'the copy button copies the token');

    const works = await whoAmI(first);
    assert.equal(works.status, 200, 'the new token works');
    assert.equal(works.body.name, name);
    assert.deepEqual(works.body.scopes, ['cases:write', 'events:read']);

    // Shown once: coming back to the address does not show it again.
    await page.getByRole('link', { name: 'I have copied the token' }).click();
    await checkPage(page, 'service-accounts-05-account', name);
    const accountUrl = page.url();
    await page.goto(`${accountUrl}/token`);
    await checkPage(page, 'service-accounts-06-token-gone', 'The token can no longer be shown');
    assert.ok(!(await page.content()).includes(first), 'the token is not on the page again');

    await page.goto(accountUrl);
    await checkPage(page, 'service-accounts-05-account', name);
    assert.equal(await page.locator('tbody tr').count(), 1, 'one token');
    assert.equal(await page.getByLabel('Overlap in hours').inputValue(), '24');
    await page.getByRole('button', { name: 'Rotate token' }).click();
    await checkPage(page, 'service-accounts-07-rotated', 'Copy the token now');
    const second = await shownToken(page);
    assert.notEqual(second, first, 'a new token');
    assert.equal((await whoAmI(second)).status, 200, 'the new token works');
    assert.equal((await whoAmI(first)).status, 200, 'the old token works during the overlap');

    await page.getByRole('link', { name: 'I have copied the token' }).click();
    await checkPage(page, 'service-accounts-08-account-rotated', name);
    assert.equal(await page.locator('tbody tr').count(), 2, 'both tokens during the overlap');

    await page.getByRole('button', { name: 'Revoke account' }).click();
    await checkPage(page, 'service-accounts-09-revoke', `Are you sure you want to revoke ${name}?`);
    await page.getByRole('button', { name: 'Yes, revoke account' }).click();
    await page.locator('.govuk-notification-banner--success').getByText(`${name} has been revoked`).waitFor();
    await checkPage(page, 'service-accounts-10-revoked', name);
    assert.equal(await page.getByRole('button', { name: 'Rotate token' }).count(), 0, 'a revoked account is not rotated');
    assert.equal(await page.getByRole('button', { name: 'Revoke account' }).count(), 0);

    assert.equal((await whoAmI(second)).status, 401, 'the revoked token is refused');
    assert.equal((await whoAmI(first)).status, 401, 'the old token is refused too');

    await page.getByRole('link', { name: 'Back to service accounts' }).click();
    await checkPage(page, 'service-accounts-11-list', 'Service accounts');
    const row = page.locator('tbody tr', { hasText: name });
    await row.getByText('Revoked').waitFor();
    assert.match(await row.innerText(), /Never|\d{2}:\d{2}/);
  }));
});
