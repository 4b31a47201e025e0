// Audits on screen: a team manager audits a case standard by standard (one standard by keyboard
// alone), raises a remedial action the worker hears about at once, sees every missing item on a
// first submit, never loses work when the connection drops, and submits an inadequate audit; the
// worker replies and works their action; the head of service answers and resolves the
// escalation; the QA officer moderates, verifies the action and runs the audit programme; the
// data protection officer searches the access log for who read the case.
//
// The data (teams, people, the case) is set up through the API; everything else is done in the
// browser, and every new page is checked with axe and photographed.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { join } from 'node:path';
import { addPerson, admin, baseURL, call, checkPage, launchBrowser, navigationTexts, openPage, screenshotsDir, signIn, tagLines, token, unique, withPage } from './helpers.mjs';

/** @type {import('playwright-core').Browser} */
let browser;

/** @param {string} who */
const password = (who) => `${who}-${unique}-Secret-pass`;
const people = {
  manager: { name: 'Tess Manager', email: `tess.${unique}@example.test`, password: password('Tess'), roles: ['team_manager'] },
  worker: { name: 'Pat Worker', email: `pat.w.${unique}@example.test`, password: password('Pat'), roles: ['practitioner'] },
  head: { name: 'Hana Head', email: `hana.${unique}@example.test`, password: password('Hana'), roles: ['head_of_service'] },
  qa: { name: 'Quinn Officer', email: `quinn.${unique}@example.test`, password: password('Quinn'), roles: ['qa_officer'] },
  analyst: { name: 'Ana Lyst', email: `ana.${unique}@example.test`, password: password('Ana'), roles: ['performance_analyst'] },
  dpo: { name: 'Dee Protection', email: `dee.${unique}@example.test`, password: password('Dee'), roles: ['dpo'] },
};
const child = { display_name: `J.D. ${unique}`, external_ref: `CMS-${unique}` };
/** How the case is named on screen: initials and the council's reference. */
const childName = `${child.display_name} (${child.external_ref})`;

/** What the tests share: ids made during set-up and along the way. */
const state = { caseId: '', teamId: '', auditId: '', actionId: '', ids: /** @type {Record<string, string>} */ ({}) };

before(async () => {
  assert.ok(admin.password, 'QA_E2E_ADMIN_PASSWORD is set');
  browser = await launchBrowser();

  // The administrator sets up a directorate, a service, a team and the four people.
  const adminToken = await token(admin.email, admin.password);
  /** @param {string} name @param {string} kind @param {string | null} parent_id */
  const unit = (name, kind, parent_id) => call('POST', '/api/v1/org-units', { token: adminToken, body: { name, kind, parent_id } });
  const directorate = await unit(`Children’s Services ${unique}`, 'directorate', null);
  const service = await unit(`Family Help ${unique}`, 'service', directorate.id);
  const team = await unit(`Team Beta ${unique}`, 'team', service.id);
  state.teamId = team.id;
  /** @type {Record<string, string>} */
  const home = { manager: team.id, worker: team.id, head: service.id, qa: directorate.id, analyst: directorate.id, dpo: directorate.id };
  for (const [key, person] of Object.entries(people)) state.ids[key] = await addPerson(adminToken, person, home[key] ?? '');

  // The QA officer registers the child's case: the worker allocated, the manager accountable.
  const qaToken = await token(people.qa.email, people.qa.password);
  const created = await call('POST', '/api/v1/cases', {
    token: qaToken,
    body: {
      ...child,
      category: 'child_in_need',
      team_id: team.id,
      allocated_worker_id: state.ids.worker,
      case_manager_id: state.ids.manager,
    },
  });
  state.caseId = created.id;
});

after(async () => {
  await browser?.close();
});

/** @param {import('playwright-core').Page} page @param {string} name */
const failureShot = (page, name) => page.screenshot({ path: join(screenshotsDir, `FAILED-${name}.png`), fullPage: true }).catch(() => {});

/** A link of the service navigation. @param {import('playwright-core').Page} page @param {string | RegExp} name */
const navLink = (page, name) => page.getByRole('navigation', { name: 'Menu' }).getByRole('link', typeof name === 'string' ? { name, exact: true } : { name });

/** @param {import('playwright-core').Page} page */
const activeId = (page) => page.evaluate(() => document.activeElement?.id ?? '');

/** @param {import('playwright-core').Page} page @param {number} n */
const standardStatus = (page, n) => page.locator(`#standard-${n}-status`);

/** Opens a standard's section of the accordion, if it is closed. @param {import('playwright-core').Page} page @param {number} n */
async function openStandard(page, n) {
  const button = page.locator(`#standard-${n} .govuk-accordion__section-button`);
  if ((await button.getAttribute('aria-expanded')) !== 'true') await button.click();
  await page.locator(`#standard-${n} .govuk-accordion__section-content`).waitFor();
}

