// Observations of practice on screen, the whole loop: a team manager plans an observation of a
// worker from the staff directory, records consent (the child declines, so nothing about them
// is kept), records it standard by standard and skill by skill (one skill by keyboard alone),
// sees every gap on a first submit, never loses work offline, adds the family's feedback and a
// learning need, and submits; the worker, told at once, reads it and reflects, agreeing the
// learning need; the analyst sees learning needs counted, never named.
//
// The data (teams, people, the case) is set up through the API; everything else is done in the
// browser, and every new page is checked with axe, at 390 px, and photographed.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { join } from 'node:path';
import { addPerson, admin, call, checkPage, launchBrowser, openPage, screenshotsDir, signIn, token, unique, withPage } from './helpers.mjs';

/** @type {import('playwright-core').Browser} */
let browser;

/** @param {string} key @param {string} name @param {string[]} roles */
const person = (key, name, roles) => ({ name, email: `${key}.obs.${unique}@example.test`, password: `${key}-${unique}-Observe-pass`, roles });
const people = {
  manager: person('manager', 'Oona Observer', ['team_manager']),
  worker: person('worker', 'Wes Worker', ['practitioner']),
  qa: person('qa', 'Quentin Officer', ['qa_officer']),
  analyst: person('analyst', 'Anouk Analyst', ['performance_analyst']),
};
const child = { display_name: `O.B. ${unique}`, external_ref: `OBS-${unique}` };
const teamName = `Team Omega ${unique}`;

const state = { ids: /** @type {Record<string, string>} */ ({}), teamId: '', caseId: '', observationId: '' };

before(async () => {
  assert.ok(admin.password, 'QA_E2E_ADMIN_PASSWORD is set');
  browser = await launchBrowser();
  const adminToken = await token(admin.email, admin.password);
  /** @param {string} name @param {string} kind @param {string | null} parent_id */
  const unit = (name, kind, parent_id) => call('POST', '/api/v1/org-units', { token: adminToken, body: { name, kind, parent_id } });
  const directorate = await unit(`Children’s Services ${unique} (observations)`, 'directorate', null);
  const service = await unit(`Family Time ${unique}`, 'service', directorate.id);
  const team = await unit(teamName, 'team', service.id);
  state.teamId = team.id;
  /** @type {Record<string, string>} */
  const home = { manager: team.id, worker: team.id };
  for (const [key, who] of Object.entries(people)) state.ids[key] = await addPerson(adminToken, who, home[key] ?? directorate.id);
  const qa = await token(people.qa.email, people.qa.password);
  const created = await call('POST', '/api/v1/cases', {
    token: qa,
    body: { ...child, category: 'child_in_need', team_id: team.id, allocated_worker_id: state.ids.worker, case_manager_id: state.ids.manager },
  });
  state.caseId = created.id;
});

after(async () => {
  await browser?.close();
});

/** @param {import('playwright-core').Page} page */
const activeId = (page) => page.evaluate(() => document.activeElement?.id ?? '');

/** @param {import('playwright-core').Locator} status */
const waitSaved = (status) => status.filter({ hasText: /Saved at \d\d:\d\d/ }).waitFor({ timeout: 15_000 });

/** Opens an accordion section, if it is closed. @param {import('playwright-core').Page} page @param {string} id */
async function open(page, id) {
  const button = page.locator(`#${id} .govuk-accordion__section-button`);
  if ((await button.getAttribute('aria-expanded')) !== 'true') await button.click();
  await page.locator(`#${id} .govuk-accordion__section-content`).waitFor();
}

const today = () => new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'numeric', year: 'numeric' }).format(new Date()).split('/');

