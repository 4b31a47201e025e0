// From findings to verified impact, and the QA unit's day. A QA officer closes a theme with its
// findings and opens the action plan it became, adds a measure with a baseline and a target and
// an action for a worker; the worker completes it; the QA officer verifies it by keyboard with a
// reading of the measure, which the plan's chart and table then show. The QA officer works the
// moderation queue from their home page and draws a theme's sample: cases chosen from a filtered
// list, then at random, given to an auditor, and told clearly when nothing is left to draw.
//
// People, teams, cases and audits are set up through the API; the rest is done in the browser,
// and every new page is checked with axe, at 1280 px and at 390 px, and photographed.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addPerson, admin, call, checkPage, launchBrowser, signIn, token, unique, withPage } from './helpers.mjs';

/** @type {import('playwright-core').Browser} */
let browser;

/** @param {string} key @param {string} name @param {string[]} roles */
const person = (key, name, roles) => ({ name, email: `${key}.plans.${unique}@example.test`, password: `${key}-${unique}-Plans-pass`, roles });
const people = {
  qa: person('qa', 'Priya Planner', ['qa_officer']),
  worker: person('worker', 'Oscar Owner', ['practitioner']),
  manager: person('manager', 'Sam Sampler', ['team_manager']),
};
const ref = (/** @type {number} */ n) => `PLN-${unique}-${n}`;
const caseName = (/** @type {number} */ n) => `P.${n}. (${ref(n)})`;
const theme = { plan: `Missing chronologies ${unique}`, sample: `Neglect sample ${unique}` };
const action = 'Every case of neglect keeps a chronology';
const measure = 'Chronologies up to date in the dip sample (%)';

const state = { teamId: '', serviceName: '', teamName: '', sampleThemeId: '', planThemeId: '' };

/** A day counted from today in London, as the parts of a date input. @param {number} days */
function day(days) {
  const date = new Date(Date.now() + days * 86_400_000);
  const [d = '', m = '', y = ''] = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'numeric', year: 'numeric' }).format(date).split('/');
  return { d, m, y, long: new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'long', year: 'numeric' }).format(date) };
}

/**
 * Fills a GOV.UK date input.
 * @param {import('playwright-core').Page} page @param {string} id @param {{ d: string; m: string; y: string }} when
 */
async function fillDate(page, id, when) {
  await page.locator(`#${id}-day`).fill(when.d);
  await page.locator(`#${id}-month`).fill(when.m);
  await page.locator(`#${id}-year`).fill(when.y);
}

/**
 * The manager audits a case through the API and submits it.
 * @param {string} auditor @param {string} caseId @param {string} grade
 */
async function audit(auditor, caseId, grade) {
  const created = await call('POST', '/api/v1/audits', { token: auditor, body: { kind: 'case_file', case_id: caseId } });
  for (let n = 1; n <= 10; n++) await call('PUT', `/api/v1/audits/${created.id}/judgements/${n}`, { token: auditor, body: { grade, evidence: `Seen in the file for standard ${n}.` } });
  const current = await call('GET', `/api/v1/audits/${created.id}`, { token: auditor });
  await call('PATCH', `/api/v1/audits/${created.id}`, {
    token: auditor,
    headers: { 'Content-Type': 'application/merge-patch+json', 'If-Match': `"${current.version}"` },
    body: { overall_grade: grade, summary: 'Audited for the plan tests.', child_views: 'Wants to see dad.', family_views: 'Happy with the worker.' },
  });
  await call('POST', `/api/v1/audits/${created.id}/submit`, { token: auditor });
}

before(async () => {
  assert.ok(admin.password, 'QA_E2E_ADMIN_PASSWORD is set');
  browser = await launchBrowser();
  const adminToken = await token(admin.email, admin.password);
  /** @param {string} name @param {string} kind @param {string | null} parent_id */
  const unit = (name, kind, parent_id) => call('POST', '/api/v1/org-units', { token: adminToken, body: { name, kind, parent_id } });
  const directorate = await unit(`Children’s Services ${unique} (plans)`, 'directorate', null);
  const service = await unit(`Help and Protection ${unique}`, 'service', directorate.id);
  const team = await unit(`Team Delta ${unique}`, 'team', service.id);
  Object.assign(state, { teamId: team.id, serviceName: service.name, teamName: team.name });
  const ids = /** @type {Record<string, string>} */ ({});
  for (const [key, who] of Object.entries(people)) ids[key] = await addPerson(adminToken, who, key === 'qa' ? directorate.id : team.id);

  const qa = await token(people.qa.email, people.qa.password);
  const cases = [];
  for (let n = 1; n <= 3; n++) {
    const created = await call('POST', '/api/v1/cases', {
      token: qa,
      body: { display_name: `P.${n}.`, external_ref: ref(n), category: 'child_in_need', team_id: team.id, allocated_worker_id: ids.worker, case_manager_id: ids.manager },
    });
    cases.push(created.id);
  }
  // The manager's first audit is drawn into the moderation sample; the second is not.
  const manager = await token(people.manager.email, people.manager.password);
  await audit(manager, cases[0] ?? '', 'good');
  await audit(manager, cases[1] ?? '', 'good');
  state.planThemeId = (await call('POST', '/api/v1/themes', { token: qa, body: { title: theme.plan, rationale: 'Chronologies were missing in the last audits.', source: 'qa_activity' } })).id;
  state.sampleThemeId = (await call('POST', '/api/v1/themes', { token: qa, body: { title: theme.sample, rationale: 'Neglect is the most common concern.', source: 'safeguarding_partnership', sample_size: 3 } })).id;
});

