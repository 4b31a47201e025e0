// The data protection officer's day. They file a subject access request for a child's case
// received on 31 January 2026 and see it due on Monday 2 March (28 February, the month's last
// day, was a Saturday) and overdue; stop the clock while waiting for the requester and start it
// again; gather every record about the case, withhold a passage
// naming a third party, and release the bundle, whose hash is then shown. On the retention
// schedule they see what the next run would delete (a case past its class's age), change a
// class, place that case under a legal hold (the run then holds it back) and release the hold;
// and download the access log of the case as CSV.
//
// The organisation, the people, the cases and an audit are set up through the API; the rest is
// done in the browser, and every new page is checked with axe, at 1280 px and at 390 px, and
// photographed.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { addPerson, admin, call, checkPage, launchBrowser, navigationTexts, signIn, token, unique, withPage } from './helpers.mjs';

/** @type {import('playwright-core').Browser} */
let browser;

const qa = { name: 'Quinn Assurance', email: `qa.dp.${unique}@example.test`, password: `qa-${unique}-Dp-pass`, roles: ['qa_officer'] };
const dpo = { name: 'Dara Protection', email: `dpo.${unique}@example.test`, password: `dpo-${unique}-Dp-pass`, roles: ['dpo'] };
// A child in care: the request's case. An adult now, a child in need in the 1990s: due for deletion.
const child = { display_name: `S.A. ${unique}`, external_ref: `SAR-${unique}`, category: 'child_in_care', birth_month: '2015-03' };
const grown = { display_name: `G.R. ${unique}`, external_ref: `OLD-${unique}`, category: 'child_in_need', birth_month: '1990-01' };
const childName = `${child.display_name} (${child.external_ref})`;
const grownName = `${grown.display_name} (${grown.external_ref})`;
const THIRD_PARTY = 'her aunt Mary Jones';
const state = { caseId: '', requestId: '' };

before(async () => {
  assert.ok(admin.password, 'QA_E2E_ADMIN_PASSWORD is set');
  browser = await launchBrowser();
  const adminToken = await token(admin.email, admin.password);
  /** @param {string} name @param {string} kind @param {string | null} parent_id */
  const unit = (name, kind, parent_id) => call('POST', '/api/v1/org-units', { token: adminToken, body: { name, kind, parent_id } });
  const directorate = await unit(`Children’s Services ${unique} (data protection)`, 'directorate', null);
  const service = await unit(`Children in Care ${unique}`, 'service', directorate.id);
  const team = await unit(`Team Sigma ${unique}`, 'team', service.id);
  await addPerson(adminToken, qa, directorate.id);
  await addPerson(adminToken, dpo, directorate.id);
  const qaToken = await token(qa.email, qa.password);
  for (const kase of [child, grown]) {
    const created = await call('POST', '/api/v1/cases', { token: qaToken, body: { ...kase, team_id: team.id } });
    const audit = await call('POST', '/api/v1/audits', { token: qaToken, body: { kind: 'case_file', case_id: created.id } });
    await call('PATCH', `/api/v1/audits/${audit.id}`, {
      token: qaToken,
      headers: { 'Content-Type': 'application/merge-patch+json', 'If-Match': `"${audit.version}"` },
      body: { summary: `The worker visited the child with ${THIRD_PARTY} at home; the plan is on track.` },
    });
    if (kase === child) state.caseId = created.id;
  }
});

after(async () => {
  await browser?.close();
});

/** The success banner's words. @param {import('playwright-core').Page} page @param {string | RegExp} text */
const banner = (page, text) => page.locator('.govuk-notification-banner--success').getByText(text).waitFor();

/** A summary list's value by its key. @param {import('playwright-core').Page} page @param {string} key */
const value = (page, key) => page.locator('.govuk-summary-list__row', { has: page.locator('.govuk-summary-list__key', { hasText: key }) }).first().locator('.govuk-summary-list__value').innerText();

/** Finds a case in a case picker and chooses it. @param {import('playwright-core').Page} page @param {string} ref @param {string} name */
async function chooseCase(page, ref, name) {
  await page.locator('#case_id').fill(ref);
  await page.getByRole('button', { name: 'Find cases' }).click();
  await page.getByLabel(name).check();
}

