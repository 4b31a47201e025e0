// Reviewing officers on screen, the dispute resolution process in full: after a looked-after
// child's review the officer completes a monitoring form (every gap listed on a first submit,
// quality checks per standard saved as they go), raises a practice alert from it in one step;
// with no reply the officer starts the formal process at stage 1, then moves it to stage 2, where
// the head of service (named on the service by the administrator) resolves it, and the officer
// accepts the resolution. The ladder shows who holds it and who would hold the stages above.
//
// The organisation, the people, the case and the service's leads are set up through the API as
// an administrator would; everything else is done in the browser and checked with axe.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addPerson, admin, call, checkPage, launchBrowser, signIn, token, unique, withPage } from './helpers.mjs';

/** @type {import('playwright-core').Browser} */
let browser;

/** @param {string} key @param {string} name @param {string[]} roles */
const person = (key, name, roles) => ({ name, email: `${key}.iro.${unique}@example.test`, password: `${key}-${unique}-Review-pass`, roles });
const people = {
  iro: person('iro', 'Rosa Reviewer', ['reviewing_officer']),
  manager: person('manager', 'Cam Manager', ['team_manager']),
  head: person('head', 'Hedda Head', ['head_of_service']),
  ad: person('ad', 'Addo Director', ['senior_leader']),
  worker: person('worker', 'Kit Worker', ['practitioner']),
  qa: person('qa', 'Quinta Officer', ['qa_officer']),
};
const child = { display_name: `R.V. ${unique}`, external_ref: `IRO-${unique}` };
const childName = `${child.display_name} (${child.external_ref})`;

const state = { ids: /** @type {Record<string, string>} */ ({}), caseId: '', serviceId: '', formId: '', escalationId: '' };

before(async () => {
  assert.ok(admin.password, 'QA_E2E_ADMIN_PASSWORD is set');
  browser = await launchBrowser();
  const adminToken = await token(admin.email, admin.password);
  /** @param {string} name @param {string} kind @param {string | null} parent_id */
  const unit = (name, kind, parent_id) => call('POST', '/api/v1/org-units', { token: adminToken, body: { name, kind, parent_id } });
  const directorate = await unit(`Children’s Services ${unique} (reviews)`, 'directorate', null);
  const service = await unit(`Children in Care ${unique}`, 'service', directorate.id);
  const team = await unit(`Team Sigma ${unique}`, 'team', service.id);
  state.serviceId = service.id;
  /** @type {Record<string, string>} */
  const home = { manager: team.id, worker: team.id, head: service.id };
  for (const [key, who] of Object.entries(people)) state.ids[key] = await addPerson(adminToken, who, home[key] ?? directorate.id);

  // The administrator names the service's head of service (stage 2) and assistant director (stage 3).
  const current = await call('GET', `/api/v1/org-units/${service.id}`, { token: adminToken });
  await call('PATCH', `/api/v1/org-units/${service.id}`, {
    token: adminToken,
    headers: { 'Content-Type': 'application/merge-patch+json', 'If-Match': `"${current.version}"` },
    body: { lead_user_id: state.ids.head, assistant_director_id: state.ids.ad },
  });

  const qa = await token(people.qa.email, people.qa.password);
  const created = await call('POST', '/api/v1/cases', {
    token: qa,
    body: { ...child, category: 'child_in_care', team_id: team.id, allocated_worker_id: state.ids.worker, case_manager_id: state.ids.manager },
  });
  state.caseId = created.id;
});

after(async () => {
  await browser?.close();
});

/** @param {import('playwright-core').Locator} status */
const waitSaved = (status) => status.filter({ hasText: /Saved at \d\d:\d\d/ }).waitFor({ timeout: 15_000 });

/** Opens an accordion section, if it is closed. @param {import('playwright-core').Page} page @param {string} id */
async function open(page, id) {
  const button = page.locator(`#${id} .govuk-accordion__section-button`);
  if ((await button.getAttribute('aria-expanded')) !== 'true') await button.click();
  await page.locator(`#${id} .govuk-accordion__section-content`).waitFor();
}

/** The ladder's step for a stage. @param {import('playwright-core').Page} page @param {string} title */
const step = (page, title) => page.locator('.app-ladder__step', { has: page.locator('.app-ladder__title', { hasText: title }) });

const today = () => new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'numeric', year: 'numeric' }).format(new Date()).split('/');

