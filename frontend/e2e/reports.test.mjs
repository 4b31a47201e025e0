// Reports for the leadership team. A QA officer opens the reports from the navigation, narrows
// the quarterly report to a team (kept in the address), downloads one table as CSV and prints
// the report to PDF; then opens the standards heat map and the calibration report.
//
// The organisation, the people and their audits (submitted today, some moderated) are set up
// through the API; the rest is done in the browser, and every page is checked with axe, at
// 1280 px and at 390 px, and photographed.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { addPerson, admin, call, checkPage, launchBrowser, navigationTexts, screenshotsDir, signIn, token, unique, withPage } from './helpers.mjs';

/** @type {import('playwright-core').Browser} */
let browser;

/** @param {string} key @param {string} name @param {string[]} roles */
const person = (key, name, roles) => ({ name, email: `${key}.reports.${unique}@example.test`, password: `${key}-${unique}-Reports-pass`, roles });
const people = {
  qa: person('qa', 'Rhea Reader', ['qa_officer']),
  manager: person('manager', 'Ravi Rater', ['team_manager']),
};
const state = { teamId: '', teamName: '', serviceName: '' };
const grades = ['good', 'good', 'requires_improvement', 'outstanding'];

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
    body: { overall_grade: grade, summary: 'Audited for the report tests.', child_views: 'Likes football.', family_views: 'Happy with the plan.' },
  });
  await call('POST', `/api/v1/audits/${created.id}/submit`, { token: auditor });
  return created.id;
}

before(async () => {
  assert.ok(admin.password, 'QA_E2E_ADMIN_PASSWORD is set');
  browser = await launchBrowser();
  const adminToken = await token(admin.email, admin.password);
  /** @param {string} name @param {string} kind @param {string | null} parent_id */
  const unit = (name, kind, parent_id) => call('POST', '/api/v1/org-units', { token: adminToken, body: { name, kind, parent_id } });
  const directorate = await unit(`Children’s Services ${unique} (reports)`, 'directorate', null);
  const service = await unit(`Early Help ${unique}`, 'service', directorate.id);
  const team = await unit(`Team Rho ${unique}`, 'team', service.id);
  Object.assign(state, { teamId: team.id, teamName: team.name, serviceName: service.name });
  await addPerson(adminToken, people.qa, directorate.id);
  await addPerson(adminToken, people.manager, team.id);

  const qa = await token(people.qa.email, people.qa.password);
  const manager = await token(people.manager.email, people.manager.password);
  const audits = [];
  for (const [n, grade] of grades.entries()) {
    const created = await call('POST', '/api/v1/cases', { token: qa, body: { display_name: `R.${n}.`, external_ref: `REP-${unique}-${n}`, category: 'child_in_need', team_id: team.id } });
    audits.push(await audit(manager, created.id, grade));
  }
  // The QA officer moderates two: agreeing with one, grading the other lower.
  await call('POST', `/api/v1/audits/${audits[0]}/moderation`, { token: qa, body: { agreed: true, rationale: 'The evidence supports good.' } });
  await call('POST', `/api/v1/audits/${audits[1]}/moderation`, { token: qa, body: { agreed: false, moderated_grade: 'requires_improvement', rationale: 'Visits were late.' } });
});

after(async () => {
  await browser?.close();
});

