import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { generateSync } from 'otplib';
import { DEMO_PASSWORD } from '../../src/demo/seed.ts';
import { Client } from '../helpers/app.ts';
import { axeViolations, launchBrowser, screenshot, signIn, startServer, type RunningServer } from '../helpers/browser.ts';

/**
 * The administrator's acceptance path: create an agency, a project with its HUD descriptors and a
 * user with a membership, then find each action in the audit log search. axe-clean on every page.
 */
describe('administration screens', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let adminSecret: string;
  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    // The administrator has two-step verification turned on (through the API here; the MFA browser
    // test covers enrolment on the profile page), so the sign-in below needs a TOTP code.
    const api = new Client(server.url);
    assert.equal((await api.login('admin')).status, 200);
    const enrol = await api.post('/api/v1/me/mfa/enroll');
    adminSecret = enrol.body.secret;
    assert.equal((await api.post('/api/v1/me/mfa/confirm', { code: generateSync({ secret: adminSecret }) })).status, 204);
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** Signs in through the form; the administrator also enters the code from the authenticator. */
  const signInStep = async (p: Page, username: string) => {
    if (username !== 'admin') return signIn(p, server.url, username);
    await p.goto(server.url + '/signin');
    await p.getByLabel('Username').fill(username);
    await p.getByLabel('Password').fill(DEMO_PASSWORD);
    await p.getByRole('button', { name: 'Sign in' }).click();
    await p.getByLabel('Authentication code').waitFor();
    // The next 30-second step: the current code may be the one that confirmed the enrolment (a code counts once).
    await p.getByLabel('Authentication code').fill(generateSync({ secret: adminSecret, epoch: Math.floor(Date.now() / 1000) + 30 }));
    await p.getByRole('button', { name: 'Sign in' }).click();
    await p.getByRole('navigation', { name: 'Main' }).waitFor();
  };

  const nav = (name: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true });
  const noViolations = async (where: string) => assert.deepEqual(await axeViolations(page), [], where);

  test('the admin signs in and sees the administration entries', async () => {
    await signInStep(page, 'admin');
    for (const name of ['Agencies', 'Project setup', 'Users', 'Audit log']) await nav(name).waitFor();
  });

  test('creates an agency', async () => {
    await nav('Agencies').click();
    await page.getByRole('heading', { level: 1, name: 'Agencies' }).waitFor();
    await page.getByRole('table', { name: /Agencies of the Continuum of Care/ }).waitFor();
    await noViolations('agencies');
    const form = page.getByRole('form', { name: 'New agency' });
    await form.getByLabel('Agency name').fill('Southside Youth Network');
    await form.getByRole('button', { name: 'Create agency' }).click();
    await page.getByRole('status').filter({ hasText: 'Agency “Southside Youth Network” created.' }).waitFor();
    await page.getByRole('row', { name: /Southside Youth Network/ }).waitFor();
    await page.getByRole('button', { name: 'Edit Southside Youth Network' }).click();
    await page.getByRole('form', { name: 'Edit Southside Youth Network' }).waitFor();
    await noViolations('agency edit form');
  });

  test('creates a project with its HUD descriptors; server validation shows inline', async () => {
    await nav('Project setup').click();
    await page.getByRole('table', { name: /Projects and their HUD descriptors/ }).waitFor();
    await noViolations('projects list');
    await page.getByRole('link', { name: 'New project' }).click();
    await page.getByRole('heading', { level: 1, name: 'New project' }).waitFor();
    await page.getByLabel('Agency', { exact: true }).selectOption({ label: 'Southside Youth Network' });
    await page.getByLabel('Project name (2.02.2)').fill('Southside Youth RRH');
    await page.getByLabel('HMIS project number').fill('4101');
    await page.getByLabel('Project type (2.02.6)').selectOption({ label: '13 – PH – Rapid Re-Housing' });
    await page.getByLabel('RRH sub-type (2.02.A)').selectOption({ label: '2 – RRH: Housing with or without services' });
    await page.getByLabel('Housing type (2.02.D)').selectOption({ label: '3 – Tenant-based – scattered site' });
    await page.getByLabel('Program model').selectOption('RRH');
    await page.getByLabel('Operating start date (2.02.3)').fill('2026-01-01');
    await page.getByLabel('Youth').check();
    await page.getByRole('button', { name: 'Add funder' }).click();
    await page.getByLabel('Funding source (2.06.1)').selectOption({ label: '43 – HUD: CoC – Youth Homeless Demonstration Program (YHDP)' });
    await page.getByLabel('Grant ID (2.06.2)').fill('IL0777Y5T012601');
    await page.getByLabel('Grant start date (2.06.3)').fill('2026-01-01');
    await page.getByLabel('Geocode (2.03.2)').fill('17903'); // one digit short: the server says so
    await page.getByRole('button', { name: 'Add inventory record' }).click();
    await page.getByLabel('Household type (2.07.4)').selectOption({ label: '1 – Households without children' });
    await page.getByLabel('Units (2.07.15)').fill('12');
    await page.getByLabel('Beds (2.07.14)', { exact: true }).fill('12');
    await page.getByLabel('Other youth beds (2.07.11)').fill('12');
    await page.getByLabel('Inventory start date (2.07.1)').fill('2026-01-01');
    await page.getByRole('button', { name: 'Add CE participation period' }).click();
    await page.getByLabel('Receives referrals (2.09.3)').selectOption({ label: 'Yes' });
    await page.getByLabel('Start date', { exact: true }).last().fill('2026-01-01');
    await page.getByRole('button', { name: 'Create project' }).click();

    const alert = page.getByRole('alert');
    await alert.waitFor();
    assert.match(await alert.innerText(), /geocode has 6 digits/);
    const geocode = page.getByLabel('Geocode (2.03.2)');
    assert.equal(await geocode.getAttribute('aria-invalid'), 'true');
    await noViolations('project form with errors');

    await geocode.fill('179031');
    await page.getByRole('button', { name: 'Create project' }).click();
    await page.getByRole('status').filter({ hasText: 'Project created.' }).waitFor();
    await page.getByRole('heading', { level: 1, name: 'Project: Southside Youth RRH' }).waitFor();
    assert.equal(await page.getByLabel('Grant ID (2.06.2)').inputValue(), 'IL0777Y5T012601');
    assert.equal(await page.getByLabel('Other youth beds (2.07.11)').inputValue(), '12');
    await noViolations('project edit form');
  });

  test('creates a user with a membership and gets a password-set link', async () => {
    await nav('Users').click();
    await page.getByRole('table', { name: /Users you administer/ }).waitFor();
    await noViolations('users list');
    await page.getByRole('link', { name: 'New user' }).click();
    await page.getByRole('heading', { level: 1, name: 'New user' }).waitFor();
    await page.getByLabel('Username').fill('syouth.cm');
    await page.getByLabel('Display name').fill('Sam Youth');
    await page.getByLabel('E-mail').fill('sam@example.org');
    await page.getByLabel('Agency', { exact: true }).selectOption({ label: 'Southside Youth Network' });
    await page.getByLabel('Role').selectOption({ label: 'Case manager' });
    await page.getByLabel('Southside Youth RRH').check();
    await noViolations('new user form');
    await page.getByRole('button', { name: 'Create user' }).click();
    await page.getByRole('status').filter({ hasText: 'User created.' }).waitFor();
    assert.match(await page.getByRole('textbox', { name: 'One-time link' }).inputValue(), /\/reset-password#token=/);
    await page.getByRole('button', { name: 'Send password reset link' }).waitFor();
    await page.getByRole('button', { name: 'Reset MFA' }).waitFor();
    await page.getByRole('button', { name: 'Deactivate user' }).waitFor();
    await page.getByText('Case manager, Southside Youth Network').first().waitFor();
    await noViolations('user edit page');
  });

  test('sees a user’s failed sign-ins and clears the throttle (issue 15, defect 3)', async () => {
    // Someone tries Quinn's account with wrong passwords: five failures from this address.
    for (let i = 0; i < 5; i++) assert.equal((await new Client(server.url).login('provider2', 'not the password')).status, 401);
    assert.equal((await new Client(server.url).login('provider2')).status, 429, 'this address waits for this username');
    await nav('Users').click();
    await page.getByRole('link', { name: 'Edit Quinn Provider' }).click();
    await page.getByRole('heading', { level: 1, name: 'User: Quinn Provider' }).waitFor();
    const card = page.getByRole('region', { name: 'Failed sign-ins' });
    assert.match(await card.innerText(), /5 failed sign-ins in the last 15 minutes, the last at .*The account is not locked.*Quinn Provider has been told by e-mail\./s);
    await noViolations('user page with failed sign-ins');
    await screenshot(page, 'admin-user-sign-in-failures');
    await card.getByRole('button', { name: 'Clear sign-in throttle' }).click();
    await page.getByRole('status').filter({ hasText: 'Sign-in throttle cleared; they may sign in again from any address.' }).waitFor();
    await page.getByRole('region', { name: 'Failed sign-ins' }).waitFor({ state: 'detached' });
    assert.equal((await new Client(server.url).login('provider2')).status, 200, 'Quinn signs in again');
  });

  test('finds each action in the audit log search', async () => {
    await nav('Audit log').click();
    await page.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();
    await noViolations('audit search');
    await page.getByLabel('User').selectOption({ label: 'Alex Admin (admin)' });
    await page.getByRole('button', { name: 'Search' }).click();
    const table = page.getByRole('table', { name: /Audit log entries/ });
    await table.waitFor();
    for (const action of ['agency.create', 'project.create', 'user.create', 'membership.create']) {
      assert.ok((await table.getByRole('rowheader', { name: action, exact: true }).count()) >= 1, action);
    }
    const projectRow = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'project.create', exact: true }) });
    await projectRow.getByText('After', { exact: true }).click();
    assert.match(await projectRow.innerText(), /Southside Youth RRH/);
    assert.match(await projectRow.innerText(), /IL0777Y5T012601/);
    await noViolations('audit results');

    // By time range: nothing before the demo started.
    await page.getByLabel('To').fill('2000-01-01T00:00');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('status').filter({ hasText: '0 entries shown.' }).waitFor();
  });

  test('an agency administrator manages their agency’s users only; the pages stay axe-clean', async () => {
    const aa = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signInStep(aa, 'agencyadmin');
    const links = await aa.getByRole('navigation', { name: 'Main' }).getByRole('link').allInnerTexts();
    assert.ok(links.includes('Users'));
    assert.ok(!links.includes('Audit log'));
    await aa.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users', exact: true }).click();
    const table = aa.getByRole('table', { name: /Users you administer/ });
    await table.getByRole('rowheader', { name: 'Pat Provider' }).waitFor();
    assert.equal(await table.getByRole('rowheader', { name: 'Quinn Provider' }).count(), 0, 'a Lakeshore user is not listed');
    assert.deepEqual(await axeViolations(aa), [], 'users (agency admin)');
    await aa.getByRole('link', { name: 'Edit Pat Provider' }).click();
    await aa.getByRole('heading', { level: 1, name: 'User: Pat Provider' }).waitFor();
    await aa.getByRole('button', { name: 'Send password reset link' }).waitFor();
    const roles = await aa.getByLabel('Role').locator('option').allInnerTexts();
    assert.ok(!roles.includes('HMIS administrator') && !roles.includes('CES matching team'), roles.join());
    assert.deepEqual(await axeViolations(aa), [], 'user page (agency admin)');
    await aa.close();
  });

  test('a case manager sees no administration entries, and the API refuses them', async () => {
    const other = await browser.newPage();
    await signInStep(other, 'provider');
    const links = await other.getByRole('navigation', { name: 'Main' }).getByRole('link').allInnerTexts();
    for (const name of ['Agencies', 'Project setup', 'Users', 'Audit log']) assert.ok(!links.includes(name), name);
    const status = await other.evaluate(async () => (await fetch('/api/v1/users')).status);
    assert.equal(status, 403);
    await other.close();
  });
});
