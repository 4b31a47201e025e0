// Importing a council's past audits on screen. A QA officer opens the audits list, chooses
// "Import past audits", and sends a file with one bad row: nothing is imported, the error summary
// lists the row and the preview shows what to fix beside it. The fixed file is checked first
// (nothing kept), then imported.
//
// The organisation, the QA officer and the cases are set up through the API (the e2e database
// has no demo council, so the cases have references of their own rather than DEMO-000001...);
// the rest is done in the browser, and every new page is checked with axe, at 1280 px and at
// 390 px, and photographed.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addPerson, admin, call, checkPage, launchBrowser, signIn, token, unique, withPage } from './helpers.mjs';

/** @type {import('playwright-core').Browser} */
let browser;

const qa = { name: 'Pat Past', email: `qa.past.${unique}@example.test`, password: `qa-${unique}-Past-audits`, roles: ['qa_officer'] };
const refs = [1, 2, 3].map((n) => `PA-${unique}-${n}`);
const state = { teamId: '' };

before(async () => {
  assert.ok(admin.password, 'QA_E2E_ADMIN_PASSWORD is set');
  browser = await launchBrowser();
  const adminToken = await token(admin.email, admin.password);
  /** @param {string} name @param {string} kind @param {string | null} parent_id */
  const unit = (name, kind, parent_id) => call('POST', '/api/v1/org-units', { token: adminToken, body: { name, kind, parent_id } });
  const directorate = await unit(`Children’s Services ${unique} (past audits)`, 'directorate', null);
  const service = await unit(`Safeguarding ${unique}`, 'service', directorate.id);
  const team = await unit(`Team Lambda ${unique}`, 'team', service.id);
  state.teamId = team.id;
  await addPerson(adminToken, qa, directorate.id);
  const qaToken = await token(qa.email, qa.password);
  for (const [i, external_ref] of refs.entries()) {
    await call('POST', '/api/v1/cases', { token: qaToken, body: { display_name: `P.A. ${i + 1} ${unique}`, external_ref, category: 'child_in_need', team_id: team.id } });
  }
});

after(async () => {
  await browser?.close();
});

/** A file of past audits, its second row's second standard graded `s2`. @param {string} s2 */
const file = (s2) =>
  Buffer.from(
    [
      'case_ref,audited_on,auditor_email,s1,s2,s3,s4,s5,s6,s7,s8,s9,s10,overall',
      `${refs[0]},2025-03-14,${qa.email},Good,Good,Requires improvement,Good,Good,Good,Good,n/a,Good,Good,Good`,
      `${refs[1]},2025-06-30,${qa.email},Outstanding,${s2},Good,Good,Good,Good,Good,Good,Good,Good,Outstanding`,
      `${refs[2]},2025-09-02,${qa.email},inadequate,requires_improvement,Inadequate,Requires improvement,Good,n/a,Good,Good,Good,Good,Inadequate`,
    ].join('\n'),
  );

describe('past audits', () => {
  it('a file with a bad row imports nothing; the fixed file is checked, then imported', withPage(() => browser, 'past-audits', async (page) => {
    await signIn(page, qa.email, qa.password);
    await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Audits' }).click();
    await checkPage(page, 'past-audits-01-list', 'Audits you did');
    await page.getByRole('button', { name: 'Import past audits' }).click();
    await checkPage(page, 'past-audits-02-import', 'Import past audits');

    const batch = `past-audits-${unique}`;
    await page.locator('#audits-file').setInputFiles({ name: `${batch}.csv`, mimeType: 'text/csv', buffer: file('Great') });
    await page.getByRole('heading', { name: `${batch}.csv: 3 audits` }).waitFor();
    assert.equal(await page.getByLabel('Batch reference').inputValue(), batch, 'the reference comes from the file’s name');
    await page.getByRole('button', { name: 'Import audits' }).click();
    const summary = page.locator('.govuk-error-summary');
    await summary.waitFor();
    assert.match(await summary.innerText(), /Nothing was imported/);
    assert.deepEqual(await summary.locator('a').allInnerTexts(), ['Row 3, s2: must be a grade (good, inadequate, outstanding, requires_improvement) or n/a']);
    const row3 = page.locator('.app-table-scroll tbody tr', { has: page.locator('th', { hasText: /^3$/ }) });
    assert.match(await row3.locator('td').first().innerText(), /^s2: must be a grade/, 'the row says what to fix');
    await checkPage(page, 'past-audits-03-refused', 'Import past audits');

    const qaToken = await token(qa.email, qa.password);
    const total = async () => (await call('GET', `/api/v1/audits?team_id=${state.teamId}&count=true`, { token: qaToken })).total;
    assert.equal(await total(), 0, 'nothing was imported');

    await page.locator('#audits-file').setInputFiles({ name: `${batch}.csv`, mimeType: 'text/csv', buffer: file('Good') });
    await summary.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Check the file' }).click();
    await page.locator('.govuk-notification-banner--success').getByText('Every row can be imported: 3 audits. Nothing was kept yet.').waitFor();
    assert.equal(await total(), 0, 'a check keeps nothing');
    await page.getByRole('heading', { name: `${batch}.csv: 3 audits` }).waitFor();
    await checkPage(page, 'past-audits-04-checked', 'Import past audits');

    await page.getByRole('button', { name: 'Import audits' }).click();
    await page.locator('.govuk-notification-banner--success').getByText('3 past audits imported').waitFor();
    await checkPage(page, 'past-audits-05-imported', 'Import past audits');
    assert.equal(await total(), 3, 'every row was imported');
  }));
});
