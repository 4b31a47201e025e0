// Each role's first day: "Your work" says what to do next, with counts that open the lists they
// count (filters in the URL, so a list can be bookmarked and reloaded); lists sort by their
// columns, search and page; a case shows its grade history, open actions and escalations, named
// by initials and the council's reference. Every page is checked with axe, at 1280 px and at
// 390 px (no sideways scrolling), and photographed at both widths.
//
// The data (teams, people, cases, audits) is set up through the API, as the case management
// system and the auditors would have made it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addPerson, admin, call, checkPage, launchBrowser, signIn, token, unique, withPage } from './helpers.mjs';

/** @type {import('playwright-core').Browser} */
let browser;

/** @param {string} key @param {string} name @param {string[]} roles */
const person = (key, name, roles) => ({ name, email: `${key}.day.${unique}@example.test`, password: `${key}-${unique}-Day-one-pass`, roles });
const people = {
  manager: person('manager', 'Mo Manager', ['team_manager']),
  worker: person('worker', 'Wren Worker', ['practitioner']),
  head: person('head', 'Hal Head', ['head_of_service']),
  qa: person('qa', 'Quill Officer', ['qa_officer']),
  leader: person('leader', 'Lee Leader', ['senior_leader']),
  iro: person('iro', 'Ira Reviewer', ['reviewing_officer']),
  psw: person('psw', 'Pia Principal', ['principal_social_worker']),
  analyst: person('analyst', 'Ann Analyst', ['performance_analyst']),
  dpo: person('dpo', 'Dan Protection', ['dpo']),
};

/** The team's cases: more than a page (25) of them, references in order. */
const CASES = 27;
const ref = (/** @type {number} */ n) => `DAY-${unique}-${String(n).padStart(2, '0')}`;
const caseName = (/** @type {number} */ n) => `K.${n}. (${ref(n)})`;
const action = 'Review the safety plan with the family';

const state = { ids: /** @type {Record<string, string>} */ ({}), cases: /** @type {string[]} */ ([]), teamId: '', serviceId: '' };

/**
 * A manager audits a case through the API: every standard graded, the overall grade and views
 * recorded, a remedial action if asked, then submitted.
 * @param {string} auditor  their token
 * @param {string} caseId
 * @param {string} grade
 * @param {{ remedial?: string; submit?: boolean }} [options]
 */
