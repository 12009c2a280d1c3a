import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { axeViolations, launchBrowser, signIn, startServer, type RunningServer } from '../helpers/browser.ts';
import { zipFolder } from '../integration/hud-helpers.ts';

describe('HUD CSV screens', () => {
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

  test('an administrator runs an export, sees its progress and downloads the zip', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    await signIn(page, server.url, 'admin');
    await page.getByRole('link', { name: 'HUD CSV export' }).click();
    await page.getByRole('heading', { level: 1, name: 'HUD CSV export' }).waitFor();
    assert.deepEqual(await axeViolations(page), [], 'export form');
    await page.getByLabel('Start date').fill('2020-01-01');
    await page.getByLabel('End date').fill('2026-12-31');
    await page.getByRole('button', { name: 'Start export' }).click();
    await page.getByRole('table', { name: 'Rows written per file' }).waitFor();
    const link = page.getByRole('link', { name: 'Download the zip' });
    await link.waitFor();
    assert.match(await page.getByRole('status').innerText(), /rows in 24 files/);
    await page.getByRole('row', { name: /Client\.csv/ }).waitFor();
    assert.deepEqual(await axeViolations(page), [], 'export done');
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const file = path.join(os.tmpdir(), `hud-e2e-${process.pid}.zip`);
    await download.saveAs(file);
    const bytes = fs.readFileSync(file);
    assert.equal(bytes.subarray(0, 2).toString(), 'PK');
    fs.rmSync(file, { force: true });
    await page.close();
  });

  test('an administrator uploads a rejected FY2024 set and sees the report with file, line and column', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page, server.url, 'admin');
    await page.getByRole('link', { name: 'HUD CSV import' }).click();
    await page.getByRole('heading', { level: 1, name: 'HUD CSV import' }).waitFor();
    assert.deepEqual(await axeViolations(page), [], 'import form');
    const zip = path.join(os.tmpdir(), `hud-e2e-loader-errors-${process.pid}.zip`);
    fs.writeFileSync(zip, await zipFolder(path.join(import.meta.dirname, '../fixtures/hud-2024/loader_errors')));
    await page.getByLabel('HUD CSV zip').setInputFiles(zip);
    await page.getByRole('button', { name: 'Upload and validate' }).click();
    await page.getByRole('heading', { name: /Validation report/ }).waitFor();
    assert.match(await page.getByRole('status').innerText(), /Rejected \(FY2024\)/);
    await page.getByRole('table', { name: /Problems/ }).waitFor();
    const row = page.getByRole('row', { name: /Client\.csv 7/ }).first();
    await row.waitFor();
    assert.equal(await page.getByRole('button', { name: 'Import these records' }).count(), 0);
    assert.deepEqual(await axeViolations(page), [], 'import report');
    // Files from an older tool, read as Windows-1252: the report says they were converted.
    await page.getByLabel('Text encoding of the files').selectOption('windows-1252');
    await page.getByRole('button', { name: 'Upload and validate' }).click();
    await page.getByText('Text read as windows-1252 and converted to UTF-8.').waitFor();
    fs.rmSync(zip, { force: true });
    await page.close();
  });
});
