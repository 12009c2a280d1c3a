import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { axeViolations, launchBrowser, signIn, startServer, type RunningServer } from '../helpers/browser.ts';

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

const TILE = /^Northside Permanent Supportive Housing: (\d+) outstanding incoming referrals, (\d+) overdue$/i;

test('a matcher refers the top eligible household from an opening; the provider’s tile count rises without a reload; list and profile open', async () => {
  // The provider's dashboard stays open in its own context (its own session).
  const providerContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const provider = await providerContext.newPage();
  await signIn(provider, server.url, 'provider');
  const tile = provider.getByRole('link', { name: TILE });
  await tile.waitFor();
  const before = Number(TILE.exec((await tile.innerText()).replace(/\s+/g, ' ').trim())?.[1] ?? TILE.exec((await tile.getAttribute('data-label'))!)![1]);
  const tileHref = (await tile.getAttribute('href'))!;
  const tileId = tileHref.split('/').at(-1)!;
  assert.deepEqual(await axeViolations(provider), [], 'dashboard');
  await provider.evaluate(() => ((window as unknown as { marker: string }).marker = 'same page'));

  // The matcher, in another context, opens an opening and refers the top eligible household.
  const matcherContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const matcher = await matcherContext.newPage();
  await signIn(matcher, server.url, 'matcher');
  await matcher.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Openings' }).click();
  await matcher.getByRole('heading', { level: 1, name: 'Openings' }).waitFor();
  await matcher.getByRole('table', { name: 'Open openings' }).waitFor();
  assert.deepEqual(await axeViolations(matcher), [], 'openings');
  await matcher.getByRole('link', { name: /^Find a household for Northside Permanent Supportive Housing: Unit, studio/ }).click();
  await matcher.getByRole('heading', { level: 2, name: 'Finding a household for Northside Permanent Supportive Housing' }).waitFor();
  const table = matcher.getByRole('table', { name: /Households eligible for this opening/ });
  await table.waitFor();
  const firstRow = table.locator('tbody tr').first();
  assert.equal((await firstRow.locator('td').first().innerText()).trim(), '1', 'the top of the eligible list');
  assert.match(await firstRow.innerText(), /Chronically homeless|Vulnerability score/);
  assert.deepEqual(await axeViolations(matcher), [], 'CE list for an opening');
  const referButton = firstRow.getByRole('button', { name: /^Refer .* \(rank 1\)$/ });
  const who = (await referButton.getAttribute('aria-label'))!.replace(/^Refer /, '').replace(/ \(rank 1\)$/, '');
  await referButton.click();
  await matcher.getByRole('status').filter({ hasText: /^Referred / }).waitFor();
  assert.match(await matcher.locator('main').innerText(), new RegExp(`Referred ${who.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  // The household left the list.
  await matcher.waitForFunction((name) => !Array.from(document.querySelectorAll('tbody th a')).some((a) => a.textContent === name), who);

  // The provider's count rises within the polling interval, on the same page (no reload).
  await provider.waitForFunction(
    ({ id, n }) => Number(document.querySelector(`[data-testid="count-${id}"]`)?.textContent) === n + 1,
    { id: tileId, n: before },
    { timeout: 45_000, polling: 250 },
  );
  assert.equal(await provider.evaluate(() => (window as unknown as { marker?: string }).marker), 'same page', 'the page was not reloaded');
  assert.match(await provider.getByTestId('counts-live').innerText(), /Updated: .*Northside Permanent Supportive Housing/);
  assert.match((await provider.getByRole('link', { name: TILE }).getAttribute('data-label'))!, new RegExp(`: ${before + 1} outstanding`));

  // The count opens its list; a row opens the client profile.
  await provider.getByRole('link', { name: TILE }).click();
  const list = provider.getByRole('table', { name: 'Referrals counted by this report' });
  await list.waitFor();
  await provider.waitForFunction((n) => document.querySelectorAll('table tbody tr').length === n, before + 1);
  assert.deepEqual(await axeViolations(provider), [], 'counts report list');
  const profileLink = list.getByRole('link', { name: new RegExp(`profile of ${who.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')},`) });
  await profileLink.click();
  await provider.waitForURL(/\/clients\/[0-9a-f]{32}$/);
  // The heading reads "Client" while the profile loads, then the client's name.
  await provider.getByRole('heading', { level: 1, name: new RegExp(who.split(' ')[0]!) }).waitFor();

  await providerContext.close();
  await matcherContext.close();
});

test('the dashboard adds a counts report and the rematch queue lists the demo opening', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await signIn(page, server.url, 'provider2');
  await page.getByRole('button', { name: 'Add a counts report' }).click();
  await page.getByLabel('Name').fill('Lakeshore this month');
  await page.getByLabel('Referral date').selectOption('thisMonth');
  await page.getByLabel('Statuses').selectOption('all');
  await page.getByRole('button', { name: 'Add counts report' }).click();
  await page.getByRole('link', { name: /^Lakeshore Family PSH: \d+ lakeshore this month, \d+ overdue$/i }).waitFor();
  assert.deepEqual(await axeViolations(page), [], 'dashboard with a new tile');
  await context.close();

  const m = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const mp = await m.newPage();
  await signIn(mp, server.url, 'matcher');
  await mp.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Rematch queue' }).click();
  const q = mp.getByRole('table', { name: 'Openings waiting for new referrals' });
  await q.waitFor();
  await q.getByRole('row', { name: /Northside Rapid Re-Housing.*2 of 2/ }).waitFor();
  assert.deepEqual(await axeViolations(mp), [], 'rematch queue');
  await m.close();
});
