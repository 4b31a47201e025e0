// Shared by the browser tests: the browser, the accessibility check every page gets, screenshots.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export const screenshotsDir = join(here, '..', 'test-results', 'screenshots');
mkdirSync(screenshotsDir, { recursive: true });

export const baseURL = process.env.QA_E2E_BASE_URL ?? 'http://127.0.0.1:8080';
export const admin = {
  email: process.env.QA_E2E_ADMIN_EMAIL ?? 'admin@example.test',
  password: process.env.QA_E2E_ADMIN_PASSWORD ?? '',
};

const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const TITLE = / – Children's Services QA$/;

/** @returns {Promise<import('playwright-core').Browser>} */
export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.QA_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/**
 * A fresh browser context (its own cookies) and page. Console errors, failed scripts and
 * Content-Security-Policy violations are collected so a test can assert there were none.
 * @param {import('playwright-core').Browser} browser
 * @param {{ initScript?: string }} [options]
 */
export async function openPage(browser, options = {}) {
  const context = await browser.newContext({ baseURL, viewport: { width: 1280, height: 900 } });
  if (options.initScript) await context.addInitScript(options.initScript);
  const page = await context.newPage();
  /** @type {string[]} */
  const problems = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    // Refusals (401 from the silent refresh when signed out, 422s, 403s) are expected; nothing
    // else. A style or script the Content-Security-Policy refuses is a console error too, so
    // every page of every test also shows the SPA works under the strict CSP.
    if (message.type() === 'error' && !/Failed to load resource: the server responded with a status of 4\d\d/.test(message.text())) {
      problems.push(`console: ${message.text()}`);
    }
  });
  return { context, page, problems };
}

/**
 * Runs a test body with a fresh page; on failure saves a screenshot (`FAILED-<name>.png`), and
 * at the end asserts the page logged no errors and closes it.
 * @param {() => import('playwright-core').Browser} getBrowser
 * @param {string} name
 * @param {(page: import('playwright-core').Page) => Promise<void>} body
 * @param {{ initScript?: string }} [options]
 */
export function withPage(getBrowser, name, body, options) {
  return async () => {
    const { context, page, problems } = await openPage(getBrowser(), options);
    try {
      await body(page);
      assert.deepEqual(problems, [], 'no errors in the browser console');
    } catch (error) {
      await page.screenshot({ path: join(screenshotsDir, `FAILED-${name}.png`), fullPage: true }).catch(() => {});
      throw error;
    } finally {
      await context.close();
    }
  };
}

/**
 * What every page must satisfy: exactly one h1 (with the expected text), a proper title, no
 * axe violations of WCAG 2.0/2.1/2.2 A and AA, the service navigation on one line and no sideways
 * scrolling at 1280 px, and no sideways scrolling on a 390 px phone. Saves full-page screenshots at both widths
 * (`<name>.png`, `<name>-390.png`).
 * @param {import('playwright-core').Page} page
 * @param {string} name  screenshot file name (without .png)
 * @param {string | RegExp} heading  the expected h1
 */
export async function checkPage(page, name, heading) {
  const h1 = page.locator('h1');
  // Wait for the new page (a lazily loaded page keeps the old one on screen for a moment).
  await h1.filter({ hasText: heading }).first().waitFor();
  await page.locator('.app-loading').waitFor({ state: 'detached', timeout: 10_000 }).catch(() => {});
  assert.equal(await h1.count(), 1, `${name}: exactly one h1`);
  const text = (await h1.innerText()).trim();
  if (heading instanceof RegExp) assert.match(text, heading, `${name}: h1`);
  else assert.equal(text, heading, `${name}: h1`);
  assert.match(await page.title(), TITLE, `${name}: <title>`);
  await checkAccessibility(page, name);
  assert.ok((await navigationLines(page)) <= 1, `${name}: the service navigation fits one line at 1280 px`);
  const wide = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth }));
  assert.ok(wide.scrollWidth <= wide.clientWidth, `${name}: no sideways scrolling at 1280 px (${wide.scrollWidth} > ${wide.clientWidth})`);
  await page.screenshot({ path: join(screenshotsDir, `${name}.png`), fullPage: true });
  await checkPhoneWidth(page, name);
}

