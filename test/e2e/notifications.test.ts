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

test('a user chooses the daily digest; the administrator reads the e-mail outbox', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await signIn(page, server.url, 'provider');
  await page.getByRole('link', { name: 'Notifications' }).click();
  await page.getByRole('heading', { level: 1, name: 'Notifications' }).waitFor();
  await page.getByLabel('One e-mail a day (digest)').check();
  await page.getByText('Saved: One e-mail a day (digest).').waitFor();
  assert.deepEqual(await axeViolations(page), []);
  await page.reload();
  // The choice was saved on the server: after a reload the page shows it again once loaded.
  await page.waitForFunction(() => (document.querySelector('input[value="daily_digest"]') as HTMLInputElement | null)?.checked === true);
  assert.equal(await page.getByRole('link', { name: 'E-mail outbox' }).count(), 0, 'a case manager has no outbox');
  await page.close();

  const admin = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await signIn(admin, server.url, 'admin');
  await admin.getByRole('link', { name: 'E-mail outbox' }).click();
  await admin.getByRole('table', { name: /E-mails, newest first/ }).waitFor();
  await admin.getByText(/No SMTP server is configured/).waitFor();
  assert.deepEqual(await axeViolations(admin), []);
  await admin.close();
});
