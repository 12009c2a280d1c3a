import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { axeViolations, launchBrowser, signIn, startServer, type RunningServer } from '../helpers/browser.ts';

/** Runs the open report form, waits for the result, checks chart, drill-down and both downloads. */
async function runAndCheck(page: Page, label: string) {
  await page.getByRole('button', { name: 'Run report' }).click();
  await page.getByRole('button', { name: 'Download CSV (zip)' }).or(page.getByRole('link', { name: 'Download CSV (zip)' })).waitFor({ timeout: 30_000 });
  // The chart: a figure with its data table for screen readers.
  const figure = page.getByRole('figure').first();
  await figure.waitFor();
  // Wide tables scroll inside their box: the page itself never scrolls sideways.
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), `${label}: no sideways page scroll`);
  assert.ok((await figure.locator('svg').count()) > 0, `${label}: the chart is drawn`);
  assert.ok((await figure.getByRole('table').count()) === 1, `${label}: the chart has a data table`);
  // Drill down: the first counted cell opens its list.
  const cell = page.locator('.report-table button.link-button').first();
  await cell.click();
  await page.getByRole('heading', { name: /The records behind/ }).waitFor();
  await page.getByRole('status').filter({ hasText: /\d+ records?/ }).waitFor();
  for (const [name, magic] of [['Download CSV (zip)', 'PK'], ['Download XLSX', 'PK']] as const) {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name }).click()]);
    const file = path.join(os.tmpdir(), `reports-e2e-${process.pid}-${Date.now()}`);
    await download.saveAs(file);
    assert.equal(fs.readFileSync(file).subarray(0, 2).toString(), magic, `${label}: ${name}`);
    fs.rmSync(file, { force: true });
  }
}

describe('Reports screens', () => {
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

  test('the HMIS lead runs each report, changes a filter, sees the chart, drills down and downloads CSV and XLSX (1280×720 and 768×1024, axe-clean)', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 }, acceptDownloads: true });
    await signIn(page, server.url, 'admin');
    await page.getByRole('link', { name: 'Reports', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Reports' }).waitFor();
    assert.deepEqual(await axeViolations(page), [], 'reports page');
    const names = ['Timeliness compliance', 'Referral outcomes', 'HUD Coordinated Entry APR', 'HUD data quality'];
    for (const [i, name] of names.entries()) {
      await page.goto(`${server.url}/reports`);
      await page.getByRole('link', { name }).click();
      await page.getByRole('heading', { level: 1, name }).waitFor();
      if (i === 0) assert.deepEqual(await axeViolations(page), [], `${name} form`);
      // A filter: the agency (timeliness, data quality) or the period (the others).
      if (i === 0 || i === 3) await page.getByLabel('Agency').selectOption({ label: 'Northside Housing Partners' });
      else await page.getByLabel('Start date').fill('2024-01-01');
      await runAndCheck(page, name);
      if (i === 0) {
        assert.match(await page.getByRole('status').first().innerText(), /Read live from the primary database/);
        assert.deepEqual(await axeViolations(page), [], `${name} result 1280`);
        await page.setViewportSize({ width: 768, height: 1024 });
        assert.deepEqual(await axeViolations(page), [], `${name} result 768`);
        await page.setViewportSize({ width: 1280, height: 720 });
      }
      if (i === 2) {
        for (const id of ['Q4a', 'Q5a', 'Q6a', 'Q7a', 'Q8a', 'Q9a', 'Q9b', 'Q9c', 'Q9d', 'Q10']) await page.getByRole('heading', { name: new RegExp(`^${id}: `) }).waitFor();
      }
    }
    // The access audit: who viewed a client the lead just read in a drill-down.
    await page.goto(`${server.url}/reports/access-audit`);
    await page.getByRole('heading', { level: 1, name: 'Access audit' }).waitFor();
    await page.getByLabel('User').selectOption({ label: 'Alex Admin (admin)' });
    await runAndCheck(page, 'Access audit');
    await page.close();
  });

  test('a case manager sees the reports of their projects only, not the access audit', async () => {
    const page = await browser.newPage({ viewport: { width: 768, height: 1024 }, acceptDownloads: true });
    await signIn(page, server.url, 'provider');
    await page.getByRole('link', { name: 'Reports', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Reports' }).waitFor();
    assert.equal(await page.getByRole('link', { name: 'Access audit' }).count(), 0);
    await page.getByRole('link', { name: 'Timeliness compliance' }).click();
    await page.getByRole('button', { name: 'Run report' }).click();
    await page.getByRole('link', { name: 'Download XLSX' }).waitFor({ timeout: 30_000 });
    const text = await page.locator('main').innerText();
    assert.ok(!text.includes('Lakeshore'), 'no Lakeshore rows for a Northside case manager');
    assert.deepEqual(await axeViolations(page), [], 'case manager result 768');
    await page.close();
  });
});