/**
 * How many lines the service navigation's links take (0 without them).
 * @param {import('playwright-core').Page} page
 */
export function navigationLines(page) {
  return page.evaluate(() => {
    const items = Array.from(document.querySelectorAll('.govuk-service-navigation__item'));
    return new Set(items.map((item) => Math.round(item.getBoundingClientRect().top))).size;
  });
}

/**
 * At 390 px wide (a phone) the page must not scroll sideways; saves `<name>-390.png`, then goes
 * back to the desktop width.
 * @param {import('playwright-core').Page} page
 * @param {string} name
 */
export async function checkPhoneWidth(page, name) {
  const size = page.viewportSize() ?? { width: 1280, height: 900 };
  await page.setViewportSize({ width: 390, height: 844 });
  try {
    const { scrollWidth, clientWidth } = await page.evaluate(() => {
      const root = /** @type {Element} */ (document.scrollingElement);
      return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth };
    });
    assert.ok(scrollWidth <= clientWidth, `${name}: no sideways scrolling at 390 px (${scrollWidth} > ${clientWidth})`);
    await page.screenshot({ path: join(screenshotsDir, `${name}-390.png`), fullPage: true });
  } finally {
    await page.setViewportSize(size);
  }
}

/**
 * How many lines a tag's text takes.
 * @param {import('playwright-core').Locator} tag
 */
export function tagLines(tag) {
  return tag.evaluate((el) => {
    const style = getComputedStyle(el);
    const inner = el.getBoundingClientRect().height - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom);
    return Math.round(inner / parseFloat(style.lineHeight));
  });
}

