import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { axeViolations, launchBrowser, signIn, startServer, type RunningServer } from '../helpers/browser.ts';

describe('clients in the browser', () => {
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

  test('an HRS searches, sees likely duplicates, creates a client with consent; the profile tabs work with the keyboard', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await signIn(page, server.url, 'hrs');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Clients' }).click();
    await page.getByRole('heading', { level: 1, name: 'Clients' }).waitFor();
    await page.getByRole('table', { name: 'Clients you can see' }).waitFor();
    // The count stops at 25 (issue 10): the status says "more than", never a number it did not count.
    const status = await page.getByRole('status').filter({ hasText: /you can see/ }).innerText();
    assert.match(status, /^More than 25 clients you can see \(showing the first 25\)\./);
    assert.deepEqual(await axeViolations(page), [], 'client search');

    // Search is typo-tolerant and shows the SSN masked.
    await page.getByLabel('Name', { exact: true }).fill('Markus Witfield');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    const row = page.getByRole('row', { name: /Marcus Whitfield/ });
    await row.waitFor();
    assert.match(await row.innerText(), /\*{5}9637/);
    assert.doesNotMatch(await page.content(), /412589637/);

    await page.getByRole('link', { name: 'New client' }).click();
    await page.getByRole('heading', { level: 1, name: 'New client' }).waitFor();
    assert.deepEqual(await axeViolations(page), [], 'new client form');

    // Inline validation: a full name needs both names.
    await page.getByRole('button', { name: 'Create client' }).click();
    await page.getByRole('alert').waitFor();
    assert.equal(await page.getByLabel('First name').getAttribute('aria-invalid'), 'true');

    // A likely duplicate is shown before saving.
    await page.getByLabel('First name').fill('Marcus');
    await page.getByLabel('Last name', { exact: true }).fill('Whitfeld');
    await page.getByLabel('Date of birth', { exact: true }).fill('1968-04-12');
    await page.getByRole('button', { name: 'Create client' }).click();
    const dupes = page.getByRole('region', { name: 'Possible existing records' });
    await dupes.getByRole('link', { name: 'Marcus Whitfield' }).waitFor();
    assert.match(await page.getByRole('alert').innerText(), /may already have a record/);
    assert.deepEqual(await axeViolations(page), [], 'duplicates panel');

    // A different person: new name, no duplicates.
    await page.getByLabel('First name').fill('Odessa');
    await page.getByLabel('Last name', { exact: true }).fill('Quintero');
    await page.getByLabel('Date of birth', { exact: true }).fill('1977-08-19');
    await page.getByLabel('SSN', { exact: true }).fill('518-22-7301');
    await page.getByLabel('Witness').fill('Harper Specialist');
    await page.getByLabel('Mobile phone').fill('312 555 0111');
    await page.getByLabel('OK to leave a message on this phone').check();
    await page.getByRole('button', { name: 'Create client' }).click();
    await page.getByRole('heading', { level: 1, name: 'Odessa Quintero' }).waitFor();
    assert.match(await page.locator('.client-summary').innerText(), /Full sharing/);
    await page.getByRole('table', { name: /Contact information/ }).getByRole('cell', { name: '(312) 555-0111' }).waitFor();
    await page.getByText('*****7301').waitFor();
    assert.deepEqual(await axeViolations(page), [], 'client profile');

    // The HRS may reveal the SSN.
    await page.getByRole('button', { name: 'Show full SSN' }).click();
    await page.getByText('518227301').waitFor();

    // Tabs: arrow keys move between them.
    await page.getByRole('tab', { name: 'Profile & contact' }).focus();
    await page.keyboard.press('ArrowRight');
    await page.getByRole('tab', { name: 'Consent', selected: true }).waitFor();
    await page.getByRole('table', { name: 'Releases, newest first' }).waitFor();
    assert.match(await page.getByRole('table', { name: 'Releases, newest first' }).innerText(), /Full sharing/);
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('role')), 'tab');
    assert.deepEqual(await axeViolations(page), [], 'consent tab');
    await page.keyboard.press('ArrowRight');
    await page.getByRole('tab', { name: 'Household', selected: true }).waitFor();
    await page.getByText('not in a household').waitFor();
    assert.deepEqual(await axeViolations(page), [], 'household tab');
    await page.close();
  });

  test('a case manager of another agency opens a full-consent client and sees the contact information; a locked one is not found', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await signIn(page, server.url, 'provider');
    await page.getByRole('link', { name: 'Clients' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Marcus Whitfield');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByRole('link', { name: 'Marcus Whitfield' }).click();
    await page.getByRole('heading', { level: 1, name: 'Marcus Whitfield' }).waitFor();
    assert.match(await page.locator('.client-summary').innerText(), /Windy City CoC Lead Agency/);
    const contacts = page.getByRole('table', { name: /Contact information/ });
    await contacts.waitFor();
    const first = contacts.getByRole('row').nth(1);
    assert.match(await first.innerText(), /\(312\) 555-0142/);
    assert.match(await first.innerText(), /Preferred/);
    assert.equal(await page.getByRole('button', { name: 'Show full SSN' }).count(), 0, 'no SSN reveal for another agency');
    assert.deepEqual(await axeViolations(page), [], 'profile for a case manager');

    // Lucía Morales has limited sharing (locked to the lead agency): not in the search, not found by URL.
    await page.getByRole('link', { name: 'Back to client search' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Lucia Morales');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByRole('status').filter({ hasText: /match/ }).waitFor();
    assert.equal(await page.getByRole('link', { name: /Lucía Morales/ }).count(), 0);
    await page.close();
  });
});
