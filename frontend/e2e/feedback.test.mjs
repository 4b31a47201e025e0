// Feedback and complaints on screen. A QA officer records a statutory complaint about a child's
// case, acknowledges it, extends stage 1 (an extension past the stage's maximum is refused on
// its field first), records stage 1's response and opens stage 2 on the complainant's request,
// naming the investigating officer and the independent person; the ladder shows both stages.
// A survey file with one bad row is refused row by row and nothing is imported; the fixed file
// imports, and sending it again imports nothing twice.
//
// The organisation, the people and the case are set up through the API; the rest is done in the
// browser, and every new page is checked with axe, at 1280 px and at 390 px, and photographed.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addPerson, admin, call, checkPage, launchBrowser, signIn, token, unique, withPage } from './helpers.mjs';

/** @type {import('playwright-core').Browser} */
let browser;

const qa = { name: 'Fola Feedback', email: `qa.feedback.${unique}@example.test`, password: `qa-${unique}-Feedback-pass`, roles: ['qa_officer'] };
const child = { display_name: `F.B. ${unique}`, external_ref: `FB-${unique}` };
const childName = `${child.display_name} (${child.external_ref})`;
const state = { caseId: '', teamName: '', complaintId: '' };

/** Today in London: the parts of a date input, and `YYYY-MM-DD` for a file. */
function today() {
  const [d = '', m = '', y = ''] = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'numeric', year: 'numeric' }).format(new Date()).split('/');
  return { d, m, y, iso: `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}` };
}

before(async () => {
  assert.ok(admin.password, 'QA_E2E_ADMIN_PASSWORD is set');
  browser = await launchBrowser();
  const adminToken = await token(admin.email, admin.password);
  /** @param {string} name @param {string} kind @param {string | null} parent_id */
  const unit = (name, kind, parent_id) => call('POST', '/api/v1/org-units', { token: adminToken, body: { name, kind, parent_id } });
  const directorate = await unit(`Children’s Services ${unique} (feedback)`, 'directorate', null);
  const service = await unit(`Family Help ${unique}`, 'service', directorate.id);
  const team = await unit(`Team Kappa ${unique}`, 'team', service.id);
  state.teamName = team.name;
  await addPerson(adminToken, qa, directorate.id);
  const qaToken = await token(qa.email, qa.password);
  const created = await call('POST', '/api/v1/cases', { token: qaToken, body: { ...child, category: 'child_in_need', team_id: team.id } });
  state.caseId = created.id;
});

after(async () => {
  await browser?.close();
});

/** The ladder's step for a stage. @param {import('playwright-core').Page} page @param {string} title */
const step = (page, title) => page.locator('.app-ladder__step', { has: page.locator('.app-ladder__title', { hasText: title }) });

/** The success banner's words. @param {import('playwright-core').Page} page @param {string | RegExp} text */
const banner = (page, text) => page.locator('.govuk-notification-banner--success').getByText(text).waitFor();