describe('reports', () => {
  it('a QA officer reads each report, narrows one to a team, downloads a table and prints it', withPage(() => browser, 'reports', async (page) => {
    await signIn(page, people.qa.email, people.qa.password);
    assert.ok((await navigationTexts(page)).includes('Reports'), 'a "Reports" link for the QA unit');
    await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Reports' }).click();
    await checkPage(page, 'reports-01-index', 'Reports');

    // The quarterly report, for this quarter, narrowed to the team: the choice is in the address.
    await page.getByRole('link', { name: 'Quarterly quality assurance report' }).click();
    await page.getByText('Covers: The whole council').waitFor();
    await page.getByLabel('Team or service').selectOption({ label: `${state.serviceName} › ${state.teamName}` });
    await page.getByRole('button', { name: 'Show report' }).click();
    await page.waitForURL((url) => url.searchParams.get('team_id') === state.teamId);
    await page.getByText(`Covers: ${state.teamName}`).waitFor();
    await checkPage(page, 'reports-02-quarterly', 'Quarterly quality assurance report');
    const audits = page.locator('table', { has: page.locator('caption', { hasText: 'Audits submitted in the period, by kind' }) });
    assert.match(await audits.locator('tbody tr').first().innerText(), /^Audits submitted\s+4\s+0$/, 'the team’s four audits this quarter');
    const grades = page.locator('table', { has: page.locator('caption', { hasText: 'Overall grades of the audits submitted' }) });
    assert.match(await grades.locator('tbody tr', { hasText: 'Good' }).innerText(), /Good\s+2\s+50\.0%\s+0\s+–/);
    // The charts beside the tables: a text alternative with the figures, the key in words.
    const chart = page.locator('figure', { hasText: 'Overall grades: share of the audits submitted' });
    assert.match(await chart.locator('.govuk-visually-hidden').innerText(), /Good: 50\.0%, previous period no figure/);
    assert.equal(await page.locator('figure.app-comparison-chart').count(), 4, 'grades, teams, standards and complaints charted');

    // One table as CSV, fetched with the access token and saved from a Blob.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download CSV of judgements graded good or better on each practice standard' }).click(),
    ]);
    assert.match(download.suggestedFilename(), /^quarterly-qa-\d{4}-Q[1-4]-standards\.csv$/);
    const csv = await readFile(/** @type {string} */ (await download.path()), 'utf8');
    assert.match(csv, /^"Standard","Judgements","Good or better \(%\)"/);
    assert.match(csv, /"1\. Risk","4","75\.0"/);

    // Printed to PDF (A4 portrait, from the print style sheet: no navigation, a page per section).
    const pdf = await page.pdf({ path: join(screenshotsDir, '..', 'reports-quarterly.pdf'), format: 'A4', preferCSSPageSize: true });
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
    assert.ok((pdf.toString('latin1').match(/\/Type\s*\/Page\b/g) ?? []).length >= 5, 'a page for each section');

    // The heat map: the team's shares per standard, each cell with its figure.
    await page.getByRole('link', { name: 'All reports' }).click();
    await page.getByRole('link', { name: 'Practice standards heatmap' }).click();
    await checkPage(page, 'reports-03-heatmap', 'Practice standards heatmap');
    const heat = page.getByRole('region', { name: 'Judgements graded good or better per standard and team' });
    const column = await heat.locator('thead th').allInnerTexts();
    const at = column.findIndex((text) => text.trim() === state.teamName);
    assert.ok(at > 0, 'a column for the team');
    const risk = await heat.locator('tbody tr').first().locator('td').nth(at - 1).innerText();
    assert.match(risk, /^75\.0%\s+good or better\s/, 'standard 1: three of the four good or better');
    assert.match(risk, /of 4\s+judgements$/);

    // Calibration for the team: agreement, kappa and the count, flagged unreliable.
    await page.goto(`/reports/calibration?team_id=${state.teamId}`);
    await checkPage(page, 'reports-04-calibration', 'Moderation and calibration');
    const byAuditor = page.locator('table', { has: page.locator('caption', { hasText: 'Agreement per auditor' }) });
    assert.match(await byAuditor.locator('tbody tr', { hasText: people.manager.name }).innerText(), /^Ravi Rater\s+2\s+50\.0%[\s\S]+Unreliable \(fewer than 10\)$/);

    // Escalations, in tables; the whole report downloads as a spreadsheet.
    await page.getByRole('link', { name: 'All reports' }).click();
    await page.getByRole('main').getByRole('link', { name: 'Escalations report' }).click();
    await checkPage(page, 'reports-05-escalations', 'Escalations report');
    const [spreadsheet] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download spreadsheet' }).click()]);
    assert.match(spreadsheet.suggestedFilename(), /^escalations-.+\.xlsx$/);
  }));
});