async function audit(auditor, caseId, grade, { remedial, submit = true } = {}) {
  const created = await call('POST', '/api/v1/audits', { token: auditor, body: { kind: 'case_file', case_id: caseId } });
  if (!submit) return created.id;
  for (let n = 1; n <= 10; n++) {
    await call('PUT', `/api/v1/audits/${created.id}/judgements/${n}`, { token: auditor, body: { grade, evidence: `Seen in the case file for standard ${n}.` } });
  }
  if (remedial) await call('POST', `/api/v1/audits/${created.id}/remedial-actions`, { token: auditor, body: { description: remedial, standard_number: 1 } });
  const current = await call('GET', `/api/v1/audits/${created.id}`, { token: auditor });
  await call('PATCH', `/api/v1/audits/${created.id}`, {
    token: auditor,
    headers: { 'Content-Type': 'application/merge-patch+json', 'If-Match': `"${current.version}"` },
    body: { overall_grade: grade, summary: 'Audited for the day-one tests.', child_views: 'Likes school.', family_views: 'Wants more help.' },
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
  const directorate = await unit(`Children’s Services ${unique} (day one)`, 'directorate', null);
  const service = await unit(`Family Support ${unique}`, 'service', directorate.id);
  const team = await unit(`Team Gamma ${unique}`, 'team', service.id);
  state.teamId = team.id;
  state.serviceId = service.id;
  /** @type {Record<string, string>} */
  const home = { manager: team.id, worker: team.id, head: service.id };
  for (const [key, who] of Object.entries(people)) state.ids[key] = await addPerson(adminToken, who, home[key] ?? directorate.id);

  const qa = await token(people.qa.email, people.qa.password);
  for (let n = 1; n <= CASES; n++) {
    const created = await call('POST', '/api/v1/cases', {
      token: qa,
      body: {
        display_name: `K.${n}.`,
        external_ref: ref(n),
        category: 'child_in_need',
        team_id: team.id,
        allocated_worker_id: state.ids.worker,
        case_manager_id: state.ids.manager,
      },
    });
    state.cases.push(created.id);
  }

  // Case 1 is audited twice (good, then inadequate with a remedial action: the escalation goes
  // to the head of service, as the auditor is the case's manager), case 2 once; case 3 has a draft.
  const manager = await token(people.manager.email, people.manager.password);
  const [one = '', two = '', three = ''] = state.cases;
  await audit(manager, one, 'good');
  await audit(manager, one, 'inadequate', { remedial: action });
  await audit(manager, two, 'requires_improvement');
  await audit(manager, three, 'good', { submit: false });
});

after(async () => {
  await browser?.close();
});

/** What each row's first cell shows (without the words only screen readers hear). @param {import('playwright-core').Page} page */
const firstCells = (page) =>
  page.locator('tbody tr').evaluateAll((rows) =>
    rows.map((row) => {
      const cell = row.querySelector('td, th')?.cloneNode(true);
      if (!(cell instanceof Element)) return '';
      cell.querySelectorAll('.govuk-visually-hidden').forEach((hidden) => hidden.remove());
      return cell.textContent?.trim() ?? '';
    }),
  );

/**
 * Waits for the rows to show what is expected (a new sort or filter keeps the previous rows on
 * screen until the new ones come), then asserts it.
 * @param {import('playwright-core').Page} page
 * @param {string[]} expected  the first cells, or as many of the first as given
 */
async function rowsShow(page, expected) {
  let cells = /** @type {string[]} */ ([]);
  for (let tries = 0; tries < 50; tries++) {
    cells = (await firstCells(page)).slice(0, expected.length);
    if (JSON.stringify(cells) === JSON.stringify(expected)) return;
    await page.waitForTimeout(100);
  }
  assert.deepEqual(cells, expected);
}

/** A column heading's `aria-sort`. @param {import('playwright-core').Page} page @param {string} column */
const ariaSort = (page, column) => page.locator('thead th', { has: page.getByRole('button', { name: column, exact: true }) }).getAttribute('aria-sort');

/**
 * Waits up to 5 s for a column heading's `aria-sort`: the address changes before the table
 * re-renders, so one reading straight after a click can see the previous order.
 * @param {import('playwright-core').Page} page @param {string} column @param {string} expected @param {string} [message]
 */
async function expectAriaSort(page, column, expected, message) {
  let seen = null;
  for (let tries = 0; tries < 50; tries++) {
    seen = await ariaSort(page, column);
    if (seen === expected) return;
    await page.waitForTimeout(100);
  }
  assert.equal(seen, expected, message);
}

/** The row of a home card's summary list with this key. @param {import('playwright-core').Page} page @param {string} card @param {string} key */
const cardRow = (page, card, key) => page.locator(`#card-${card} .govuk-summary-list__row`, { has: page.locator('dt', { hasText: key }) });

describe('day one', () => {
  it('a team manager sees what to do next, opens the count of replies outstanding, sorts it and reloads it', withPage(() => browser, 'day-one-manager', async (page) => {
    await signIn(page, people.manager.email, people.manager.password);
    await checkPage(page, 'home-team-manager', 'Your work');
    assert.ok(await page.locator('#card-drafts').getByRole('link', { name: new RegExp(`^K\\.3\\. \\(${ref(3)}\\)`) }).isVisible(), 'the draft, named by initials and reference');
    await page.locator('#card-month').getByRole('link', { name: /^3 done this month/ }).waitFor();
    assert.match(await cardRow(page, 'team', 'Awaiting the worker’s reply').innerText(), /3 audits/);
    assert.match(await cardRow(page, 'team', 'Overdue for reply').innerText(), /None/, 'submitted today: not overdue yet');
    assert.match(await cardRow(page, 'team', 'Overdue actions').innerText(), /None/);
    assert.match(await page.locator('#card-raised-to-me').innerText(), /Open\s+None/, 'the escalation went above the manager');

    // The count opens the list it counts, its filters in the URL.
    await cardRow(page, 'team', 'Awaiting the worker’s reply').getByRole('link').click();
    await page.waitForURL((url) => url.pathname === '/audits/team');
    const url = new URL(page.url());
    assert.equal(url.searchParams.get('team_id'), state.teamId);
    assert.equal(url.searchParams.get('awaiting_response'), 'true');
    assert.equal(url.searchParams.get('sort'), 'created_at', 'oldest first: the longest waiting at the top');
    await checkPage(page, 'list-audits-team-awaiting-reply', 'Audits of your team');
    await page.locator('.app-list-total', { hasText: '3 audits' }).waitFor();
    assert.ok(await page.getByLabel('Only audits awaiting the worker’s reply').isChecked());

    // Sorting by a column: its heading says how, and the order turns round.
    await expectAriaSort(page, 'Started', 'ascending');
    await expectAriaSort(page, 'Status', 'none');
    await rowsShow(page, [caseName(1), caseName(1), caseName(2)]);
    await page.getByRole('button', { name: 'Started', exact: true }).click();
    await page.waitForURL((u) => !u.searchParams.has('sort'));
    await expectAriaSort(page, 'Started', 'descending');
    await rowsShow(page, [caseName(2), caseName(1), caseName(1)]);
    assert.equal(await page.evaluate(() => document.activeElement?.textContent?.trim()), 'Started', 'focus stays on the button');

    // Bookmarked and reloaded: the same list.
    await page.reload();
    await page.locator('.app-list-total', { hasText: '3 audits' }).waitFor();
    await expectAriaSort(page, 'Started', 'descending');
    assert.ok(await page.getByLabel('Only audits awaiting the worker’s reply').isChecked(), 'the filter survives a reload');

    await page.getByRole('link', { name: 'Audits you did' }).click();
    await checkPage(page, 'list-audits-mine', 'Audits you did');
    await page.goto('/actions/team');
    await checkPage(page, 'list-actions-team', 'Actions of your team');
    await page.locator('.app-list-total', { hasText: '1 action' }).waitFor();

    // The cases of the team: more than a page, a page at a time.
    await page.goto('/cases');
    await checkPage(page, 'list-cases-manager', 'Cases');
    await page.locator('.app-list-total', { hasText: `${CASES} cases` }).waitFor();
    await page.getByRole('link', { name: /^Next/ }).click();
    await page.waitForURL((u) => u.searchParams.get('page') === '2' && u.searchParams.has('cursor'));
    await page.getByText('Page 1 of 2').waitFor();
    await page.waitForFunction((rows) => document.querySelectorAll('tbody tr').length === rows, CASES - 25, { timeout: 10_000 });
    await page.getByRole('link', { name: /^Previous/ }).click();
    await page.waitForURL((u) => !u.searchParams.has('cursor'));
    await page.getByText('Page 2 of 2').waitFor();
  }));

  it('a head of service sees their service’s escalations, moderation queue, replies and overdue actions', withPage(() => browser, 'day-one-head', async (page) => {
    await signIn(page, people.head.email, people.head.password);
    await checkPage(page, 'home-head-of-service', 'Your work');
    assert.match(await page.locator('#card-service h2').innerText(), new RegExp(`Family Support ${unique}`));
    assert.match(await cardRow(page, 'raised-to-me', 'Open').innerText(), /1 escalation/);
    assert.match(await cardRow(page, 'service', 'Awaiting the worker’s reply').innerText(), /3 audits/);

    // The moderation sample: the auditor's first audit, and the inadequate one (always).
    await cardRow(page, 'moderation', 'Waiting for moderation').getByRole('link', { name: /^2 audits/ }).click();
    await page.waitForURL((u) => u.pathname === '/audits/moderation');
    await checkPage(page, 'list-audits-moderation-queue', 'Moderation queue');
    await page.locator('.app-list-total', { hasText: '2 audits' }).waitFor();
    await rowsShow(page, [caseName(1), caseName(1)]);

    await page.goBack();
    await cardRow(page, 'service', 'Open escalations').getByRole('link', { name: /^1 escalation/ }).click();
    await page.waitForURL((u) => u.pathname === '/escalations' && u.searchParams.get('service_id') === state.serviceId);
    await checkPage(page, 'list-escalations-service', 'Escalations');
    await page.locator('.app-list-total', { hasText: '1 escalation' }).waitFor();
    await rowsShow(page, [caseName(1)]);
  }));

  it('a practitioner sees the audits to reply to with their deadlines, and their actions', withPage(() => browser, 'day-one-worker', async (page) => {
    await signIn(page, people.worker.email, people.worker.password);
    await checkPage(page, 'home-practitioner', 'Your work');
    assert.match(await cardRow(page, 'reply', 'Awaiting your reply').innerText(), /3 audits/);
    assert.equal(await page.locator('#card-reply .govuk-tag').filter({ hasText: /^Reply due by \d{1,2} \w+ \d{4}$/ }).count(), 3, 'a deadline on each');
    assert.match(await page.locator('#card-my-actions').innerText(), new RegExp(`${action}[\\s\\S]*K\\.1\\. \\(${ref(1)}\\)`), 'the action with its case');

    await cardRow(page, 'my-actions', 'Open or in progress').getByRole('link', { name: /^1 action/ }).click();
    await page.waitForURL((u) => u.pathname === '/actions' && u.searchParams.get('status') === 'open,in_progress');
    await checkPage(page, 'list-actions-mine', 'Your actions');
    assert.equal(await page.getByLabel('Status').inputValue(), 'open,in_progress', 'the filter shows what the list is');

    await page.goto('/audits');
    await checkPage(page, 'list-audits-your-work', 'Audits of your work');
    await page.goto('/notifications');
    await checkPage(page, 'list-notifications', 'Notifications');
    await page.getByRole('link', { name: new RegExp(`Remedial action raised on case K\\.1\\. \\(${ref(1)}\\)`) }).first().waitFor();
  }));

  it('a QA officer sees the council’s moderation queue, searches and sorts cases, and reads a case’s history', withPage(() => browser, 'day-one-qa', async (page) => {
    await signIn(page, people.qa.email, people.qa.password);
    await checkPage(page, 'home-qa-officer', 'Your work');
    await page.locator('#card-programme').getByText('Themes in progress').waitFor();
    await cardRow(page, 'moderation', 'Waiting for moderation').getByRole('link').click();
    await page.waitForURL((u) => u.pathname === '/audits/moderation');
    await page.getByRole('heading', { level: 1, name: 'Moderation queue' }).waitFor();
    await expectAriaSort(page, 'Started', 'ascending', 'the moderation queue: oldest first');

    // Search the audits by a case's reference.
    await page.getByRole('link', { name: 'All audits' }).click();
    await page.getByRole('heading', { level: 1, name: 'All audits' }).waitFor();
    await page.getByLabel('Search').fill(ref(2));
    // The list is one request for its page and none per row: the case's and the people's names
    // come with the page (the performance issue).
    /** @type {string[]} */
    const asked = [];
    /** @param {import('playwright-core').Request} request */
    const record = (request) => {
      const url = new URL(request.url());
      if (url.pathname.startsWith('/api/')) asked.push(`${request.method()} ${url.pathname}`);
    };
    page.on('request', record);
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL((u) => u.searchParams.get('q') === ref(2));
    await page.locator('.app-list-total', { hasText: /^1 audit$/ }).waitFor();
    await rowsShow(page, [caseName(2)]);
    page.off('request', record);
    assert.deepEqual(asked.filter((r) => r.startsWith('GET /api/v1/audits')), ['GET /api/v1/audits'], `one request for the page: ${asked.join(', ')}`);
    assert.deepEqual(asked.filter((r) => /\/api\/v1\/(cases|users)\/[0-9a-f-]{36}/.test(r)), [], 'nothing read per row');

    // Cases: search by reference, then sort by it both ways.
    await page.goto('/cases');
    await page.getByLabel('Search').fill(`DAY-${unique}`);
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.locator('.app-list-total', { hasText: `${CASES} cases` }).waitFor();
    await checkPage(page, 'list-cases-search', 'Cases');
    await page.getByRole('button', { name: 'Reference', exact: true }).click();
    await page.waitForURL((u) => u.searchParams.get('sort') === 'external_ref');
    await expectAriaSort(page, 'Reference', 'ascending');
    await rowsShow(page, ['K.1.', 'K.2.']);
    await page.getByRole('button', { name: 'Reference', exact: true }).click();
    await page.waitForURL((u) => u.searchParams.get('sort') === '-external_ref');
    await expectAriaSort(page, 'Reference', 'descending');
    await rowsShow(page, [`K.${CASES}.`, `K.${CASES - 1}.`]);
    assert.equal(new URL(page.url()).searchParams.get('q'), `DAY-${unique}`, 'the search stays while sorting');

    // The case: its grade history, open action and open escalation.
    await page.goto(`/cases/${state.cases[0] ?? ''}`);
    await checkPage(page, 'case-history', caseName(1));
    assert.match(await page.title(), new RegExp(`^Case K\\.1\\. \\(${ref(1)}\\) – `));
    const history = await page.getByRole('table', { name: /Audits of this case/ }).innerText();
    assert.match(history, /Good\s+First grade[\s\S]*Inadequate\s+Down from Good/, `grades in date order, with the change: ${history}`);
    assert.match(await page.getByRole('table', { name: /Open actions/ }).innerText(), new RegExp(`${action}[\\s\\S]*Wren Worker`));
    assert.match(await page.getByRole('table', { name: /Open escalations/ }).innerText(), /Audit, raised[\s\S]*Hal Head/);

    await page.goto('/actions/all');
    await checkPage(page, 'list-actions-all', 'All actions');
  }));

  it('every other role has a home page of its own', withPage(() => browser, 'day-one-other-roles', async (page) => {
    /** @type {[keyof typeof people, string, string[]][]} */
    const homes = [
      ['leader', 'home-senior-leader', ['Your draft audits', 'Your audits this month', 'Escalations raised to you', 'Moderation queue', 'Across the council']],
      ['iro', 'home-reviewing-officer', ['Your monitoring forms', 'Escalations you raised', 'Cases']],
      ['psw', 'home-principal-social-worker', ['Your observations', 'Across the council']],
      ['analyst', 'home-performance-analyst', ['Figures']],
      ['dpo', 'home-data-protection-officer', ['Subject access requests', 'Access log']],
    ];
    for (const [key, shot, cards] of homes) {
      await signIn(page, people[key].email, people[key].password);
      await checkPage(page, shot, 'Your work');
      assert.deepEqual(await page.locator('.govuk-summary-card__title').allInnerTexts(), [...cards, ...(['analyst', 'dpo'].includes(key) ? [] : ['Notifications'])]);
      if (key === 'dpo') {
        await page.getByRole('link', { name: 'Search the access log' }).click();
        await checkPage(page, 'list-access-log', 'Access log');
      }
      await page.getByRole('link', { name: 'Sign out' }).click();
      await page.waitForURL((u) => u.pathname === '/sign-in');
    }

    await signIn(page, admin.email, admin.password);
    await checkPage(page, 'home-admin', 'Your work');
    await cardRow(page, 'users', 'Active accounts').getByRole('link').click();
    await page.waitForURL((u) => u.pathname === '/admin/users' && u.searchParams.get('active') === 'true');
    await checkPage(page, 'list-users-active', 'Users');
    await expectAriaSort(page, 'Name', 'ascending', 'people by name');
  }));
});