after(async () => {
  await browser?.close();
});

describe('action plans to verified impact', () => {
  it('a closed theme’s plan gets a measure and an action; the owner completes it; verified with a reading, the measure shows it', withPage(() => browser, 'plan-to-impact', async (page) => {
    // The QA officer closes the theme with its findings: its plan appears.
    await signIn(page, people.qa.email, people.qa.password);
    await page.goto(`/programme/themes/${state.planThemeId}`);
    await page.getByRole('heading', { level: 1, name: theme.plan }).waitFor();
    await page.getByLabel('Closed', { exact: true }).check();
    await page.getByLabel('Findings').fill('Half the neglect cases had no chronology.');
    await page.getByLabel('Recommendations').fill('Every case of neglect keeps a chronology, checked in supervision.');
    await page.getByRole('button', { name: 'Save status' }).click();
    await page.locator('.govuk-notification-banner--success').getByText('The theme is closed').waitFor();
    await page.getByRole('link', { name: 'The action plan from this theme’s findings' }).click();
    await checkPage(page, 'plan-from-theme', `Theme: ${theme.plan}`);
    assert.match(await page.locator('.govuk-summary-list').first().innerText(), /Where it came from\s+The theme’s findings[\s\S]*Team or service\s+The whole council/);

    // A measure with a baseline and a target.
    await page.getByText('Add a measure').click();
    await page.getByLabel('What is measured').fill(measure);
    await page.getByLabel('Feedback', { exact: true }).check();
    await page.getByLabel('Baseline', { exact: true }).fill('40');
    await fillDate(page, 'measure-baseline-on', day(-30));
    await page.getByLabel('Target', { exact: true }).fill('70');
    await fillDate(page, 'measure-target-on', day(180));
    await page.getByRole('button', { name: 'Add measure' }).click();
    await page.getByRole('heading', { level: 3, name: measure }).waitFor();
    assert.match(await page.getByRole('table', { name: new RegExp(`Readings of “${measure.replace(/[()%]/g, '.')}”`) }).innerText(), /40\s+Baseline[\s\S]*70\s+Target/);

    // An action for the worker, who is told.
    await page.getByText('Add an action').click();
    await page.getByLabel('What must be done').fill(action);
    await page.getByLabel('Who will do it').selectOption({ label: people.worker.name });
    await fillDate(page, 'action-due', day(14));
    await page.getByLabel('Practice development').check();
    await page.getByRole('button', { name: 'Add action' }).click();
    await page.getByText('Action added: its owner has been told.').waitFor();
    await page.getByRole('link', { name: action }).waitFor();
    assert.match(await page.locator('section[aria-labelledby=progress-heading]').innerText(), /All actions\s+1/);
    await page.getByRole('link', { name: 'Sign out' }).click();
    await page.waitForURL((u) => u.pathname === '/sign-in');

    // The worker completes it from their home page.
    await signIn(page, people.worker.email, people.worker.password);
    await page.locator('#card-my-actions').getByRole('link', { name: action }).click();
    await page.getByRole('heading', { level: 1, name: action }).waitFor();
    await page.getByRole('button', { name: 'Start action' }).click();
    await page.locator('.govuk-notification-banner--success').getByText('Action started').waitFor();
    await page.getByLabel('Evidence of what was done').fill('Chronologies started on all six neglect cases.');
    await page.getByRole('button', { name: 'Complete action' }).click();
    await page.locator('.govuk-notification-banner--success').getByText('Action completed').waitFor();
    await page.getByRole('link', { name: 'Sign out' }).click();
    await page.waitForURL((u) => u.pathname === '/sign-in');

    // The QA officer finds the plan in the list and verifies the action by keyboard, with a reading.
    await signIn(page, people.qa.email, people.qa.password);
    await page.goto('/actions/plans');
    await page.getByLabel('Search').fill(theme.plan);
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.locator('.app-list-total', { hasText: /^1 plan$/ }).waitFor();
    await checkPage(page, 'plans-list', 'Action plans');
    assert.match(await page.locator('tbody').innerText(), /Themed audit\s+The whole council\s+Priya Planner\s+1 of 1 done, 0 verified/);
    await page.getByRole('link', { name: `Theme: ${theme.plan}` }).click();
    await page.getByRole('link', { name: action }).click();
    await page.getByRole('heading', { level: 1, name: action }).waitFor();
    await page.getByLabel('The impact it had').focus();
    await page.keyboard.type('Chronologies now show the pattern of neglect at a glance.');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'verify-measure');
    await page.keyboard.press('ArrowDown');
    await page.locator('#verify-reading-value').waitFor();
    await page.keyboard.press('Tab');
    await page.keyboard.type('55');
    // The day the reading describes is today unless changed: Tab past day, month and year.
    for (let i = 0; i < 4; i++) await page.keyboard.press('Tab');
    await page.keyboard.type('Dip sample of 20 cases');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent?.trim()), 'Verify action');
    await checkPage(page, 'action-verify-with-reading', action);
    await page.keyboard.press('Enter');
    await page.locator('.govuk-notification-banner--success').getByText('Action verified, and the reading recorded').waitFor();

    // The plan's measure shows the reading against its target.
    await page.getByRole('link', { name: `Theme: ${theme.plan}` }).click();
    await page.getByRole('heading', { level: 1, name: `Theme: ${theme.plan}` }).waitFor();
    const today = day(0).long;
    await page.locator('.app-measure').getByText(`55 on ${today}`).waitFor();
    assert.match(await page.locator('.app-measure').innerText(), /Not met yet/);
    assert.match(await page.getByRole('table', { name: /Readings of/ }).innerText(), new RegExp(`${today}\\s+55\\s+On verifying an action\\s+Dip sample of 20 cases`));
    assert.equal(await page.locator('.app-line-chart__reading').count(), 1, 'the reading is on the chart');
    assert.match(await page.locator('section[aria-labelledby=progress-heading]').innerText(), /Verified by the QA unit\s+1/);
    await checkPage(page, 'plan-with-reading', `Theme: ${theme.plan}`);
  }));
});