describe('feedback and complaints', () => {
  it('a QA officer records a statutory complaint and takes it to stage 2', withPage(() => browser, 'feedback-complaint', async (page) => {
    await signIn(page, qa.email, qa.password);
    await page.locator('#card-complaints').getByRole('link', { name: 'The complaints tracker' }).click();
    await checkPage(page, 'feedback-01-tracker', 'Complaints tracker');
    await page.getByText('No complaints are running.').waitFor();
    await page.getByRole('button', { name: 'Record a complaint' }).click();
    await checkPage(page, 'feedback-02-record-complaint', 'Record a complaint');

    // The form adapts to the kind: a complaint asks for its route.
    assert.ok(await page.getByLabel('Complaint', { exact: true }).isChecked(), 'opened for a complaint');
    await page.getByLabel('Statutory').check();
    await page.getByLabel('Who is it from?').selectOption('parent');
    await page.getByLabel('How did it come in?').selectOption('letter');
    const { d, m, y } = today();
    await page.locator('#received_on-day').fill(d);
    await page.locator('#received_on-month').fill(m);
    await page.locator('#received_on-year').fill(y);
    await page.locator('#case_id').fill(child.external_ref);
    await page.locator('#case_id').press('Enter');
    await page.getByLabel(childName).check();
    await page.getByText(`It is about the case’s team, ${state.teamName}.`).waitFor();
    await page.getByLabel('What is the complaint?').fill('Visits were cancelled at short notice and nobody called back.');
    await page.getByLabel('Themes (optional)').fill('Communication, visits');
    await page.getByLabel('4. Visits').check();
    await page.getByRole('button', { name: 'Record complaint' }).click();
    await page.waitForURL(/\/feedback\/[0-9a-f-]+$/);
    state.complaintId = new URL(page.url()).pathname.split('/')[2] ?? '';
    await banner(page, /^Complaint recorded\. Acknowledge it by \d{1,2} \w+ \d{4}\.$/);
    await checkPage(page, 'feedback-03-complaint', `Complaint about ${childName}`);
    assert.match(await step(page, 'Stage 1: local resolution').innerText(), /Received[\s\S]*Acknowledge by[\s\S]*Started \(received\)[\s\S]*Time allowed\s+10 working days; at most 20/);

    await page.getByRole('button', { name: 'Acknowledge complaint' }).click();
    await banner(page, 'The complaint is acknowledged');
    assert.match(await step(page, 'Stage 1: local resolution').innerText(), /Now[\s\S]*Response due by\s+\d{1,2} \w+ \d{4}: 10 working days left/);

    // More than the stage's maximum: the API says how many more days there may be, on the field.
    await page.getByLabel('How many working days to add?').fill('15');
    await page.getByLabel('Why does it need longer?').fill('The social worker who cancelled the visits is on leave until next month.');
    await page.getByRole('button', { name: 'Extend stage' }).click();
    const summary = page.locator('#extend-form .govuk-error-summary');
    await summary.waitFor();
    assert.deepEqual(await summary.locator('a').evaluateAll((links) => links.map((a) => [a.getAttribute('href'), a.textContent])), [
      ['#extra_working_days', 'Stage 1 may take at most 20 working days: at most 10 more'],
    ]);
    await page.locator('#extra_working_days-error').getByText('Stage 1 may take at most 20 working days').waitFor();
    await checkPage(page, 'feedback-04-extension-refused', `Complaint about ${childName}`);
    await page.getByLabel('How many working days to add?').fill('5');
    await page.getByRole('button', { name: 'Extend stage' }).click();
    await banner(page, 'Stage 1: local resolution is extended by 5 working days');
    assert.match(await step(page, 'Stage 1: local resolution').innerText(), /Time allowed\s+10 working days; extended by 5 to 15; at most 20[\s\S]*Why it was extended\s+The social worker who cancelled the visits is on leave/);

    await page.getByLabel('Partially upheld').check();
    await page.getByLabel('What did the response say?').fill('Visits were cancelled without notice twice; the team apologises and will phone ahead.');
    await page.getByRole('button', { name: 'Record response' }).click();
    await banner(page, 'The response to stage 1 is recorded');
    assert.match(await step(page, 'Stage 1: local resolution').innerText(), /Responded[\s\S]*In time[\s\S]*Outcome\s+Partially upheld[\s\S]*Stage 2 could be asked for until\s+\d{1,2} \w+ \d{4}/);

    // The complainant asks for stage 2: it needs an investigating officer and an independent person.
    await page.getByLabel('Investigating officer').fill('Ines Investigator');
    await page.getByRole('button', { name: 'Open stage 2' }).click();
    await page.locator('#escalate-form .govuk-error-summary').getByRole('link', { name: 'Enter the independent person’s name' }).waitFor();
    await page.getByLabel('Independent person').fill('Ivo Independent');
    await page.getByRole('button', { name: 'Open stage 2' }).click();
    await banner(page, 'The complaint is at stage 2: investigation');
    await page.locator('.govuk-caption-l', { hasText: 'Statutory, stage 2: investigation' }).waitFor();
    assert.match(await step(page, 'Stage 1: local resolution').innerText(), /Done/);
    assert.match(
      await step(page, 'Stage 2: investigation').innerText(),
      /Now[\s\S]*Asked for[\s\S]*Response due by\s+\d{1,2} \w+ \d{4}: 25 working days left[\s\S]*Time allowed\s+25 working days; at most 65[\s\S]*Investigating officer\s+Ines Investigator[\s\S]*Independent person\s+Ivo Independent/,
    );
    assert.match(await step(page, 'Stage 3: review panel').innerText(), /To come/);
    assert.equal(await page.getByRole('button', { name: 'Acknowledge complaint' }).count(), 0, 'only the steps the complaint allows now');
    await checkPage(page, 'feedback-05-stage-2', `Complaint about ${childName}`);

    await page.getByRole('link', { name: 'Back to the complaints tracker' }).click();
    const row = page.locator('tr', { hasText: childName });
    await row.waitFor();
    assert.match(await row.innerText(), /Statutory, stage 2: investigation[\s\S]*Acknowledged[\s\S]*Response due by \d{1,2} \w+ \d{4}\s+25 working days left/);
  }));

  it('a survey file with a bad row imports nothing; the fixed file imports once', withPage(() => browser, 'feedback-import', async (page) => {
    await signIn(page, qa.email, qa.password);
    await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Feedback' }).click();
    await checkPage(page, 'feedback-06-list', 'Feedback');
    await page.getByRole('button', { name: 'Import survey responses' }).click();
    await checkPage(page, 'feedback-07-import', 'Import survey responses');

    const { iso } = today();
    const header = 'received_on,respondent_role,team_ref,q1,q2,comment';
    const rows = (/** @type {string} */ bad) => [
      `${iso},parent,${state.teamName},4,5,"Kind, and always on time"`,
      `${iso},carer,,${bad},3,`,
      `${iso},young_person,${state.teamName},5,,"They listened"`,
    ];
    const batch = `parents-survey-${unique}`;
    await page.locator('#survey-file').setInputFiles({ name: `${batch}.csv`, mimeType: 'text/csv', buffer: Buffer.from([header, ...rows('9')].join('\n')) });
    await page.getByRole('heading', { name: `${batch}.csv: 3 responses` }).waitFor();
    assert.equal(await page.getByLabel('Batch reference').inputValue(), batch, 'the reference comes from the file’s name');
    assert.deepEqual(await page.locator('.app-table-scroll tbody th').allInnerTexts(), ['2', '3', '4'], 'rows numbered as the report numbers them');
    await page.getByRole('button', { name: 'Import responses' }).click();
    const summary = page.locator('.govuk-error-summary');
    await summary.waitFor();
    assert.match(await summary.innerText(), /Nothing was imported/);
    assert.deepEqual(await summary.locator('a').allInnerTexts(), ['Row 3, q1: must be a rating from 1 to 5, or empty']);
    await checkPage(page, 'feedback-08-import-refused', 'Import survey responses');
    const qaToken = await token(qa.email, qa.password);
    assert.equal((await call('GET', `/api/v1/feedback?batch_ref=${batch}&count=true`, { token: qaToken })).total, 0, 'nothing was imported');

    await page.locator('#survey-file').setInputFiles({ name: `${batch}.csv`, mimeType: 'text/csv', buffer: Buffer.from([header, ...rows('2')].join('\n')) });
    await page.getByRole('button', { name: 'Import responses' }).click();
    await banner(page, '3 survey responses imported');
    await summary.waitFor({ state: 'detached' });
    await checkPage(page, 'feedback-09-imported', 'Import survey responses');

    // The same batch again: nothing new.
    await page.locator('#survey-file').setInputFiles({ name: `${batch}.csv`, mimeType: 'text/csv', buffer: Buffer.from([header, ...rows('2')].join('\n')) });
    await page.getByRole('button', { name: 'Import responses' }).click();
    await page.locator('.govuk-notification-banner').getByText(`This batch was imported before, as ${batch}`).waitFor();
    await page.getByRole('link', { name: `See the responses imported as ${batch}` }).click();
    await page.locator('.app-list-total', { hasText: /^3 pieces of feedback$/ }).waitFor();
  }));
});
