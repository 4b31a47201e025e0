// An administrator sets up a team and a practitioner; the practitioner sees only what their
// role allows.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { accountLinkTexts, admin, checkPage, launchBrowser, navigationTexts, signIn, signInFirstTime, unique, withPage } from './helpers.mjs';

const directorate = `Children’s Services ${unique}`;
const service = `Family Help ${unique}`;
const team = `Team Alpha ${unique}`;
const practitioner = {
  name: 'Pat Practitioner',
  email: `pat.${unique}@example.test`,
  password: `Practitioner-${unique}-secret`,
  own: `Practitioner-${unique}-own-choice`,
};

/** @type {import('playwright-core').Browser} */
let browser;
before(async () => {
  assert.ok(admin.password, 'QA_E2E_ADMIN_PASSWORD is set');
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

/**
 * @param {import('playwright-core').Page} page
 * @param {string} name
 * @param {'directorate' | 'service' | 'team'} kind
 * @param {string} [parent]  the parent's path as the select shows it
 */
async function addUnit(page, name, kind, parent) {
  await page.getByRole('button', { name: 'Add a unit' }).click();
  await checkPage(page, `12-add-unit-${kind}`, 'Add a unit');
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel(kind === 'directorate' ? 'Directorate' : kind === 'service' ? 'Service' : 'Team', { exact: true }).check();
  if (parent) {
    await page.getByLabel(/Which (directorate|service) is it part of\?/).selectOption({ label: parent });
  }
  await page.getByRole('button', { name: 'Add unit' }).click();
  await page.waitForURL((url) => url.pathname === '/admin/teams');
  await page.locator('.govuk-notification-banner--success').getByText(`${name} has been added`).waitFor();
}

describe('roles', () => {
  it('an administrator adds a service, a team and a practitioner', withPage(() => browser, 'an-administrator-adds-a-service-a-team-a', async (page) => {
    await signIn(page, admin.email, admin.password);
    const nav = await navigationTexts(page);
    assert.ok(nav.includes('Users') && nav.includes('Teams'), `admin links for an admin: ${nav}`);
    assert.ok(!nav.includes('Cases'), 'no case records for an admin');

    await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Standards' }).click();
    await checkPage(page, '10-practice-standards', 'Practice standards');
    assert.equal(await page.locator('tbody tr').count(), 10, 'the ten practice standards');

    await page.goto('/cases');
    await checkPage(page, '11-cases-admin-no-access', 'You do not have access');

    await page.getByRole('link', { name: 'Teams' }).click();
    await checkPage(page, '12-teams-empty', 'Teams and services');
    await addUnit(page, directorate, 'directorate');
    await addUnit(page, service, 'service', directorate);
    await addUnit(page, team, 'team', `${directorate} › ${service}`);
    await checkPage(page, '13-teams-tree', 'Teams and services');
    const tree = await page.locator('.app-org-tree').first().innerText();
    assert.ok(tree.indexOf(directorate) < tree.indexOf(service) && tree.indexOf(service) < tree.indexOf(team), 'the tree nests');

    // A unit renamed through its page (PATCH with If-Match).
    await page.getByRole('link', { name: `Change ${team}` }).click();
    await checkPage(page, '14-change-team', `Change ${team}`);
    await page.getByLabel('Name', { exact: true }).fill(`${team} (North)`);
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.locator('.govuk-notification-banner--success').getByText(`Changes to ${team} (North) have been saved`).waitFor();

    await page.getByRole('link', { name: 'Users' }).click();
    await checkPage(page, '15-users', 'Users');
    await page.getByRole('button', { name: 'Add a user' }).click();
    await checkPage(page, '16-add-user', 'Add a user');

    // The server's 422 errors: in the summary, linked to each field, and on the fields.
    await page.getByRole('button', { name: 'Add user' }).click();
    const summary = page.locator('.govuk-error-summary');
    await summary.waitFor();
    const hrefs = await summary.locator('a').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    for (const href of ['#display_name', '#email', '#password']) assert.ok(hrefs.includes(href), `summary links ${href}: ${hrefs}`);
    assert.ok(await page.locator('#email-error').isVisible(), 'inline error on the email field');
    assert.match(await page.title(), /^Error: Add a user – /);
    await checkPage(page, '17-add-user-errors', 'Add a user');

    await page.getByLabel('Full name').fill(practitioner.name);
    await page.getByLabel('Email address').fill(practitioner.email);
    await page.getByLabel('Practitioner', { exact: true }).check();
    await page.getByLabel('Team or unit').selectOption({ label: `${directorate} › ${service} › ${team} (North)` });
    await page.getByLabel('Password').fill(practitioner.password);
    await page.getByRole('button', { name: 'Add user' }).click();
    await page.waitForURL((url) => url.pathname === '/admin/users');
    await page.locator('.govuk-notification-banner--success').getByText(`${practitioner.name} has been added`).waitFor();
    await checkPage(page, '18-users-with-practitioner', 'Users');

    await page.getByRole('link', { name: practitioner.name }).click();
    await checkPage(page, '19-change-user', `Change ${practitioner.name}`);
    assert.ok(await page.getByLabel('Practitioner', { exact: true }).isChecked());
    assert.ok(await page.getByLabel('Active', { exact: true }).isChecked());

    await page.getByRole('link', { name: 'Your account' }).click();
    await checkPage(page, '20-account-admin', 'Your account');
    assert.match(await page.locator('.govuk-summary-list').first().innerText(), /System administrator/);

    await page.getByRole('link', { name: 'Sign out' }).click();
    await page.waitForURL((url) => url.pathname === '/sign-in');
    await page.getByText('You have signed out').waitFor();
    await checkPage(page, '21-signed-out', 'Sign in');
  }));

  it('a practitioner sees only what their role allows', withPage(() => browser, 'a-practitioner-sees-only-what-their-role', async (page) => {
    // The administrator chose the first password, so the practitioner chooses their own.
    await signInFirstTime(page, practitioner.email, practitioner.password, practitioner.own);
    practitioner.password = practitioner.own;
    await checkPage(page, '30-home-practitioner', 'Your work');
    const nav = await navigationTexts(page);
    assert.deepEqual(nav, ['Your work', 'Cases', 'Audits', 'Observations', 'Actions', 'Feedback', 'Standards', 'Notifications']);
    assert.deepEqual(await accountLinkTexts(page), ['Your account', 'Sign out'], 'the account links are in the header');

    await page.getByRole('link', { name: 'Cases' }).first().click();
    await checkPage(page, '31-cases-practitioner', 'Cases');
    await page.getByText('No cases match these filters.').waitFor();
    await page.getByLabel('Category').selectOption('child_protection');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL((url) => url.searchParams.get('category') === 'child_protection');
    await checkPage(page, '32-cases-filtered', 'Cases');

    await page.getByRole('link', { name: 'Your account' }).click();
    await checkPage(page, '33-account-practitioner', 'Your account');
    const account = await page.locator('.govuk-summary-list').first().innerText();
    assert.match(account, /Practitioner/);
    assert.match(account, new RegExp(`${team} \\(North\\)`));

    await page.goto('/admin/users');
    await checkPage(page, '34-admin-users-no-access', 'You do not have access');
    assert.deepEqual(await navigationTexts(page), nav, 'still no admin links');

    await page.goto('/no/such/page');
    await checkPage(page, '35-not-found', 'Page not found');

    await page.goto('/cases/00000000-0000-7000-8000-000000000000');
    await checkPage(page, '36-case-not-found', 'Page not found');
  }));
});