describe('the QA unit’s day', () => {
  it('works the moderation queue from home, and draws a theme’s sample chosen and at random', withPage(() => browser, 'qa-unit-day', async (page) => {
    await signIn(page, people.qa.email, people.qa.password);
    await page.locator('#card-moderation').getByRole('link', { name: /audits? – audits waiting for moderation/ }).click();
    await page.waitForURL((u) => u.pathname === '/audits/moderation');
    await page.getByLabel('Search').fill(`PLN-${unique}`);
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.locator('.app-list-total', { hasText: /^1 audit$/ }).waitFor();
    await checkPage(page, 'moderation-queue', 'Moderation queue');
    assert.match(await page.locator('tbody').innerText(), new RegExp(`${caseName(1).replace(/[.()]/g, '\\$&')}[\\s\\S]*Sam Sampler[\\s\\S]*Submitted`), 'the first audit, not the second');

    // Chosen from the list of cases: the first two, to the team's manager.
    await page.goto(`/programme/themes/${state.sampleThemeId}`);
    await page.getByRole('heading', { level: 1, name: theme.sample }).waitFor();
    await page.getByLabel('Search').fill(`PLN-${unique}`);
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.locator('.app-list-total', { hasText: /^3 open cases$/ }).waitFor();
    await page.getByLabel(`Choose ${caseName(1)}`).check();
    await page.getByLabel(`Choose ${caseName(2)}`).check();
    assert.deepEqual(await page.locator('#case_ids').locator('xpath=ancestor::fieldset').locator('label').allInnerTexts(), [caseName(1), caseName(2)]);
    await page.getByLabel(people.manager.name).check();
    await page.getByRole('button', { name: 'Assign the chosen cases' }).click();
    await page.locator('.govuk-notification-banner--success').getByText('2 cases drawn for 1 auditor, who have been told').waitFor();
    await page.getByText('2 cases drawn of the 3 planned.').waitFor();
    assert.match(await page.getByRole('table', { name: /in the theme’s sample/ }).innerText(), new RegExp(`${ref(1)}\\)\\s+Sam Sampler\\s+Themed audit\\s+Draft`));
    assert.equal(await page.locator('tbody').getByText('In the sample').count(), 2, 'the sampled cases cannot be chosen again');
    await checkPage(page, 'theme-sample-chosen', theme.sample);

    // At random from the team: the one case left, then nothing more to draw.
    await page.getByLabel('Draw them at random').check();
    await page.getByLabel('How many cases?').fill('3');
    await page.getByLabel('From which team or service?').selectOption({ label: `${state.serviceName} › ${state.teamName}` });
    await page.getByRole('button', { name: 'Draw the cases' }).click();
    await page.locator('.govuk-notification-banner--success').getByText('1 case drawn for 1 auditor, who have been told').waitFor();
    await page.getByText('3 cases drawn of the 3 planned.').waitFor();
    await page.getByRole('button', { name: 'Draw the cases' }).click();
    await page.locator('.govuk-error-summary').getByRole('link', { name: 'No case outside the sample matches this draw' }).click();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'random-count', 'the error links to the draw');
    assert.match(await page.locator('#random-count-error').innerText(), /No case outside the sample matches this draw/);
    await checkPage(page, 'theme-sample-nothing-left', theme.sample);
  }));
});