/** @param {import('playwright-core').Locator} status */
async function waitSaved(status) {
  await status.filter({ hasText: /Saved at \d\d:\d\d/ }).waitFor({ timeout: 15_000 });
}

/** The audit's local copy of unsaved edits. @param {import('playwright-core').Page} page */
const localDraft = (page) => page.evaluate((key) => localStorage.getItem(key), `qa.audit-draft.${state.ids.manager}.${state.auditId}`);

describe('audits on screen', () => {
  it('a manager starts an audit from the case page and raises a remedial action; the worker is told at once', async () => {
    const managerSide = await openPage(browser);
    const workerSide = await openPage(browser);
    const manager = managerSide.page;
    const worker = workerSide.page;
    try {
      // The worker is already signed in, on another computer.
      await signIn(worker, people.worker.email, people.worker.password);
      assert.ok((await navigationTexts(worker)).includes('Notifications'), 'no unread notifications yet');

      await signIn(manager, people.manager.email, people.manager.password);
      await checkPage(manager, '40-home-team-manager', 'Your work');
      await manager.goto(`/cases/${state.caseId}`);
      await checkPage(manager, '41-case-with-start-button', childName);
      assert.match(await manager.locator('.govuk-summary-list').innerText(), /Pat Worker/, 'the worker by name');
      await manager.getByRole('button', { name: 'Start an audit' }).click();
      await checkPage(manager, '42-start-audit', 'Start an audit');

      // A themed audit needs a theme.
      await manager.getByLabel('Themed audit').check();
      await manager.getByRole('button', { name: 'Start audit' }).click();
      await manager.locator('.govuk-error-summary').getByRole('link', { name: 'Select the theme' }).waitFor();
      await checkPage(manager, '43-start-audit-errors', 'Start an audit');
      assert.match(await manager.title(), /^Error: Start an audit – /);

      await manager.getByLabel('Case file audit').check();
      await manager.locator('#side_by_side').check();
      await manager.getByRole('button', { name: 'Start audit' }).click();
      await manager.waitForURL((url) => /^\/audits\/[0-9a-f-]+\/edit$/.test(url.pathname));
      state.auditId = new URL(manager.url()).pathname.split('/')[2] ?? '';
      await checkPage(manager, '44-audit-form', `Audit of ${childName}`);
      assert.equal(await manager.locator('.govuk-accordion__section[id^="standard-"]').count(), 10, 'the ten standards, in an accordion');
      assert.match(await manager.locator('#standard-1').innerText(), /Risks to children will be identified/, 'the first standard open, with the council’s words for it');
      assert.equal(await manager.locator('#standard-2 .govuk-accordion__section-content').isVisible(), false, 'the others closed');

      // A remedial action: the worker and their manager are told at once.
      await manager.getByLabel('What must be done').fill('Update the risk assessment with the school’s information');
      await manager.getByLabel('Practice standard it concerns (optional)').selectOption('1');
      await manager.getByRole('button', { name: 'Add remedial action' }).click();
      await manager.getByText('Remedial action added. We have told Pat Worker straight away.').waitFor();
      await manager.locator('#remedial-actions tbody tr').first().waitFor();
      assert.match(await manager.locator('#remedial-actions tbody').innerText(), /Update the risk assessment[\s\S]*1\. Risk[\s\S]*Pat Worker/);

      // The worker moves to another page: the header counts the new notification at once.
      await navLink(worker, 'Cases').click();
      const bell = navLink(worker, /^Notifications \(1\) unread$/);
      await bell.waitFor({ timeout: 10_000 });
      assert.equal(await bell.evaluate((link) => link.textContent), 'Notifications (1) unread', 'seen as "Notifications (1)", heard with "unread"');
      await bell.click();
      await checkPage(worker, '45-notifications-worker', 'Notifications');
      const notice = worker.getByRole('link', { name: `Remedial action raised on case ${child.display_name}` });
      await notice.click();
      await worker.waitForURL(/\/actions\/[0-9a-f-]+$/);
      state.actionId = new URL(worker.url()).pathname.split('/')[2] ?? '';
      await checkPage(worker, '46-action-worker', 'Update the risk assessment with the school’s information');
      // Opening it marked it read.
      await navLink(worker, 'Notifications').waitFor();

      assert.deepEqual(managerSide.problems, [], 'no errors in the manager’s console');
      assert.deepEqual(workerSide.problems, [], 'no errors in the worker’s console');
    } catch (error) {
      await failureShot(manager, 'audit-start-manager');
      await failureShot(worker, 'audit-start-worker');
      throw error;
    } finally {
      await managerSide.context.close();
      await workerSide.context.close();
    }
  });

  it('the manager sees every missing item, grades every standard (one by keyboard alone), never loses work and submits', async () => {
    const { context, page, problems } = await openPage(browser);
    try {
      await signIn(page, people.manager.email, people.manager.password);
      await page.locator('#card-drafts').getByRole('link', { name: new RegExp(child.display_name) }).click();
      await page.waitForURL(`**/audits/${state.auditId}/edit`);
      await page.getByRole('heading', { level: 1, name: `Audit of ${childName}` }).waitFor();

      // Submitting at once lists every missing item, each linked to its field.
      await page.getByRole('button', { name: 'Submit audit' }).click();
      const summary = page.locator('.govuk-error-summary');
      await summary.waitFor();
      const hrefs = await summary.locator('a').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
      assert.equal(hrefs.length, 13, `ten standards, the overall grade and the two views: ${hrefs}`);
      for (const href of ['#judgements-1-grade', '#judgements-10-grade', '#overall_grade', '#child_views', '#family_views']) {
        assert.ok(hrefs.includes(href), `the summary links ${href}: ${hrefs}`);
        assert.equal(await page.locator(href).count(), 1, `${href} names one field`);
      }
      assert.ok(await summary.evaluate((el) => el.contains(document.activeElement) || el === document.activeElement), 'the summary takes focus');
      assert.match(await page.title(), /^Error: Audit of /);
      assert.ok(await page.locator('#judgements-1-grade-error').isVisible(), 'the error shows on the (open) standard too');
      assert.equal(await page.locator('#judgements-3-grade-error').count(), 1, 'and on the closed ones');
      await checkPage(page, '47-audit-form-errors', `Audit of ${childName}`);
      assert.equal(await page.locator('#standard-3 .govuk-accordion__section-content').isVisible(), false, 'standard 3 is closed');
      assert.match(await page.locator('#standard-3 .govuk-accordion__section-summary').innerText(), /Not started – there is a problem/, 'its heading says so');
      await summary.getByRole('link', { name: /Grade standard 3 \(Planning\)/ }).click();
      assert.equal(await activeId(page), 'judgements-3-grade', 'the link opens the closed standard and moves focus to its grades');

      // Standard 1: inadequate.
      /** @param {number} n */
      const standard = (n) => page.locator(`#standard-${n}`);
      await standard(1).getByLabel('Inadequate', { exact: true }).check();
      await standard(1).getByLabel('Evidence for standard 1').fill('No risk assessment since the referral; the school’s concerns are not recorded.');
      await standard(1).getByLabel('Areas for development for standard 1').fill('Update the risk assessment.');
      await waitSaved(standardStatus(page, 1));
      // Fixed and saved: the error goes from the summary and the standard, the others stay.
      await summary.locator('a[href="#judgements-1-grade"]').waitFor({ state: 'detached', timeout: 10_000 });
      assert.equal(await summary.locator('a').count(), 12, 'the summary shrinks to the twelve left');
      assert.equal(await page.locator('#judgements-1-grade-error').count(), 0, 'no error beside the saved grade');
      assert.match(await page.title(), /^Error: Audit of /, 'errors remain');

      // Standard 2 by keyboard alone: Tab to its heading, Enter to open it, Tab into the grades,
      // Space and the arrow keys to choose, type.
      await page.focus('#judgements-1-areas_for_development');
      await page.keyboard.press('Tab');
      assert.equal(
        await page.evaluate(() => document.activeElement?.closest('.govuk-accordion__section')?.id),
        'standard-2',
        'Tab reaches standard 2’s heading',
      );
      await page.keyboard.press('Enter');
      await page.keyboard.press('Tab');
      assert.equal(await activeId(page), 'judgements-2-grade', 'Tab reaches standard 2’s grades');
      await page.keyboard.press('Space');
      assert.ok(await standard(2).getByLabel('Outstanding', { exact: true }).isChecked(), 'Space chooses the focused grade');
      await page.keyboard.press('ArrowDown');
      assert.ok(await standard(2).getByLabel('Good', { exact: true }).isChecked(), 'the arrow keys move the choice');
      await page.keyboard.press('Tab');
      assert.equal(await activeId(page), 'judgements-2-evidence');
      await page.keyboard.type('The assessment is up to date and records the child’s words.');
      await page.keyboard.press('Tab');
      assert.equal(await activeId(page), 'judgements-2-strengths');
      await page.keyboard.type('Direct work with the child.');
      await page.keyboard.press('Tab');
      assert.equal(await activeId(page), 'judgements-2-areas_for_development');
      await page.keyboard.type('Include the father’s views.');
      await page.keyboard.press('Tab');
      await waitSaved(standardStatus(page, 2));
      assert.equal(await standardStatus(page, 2).getAttribute('role'), 'status', 'the status is announced');
      await waitSaved(standardStatus(page, 1));

      for (const n of [3, 4, 5, 6, 7, 8, 9]) {
        await openStandard(page, n);
        await standard(n).getByLabel('Good', { exact: true }).check();
        await standard(n).getByLabel(`Evidence for standard ${n}`).fill(`Evidence for standard ${n}: seen in the case file.`);
      }
      await openStandard(page, 10);
      await standard(10).getByLabel('Not applicable', { exact: true }).check();
      await standard(10).getByLabel('Why it does not apply for standard 10').fill('Recording is audited by the themed audit this quarter.');
      await page.locator('#overall').getByLabel('Inadequate', { exact: true }).check();
      await page.getByLabel('Summary', { exact: true }).fill('Risk is not reduced: the plan does not respond to the school’s concerns.');
      await page.getByLabel('The child’s views').fill('J. says school is the best part of the week.');
      await page.getByLabel('The family’s views').fill('Mother wants more help at weekends.');
      await page.getByLabel('Pat Worker’s reflection').fill('I will update the risk assessment this week.');
      await page.getByLabel('The family’s views').press('Tab');
      for (const n of [3, 4, 5, 6, 7, 8, 9, 10]) await waitSaved(standardStatus(page, n));
      await waitSaved(page.locator('#overall-status'));
      // Every error fixed and saved: no summary, no error beside any field, no "Error:" in the title.
      await summary.waitFor({ state: 'detached', timeout: 10_000 });
      assert.equal(await page.locator('.govuk-error-message').count(), 0, 'no error left on any field');
      assert.doesNotMatch(await page.title(), /^Error:/, 'the title no longer says Error');

      // The connection drops: the change is kept on this device, then saved when it is back.
      await context.setOffline(true);
      await standard(4).getByLabel('Strengths for standard 4').fill('Visits are purposeful.');
      await standard(4).getByLabel('Strengths for standard 4').press('Tab');
      await standardStatus(page, 4).filter({ hasText: 'Not saved – will retry' }).waitFor({ timeout: 10_000 });
      assert.match((await localDraft(page)) ?? '', /Visits are purposeful/, 'kept in localStorage, under the manager’s name');
      // Signing out now would discard it: the manager is asked first, and stays.
      await page.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: 'Sign out' }).click();
      await checkPage(page, '47b-sign-out-unsaved-changes', 'You have unsaved changes');
      await page.getByText('1 audit has changes not yet saved: stay, or sign out and discard them.').waitFor();
      assert.match((await localDraft(page)) ?? '', /Visits are purposeful/, 'still kept while asked');
      // The connection comes back; back on the form (read afresh), the kept change is saved.
      await context.setOffline(false);
      await page.getByRole('button', { name: 'Stay signed in' }).click();
      await standard(4).waitFor();
      await waitSaved(standardStatus(page, 4));
      assert.doesNotMatch((await localDraft(page)) ?? '', /judgement-4/, 'forgotten once saved');

      // The server fails, and the page is reloaded before it recovers: nothing is lost.
      const judgement5 = `**/api/v1/audits/${state.auditId}/judgements/5`;
      await page.route(judgement5, (route) =>
        route.fulfill({ status: 503, contentType: 'application/problem+json', body: JSON.stringify({ type: '/problems/unavailable', title: 'Unavailable', status: 503, detail: 'Try again' }) }),
      );
      await standard(5).getByLabel('Strengths for standard 5').fill('Multi-agency meetings are well recorded.');
      await standard(5).getByLabel('Strengths for standard 5').press('Tab');
      await standardStatus(page, 5).filter({ hasText: 'Not saved – will retry' }).waitFor({ timeout: 10_000 });
      await page.reload();
      await page.getByText('We restored a change you made on this device that had not been saved.').waitFor();
      assert.equal(await page.locator('#judgements-5-strengths').inputValue(), 'Multi-agency meetings are well recorded.', 'restored after a reload');
      await standardStatus(page, 5).filter({ hasText: 'Not saved – will retry' }).waitFor({ timeout: 10_000 });
      await checkPage(page, '48-audit-form-restored', `Audit of ${childName}`);
      await page.unroute(judgement5);
      await waitSaved(standardStatus(page, 5));
      assert.equal((await localDraft(page)) ?? null, null, 'nothing left unsaved');

      // Someone changes the audit elsewhere (another tab): the next change is refused (412), the
      // audit read again and the change sent again on the new version, keeping both.
      const managerToken = await token(people.manager.email, people.manager.password);
      const current = await call('GET', `/api/v1/audits/${state.auditId}`, { token: managerToken });
      const bumped = await fetch(new URL(`/api/v1/audits/${state.auditId}`, baseURL), {
        method: 'PATCH',
        headers: { Authorization: `Bearer ${managerToken}`, 'Content-Type': 'application/merge-patch+json', 'If-Match': `"${current.version}"` },
        body: JSON.stringify({ views_not_sought_reason: 'Father could not be reached.' }),
      });
      assert.equal(bumped.status, 200, 'changed elsewhere');
      let refused = 0;
      page.on('response', (response) => {
        if (response.request().method() === 'PATCH' && response.status() === 412) refused += 1;
      });
      const summaryText = 'Risk is not reduced: the plan does not respond to the school’s concerns. The school was not invited to the core group.';
      await page.getByLabel('Summary', { exact: true }).fill(summaryText);
      await page.getByLabel('Summary', { exact: true }).press('Tab');
      await page.locator('#overall-status').filter({ hasText: 'Saving…' }).waitFor({ state: 'detached', timeout: 15_000 }).catch(() => {});
      await waitSaved(page.locator('#overall-status'));
      const merged = await call('GET', `/api/v1/audits/${state.auditId}`, { token: managerToken });
      assert.equal(refused, 1, 'the stale version was refused once');
      assert.equal(merged.summary, summaryText, 'the change was applied again on the new version');
      assert.equal(merged.views_not_sought_reason, 'Father could not be reached.', 'the other change was kept');

      // A safeguarding alert, told at once.
      await page.getByLabel('The concern').fill('The child said an adult at home frightens them.');
      await page.locator('#safeguarding-alerts').getByLabel('Medium').check();
      await page.getByRole('button', { name: 'Raise safeguarding alert' }).click();
      await page.getByText('Safeguarding alert raised. We have told Pat Worker straight away.').waitFor();
      await page.locator('#safeguarding-alerts tbody tr').first().waitFor();

      await checkPage(page, '49-audit-form-complete', `Audit of ${childName}`);
      await page.getByRole('button', { name: 'Submit audit' }).click();
      await page.waitForURL(`**/audits/${state.auditId}`);
      await page.locator('.govuk-notification-banner--success').getByText('Audit submitted').waitFor();
      await checkPage(page, '50-audit-submitted', `Audit of ${childName}`);
      const overview = await page.locator('.govuk-summary-list').first().innerText();
      assert.match(overview, /Inadequate/);
      assert.match(overview, /Auditor\s+Tess Manager/);
      assert.match(overview, /Worker\s+Pat Worker/);
      assert.ok(await page.getByRole('link', { name: 'View the escalation' }).isVisible(), 'an inadequate audit opens an escalation');
      assert.match(await page.locator('#standard-1').innerText(), /Inadequate/, 'each standard’s heading has its grade');
      await openStandard(page, 1);
      assert.match(await page.locator('#standard-1').innerText(), /Inadequate[\s\S]*No risk assessment since the referral/);
      assert.match(await page.locator('#standard-10').innerText(), /Not applicable/);
      assert.equal(await page.locator('#standard-1 .govuk-tag--red').count(), 1, 'inadequate is a red tag');

      await navLink(page, 'Audits').click();
      await checkPage(page, '51-audits-you-did', 'Audits you did');
      await page.getByRole('link', { name: new RegExp(child.display_name) }).first().waitFor();
      await page.getByLabel('Overall grade').selectOption('inadequate');
      await page.getByRole('button', { name: 'Apply filters' }).click();
      await page.waitForURL((url) => url.searchParams.get('overall_grade') === 'inadequate');
      await page.getByRole('link', { name: new RegExp(child.display_name) }).first().waitFor();
      await page.getByRole('link', { name: 'Audits of your team' }).click();
      await checkPage(page, '52-audits-of-your-team', 'Audits of your team');
      await page.getByRole('link', { name: new RegExp(child.display_name) }).first().waitFor();

      const unexpected = problems.filter(
        (p) => !/ERR_INTERNET_DISCONNECTED|status of 503|Failed to fetch|ERR_NETWORK_CHANGED/.test(p),
      );
      assert.deepEqual(unexpected, [], 'no other errors in the browser console');
    } catch (error) {
      await failureShot(page, 'audit-grade-and-submit');
      throw error;
    } finally {
      await context.close();
    }
  });

  it('the worker reads the audit, replies, and works their action', withPage(() => browser, 'worker-replies', async (page) => {
    await signIn(page, people.worker.email, people.worker.password);
    await checkPage(page, '53-home-worker', 'Your work');
    const panel = page.locator('#card-reply');
    // Submitted today: the reply is due ten working days from now, not yet overdue.
    await panel.locator('.govuk-tag').filter({ hasText: /^Reply due by \d{1,2} \w+ \d{4}$/ }).waitFor();
    await panel.getByRole('link', { name: new RegExp(child.display_name) }).click();
    await page.waitForURL(`**/audits/${state.auditId}`);
    await checkPage(page, '54-audit-worker', `Audit of ${childName}`);
    await page.locator('#response-heading ~ p .govuk-tag').filter({ hasText: /^Reply due by / }).waitFor();

    await page.getByRole('button', { name: 'Send reply' }).click();
    await page.locator('.govuk-error-summary').getByRole('link', { name: 'Enter your reflection on the audit' }).waitFor();
    await page.getByLabel('Your reflection').fill('I agree the risk assessment is out of date. I have booked a visit with the school.');
    await page.getByRole('button', { name: 'Send reply' }).click();
    await page.locator('.govuk-notification-banner--success').getByText('Your reply has been sent to the auditor').waitFor();
    await page.getByText('I have booked a visit with the school.').waitFor();
    // One reply only: once the audit is read again the form goes.
    await page.getByRole('button', { name: 'Send reply' }).waitFor({ state: 'detached' });

    await navLink(page, 'Audits').click();
    await checkPage(page, '54b-audits-of-your-work', 'Audits of your work');
    await page.getByRole('link', { name: new RegExp(child.display_name) }).first().waitFor();

    // A worker does not start audits.
    await page.goto(`/cases/${state.caseId}`);
    await page.getByRole('heading', { level: 1, name: child.display_name }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Start an audit' }).count(), 0);

    await navLink(page, 'Actions').click();
    await checkPage(page, '55-your-actions', 'Your actions');
    await page.getByRole('link', { name: 'Update the risk assessment with the school’s information' }).click();
    await page.getByRole('heading', { level: 1, name: 'Update the risk assessment with the school’s information' }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Cancel action' }).count(), 0, 'only the steps the worker may take');
    await page.getByRole('button', { name: 'Start action' }).click();
    await page.locator('.govuk-notification-banner--success').getByText('Action started').waitFor();
    await page.getByLabel('Evidence of what was done').fill('Risk assessment updated on the case file with the school’s information.');
    await page.getByRole('button', { name: 'Complete action' }).click();
    await page.locator('.govuk-notification-banner--success').getByText('Action completed').waitFor();
    await checkPage(page, '56-action-completed', 'Update the risk assessment with the school’s information');
  }));

  it('the head of service sees the escalation, responds and resolves it', withPage(() => browser, 'head-resolves', async (page) => {
    await signIn(page, people.head.email, people.head.password);
    await navLink(page, /^Notifications \(\d+\) unread$/).waitFor({ timeout: 10_000 });
    await navLink(page, 'Escalations').click();
    await checkPage(page, '57-escalations', 'Escalations');
    await page.getByRole('link', { name: new RegExp(child.display_name) }).click();
    await checkPage(page, '58-escalation', `Escalation about ${child.display_name} (${child.external_ref})`);
    // The manager audited a case they are accountable for: it is raised above them, to the
    // head of service, at the head of service's stage.
    const summary = await page.locator('.govuk-summary-list').innerText();
    assert.match(summary, /Raised by\s+Tess Manager/);
    assert.match(summary, /Raised to\s+Hana Head/);
    assert.match(summary, /Stage 2: head of service/);

    await page.getByLabel('Your response').fill('I have asked the team manager to review the plan with the worker this week.');
    await page.getByRole('button', { name: 'Add response' }).click();
    await page.locator('.govuk-notification-banner--success').getByText('Your response has been added').waitFor();
    await page.getByLabel('How it was resolved').fill('The plan was reviewed and the risk assessment updated.');
    await page.getByRole('button', { name: 'Resolve escalation' }).click();
    await page.locator('.govuk-notification-banner--success').getByText('The escalation is resolved').waitFor();
    // The timeline is read again after the banner shows: wait for its third entry.
    await page.locator('.app-timeline__item').nth(2).waitFor();
    assert.equal(await page.locator('.app-timeline__item').count(), 3, 'raised, response, resolved');
    assert.equal(await page.getByRole('button', { name: 'Resolve escalation' }).count(), 0);
    await checkPage(page, '59-escalation-resolved', `Escalation about ${child.display_name} (${child.external_ref})`);
  }));

  it('the QA officer moderates, verifies the action and runs the audit programme', withPage(() => browser, 'qa-officer', async (page) => {
    await signIn(page, people.qa.email, people.qa.password);
    await page.goto(`/audits/${state.auditId}`);
    await page.getByRole('heading', { level: 1, name: `Audit of ${childName}` }).waitFor();
    await page.getByLabel('No', { exact: true }).check();
    await page.getByLabel('The grade you give').selectOption('requires_improvement');
    await page.getByLabel('Rationale').fill('Risk is recognised by the worker and being reduced.');
    await page.getByRole('button', { name: 'Save moderation' }).click();
    await page.locator('.govuk-notification-banner--success').getByText('Moderation saved').waitFor();
    await page.getByText('Changed the grade from Inadequate to Requires improvement to be good').waitFor();
    await checkPage(page, '60-audit-moderated', `Audit of ${childName}`);
    // "Requires improvement to be good" reads on two lines at most, on a desktop and on a phone.
    const moderatedGrade = page.locator('.govuk-summary-list .app-tag--grade', { hasText: /^Requires/ });
    assert.ok((await tagLines(moderatedGrade)) <= 1, 'one line beside "Grade after moderation" at 1280 px');
    await page.setViewportSize({ width: 390, height: 844 });
    assert.ok((await tagLines(moderatedGrade)) <= 2, 'two lines at most at 390 px');
    await page.setViewportSize({ width: 1280, height: 900 });


    await page.goto(`/actions/${state.actionId}`);
    await page.getByLabel('The impact it had').fill('The plan now responds to the school’s concerns.');
    await page.getByRole('button', { name: 'Verify action' }).click();
    await page.locator('.govuk-notification-banner--success').getByText('Action verified').waitFor();

    await navLink(page, 'Programme').click();
    await checkPage(page, '61-audit-programme', 'Audit programme');
    await page.getByLabel('Title', { exact: true }).fill(`QA programme ${unique}`);
    await page.getByRole('button', { name: 'Add programme' }).click();
    await page.locator('.govuk-notification-banner--success').getByText(`QA programme ${unique} has been added`).waitFor();
    await page.getByRole('button', { name: 'Add a theme' }).click();
    await checkPage(page, '62-add-theme', 'Add a theme');
    await page.getByRole('button', { name: 'Add theme' }).click();
    await page.locator('.govuk-error-summary').getByRole('link', { name: 'Enter the theme’s title' }).waitFor();
    await checkPage(page, '63-add-theme-errors', 'Add a theme');
    await page.getByLabel('Programme').selectOption({ label: `QA programme ${unique} (${new Date().getFullYear()})` });
    await page.getByLabel('Title').fill(`Neglect ${unique}`);
    await page.getByLabel('Why it is audited').fill('Neglect is the most common category of concern.');
    await page.getByLabel('Safeguarding partnership').check();
    await page.locator('#planned_month-month').fill('6');
    await page.locator('#planned_month-year').fill(String(new Date().getFullYear() + 1));
    await page.getByLabel('Cases to sample (optional)').fill('12');
    await page.getByRole('button', { name: 'Add theme' }).click();
    await page.locator('.govuk-notification-banner--success').getByText(`Neglect ${unique} has been added`).waitFor();
    await checkPage(page, '64-theme', `Neglect ${unique}`);

    await page.getByLabel('Closed').check();
    await page.getByRole('button', { name: 'Save status' }).click();
    await page.locator('.govuk-error-summary').getByRole('link', { name: 'Enter the findings to close the theme' }).waitFor();
    await page.getByLabel('Findings').fill('Chronologies are missing in half the sample.');
    await page.getByLabel('Recommendations').fill('Every case of neglect keeps a chronology.');
    await page.getByRole('button', { name: 'Save status' }).click();
    await page.locator('.govuk-notification-banner--success').getByText('The theme is closed').waitFor();
    await checkPage(page, '65-theme-closed', `Neglect ${unique}`);
    await page.getByRole('link', { name: 'Back to the audit programme' }).click();
    await checkPage(page, '66-programme', `QA programme ${unique}`);
  }));

  it('a performance analyst reads the audit without its narrative', withPage(() => browser, 'analyst', async (page) => {
    await signIn(page, people.analyst.email, people.analyst.password);
    await navLink(page, 'Audits').click();
    await checkPage(page, '69-all-audits-analyst', 'All audits');
    await page.getByRole('link', { name: new RegExp(child.display_name) }).first().click();
    await checkPage(page, '70-audit-analyst', `Audit of ${childName}`);
    assert.ok((await page.getByText('Not shown to your role').count()) > 10, 'narrative is withheld, and said so');
    assert.match(await page.locator('#standard-1').innerText(), /Inadequate/, 'grades are shown');
    for (const button of ['Send reply', 'Save moderation', 'Return audit']) {
      assert.equal(await page.getByRole('button', { name: button }).count(), 0, `no ${button} for an analyst`);
    }
  }));

  it('the manager is told of the reply, and marks notifications read', withPage(() => browser, 'manager-notifications', async (page) => {
    await signIn(page, people.manager.email, people.manager.password);
    await checkPage(page, '67-home-manager-after', 'Your work');
    const bell = navLink(page, /^Notifications \(\d+\) unread$/);
    const before = Number((await bell.innerText()).match(/\((\d+)/)?.[1]);
    assert.ok(before >= 2, `the reply and the moderation: ${before}`);
    await bell.click();
    await checkPage(page, '68-notifications-manager', 'Notifications');
    await page.getByRole('link', { name: 'Pat Worker replied to your audit' }).waitFor();
    await page.getByRole('button', { name: 'Mark as read: Pat Worker replied to your audit' }).click();
    await navLink(page, before - 1 > 0 ? `Notifications (${before - 1}) unread` : 'Notifications').waitFor();
  }));

  it('the data protection officer searches the access log by case, by person and by date, page by page', withPage(() => browser, 'dpo-access-log', async (page) => {
    // More reads of the case than one page holds (50).
    const qaToken = await token(people.qa.email, people.qa.password);
    for (let i = 0; i < 55; i++) await call('GET', `/api/v1/cases/${state.caseId}`, { token: qaToken });

    await signIn(page, people.dpo.email, people.dpo.password);
    assert.ok((await navigationTexts(page)).includes('Access log'), 'an "Access log" link for the DPO');
    await page.goto(`/cases/${state.caseId}`);
    await page.getByRole('heading', { level: 1, name: child.display_name }).waitFor();
    await page.getByRole('link', { name: 'Who has read or changed this case’s records' }).click();
    await page.waitForURL((url) => url.pathname === '/access-log' && url.searchParams.get('case_id') === state.caseId);
    await page.getByRole('table').waitFor();
    await checkPage(page, '71-access-log-case', 'Access log');
    const table = page.getByRole('table');
    assert.match(await table.locator('caption').innerText(), new RegExp(`about case ${child.display_name.replace(/\./g, '\\.')}`));
    assert.equal(await table.locator('tbody tr').count(), 50, 'a page of 50 entries');
    assert.match(await table.innerText(), /Quinn Officer[\s\S]*Read case/, 'the newest reads come first');

    await page.getByRole('link', { name: /^Next/ }).click();
    await page.waitForURL((url) => url.searchParams.has('cursor'));
    await page.locator('caption', { hasText: 'page 2' }).waitFor();
    assert.ok((await page.getByRole('table').locator('tbody tr').count()) > 0, 'older entries follow on page 2');
    await checkPage(page, '72-access-log-page-2', 'Access log');
    await page.getByRole('link', { name: /^Previous/ }).click();
    await page.waitForURL((url) => !url.searchParams.has('cursor'));
    await page.locator('caption', { hasText: /page 2/ }).waitFor({ state: 'detached' });

    // By person and by date: the QA officer's entries about the case today.
    const today = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'numeric', year: 'numeric' }).format(new Date()).split('/');
    await page.getByLabel('Person').selectOption({ label: people.qa.name });
    for (const range of ['from', 'to']) {
      await page.locator(`#${range}-day`).fill(today[0] ?? '');
      await page.locator(`#${range}-month`).fill(today[1] ?? '');
      await page.locator(`#${range}-year`).fill(today[2] ?? '');
    }
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL((url) => url.searchParams.get('user_id') === state.ids.qa && url.searchParams.has('from') && url.searchParams.has('to'));
    await page.locator('caption', { hasText: `by ${people.qa.name}` }).waitFor();
    // The rows of the search before stay on screen until the new ones come.
    await page.waitForFunction(
      (name) => {
        const cells = Array.from(document.querySelectorAll('tbody tr td:nth-child(2)'));
        return cells.length > 0 && cells.every((cell) => cell.textContent?.includes(name));
      },
      people.qa.name,
      { timeout: 10_000 },
    ).catch(() => {});
    const who = await table.locator('tbody tr td:nth-child(2)').allInnerTexts();
    assert.ok(who.length > 0 && who.every((text) => text.includes(people.qa.name)), `only the QA officer’s entries: ${who.slice(0, 3)}`);

    // A case that is not an ID: the error summary links to the field.
    await page.getByLabel('Case').fill('CMS-not-an-id');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.locator('.govuk-error-summary').getByRole('link', { name: /Enter the case’s ID/ }).click();
    assert.equal(await activeId(page), 'case_id');
    assert.match(await page.title(), /^Error: Access log – /);
    await checkPage(page, '73-access-log-errors', 'Access log');
  }));
});