describe('reviewing officers and the dispute resolution process', () => {
  it('the administrator sees the service’s leads on its page', withPage(() => browser, 'iro-admin-leads', async (page) => {
    await signIn(page, admin.email, admin.password);
    await page.goto(`/admin/teams/${state.serviceId}`);
    await checkPage(page, 'iro-01-service-leads', `Change Children in Care ${unique}`);
    assert.equal(await page.getByLabel('Head of service (stage 2)').inputValue(), state.ids.head);
    assert.equal(await page.getByLabel('Assistant director (stage 3)').inputValue(), state.ids.ad);
  }));

  it('a reviewing officer completes a monitoring form after a review and raises a practice alert from it', withPage(() => browser, 'iro-form', async (page) => {
    await signIn(page, people.iro.email, people.iro.password);
    await page.goto(`/cases/${state.caseId}`);
    await page.getByRole('heading', { level: 1, name: childName }).waitFor();
    await page.getByRole('button', { name: 'Start a monitoring form' }).click();
    await checkPage(page, 'iro-02-start-form', 'Start a monitoring form');
    await page.getByLabel('Looked-after child review').check();
    const [day, month, year] = today();
    await page.locator('#meeting_on-day').fill(day ?? '');
    await page.locator('#meeting_on-month').fill(month ?? '');
    await page.locator('#meeting_on-year').fill(year ?? '');
    await page.getByRole('button', { name: 'Start form' }).click();
    await page.waitForURL(/\/monitoring-forms\/[0-9a-f-]+\/edit$/);
    state.formId = new URL(page.url()).pathname.split('/')[2] ?? '';
    await checkPage(page, 'iro-03-form', `Monitoring form for ${childName}`);

    // Every gap at once, each linked to its field.
    await page.getByRole('button', { name: 'Submit form' }).click();
    const summary = page.locator('.govuk-error-summary');
    await summary.waitFor();
    assert.deepEqual(await summary.locator('a').evaluateAll((links) => links.map((a) => a.getAttribute('href'))), [
      '#held_in_timescale',
      '#child_participated',
      '#child_participation_notes',
      '#plan_progressing',
      '#checks-1-rating',
    ]);
    await checkPage(page, 'iro-04-form-errors', `Monitoring form for ${childName}`);

    await page.locator('#held_in_timescale-2').check();
    await page.getByLabel('Why not?').fill('The foster carer was ill; the review moved by two weeks.');
    await page.getByLabel('Through an advocate').check();
    await page.getByLabel('The child’s participation and views').fill('Her advocate said she wants to see her brother more often.');
    await page.getByLabel('Partly').check();
    await page.getByLabel('Partly').press('Tab');
    await waitSaved(page.locator('#meeting-status'));
    await open(page, 'check-3');
    await page.locator('#check-3').getByLabel('Concern', { exact: true }).check();
    await page.getByLabel('What you saw for standard 3').fill('The plan has not changed since the last review: family time is still not arranged.');
    await open(page, 'check-6');
    await page.locator('#check-6').getByLabel('Good', { exact: true }).check();
    await page.getByLabel('Concerns', { exact: true }).fill('Family time with her brother is still not arranged after two reviews.');
    await page.getByLabel('Good practice', { exact: true }).click();
    await waitSaved(page.locator('#check-3-status'));
    await waitSaved(page.locator('#check-6-status'));
    await waitSaved(page.locator('#findings-status'));
    await summary.waitFor({ state: 'detached', timeout: 10_000 });
    assert.match(await page.locator('#check-3 .govuk-accordion__section-summary').innerText(), /Concern/);

    await page.getByRole('button', { name: 'Submit form' }).click();
    await page.waitForURL(`**/monitoring-forms/${state.formId}`);
    await page.locator('.govuk-notification-banner--success').getByText('Monitoring form submitted').waitFor();
    await checkPage(page, 'iro-05-form-submitted', `Monitoring form for ${childName}`);

    // A practice alert from the form in one step: its concerns and the standard rated a concern filled in.
    const alert = page.locator('#raise-alert');
    assert.equal(await alert.getByLabel('The concern').inputValue(), 'Family time with her brother is still not arranged after two reviews.');
    assert.ok(await alert.getByLabel('3. Planning').isChecked(), 'the standard rated a concern');
    await alert.getByLabel('What is it about?').selectOption('family_time');
    await page.getByRole('button', { name: 'Raise practice alert' }).click();
    await page.waitForURL(/\/escalations\/[0-9a-f-]+$/);
    state.escalationId = new URL(page.url()).pathname.split('/')[2] ?? '';
    await page.locator('.govuk-notification-banner--success').getByText(`Practice alert raised. We have told ${people.manager.name}.`).waitFor();
    await checkPage(page, 'iro-06-practice-alert', `Practice alert about ${childName}`);
    assert.match(await step(page, 'Practice alert').innerText(), new RegExp(`Now[\\s\\S]*Held by ${people.manager.name}[\\s\\S]*Reply due by \\d{1,2} \\w+ \\d{4}: \\d+ working days left`));
    assert.match(await step(page, 'Stage 2: head of service').innerText(), new RegExp(`Would go to ${people.head.name}`));
    assert.match(await step(page, 'Stage 3: assistant director').innerText(), new RegExp(`Would go to ${people.ad.name}`));
    assert.match(await step(page, 'Stage 4: director').innerText(), /Nobody is named for this stage yet/);
    assert.equal(await page.getByRole('button', { name: 'Resolve practice alert' }).count(), 0, 'the raiser does not resolve it');
    assert.equal(await page.locator('summary', { hasText: 'Record a referral to Cafcass' }).count(), 1, 'a child in care: the officer may refer to Cafcass');
  }));

  it('with no reply, the officer starts the formal process and moves it to stage 2', withPage(() => browser, 'iro-stages', async (page) => {
    await signIn(page, people.iro.email, people.iro.password);
    await page.locator('#card-raised-by-me').getByRole('link', { name: childName }).click();
    await page.waitForURL(`**/escalations/${state.escalationId}`);
    await page.getByRole('heading', { level: 1, name: `Practice alert about ${childName}` }).waitFor();

    // Stage 1, chosen by keyboard: the officer may skip stages, so every stage above is offered.
    assert.equal(await page.locator('#stage-form input[type=radio]').count(), 4);
    await page.locator('#to_stage').focus();
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    await page.keyboard.type('No reply to the practice alert from the team manager.');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent?.trim()), 'Start the formal process');
    await page.keyboard.press('Enter');
    await page.locator('.govuk-notification-banner--success').getByText(/It is now at stage 1: case-accountable manager/).waitFor();
    await page.getByRole('heading', { level: 1, name: `Escalation about ${childName}` }).waitFor();
    assert.match(await step(page, 'Practice alert').innerText(), /Done[\s\S]*Moved up by Rosa Reviewer: No reply to the practice alert/);
    assert.match(await step(page, 'Stage 1: case-accountable manager').innerText(), /Now[\s\S]*Due by/);
    assert.match(await page.locator('.govuk-summary-list').first().innerText(), /Formal process\s+Started .*to be over by .*\(20 working days\)/);

    await page.getByLabel('Stage 2: head of service').check();
    await page.getByLabel('Why', { exact: true }).fill('The case-accountable manager has not resolved it; it needs the head of service.');
    await page.getByRole('button', { name: 'Move up a stage' }).click();
    await page.locator('.govuk-notification-banner--success').getByText(/It is now at stage 2: head of service/).waitFor();
    await step(page, 'Stage 2: head of service').filter({ hasText: `Held by ${people.head.name}` }).waitFor();
    await checkPage(page, 'iro-07-stage-2', `Escalation about ${childName}`);

    // The lists filter by stage, source and overdue.
    await page.goto(`/escalations?raised_by=${state.ids.iro}`);
    await checkPage(page, 'iro-08-escalations-raised', 'Escalations');
    await page.getByLabel('Stage', { exact: true }).selectOption('2');
    await page.getByLabel('Source').selectOption('monitoring_form');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL((url) => url.searchParams.get('stage') === '2' && url.searchParams.get('source') === 'monitoring_form');
    await page.locator('.app-list-total', { hasText: /^1 escalation$/ }).waitFor();
    await page.getByLabel('Only overdue escalations').check();
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL((url) => url.searchParams.get('overdue') === 'true');
    await page.getByText('No escalations match these filters.').waitFor();
  }));

  it('the head of service resolves it at stage 2', withPage(() => browser, 'iro-head-resolves', async (page) => {
    await signIn(page, people.head.email, people.head.password);
    await page.locator('#card-raised-to-me').getByRole('link', { name: /1 escalation/ }).first().click();
    await page.waitForURL((url) => url.pathname === '/escalations' && url.searchParams.get('raised_to') === state.ids.head);
    await page.getByRole('link', { name: new RegExp(child.display_name) }).click();
    await page.waitForURL(`**/escalations/${state.escalationId}`);
    await checkPage(page, 'iro-09-head', `Escalation about ${childName}`);
    assert.equal(await page.getByRole('button', { name: 'Move up a stage' }).count(), 0, 'only the raiser moves it up');
    assert.equal(await page.locator('summary', { hasText: 'Record a referral to Cafcass' }).count(), 0, 'only a reviewing officer refers to Cafcass');
    await page.getByLabel('How it was resolved').fill('Family time with her brother now every fortnight, from next week; the plan is updated.');
    await page.getByRole('button', { name: 'Resolve escalation' }).click();
    await page.locator('.govuk-notification-banner--success').getByText(`The escalation is resolved. We have told ${people.iro.name}.`).waitFor();
    await step(page, 'Stage 2: head of service').filter({ hasText: /waiting for Rosa Reviewer to accept it/ }).waitFor();
  }));

  it('the officer accepts the resolution: the process is over', withPage(() => browser, 'iro-accepts', async (page) => {
    await signIn(page, people.iro.email, people.iro.password);
    await page.goto(`/escalations/${state.escalationId}`);
    await page.getByRole('heading', { level: 1, name: `Escalation about ${childName}` }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Move up a stage' }).count(), 1, 'or the officer may dispute it');
    await page.getByLabel('Anything you want to add (optional)').fill('Agreed; I will check at the next review.');
    await page.getByRole('button', { name: 'Accept the resolution' }).click();
    await page.locator('.govuk-notification-banner--success').getByText('You accepted the resolution: the process is over').waitFor();
    await page.locator('.govuk-tag', { hasText: 'Resolution accepted' }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Move up a stage' }).count(), 0, 'nothing left to dispute');
    assert.match(await page.locator('.app-timeline').innerText(), /Resolution accepted[\s\S]*Agreed; I will check at the next review/);
    await checkPage(page, 'iro-10-accepted', `Escalation about ${childName}`);
    await page.goto('/');
    await checkPage(page, 'iro-11-home', 'Your work');
    await page.locator('#card-monitoring').getByText('Your monitoring forms').waitFor();
  }));
});
