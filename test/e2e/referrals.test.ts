import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { axeViolations, launchBrowser, signIn, startServer, type RunningServer } from '../helpers/browser.ts';

describe('referrals in the browser', () => {
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

  test('the provider opens a new referral, logs two contact attempts and moves the status; an overdue referral is highlighted', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await signIn(page, server.url, 'provider');
    await page.getByRole('link', { name: 'Referrals', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Referrals' }).waitFor();
    const table = page.getByRole('table', { name: /Referrals/ });
    await table.getByRole('row', { name: /Anthony Russo/ }).waitFor();

    // Overdue: said in text and shown with a colour and a border (not colour alone).
    const overdueRow = table.getByRole('row', { name: /Anthony Russo/ });
    assert.match(await overdueRow.innerText(), /Overdue/);
    assert.match((await overdueRow.getAttribute('class')) ?? '', /overdue-row/);
    const onTime = table.getByRole('row', { name: /Marcus Whitfield/ });
    assert.doesNotMatch(await onTime.innerText(), /Overdue/);
    assert.deepEqual(await axeViolations(page), [], 'referral list');

    await page.getByLabel('Overdue only').check();
    await page.getByRole('status').filter({ hasText: /referral/ }).waitFor();
    await table.getByRole('row', { name: /Marcus Whitfield/ }).waitFor({ state: 'detached' });
    await table.getByRole('row', { name: /Anthony Russo/ }).waitFor();
    await page.getByLabel('Overdue only').uncheck();

    // The new referral (matched today).
    await table.getByRole('row', { name: /Marcus Whitfield/ }).getByRole('link').click();
    await page.getByRole('heading', { level: 1, name: /Referral R-\d+/ }).waitFor();
    await page.getByText('CES: Matched: Awaiting response by Housing Provider').first().waitFor();
    await page.getByRole('table', { name: 'Timeliness standards for this referral' }).getByRole('row', { name: /first response/ }).waitFor();
    // The receiving provider can go straight to the enrollment wizard from the referral.
    const enroll = page.getByRole('link', { name: 'Enroll this household' });
    await enroll.waitFor();
    assert.match((await enroll.getAttribute('href'))!, /^\/enrollments\/new\?referralId=[0-9a-f]{32}$/);
    assert.deepEqual(await axeViolations(page), [], 'referral detail');

    for (const outcome of ['No answer', 'Left a message']) {
      await page.getByLabel('Method').selectOption({ label: 'Phone' });
      await page.getByLabel('Outcome').selectOption({ label: outcome });
      await page.getByLabel('Note (optional)').first().fill(`Tried the mobile: ${outcome.toLowerCase()}`);
      await page.getByRole('button', { name: 'Log attempt' }).click();
      await page.getByRole('status').filter({ hasText: 'Contact attempt logged.' }).waitFor();
      await page.getByRole('table', { name: /Contact attempts/ }).getByRole('row', { name: new RegExp(outcome) }).waitFor();
    }
    await page.getByRole('table', { name: 'Contact attempts (2)' }).waitFor();

    // The status form offers only what the provider may set now.
    const options = await page.getByLabel('New status').locator('option').allInnerTexts();
    assert.ok(options.includes('CES: Attempted/Attempting Contact'));
    assert.equal(options.includes('CES: Enrolled'), false);
    assert.equal(options.some((o) => o.includes('CES Team Only')), false);
    await page.getByLabel('New status').selectOption({ label: 'CES: Attempted/Attempting Contact' });
    await page.getByRole('button', { name: 'Change status' }).click();
    await page.getByRole('status').filter({ hasText: 'Status changed.' }).waitFor();
    await page.locator('.referral-timeline').getByText('CES: Attempted/Attempting Contact').waitFor();
    assert.match(await page.getByRole('table', { name: 'Timeliness standards for this referral' }).getByRole('row', { name: /first response/ }).innerText(), /Met/);

    // A status that needs a note says so next to the field.
    await page.getByLabel('New status').selectOption({ label: 'CES: Rematch Needed: Client Ineligible' });
    await page.getByRole('button', { name: 'Change status' }).click();
    const note = page.getByLabel('Note (required)');
    await page.getByRole('alert').waitFor();
    assert.equal(await note.getAttribute('aria-invalid'), 'true');
    assert.deepEqual(await axeViolations(page), [], 'status form with an error');
    await page.close();
  });

  test('an administrator corrects a status with a note; the configuration and holiday screens', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await signIn(page, server.url, 'admin');
    await page.goto(server.url + '/referrals');
    await page.getByLabel('Referrals', { exact: true }).selectOption('closed');
    const row = page.getByRole('table', { name: /Referrals/ }).getByRole('row', { name: /Tomás Reyes/ });
    await row.getByRole('link').click();
    await page.getByRole('heading', { level: 2, name: 'Correct the status' }).waitFor();
    await page.getByLabel('New status').selectOption({ label: 'CES: Client Engaged, In Progress to Enrollment' });
    await page.getByRole('button', { name: 'Correct status' }).click();
    await page.getByRole('alert').waitFor();
    assert.match(await page.getByRole('alert').innerText(), /Say why/);
    await page.getByLabel('Note (required)').fill('The provider chose the wrong status: the client accepted.');
    await page.getByRole('button', { name: 'Correct status' }).click();
    await page.getByRole('status').filter({ hasText: 'Status corrected.' }).waitFor();
    await page.locator('.referral-timeline li').filter({ hasText: 'Correction' }).waitFor();
    const last = page.locator('.referral-timeline li').last();
    assert.match(await last.innerText(), /Correction/);
    assert.match(await last.innerText(), /the client accepted/);

    await page.getByRole('link', { name: 'Referral statuses' }).click();
    await page.getByRole('table', { name: /Referral need statuses/ }).getByRole('row').nth(3).waitFor();
    await page.getByRole('row', { name: /CES: Rematch Needed: CES Team Only: Housing Provider Did Not Respond/ }).waitFor();
    const editor = page.getByLabel('Configuration (JSON)');
    const doc = JSON.parse(await editor.inputValue()) as { statuses: { code: string; setBy: string[] }[] };
    doc.statuses.find((x) => x.code === 'cancelled')!.setBy = ['provider'];
    await editor.fill(JSON.stringify(doc, null, 2));
    await page.getByRole('button', { name: 'Save configuration' }).click();
    await page.getByRole('alert').waitFor();
    assert.match(await page.getByRole('alert').innerText(), /\/config\/statuses\/\d+\/setBy/);
    assert.deepEqual(await axeViolations(page), [], 'configuration with errors');

    await page.getByRole('link', { name: 'Holidays' }).click();
    await page.getByRole('table', { name: /Holidays in/ }).waitFor();
    await page.getByRole('row', { name: /Thanksgiving Day/ }).waitFor();
    assert.match(await page.getByRole('row', { name: /Thanksgiving Day/ }).innerText(), /US federal/);
    assert.deepEqual(await axeViolations(page), [], 'holidays');
    await page.close();
  });
});
