// Signing in and out: by keyboard alone, with a wrong password, and the idle timeout.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { join } from 'node:path';
import { admin, checkAccessibility, checkPage, freshCode, launchBrowser, screenshotsDir, signIn, token, withPage } from './helpers.mjs';

/** @type {import('playwright-core').Browser} */
let browser;
before(async () => {
  assert.ok(admin.password, 'QA_E2E_ADMIN_PASSWORD is set');
  // The administrator has a second factor from here on (set up now if no test did before).
  await token(admin.email, admin.password);
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

describe('signing in', () => {
  it('works by keyboard alone: Tab, type, Enter', withPage(() => browser, 'works-by-keyboard-alone-tab-type-enter', async (page) => {
    const response = await page.goto('/');
    const csp = response?.headers()['content-security-policy'] ?? '';
    assert.match(csp, /style-src 'self';/, 'the SPA is served with a CSP');
    assert.doesNotMatch(csp, /unsafe-inline/, 'no inline styles or scripts allowed');
    await page.waitForURL((url) => url.pathname === '/sign-in');
    await checkPage(page, '01-sign-in', 'Sign in');

    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Skip to main content', 'the skip link comes first');
    for (let i = 0; i < 10 && (await page.evaluate(() => document.activeElement?.id)) !== 'email'; i++) {
      await page.keyboard.press('Tab');
    }
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'email', 'Tab reaches the email field');
    await page.keyboard.type(admin.email);
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'password');
    await page.keyboard.type(admin.password);
    await page.keyboard.press('Enter');
    // The second factor, by keyboard too.
    await checkPage(page, '02-security-code', 'Enter your security code');
    for (let i = 0; i < 10 && (await page.evaluate(() => document.activeElement?.id)) !== 'code'; i++) {
      await page.keyboard.press('Tab');
    }
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'code', 'Tab reaches the code field');
    await page.keyboard.type(await freshCode(admin.email));
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname === '/');
    await checkPage(page, '02-home-admin', 'Your work');
  }));

  it('with a wrong password shows the error summary, linked to the field', withPage(() => browser, 'with-a-wrong-password-shows-the-error-su', async (page) => {
    await page.goto('/sign-in');
    await page.getByLabel('Email address').fill(admin.email);
    await page.getByLabel('Password').fill('not-the-right-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const summary = page.locator('.govuk-error-summary');
    await summary.waitFor();
    assert.equal(await summary.locator('h2').innerText(), 'There is a problem');
    const link = summary.getByRole('link', { name: 'Enter a correct email address and password' });
    assert.equal(await link.getAttribute('href'), '#email');
    assert.ok(await summary.evaluate((el) => el === document.activeElement || el.contains(document.activeElement)), 'the summary has focus');
    assert.match(await page.title(), /^Error: Sign in – /);
    assert.match(await page.locator('#email-error').innerText(), /Enter a correct email address and password/);
    await checkPage(page, '03-sign-in-wrong-password', 'Sign in');
    await link.click();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'email', 'the link moves focus to the field');
  }));

  it('warns before the idle timeout, lets the person stay, then signs them out', withPage(() => browser, 'idle-timeout', async (page) => {
    await signIn(page, admin.email, admin.password);
    const dialog = page.getByRole('dialog', { name: 'You’re about to be signed out' });
    await dialog.waitFor({ timeout: 10_000 });
    const stay = dialog.getByRole('button', { name: 'Stay signed in' });
    assert.ok(await stay.evaluate((el) => el === document.activeElement), 'focus moves into the warning');
    await checkAccessibility(page, 'idle warning');
    await page.screenshot({ path: join(screenshotsDir, '04-idle-warning.png'), fullPage: true });
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'hidden' });
    assert.equal(new URL(page.url()).pathname, '/', 'still signed in after "Stay signed in"');

    await dialog.waitFor({ timeout: 10_000 });
    await page.waitForURL((url) => url.pathname === '/sign-in', { timeout: 10_000 });
    await page.getByText('We signed you out').waitFor();
    await checkPage(page, '05-signed-out-idle', 'Sign in');
    // The refresh cookie was revoked: a reload does not sign back in.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
  }, {
    // Shorter durations than the real 15 minutes and 60 seconds, read by the app at start.
    initScript: "localStorage.setItem('qa.idle-timeout-seconds', '6'); localStorage.setItem('qa.idle-warning-seconds', '3');",
  }));
});