describe('observations of practice', () => {
  it('a manager plans an observation from the staff directory, records consent, records it and submits it', async () => {
    const { context, page, problems } = await openPage(browser);
    try {
      await signIn(page, people.manager.email, people.manager.password);
      await page.locator('#card-observations').waitFor();
      // From the team: the team card opens the staff directory filtered to the team.
      await page.locator('#card-team').getByRole('link', { name: 'Your team’s staff' }).click();
      await page.waitForURL((url) => url.pathname === '/staff' && url.searchParams.get('team_id') === state.teamId);
      await page.locator('.app-list-total', { hasText: '2 people' }).waitFor();
      await checkPage(page, 'obs-01-staff-directory', 'Staff directory');
      await page.getByRole('link', { name: `Plan an observation of ${people.worker.name}` }).click();
      await checkPage(page, 'obs-02-plan', 'Plan an observation');
      assert.equal(await page.getByLabel('Who will you observe?').inputValue(), state.ids.worker, 'the colleague chosen');

      // Every gap at once, then the plan.
      await page.getByRole('button', { name: 'Plan observation' }).click();
      const summary = page.locator('.govuk-error-summary');
      await summary.getByRole('link', { name: 'Enter the day of the observation' }).waitFor();
      assert.deepEqual(await summary.locator('a').allInnerTexts(), ['Enter the day of the observation', 'Select where you will observe', 'Enter what the observation will focus on']);
      await page.locator('#case_id option', { hasText: child.display_name }).waitFor({ state: 'attached' });
      await page.getByLabel('Which child’s case is it about? (optional)').selectOption(state.caseId);
      const [day, month, year] = today();
      await page.locator('#observed_on-day').fill(day ?? '');
      await page.locator('#observed_on-month').fill(month ?? '');
      await page.locator('#observed_on-year').fill(year ?? '');
      await page.getByLabel('Home visit').check();
      await page.getByLabel('What will the observation focus on?').fill('How the worker hears the child’s wishes during the visit.');
      await page.getByRole('button', { name: 'Plan observation' }).click();
      await page.waitForURL(/\/observations\/[0-9a-f-]+$/);
      state.observationId = new URL(page.url()).pathname.split('/')[2] ?? '';
      await page.locator('.govuk-notification-banner--success').getByText('Observation planned').waitFor();
      await checkPage(page, 'obs-03-planned', `Observation of ${people.worker.name}`);
      assert.equal(await page.getByRole('button', { name: 'Continue recording' }).count(), 0, 'nothing to record before consent');

      // Consent: the worker agrees, the child declines, the family agrees.
      await page.getByRole('button', { name: 'Record consent' }).click();
      await checkPage(page, 'obs-04-consent', 'Consent to the observation');
      assert.match(await page.locator('.govuk-warning-text').innerText(), /Without the worker’s consent nothing can be recorded/);
      await page.getByRole('button', { name: 'Save consent' }).click();
      await summary.getByRole('link', { name: 'Select whether the worker agreed to be observed' }).waitFor();
      assert.match(await page.title(), /^Error: Consent to the observation/);
      await page.locator('#worker_consented').check();
      await page.getByLabel('Yes, and the child did not agree').check();
      await page.getByLabel('Yes, and the family agreed').check();
      await page.getByLabel('How you asked, and anything said about it (optional)').fill('Asked at the door; the child said no.');
      await page.getByRole('button', { name: 'Save consent' }).click();
      await page.waitForURL(`**/observations/${state.observationId}/edit`);
      await checkPage(page, 'obs-05-form', `Observation of ${people.worker.name}`);
      assert.equal(await page.locator('#impact_on_child').count(), 0, 'no impact on a child who declined');
      await page.getByText('The child did not consent, so nothing about them is recorded').waitFor();

      // Submitting at once lists every gap, each linked to its field.
      await page.getByRole('button', { name: 'Submit observation' }).click();
      await summary.waitFor();
      const hrefs = await summary.locator('a').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
      assert.deepEqual(hrefs, [
        '#judgements-1-grade',
        '#skills-child_focus-rating',
        '#skills-purposefulness-rating',
        '#skills-clarity_about_concerns-rating',
        '#skills-collaboration-rating',
        '#skills-empathy-rating',
        '#summary',
        '#overall_grade',
      ]);
      assert.match(await page.title(), /^Error: Observation of /);
      await checkPage(page, 'obs-06-form-errors', `Observation of ${people.worker.name}`);

      // Child focus by keyboard alone: the summary's link opens the skill and focuses its rating.
      await summary.locator('a[href="#skills-child_focus-rating"]').click();
      assert.equal(await activeId(page), 'skills-child_focus-rating');
      await page.keyboard.press('Space');
      for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
      assert.ok(await page.locator('#skill-child_focus').getByLabel('4', { exact: true }).isChecked(), 'the arrow keys move the rating');
      await page.keyboard.press('Tab');
      assert.equal(await activeId(page), 'skills-child_focus-evidence');
      await page.keyboard.type('Asked the child what a good weekend looks like and wrote it down with them.');
      await page.keyboard.press('Tab');
      await waitSaved(page.locator('#skill-child_focus-status'));
      await summary.locator('a[href="#skills-child_focus-rating"]').waitFor({ state: 'detached' });

      for (const code of ['purposefulness', 'clarity_about_concerns', 'collaboration', 'empathy']) {
        await open(page, `skill-${code}`);
        await page.locator(`#skill-${code}`).getByLabel('3', { exact: true }).check();
        await page.locator(`#skills-${code}-evidence`).fill(`Seen during the visit: ${code.replace(/_/g, ' ')}.`);
      }
      await open(page, 'standard-4');
      await page.locator('#standard-4').getByLabel('Good', { exact: true }).check();
      await page.getByLabel('Evidence for standard 4').fill('The visit had a clear purpose agreed with the family.');
      await page.getByLabel('Summary', { exact: true }).fill('A calm, purposeful visit; the worker kept the child’s wishes in view.');
      await page.locator('#overall').getByLabel('Good', { exact: true }).check();
      await page.getByLabel('Strengths', { exact: true }).click();
      for (const code of ['purposefulness', 'clarity_about_concerns', 'collaboration', 'empathy']) await waitSaved(page.locator(`#skill-${code}-status`));
      await waitSaved(page.locator('#standard-4-status'));
      await waitSaved(page.locator('#overall-status'));
      await summary.waitFor({ state: 'detached', timeout: 10_000 });
      assert.doesNotMatch(await page.title(), /^Error:/, 'every gap fixed and saved');

      // The connection drops: the change is kept on this device under the observer's name, then saved.
      await context.setOffline(true);
      await page.getByLabel('Strengths', { exact: true }).fill('Warm and clear with the parents.');
      await page.getByLabel('Strengths', { exact: true }).press('Tab');
      await page.locator('#overall-status').filter({ hasText: 'Not saved – will retry' }).waitFor({ timeout: 10_000 });
      const kept = await page.evaluate((key) => localStorage.getItem(key), `qa.audit-draft.${state.ids.manager}.${state.observationId}`);
      assert.match(kept ?? '', /"kind":"observation".*Warm and clear/, 'kept on this device as an observation');
      await context.setOffline(false);
      await waitSaved(page.locator('#overall-status'));

      // The family's feedback (the child declined: nobody who speaks for them is offered) and a learning need.
      assert.equal(await page.locator('#family-feedback').getByLabel('The child', { exact: true }).count(), 0);
      await page.locator('#family-feedback').getByLabel('A parent').check();
      await page.getByLabel('What they said').fill('She listens to us and explains what happens next.');
      await page.locator('#feedback-recommend').check();
      await page.getByRole('button', { name: 'Add feedback' }).click();
      await page.getByText('Feedback added.').waitFor();
      await page.locator('#family-feedback tbody tr').first().waitFor();
      await page.getByLabel('The learning need').fill('Direct work tools for younger children');
      await page.getByLabel('Practice standard it relates to (optional)').selectOption('5');
      await page.getByRole('button', { name: 'Add learning need' }).click();
      await page.getByText('Learning need added.').waitFor();
      await page.locator('#learning-needs tbody tr').first().waitFor();
      await checkPage(page, 'obs-07-form-complete', `Observation of ${people.worker.name}`);

      await page.getByRole('button', { name: 'Submit observation' }).click();
      await page.waitForURL(`**/observations/${state.observationId}`);
      await page.locator('.govuk-notification-banner--success').getByText(`Observation submitted. We have told ${people.worker.name}.`).waitFor();
      await checkPage(page, 'obs-08-submitted', `Observation of ${people.worker.name}`);
      assert.match(await page.locator('main').innerText(), /Impact on the child\s+Not recorded: the child did not consent/);
      assert.equal(await page.evaluate((key) => localStorage.getItem(key), `qa.audit-draft.${state.ids.manager}.${state.observationId}`), null, 'nothing left on this device');

      await page.getByRole('link', { name: 'Back to observations' }).click();
      await checkPage(page, 'obs-09-observations-you-made', 'Observations you made');
      await page.getByRole('link', { name: new RegExp(people.worker.name) }).first().waitFor();
      // Offline for a moment on purpose: the failed requests of then are expected.
      assert.deepEqual(problems.filter((p) => !/ERR_INTERNET_DISCONNECTED|Failed to fetch|ERR_NETWORK_CHANGED/.test(p)), [], 'no other errors in the browser console');
    } catch (error) {
      await page.screenshot({ path: join(screenshotsDir, 'FAILED-observation-record.png'), fullPage: true }).catch(() => {});
      throw error;
    } finally {
      await context.close();
    }
  });

  it('the worker, told at once, reads the observation and reflects, agreeing the learning need', withPage(() => browser, 'observation-reflect', async (page) => {
    await signIn(page, people.worker.email, people.worker.password);
    const card = page.locator('#card-reflect');
    await card.getByRole('link', { name: /1 observation/ }).waitFor();
    await checkPage(page, 'obs-10-home-worker', 'Your work');
    await page.goto('/notifications');
    await page.getByRole('link', { name: `${people.manager.name} submitted an observation of your practice: read it and reflect` }).click();
    await page.waitForURL(`**/observations/${state.observationId}`);
    await checkPage(page, 'obs-11-worker-reads', 'Observation of your practice');
    assert.match(await page.locator('#learning-needs').innerText(), /Direct work tools for younger children[\s\S]*5\. Lived experience/);

    await page.getByRole('button', { name: 'Send reflection' }).click();
    await page.locator('.govuk-error-summary').getByRole('link', { name: 'Enter your reflection on the observation' }).waitFor();
    await page.getByLabel('Your reflection').fill('Useful to hear how the parents saw the visit. I will use the new tools.');
    await page.getByLabel('Direct work tools for younger children').check();
    await page.getByRole('button', { name: 'Send reflection' }).click();
    await page.locator('.govuk-notification-banner--success').getByText(`Your reflection has been sent to ${people.manager.name}`).waitFor();
    await page.getByRole('button', { name: 'Send reflection' }).waitFor({ state: 'detached' });
    await page.locator('#learning-needs .govuk-tag', { hasText: 'Agreed' }).waitFor();
    await checkPage(page, 'obs-12-reflected', 'Observation of your practice');

    await page.goto('/observations');
    await checkPage(page, 'obs-13-your-practice', 'Observations of your practice');
  }));

  it('the analyst sees learning needs counted by team and standard, never named', withPage(() => browser, 'observation-learning-needs', async (page) => {
    await signIn(page, people.analyst.email, people.analyst.password);
    await page.goto('/observations/learning-needs');
    await page.getByRole('table', { name: /Learning needs by team and practice standard/ }).waitFor();
    await checkPage(page, 'obs-14-learning-needs', 'Learning needs');
    const heatMap = await page.getByRole('table', { name: /Learning needs by team and practice standard/ }).innerText();
    assert.match(heatMap, new RegExp(teamName));
    assert.doesNotMatch(await page.locator('main').innerText(), new RegExp(`${people.worker.name}|Direct work tools`), 'nobody named, no narrative');
  }));
});
