import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/demo/seed.ts';
import { axeViolations, launchBrowser, signIn, startServer, type RunningServer } from '../helpers/browser.ts';

/** Signs in over the API (no browser) and returns a caller with the session cookie and the CSRF token. */
async function apiAs(baseUrl: string, username: string) {
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_PASSWORD }) });
  assert.equal(res.status, 200);
  const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return async (method: string, path: string, body?: unknown) => {
    const r = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { cookie, 'x-csrf-token': csrfToken, accept: 'application/json', ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return { status: r.status, body: (await r.json()) as any };
  };
}

const TILE = /^Northside Permanent Supportive Housing: (\d+) outstanding incoming referrals, (\d+) overdue$/i;

describe('transfers (issue 8)', () => {
  let server: RunningServer;
  let browser: Browser;
  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('a provider requests and completes an internal PSH → PSH transfer', async () => {
    // A second PSH project at Northside, set up by the administrator.
    const admin = await apiAs(server.url, 'admin');
    const agencies = await admin('GET', '/api/v1/agencies');
    const northside = agencies.body.items.find((a: { name: string }) => a.name === 'Northside Housing Partners');
    const created = await admin('POST', '/api/v1/projects', { agencyId: northside.id, name: 'Northside Scattered-Site PSH', projectType: 3, housingType: 1, operatingStart: '2020-01-01', programModel: 'PSH', receivesReferrals: true });
    assert.equal(created.status, 201, JSON.stringify(created.body));

    // The agency administrator works in every Northside project.
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page, server.url, 'agencyadmin');
    await page.goto(server.url + '/clients');
    await page.getByLabel('Name', { exact: true }).fill('Priya Natarajan');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('link', { name: 'Priya Natarajan' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Priya Natarajan' }).waitFor();
    await page.getByRole('tab', { name: 'Enrollments' }).click();
    await page.getByRole('link', { name: 'Northside Permanent Supportive Housing' }).click();
    await page.getByRole('heading', { level: 1, name: 'Enrollment: Priya Natarajan' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Transfers' }).waitFor();
    await page.getByText('No transfer has been requested for this household.').waitFor();
    await page.getByRole('link', { name: 'Request a transfer' }).click();

    await page.getByRole('heading', { level: 1, name: 'Request a transfer' }).waitFor();
    const target = page.getByLabel('Target project');
    await target.locator('option', { hasText: 'Northside Scattered-Site PSH' }).waitFor({ state: 'attached' });
    assert.deepEqual(await axeViolations(page), [], 'request form');
    // Submitting without a target or reason: errors next to the fields and summarised.
    await page.getByRole('button', { name: 'Request the transfer' }).click();
    await page.getByRole('alert').filter({ hasText: 'Some answers are missing.' }).waitFor();
    assert.equal(await target.getAttribute('aria-invalid'), 'true');
    assert.equal(await page.getByLabel('Reason for the transfer').getAttribute('aria-invalid'), 'true');
    assert.deepEqual(await axeViolations(page), [], 'request form with errors');
    await target.selectOption({ label: 'Northside Scattered-Site PSH — Northside Housing Partners (PSH; internal, no approval needed)' });
    await page.getByRole('status').filter({ hasText: 'No CES approval needed' }).waitFor();
    await page.getByLabel('Reason for the transfer').fill('Needs an accessible unit closer to her clinic');
    assert.equal(await page.getByLabel('Priya Natarajan').isChecked(), true, 'the household moves together');
    await page.getByRole('button', { name: 'Request the transfer' }).click();

    await page.getByRole('heading', { level: 1, name: /^Transfer T-\d+$/ }).waitFor();
    await page.getByText('Awaiting completion by the provider').first().waitFor();
    assert.match(await page.locator('main').innerText(), /filed on time/);
    assert.deepEqual(await axeViolations(page), [], 'transfer detail');
    const complete = page.getByRole('form', { name: 'Complete the transfer' });
    await complete.getByRole('button', { name: 'Complete the transfer' }).click();
    await page.getByRole('status').filter({ hasText: 'The transfer was completed.' }).waitFor();
    await page.getByText('Completed: awaiting CES acknowledgement').first().waitFor();
    const main = await page.locator('main').innerText();
    assert.match(main, /Rental by client, with ongoing housing subsidy — Permanent Supportive Housing/);
    assert.match(main, /Requested by|Completed/);
    // Housed and not moving: the new enrollment's move-in date is its start.
    await page.getByRole('link', { name: 'new enrollment' }).click();
    await page.getByRole('heading', { level: 1, name: 'Enrollment: Priya Natarajan' }).waitFor();
    const summary = await page.locator('dl.summary-list').innerText();
    assert.match(summary, /Northside Scattered-Site PSH/);
    const start = /Project start\s+([A-Z][a-z]{2} \d{1,2}, \d{4})/.exec(summary)![1]!;
    assert.match(summary, new RegExp(`Housing move-in date\\s+${start}`));
    await page.getByRole('link', { name: /^Transfer T-\d+ to Northside Scattered-Site PSH$/ }).waitFor();
    assert.deepEqual(await axeViolations(page), [], 'new enrollment with its transfer');
    await page.close();
  });

  test('a matcher approves an RRH → PSH transfer; the receiving provider sees the new referral on its dashboard', async () => {
    const providerContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const provider = await providerContext.newPage();
    await signIn(provider, server.url, 'provider');
    const tile = provider.getByRole('link', { name: TILE });
    await tile.waitFor();
    const before = Number(TILE.exec((await tile.getAttribute('data-label'))!)![1]);
    const tileId = (await tile.getAttribute('href'))!.split('/').at(-1)!;

    const matcherContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const matcher = await matcherContext.newPage();
    await signIn(matcher, server.url, 'matcher');
    await matcher.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Transfers' }).click();
    await matcher.getByRole('heading', { level: 1, name: 'Transfer queue' }).waitFor();
    const table = matcher.getByRole('table', { name: /^Transfers/ });
    const row = table.locator('tbody tr', { hasText: 'Northside Rapid Re-Housing (ESG)' }).filter({ hasText: 'Awaiting CES approval' });
    await row.waitFor();
    assert.deepEqual(await axeViolations(matcher), [], 'transfer queue');
    await row.getByRole('link').first().click();
    await matcher.getByRole('heading', { level: 1, name: /^Transfer T-\d+$/ }).waitFor();
    assert.deepEqual(await axeViolations(matcher), [], 'transfer awaiting approval');
    await matcher.getByRole('button', { name: 'Approve and send a referral' }).click();
    await matcher.getByText('Approved: referral sent').first().waitFor();
    const referralLink = matcher.getByRole('link', { name: /^R-\d+$/ });
    await referralLink.waitFor();
    assert.match(await matcher.locator('main').innerText(), /CES: Matched: Awaiting response by Housing Provider/);
    assert.match(await matcher.locator('ol.transfer-timeline').innerText(), /Approved by CES/);

    // The receiving provider's tile counts the new referral (polling, no reload).
    await provider.waitForFunction(
      ({ id, n }) => Number(document.querySelector(`[data-testid="count-${id}"]`)?.textContent) === n + 1,
      { id: tileId, n: before },
      { timeout: 45_000, polling: 250 },
    );

    // The transfer log counts it.
    await matcher.goto(server.url + '/transfers/log');
    await matcher.getByRole('heading', { level: 1, name: 'Transfer log' }).waitFor();
    await matcher.getByRole('table', { name: 'Transfers by kind and outcome' }).waitFor();
    assert.match(await matcher.getByRole('table', { name: 'Transfers by kind and outcome' }).innerText(), /Internal \(same agency\)/);
    assert.deepEqual(await axeViolations(matcher), [], 'transfer log');
    await providerContext.close();
    await matcherContext.close();
  });
});