/** @param {import('playwright-core').Page} page @param {string} name */
export async function checkAccessibility(page, name) {
  // Evaluated through the DevTools protocol, so the page's CSP (script-src 'self') stays on.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const results = await page.evaluate(
    // @ts-expect-error axe is the global axe-core defines
    (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
    AXE_TAGS,
  );
  /** @type {{ id: string; help: string; nodes: { target: unknown[] }[] }[]} */
  const violations = results.violations;
  const report = violations.map((v) => `${v.id}: ${v.help} at ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
  assert.deepEqual(report, [], `${name}: axe violations`);
}

/**
 * Signs in through the form; answers the second-factor step with a fresh code when the account
 * has one, and sets one up (remembering its key) when the account must have one.
 * @param {import('playwright-core').Page} page
 * @param {string} email
 * @param {string} password
 */
export async function signIn(page, email, password) {
  await page.goto('/sign-in');
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await passSecondFactor(page, email);
  await page.waitForURL((url) => url.pathname === '/');
  await page.getByRole('heading', { level: 1, name: 'Your work' }).waitFor();
}

/**
 * After the password: the second-factor step, if the sign-in shows one.
 * @param {import('playwright-core').Page} page
 * @param {string} email
 */
export async function passSecondFactor(page, email) {
  const heading = page.getByRole('heading', { level: 1, name: /^(Your work|Enter your security code|Set up your authenticator app|Choose a new password)$/ });
  await heading.waitFor();
  const text = (await heading.innerText()).trim();
  if (text === 'Enter your security code') {
    await page.getByLabel('Code from your authenticator app').fill(await freshCode(email));
    await page.getByRole('button', { name: 'Continue' }).click();
  } else if (text === 'Set up your authenticator app') {
    await page.getByText('I cannot scan the QR code').click();
    const secret = (await page.getByTestId('totp-secret').innerText()).replace(/\s/g, '');
    saveSecondFactor(email, { secret, lastStep: 0 });
    await page.getByLabel('Code from your authenticator app').fill(await freshCode(email));
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('button', { name: 'I have saved my recovery codes' }).click();
  }
}

// --- The second factor: an authenticator app's codes (RFC 6238), as a phone would show them --

const stateDir = process.env.QA_E2E_STATE_DIR ?? join(tmpdir(), 'qa-e2e-state');
mkdirSync(stateDir, { recursive: true });

/** @param {string} email */
function stateFile(email) {
  return join(stateDir, `totp-${email.replace(/[^a-z0-9.@-]/gi, '_')}.json`);
}

/**
 * The key of a person's authenticator app and the last time step a code of it was used: the
 * service takes each code once, and the files of the suite share the administrator's.
 * @param {string} email
 * @returns {{ secret: string; lastStep: number } | null}
 */
export function secondFactorOf(email) {
  return existsSync(stateFile(email)) ? JSON.parse(readFileSync(stateFile(email), 'utf8')) : null;
}

/** @param {string} email @param {{ secret: string; lastStep: number }} state */
export function saveSecondFactor(email, state) {
  writeFileSync(stateFile(email), JSON.stringify(state));
}

/** @param {string} secret base32 (RFC 4648) */
function base32Bytes(secret) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const char of secret.replace(/=+$/, '').toUpperCase()) bits += alphabet.indexOf(char).toString(2).padStart(5, '0');
  const bytes = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  return Buffer.from(bytes);
}

/** The 6-digit code of a time step (HMAC-SHA-1, RFC 4226 truncation). @param {string} secret @param {number} step */
export function totpCode(secret, step) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac('sha1', base32Bytes(secret)).update(counter).digest();
  const offset = mac[mac.length - 1] & 0xf;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

/**
 * A code the service has not seen yet: this step's, or the next one's (accepted for clock
 * drift), waiting for the clock when both are used.
 * @param {string} email
 */
export async function freshCode(email) {
  const state = secondFactorOf(email);
  assert.ok(state, `${email} has a second factor`);
  let now = Math.floor(Date.now() / 30_000);
  const waitStarted = Date.now();
  let waited = false;
  while (state.lastStep > now) {
    waited = true;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    now = Math.floor(Date.now() / 30_000);
  }
  // Said, so that a slow run shows where its time went.
  if (waited) console.log(`# waited ${Math.round((Date.now() - waitStarted) / 1000)} s for a fresh code of ${email}`);
  const step = Math.max(now, state.lastStep + 1);
  saveSecondFactor(email, { ...state, lastStep: step });
  return totpCode(state.secret, step);
}

/**
 * A first sign-in with a password an administrator set: the service asks for a new one before
 * anything else, and then signs the person in.
 * @param {import('playwright-core').Page} page
 * @param {string} email
 * @param {string} given  the password the administrator set
 * @param {string} chosen  the person's own
 */
export async function signInFirstTime(page, email, given, chosen) {
  await page.goto('/sign-in');
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(given);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await passSecondFactor(page, email);
  await checkPage(page, 'first-sign-in-choose-password', 'Choose a new password');
  await page.getByLabel('New password', { exact: true }).fill(chosen);
  await page.getByLabel('Confirm new password').fill(`${chosen}x`);
  await page.getByRole('button', { name: 'Save password and continue' }).click();
  await page.locator('#confirm-password-error').getByText('The passwords do not match').waitFor();
  await page.getByLabel('Confirm new password').fill(chosen);
  await page.getByRole('button', { name: 'Save password and continue' }).click();
  await page.waitForURL((url) => url.pathname === '/');
  await page.getByRole('heading', { level: 1, name: 'Your work' }).waitFor();
}

/**
 * The texts of the header's account links ("Your account", "Sign out").
 * @param {import('playwright-core').Page} page
 */
export async function accountLinkTexts(page) {
  return (await page.getByRole('navigation', { name: 'Account' }).getByRole('link').allInnerTexts()).map((t) => t.trim());
}

/**
 * The texts of the service navigation's links.
 * @param {import('playwright-core').Page} page
 */
export async function navigationTexts(page) {
  return (await page.locator('.govuk-service-navigation__list a').allInnerTexts()).map((t) => t.trim());
}

export const unique = Date.now().toString(36);

/**
 * A call to the API, as a script would make it; fails the test unless it succeeds.
 * @param {string} method
 * @param {string} path
 * @param {{ token?: string; body?: unknown; headers?: Record<string, string> }} [options]
 */
export async function call(method, path, { token, body, headers } = {}) {
  const response = await fetch(new URL(path, baseURL), {
    method,
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  assert.ok(response.ok, `${method} ${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

/**
 * Answers a sign-in's challenges as a script would: a fresh code, setting up a second factor
 * (keeping its key) where the account must have one, and a new password (`newPassword`) where
 * an administrator set it.
 * @param {string} email
 * @param {any} answer  the sign-in's answer
 * @param {string} [newPassword]
 */
export async function passChallenges(email, answer, newPassword) {
  let current = answer;
  while (current.challenge) {
    const challenge_token = current.challenge_token;
    if (current.challenge === 'totp') {
      current = await call('POST', '/api/v1/auth/challenge', { body: { challenge_token, code: await freshCode(email) } });
    } else if (current.challenge === 'totp_enrolment') {
      const enrolment = await call('POST', '/api/v1/auth/totp/enrolment', { body: { challenge_token } });
      saveSecondFactor(email, { secret: enrolment.secret, lastStep: 0 });
      current = await call('POST', '/api/v1/auth/challenge', { body: { challenge_token, code: await freshCode(email) } });
      assert.equal(current.recovery_codes?.length, 10, 'ten recovery codes');
    } else {
      assert.ok(newPassword, `${email} must choose a password`);
      current = await call('POST', '/api/v1/auth/challenge', { body: { challenge_token, new_password: newPassword } });
    }
  }
  return current;
}

/**
 * An access token for a person. The administrator's is kept in the state folder and reused by
 * the next file while it has a minute left and still works: every file starts with it, and
 * each fresh sign-in needs a fresh code, at most two of which fall in any 30 seconds (the
 * suite waited over four minutes for codes before it was kept).
 * @param {string} email @param {string} secret
 */
export async function token(email, secret) {
  const kept = email === admin.email ? await keptToken(email) : null;
  if (kept) return kept;
  const answer = await call('POST', '/api/v1/auth/login', { body: { email, password: secret } });
  const signedIn = await passChallenges(email, answer);
  if (email === admin.email) {
    writeFileSync(tokenFile(email), JSON.stringify({ token: signedIn.access_token, expiresAt: Date.now() + signedIn.expires_in * 1000 }));
  }
  return signedIn.access_token;
}

/** @param {string} email */
function tokenFile(email) {
  return join(stateDir, `token-${email.replace(/[^a-z0-9.@-]/gi, '_')}.json`);
}

/**
 * The kept token, if it has a minute left and the service still takes it (a test may have
 * ended the administrator's sessions).
 * @param {string} email
 * @returns {Promise<string | null>}
 */
async function keptToken(email) {
  if (!existsSync(tokenFile(email))) return null;
  const { token: kept, expiresAt } = JSON.parse(readFileSync(tokenFile(email), 'utf8'));
  if (expiresAt - Date.now() < 60_000) return null;
  const response = await fetch(new URL('/api/v1/me', baseURL), { headers: { Authorization: `Bearer ${kept}` } });
  await response.body?.cancel();
  return response.ok ? kept : null;
}

/**
 * An administrator adds a person, who then chooses their own password at the first sign-in (as
 * they must after an administrator set it); the person's `password` becomes their own.
 * @param {string} adminToken
 * @param {{ name: string; email: string; password: string; roles: string[] }} person
 * @param {string} unitId  their team or unit
 * @returns {Promise<string>} their user id
 */
export async function addPerson(adminToken, person, unitId) {
  const user = await call('POST', '/api/v1/users', {
    token: adminToken,
    body: { email: person.email, display_name: person.name, roles: person.roles, team_id: unitId, password: person.password },
  });
  const first = await call('POST', '/api/v1/auth/login', { body: { email: person.email, password: person.password } });
  assert.ok(first.challenge, `${person.email} must choose a password`);
  person.password = `${person.password}-own`;
  await passChallenges(person.email, first, person.password);
  return user.id;
}