describe('the data protection officer', () => {
  it('answers a subject access request: files it, gathers, withholds a third party and releases', withPage(() => browser, 'dp-request', async (page) => {
    await signIn(page, dpo.email, dpo.password);
    assert.ok((await navigationTexts(page)).includes('Data protection'), 'a "Data protection" link for the DPO');
    await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Data protection' }).click();
    await checkPage(page, 'dp-01-requests-empty', 'Subject access requests');
    await page.getByText('No subject access requests have been filed.').waitFor();

    await page.getByRole('button', { name: 'File a new request' }).click();
    await checkPage(page, 'dp-02-new-request', 'File a subject access request');
    // Nothing filled in: every question is listed, each linked to its field.
    await page.getByRole('button', { name: 'File request' }).click();
    const summary = page.locator('.govuk-error-summary');
    await summary.waitFor();
    assert.deepEqual(await summary.locator('a').allInnerTexts(), [
      'Select whether the request is about a child’s case or a member of staff',
      'Select who is asking',
      'Enter the date the request was received',
    ]);
    assert.match(await page.title(), /^Error: File a subject access request/);
    await checkPage(page, 'dp-03-new-request-errors', 'File a subject access request');

    await page.getByLabel('A child’s case').check();
    await chooseCase(page, child.external_ref, childName);
    await page.getByLabel('A parent or carer, for the child').check();
    await page.locator('#received_on-day').fill('31');
    await page.locator('#received_on-month').fill('1');
    await page.locator('#received_on-year').fill('2026');
    await page.locator('#identity_verified_on-day').fill('31');
    await page.locator('#identity_verified_on-month').fill('1');
    await page.locator('#identity_verified_on-year').fill('2026');
    await page.getByRole('button', { name: 'File request' }).click();
    await page.waitForURL(/\/data-protection\/requests\/[0-9a-f-]+$/);
    state.requestId = new URL(page.url()).pathname.split('/').pop() ?? '';
    // 31 January + a month = 28 February 2026, a Saturday: due the next working day.
    await banner(page, 'Request filed. It is due on 2 March 2026.');
    await checkPage(page, 'dp-04-request', `Case ${child.external_ref}`);
    assert.match(await value(page, 'Due'), /^2 March 2026\s+\d+ days overdue\s+Overdue$/);

    // The list: the request with its days overdue and the tag.
    await page.getByRole('link', { name: 'Back to subject access requests' }).click();
    await checkPage(page, 'dp-05-requests', 'Subject access requests');
    const row = page.locator('tbody tr', { hasText: child.external_ref });
    assert.match(await row.innerText(), /2 March 2026[\s\S]*\d+ days overdue[\s\S]*Overdue[\s\S]*Open/);
    await row.getByRole('link').click();

    // Waiting for the requester to clarify: the clock stops, then runs again.
    await page.getByRole('button', { name: 'Stop the clock' }).click();
    await page.locator('#pause-form .govuk-error-summary').getByRole('link', { name: 'Enter why the clock is stopped' }).waitFor();
    await page.getByLabel('Why the clock is stopped').fill('Asked the parent which years of records they want.');
    await page.getByRole('button', { name: 'Stop the clock' }).click();
    await banner(page, 'The clock is stopped');
    assert.match(await value(page, 'Status'), /Clock stopped/);
    assert.match(await value(page, 'Clock stopped'), /Asked the parent which years/);
    await page.getByRole('button', { name: 'Resume the clock' }).click();
    await banner(page, 'The clock is running again');
    assert.match(await value(page, 'Status'), /Open/);

    // Gathering runs in the background; the page follows it until the records are there.
    await page.getByRole('button', { name: 'Gather the records' }).click();
    await page.getByRole('heading', { level: 2, name: 'Review the records' }).waitFor({ timeout: 30_000 });
    await banner(page, 'Every record about the case is gathered: review them below');
    await page.getByRole('heading', { name: /^Audits \(1\)$/ }).waitFor();
    await checkPage(page, 'dp-06-gathered', `Case ${child.external_ref}`);

    // Withhold the passage naming the aunt, typed as it appears.
    const audit = page.locator('.govuk-summary-card', { has: page.locator('.govuk-summary-card__title', { hasText: /^Audit / }) }).first();
    const summaryRow = audit.locator('.govuk-summary-list__row', { has: page.locator('.govuk-summary-list__key', { hasText: /^Summary$/ }) });
    await summaryRow.getByRole('button', { name: /^Withhold/ }).click();
    await page.getByRole('button', { name: 'Withhold', exact: true }).click();
    await page.locator('.app-redact-form .govuk-error-summary').getByRole('link', { name: 'Enter the words to withhold, exactly as they appear' }).waitFor();
    await page.getByLabel('The words to withhold').fill(THIRD_PARTY);
    await page.getByLabel('Why it is withheld').fill('information about a third party');
    await page.getByRole('button', { name: 'Withhold', exact: true }).click();
    await page.locator('.app-redact-form').waitFor({ state: 'detached' });
    await summaryRow.locator('del', { hasText: THIRD_PARTY }).waitFor();
    assert.match(await summaryRow.innerText(), /\[withheld: information about a third party\]/);
    await page.getByRole('heading', { name: 'What is withheld (1)' }).waitFor();
    await checkPage(page, 'dp-07-withheld', `Case ${child.external_ref}`);

    // Release, after a confirmation: the hash of what was released is shown.
    await page.getByRole('button', { name: 'Release the bundle' }).click();
    await page.getByText('You are about to release the records with 1 passage or field withheld. This cannot be undone.').waitFor();
    await page.getByRole('button', { name: 'Yes, release the bundle' }).click();
    await banner(page, 'The bundle is released. Its hash is recorded below and in the access log.');
    assert.match(await value(page, 'Release hash (SHA-256)'), /^[0-9a-f]{64}$/);
    assert.match(await value(page, 'Status'), /Released/);
    assert.equal(await page.getByRole('button', { name: /Withhold/ }).count(), 0, 'nothing more to withhold once released');
    await checkPage(page, 'dp-08-released', `Case ${child.external_ref}`);

    // The released document, downloaded from the page, withholds the passage.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download what was released (JSON)' }).click()]);
    const text = await readFile(/** @type {string} */ (await download.path()), 'utf8');
    assert.ok(!text.includes('Mary Jones'), 'the third party is not in the release');
    assert.ok(text.includes('[withheld: information about a third party]'), 'the release says what was withheld and why');
  }));

  it('sees what retention would delete, changes a class, holds a case and releases the hold, and downloads the access log', withPage(() => browser, 'dp-retention', async (page) => {
    await signIn(page, dpo.email, dpo.password);
    await page.goto('/data-protection/retention');
    await checkPage(page, 'dp-09-retention', 'Retention schedule');
    const dryRun = page.locator('section', { has: page.locator('#dry-run-heading') });
    await dryRun.locator('.app-bar-chart').waitFor();
    const table = dryRun.getByRole('table', { name: 'Records the next run would delete, by class' });
    assert.match(await table.innerText(), /Child in need\s+The case reference\s+Until the 25th birthday\s+[1-9]\d*/);
    assert.match(await table.innerText(), /Child in need\s+Audits\s+Until the 25th birthday\s+[1-9]\d*/);

    // Change a class of the schedule (If-Match behind the scenes).
    await page.getByRole('link', { name: 'Change how long audits of early help cases are kept' }).click();
    await checkPage(page, 'dp-10-retention-class', 'Audits of early help cases');
    await page.getByLabel('Years after the case closed', { exact: true }).fill('');
    await page.getByRole('button', { name: 'Save the rule' }).click();
    await page.locator('.govuk-error-summary').getByRole('link', { name: 'Enter how many years after the case closed' }).waitFor();
    await page.getByLabel('Years after the case closed', { exact: true }).fill('7');
    await page.getByRole('button', { name: 'Save the rule' }).click();
    await banner(page, 'Audits of early help cases are now kept: 7 years after the case closed');

    // Hold the grown-up's case: the next run holds its records back.
    await page.getByRole('navigation', { name: 'Data protection' }).getByRole('link', { name: 'Legal holds' }).click();
    await checkPage(page, 'dp-11-legal-holds-empty', 'Legal holds');
    await page.getByText('No case is under a legal hold.').waitFor();
    await chooseCase(page, grown.external_ref, grownName);
    await page.getByLabel('Why the records are held').fill('The public inquiry’s moratorium on the destruction of records.');
    await page.getByRole('button', { name: 'Place the hold' }).click();
    await banner(page, `${grownName} is under a legal hold: none of its records will be deleted`);
    const hold = page.locator('tbody tr', { hasText: grown.external_ref });
    assert.match(await hold.innerText(), /moratorium[\s\S]*Until released[\s\S]*In force/);
    await checkPage(page, 'dp-12-legal-holds', 'Legal holds');

    await page.getByRole('navigation', { name: 'Data protection' }).getByRole('link', { name: 'Retention schedule' }).click();
    await page.getByText(/As of .* the next run would delete \d+ records?; \d+ more (is|are) due but held back by a legal hold/).waitFor();

    await page.getByRole('navigation', { name: 'Data protection' }).getByRole('link', { name: 'Legal holds' }).click();
    await hold.getByRole('button', { name: `Release the hold on ${grown.external_ref}` }).click();
    await banner(page, `The hold on ${grown.external_ref} is released: its records follow the retention schedule again`);
    await page.getByText('No case is under a legal hold.').waitFor();

    // The access log of the child's case, as CSV.
    await page.goto(`/access-log?case_id=${state.caseId}`);
    await checkPage(page, 'dp-13-access-log', 'Access log');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /^Download CSV/ }).click()]);
    const csv = await readFile(/** @type {string} */ (await download.path()), 'utf8');
    const lines = csv.trim().split('\r\n');
    assert.equal(lines[0], 'when,user_id,user_name,action,record_type,record_id,case_id,outcome,detail');
    assert.ok(lines.length > 2, 'entries about the case');
    assert.ok(lines.slice(1).every((line) => line.includes(state.caseId)), 'every entry is about the case');
    assert.ok(lines.some((line) => line.includes(dpo.name)), 'the DPO’s own reading of the case is in it');
    await page.getByText(/^The file holds \d+ entries\.$/).waitFor();
  }));
});
