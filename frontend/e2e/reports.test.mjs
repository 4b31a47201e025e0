// Reports for the leadership team. A QA officer opens the reports from the navigation, narrows
// the quarterly report to a team (kept in the address), reads its trend lines, downloads one
// table as CSV and prints the report to PDF; then opens the standards heat map and the
// calibration report; then the escalations, participation and learning needs reports. The
// Performance Team's analyst reads the participation report with its small counts withheld, and
// the team manager opens their team's briefing from 'Your team' on their home page.
//
// The organisation, the people, their audits (submitted today, some moderated), escalations and
// what children and families said are set up through the API; the rest is done in the browser,
// and every report page is checked with axe, at 1280 px and at 390 px, and photographed.
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
  analyst: person('analyst', 'Ada Analyst', ['performance_analyst']),
};
const state = { teamId: '', teamName: '', serviceName: '', recurringRef: '' };
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
  await addPerson(adminToken, people.analyst, directorate.id);

  const qa = await token(people.qa.email, people.qa.password);
  const manager = await token(people.manager.email, people.manager.password);
  const audits = [];
  const cases = [];
  for (const [n, grade] of grades.entries()) {
    const created = await call('POST', '/api/v1/cases', { token: qa, body: { display_name: `R.${n}.`, external_ref: `REP-${unique}-${n}`, category: 'child_in_need', team_id: team.id } });
    cases.push(created.id);
    audits.push(await audit(manager, created.id, grade));
  }
  // The QA officer moderates two: agreeing with one, grading the other lower.
  await call('POST', `/api/v1/audits/${audits[0]}/moderation`, { token: qa, body: { agreed: true, rationale: 'The evidence supports good.' } });
  await call('POST', `/api/v1/audits/${audits[1]}/moderation`, { token: qa, body: { agreed: false, moderated_grade: 'requires_improvement', rationale: 'Visits were late.' } });

  // Escalations: two practice alerts on one case (so it recurs) and one on another, all open.
  state.recurringRef = `REP-${unique}-0`;
  for (const caseId of [cases[0], cases[0], cases[1]]) {
    await call('POST', '/api/v1/escalations', { token: qa, body: { case_id: caseId, source: 'practice_alert', category: 'drift_in_planning', concern: 'The plan has not moved since the last review.' } });
  }

  // What children and families said: three young people at a forum about contact, one answered
  // ("you said, we did"), and a parent's compliment by email.
  const today = new Date().toISOString().slice(0, 10);
  const said = [];
  for (const n of [1, 2, 3]) {
    const feedback = await call('POST', '/api/v1/feedback', {
      token: qa,
      body: { kind: 'participation', source_role: 'young_person', channel: 'forum', received_on: today, team_id: team.id, summary: `Contact visits are too short (${n}).`, themes: ['contact'] },
    });
    said.push(feedback.id);
  }
  await call('POST', `/api/v1/feedback/${said[0]}/response-to-participant`, { token: qa, body: { we_did: 'Contact visits now last two hours.' } });
  await call('POST', '/api/v1/feedback', {
    token: qa,
    body: { kind: 'compliment', source_role: 'parent', channel: 'email', received_on: today, team_id: team.id, summary: 'The social worker listened.', themes: ['communication'] },
  });
});

/**
 * A report's table by its caption.
 * @param {import('playwright-core').Page} page @param {string | RegExp} caption
 */
const tableOf = (page, caption) => page.locator('table', { has: page.locator('caption', { hasText: caption }) });

/**
 * The text of a table's row, by the words in it.
 * @param {import('playwright-core').Page} page @param {string} caption @param {string | RegExp} row
 */
const rowText = (page, caption, row) => tableOf(page, caption).locator('tbody tr', { hasText: row }).innerText();

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
    // Grades, teams and standards charted; the team had no complaints, so there is no chart of them.
    assert.equal(await page.locator('figure.app-comparison-chart').count(), 3, 'grades, teams and standards charted');

    // The trend of good or better over the last four quarters: all standards large, each
    // standard small, and the same figures in a table (this quarter's only: the team is new).
    const trend = page.locator('figure.app-trend-chart');
    assert.match(await trend.locator('figcaption').innerText(), /^Judgements graded good or better over the last 4 quarters$/);
    assert.equal(await trend.locator('.app-plot svg').count(), 11, 'all standards, then each of the ten');
    assert.match(await trend.locator('.govuk-visually-hidden').innerText(), /All standards: [^.]+ no figure, [^.]+ 75\.0%\./);
    const trendTable = tableOf(page, 'over the last four periods');
    const periods = (await trendTable.locator('thead th').allInnerTexts()).slice(1);
    assert.equal(periods.length, 4);
    for (const period of periods) assert.match(period.trim(), /^(January to March|April to June|July to September|October to December) \d{4} \(%\)$/);
    for (const row of ['All standards', '1. Risk']) {
      const cells = (await trendTable.locator('tbody tr', { hasText: row }).locator('td').allInnerTexts()).map((text) => text.trim());
      assert.deepEqual(cells.map((text) => text.startsWith('–')), [true, true, true, false], `${row}: no figure before this quarter`);
      assert.equal(cells[3], '75.0%', `${row}: three of the four audits good or better`);
    }

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

  }));

  it('a QA officer reads the escalations, participation and learning needs reports for a team', withPage(() => browser, 'reports-more', async (page) => {
    await signIn(page, people.qa.email, people.qa.password);
    await page.goto('/reports');
    await page.getByRole('main').getByRole('link', { name: 'Escalations report' }).click();
    await page.getByText('Covers: The whole council').waitFor();
    await page.getByLabel('Team or service').selectOption({ label: `${state.serviceName} › ${state.teamName}` });
    await page.getByRole('button', { name: 'Show report' }).click();
    await page.getByText(`Covers: ${state.teamName}`).waitFor();
    await checkPage(page, 'reports-05-escalations', 'Escalations report');
    assert.match(await rowText(page, 'Escalations raised, by where they came from', 'Practice alert'), /^Practice alert\s+3\s+0\s+3\s+0$/);
    const bySource = page.locator('figure', { hasText: 'Escalations raised this period and the one before' });
    assert.match(await bySource.locator('.govuk-visually-hidden').innerText(), /Practice alert: 3, previous period 0;/);
    assert.match(await rowText(page, 'Cases escalated more than once', state.recurringRef), new RegExp(`^${state.recurringRef}\\s+${state.teamName}\\s+2$`));
    assert.match(await rowText(page, 'Escalations open today, per team', state.teamName), /\s3\s+0$/);
    const [spreadsheet] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download spreadsheet' }).click()]);
    assert.match(spreadsheet.suggestedFilename(), /^escalations-.+\.xlsx$/);

    await page.goto(`/reports/participation?team_id=${state.teamId}`);
    await checkPage(page, 'reports-06-participation', 'Participation report');
    const channels = 'Feedback from children, young people and families, by how it came';
    assert.match(await rowText(page, channels, 'Forum'), /^Forum\s+3\s+0\s+0$/, 'three young people at a forum');
    assert.match(await rowText(page, channels, 'Email'), /^Email\s+0\s+1\s+0$/, 'a parent by email');
    assert.match(await rowText(page, 'What children and families raised, by theme', 'Contact'), /^Contact\s+3\s+0$/);
    assert.match(await rowText(page, 'Participation answered', 'Answered (%)'), /33\.3%$/);
    assert.match(await rowText(page, 'You said, we did', 'Contact visits now last two hours.'), /Contact visits are too short \(1\)\./);

    await page.getByRole('link', { name: 'All reports' }).click();
    await page.getByRole('main').getByRole('link', { name: 'Learning needs report' }).click();
    await page.getByText('Covers: The whole council').waitFor();
    await page.goto(`/reports/learning-needs?team_id=${state.teamId}`);
    await page.getByText(`Covers: ${state.teamName}`).waitFor();
    await checkPage(page, 'reports-07-learning-needs', 'Learning needs report');
    // One audit of four graded requires improvement throughout: a judgement below good on each standard.
    assert.match(await rowText(page, 'Learning needs from observations', '1. Risk'), /^1\. Risk\s+0\s+0\s+1\s+25\.0%$/);
  }));

  it('the Performance Team reads the participation report with small counts withheld', withPage(() => browser, 'reports-analyst', async (page) => {
    await signIn(page, people.analyst.email, people.analyst.password);
    await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Reports' }).click();
    await page.getByRole('main').getByRole('link', { name: 'Participation report' }).click();
    await page.getByText('Covers: The whole council').waitFor();
    await page.goto(`/reports/participation?team_id=${state.teamId}`);
    await page.getByText(`Covers: ${state.teamName}`).waitFor();
    await checkPage(page, 'reports-08-participation-analyst', 'Participation report');
    await page.getByText('Counts of fewer than 5 children or staff are withheld from this view').waitFor();
    assert.match(await rowText(page, 'Feedback from children, young people and families, by how it came', 'Forum'), /^Forum\s+fewer than\s5\s+0\s+0$/);
    assert.equal(await tableOf(page, /^You said, we did$/).count(), 0, 'no narrative for the analyst');
  }));

  it('a team manager opens their team’s briefing from their home page', withPage(() => browser, 'reports-briefing', async (page) => {
    await signIn(page, people.manager.email, people.manager.password);
    await page.locator('#card-team').getByRole('link', { name: 'Team briefing' }).click();
    await checkPage(page, 'reports-09-team-briefing', 'Team briefing');
    const standards = 'Good or better on each standard';
    assert.match(await rowText(page, standards, '1. Risk'), /^1\. Risk\s+4\s+75\.0%[\s\S]+75\.0%$/, 'the team’s four judgements beside its service');
    const chart = page.locator('figure', { hasText: 'the team against its service' });
    assert.match(await chart.locator('.govuk-visually-hidden').innerText(), /^Bar chart of [^.]+ against the service as a whole\. 1\. Risk: 75\.0%, the service as a whole 75\.0%;/);
    assert.match(await rowText(page, "The team's actions", 'Open today'), /^Open today\s+0\s/);
    assert.equal(await page.getByRole('link', { name: 'All reports' }).count(), 0, 'back to their own work, not to the other reports');
  }));
});
