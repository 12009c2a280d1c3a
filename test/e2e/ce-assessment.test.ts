import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { axeViolations, launchBrowser, signIn, startServer, type RunningServer } from '../helpers/browser.ts';

/**
 * Issue 4's browser acceptance: the HRS enrolls a demo client in Coordinated Entry and records the CE
 * assessment with a social-service contact; the receiving case manager sees the client's contact
 * information but not the social-service contacts (only whom to ask); a note written by one agency is
 * flagged unread for a user of another. axe-clean on every screen.
 */
describe('CE assessment, social-service contacts and notes in the browser', () => {
  let server: RunningServer;
  let browser: Browser;
  let clientId: string;
  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function session(username: string): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await signIn(page, server.url, username);
    return { context, page };
  }

  /** A demo client's id, found with the search API (a POST: no name in the URL). */
  async function findClient(page: Page, q: string): Promise<string> {
    const me = await page.request.get(`${server.url}/api/v1/me`);
    const { csrfToken } = (await me.json()) as { csrfToken: string };
    const res = await page.request.post(`${server.url}/api/v1/clients/search`, { data: { q }, headers: { 'x-csrf-token': csrfToken } });
    assert.equal(res.status(), 200, await res.text());
    const body = (await res.json()) as { items: { id: string; displayName: string }[] };
    const hit = body.items.find((i) => i.displayName === q);
    assert.ok(hit, `${q} in ${JSON.stringify(body.items.map((i) => i.displayName))}`);
    return hit.id;
  }

  const panel = (page: Page) => page.getByRole('tabpanel');

  test('the HRS enrolls Maria Santos in CE and records the assessment with a social-service contact', async () => {
    const { context, page } = await session('hrs');
    clientId = await findClient(page, 'Maria Santos');
    await page.goto(`${server.url}/clients/${clientId}?tab=ce-assessment`);
    await page.getByRole('heading', { level: 1, name: 'Maria Santos' }).waitFor();
    await panel(page).getByText('Not enrolled in Coordinated Entry.').waitFor();
    assert.deepEqual(await axeViolations(page), [], 'CE tab before enrollment');

    const enroll = page.getByRole('form', { name: 'Enroll in Coordinated Entry' });
    await enroll.getByLabel('Where did the client stay last night?').selectOption({ label: 'Place not meant for habitation (vehicle, abandoned building, outside)' });
    await enroll.getByLabel('Disabling condition (HUD 3.08)').selectOption({ label: 'Yes' });
    await enroll.getByLabel('Approximate date this time on the streets or in shelter started').fill('2025-06-01');
    await enroll.getByRole('button', { name: 'Enroll in Coordinated Entry' }).click();
    await page.getByRole('status').filter({ hasText: 'The client is enrolled in Coordinated Entry.' }).waitFor();
    await panel(page).getByText('Chronically homeless: Disabling condition and homeless continuously for at least a year.').waitFor();

    const form = page.getByRole('form', { name: 'Record a CE assessment' });
    await form.getByLabel('Vulnerability score').fill('12');
    await form.getByLabel('Where do you sleep most frequently?').fill('Outdoors');
    await form.getByRole('button', { name: 'Add a contact' }).click();
    // Inline validation: a contact needs a name and an organisation.
    await form.getByRole('button', { name: 'Save the CE assessment' }).click();
    const alert = form.getByRole('alert');
    await alert.waitFor();
    assert.match(await alert.innerText(), /Enter the contact’s name/);
    const name = form.getByLabel('Name', { exact: true });
    assert.equal(await name.getAttribute('aria-invalid'), 'true');
    assert.match((await name.getAttribute('aria-describedby')) ?? '', /error/);
    assert.deepEqual(await axeViolations(page), [], 'assessment form with errors');

    await name.fill('Dana Ellis');
    await form.getByLabel('Organisation').fill('Jesse Brown VA Medical Center');
    await form.getByLabel('Role').fill('Social worker');
    // Keyboard: from the phone field, type and move on with Tab.
    await form.getByLabel('Phone').focus();
    await page.keyboard.type('(312) 555-0190');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('type')), 'email');
    await form.getByRole('button', { name: 'Save the CE assessment' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'The CE assessment is saved.' }).waitFor();

    const contacts = page.getByRole('table', { name: /Social-service contacts/ });
    await contacts.waitFor();
    await contacts.getByRole('rowheader', { name: 'Dana Ellis' }).waitFor();
    await contacts.getByText('Jesse Brown VA Medical Center').waitFor();
    await panel(page).getByText('Placed on prioritization list').first().waitFor();
    assert.deepEqual(await axeViolations(page), [], 'CE tab after the assessment');
    await context.close();
  });

  test('the case manager sees the contact information but not the social-service contacts', async () => {
    const { context, page } = await session('provider');
    await page.goto(`${server.url}/clients/${clientId}`);
    await page.getByRole('heading', { level: 1, name: 'Maria Santos' }).waitFor();
    // The client-profile contact information (demo phone number).
    await panel(page).getByText('(312) 555-0109').waitFor();
    await page.getByRole('tab', { name: 'CE assessment' }).click();
    await panel(page).getByRole('heading', { name: 'Latest CE assessment' }).waitFor();
    const ask = panel(page).getByRole('note');
    await ask.waitFor();
    assert.match(await ask.innerText(), /ask Harper Specialist or another Housing Resource Specialist/);
    const text = await panel(page).innerText();
    assert.doesNotMatch(text, /Dana Ellis|555-0190|Jesse Brown/);
    assert.equal(await page.getByRole('table', { name: /Social-service contacts/ }).count(), 0);
    assert.equal(await page.getByRole('form', { name: 'Record a CE assessment' }).count(), 0, 'only an HRS may assess');
    assert.deepEqual(await axeViolations(page), [], 'CE tab as a case manager');

    // A note from Northside for the other agencies.
    await page.getByRole('tab', { name: 'Notes' }).click();
    const form = page.getByRole('form', { name: 'Write a note' });
    await form.getByRole('button', { name: 'Save the note' }).click();
    assert.equal(await form.getByLabel('Note').getAttribute('aria-invalid'), 'true');
    await form.getByLabel('Note').fill('Reached Maria on her mobile; she can tour the unit Friday.');
    await form.getByRole('button', { name: 'Save the note' }).click();
    await page.getByRole('status').filter({ hasText: 'The note is saved.' }).waitFor();
    await panel(page).getByText('Reached Maria on her mobile').waitFor();
    assert.equal(await panel(page).getByText('Unread', { exact: true }).count(), 0, 'read for its author');
    assert.deepEqual(await axeViolations(page), [], 'notes tab');
    await context.close();
  });

  test('the note is flagged unread for a user of another agency when the profile opens', async () => {
    const { context, page } = await session('hrs');
    await page.goto(`${server.url}/clients/${clientId}`);
    await page.getByRole('heading', { level: 1, name: 'Maria Santos' }).waitFor();
    const flag = page.getByRole('button', { name: '1 unread note' });
    await flag.waitFor();
    assert.deepEqual(await axeViolations(page), [], 'profile with the unread flag');
    await flag.click();
    const item = panel(page).getByRole('listitem').filter({ hasText: 'Reached Maria on her mobile' });
    await item.waitFor();
    await item.getByText('Unread', { exact: true }).waitFor();
    assert.match(await item.innerText(), /Pat Provider, Northside Housing Partners/);
    await panel(page).getByRole('button', { name: 'Mark all as read' }).click();
    await page.getByRole('status').filter({ hasText: 'All notes are marked read.' }).waitFor();
    await item.getByText('Unread', { exact: true }).waitFor({ state: 'detached' });
    assert.equal(await page.getByRole('button', { name: /unread note/ }).count(), 0, 'the flag is gone');
    await context.close();
  });

  test('documents: the demo verification is listed and downloadable by a provider; upload refuses other formats', async () => {
    const { context, page } = await session('provider');
    const marcus = await findClient(page, 'Marcus Whitfield');
    await page.goto(`${server.url}/clients/${marcus}?tab=documents`);
    const link = page.getByRole('link', { name: 'Download homeless-verification-letter.pdf' });
    await link.waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    assert.equal(download.suggestedFilename(), 'homeless-verification-letter.pdf');
    const form = page.getByRole('form', { name: 'Upload a document' });
    await form.getByLabel('Document type').selectOption({ label: 'Identification' });
    await form.getByLabel('File').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not a document') });
    await form.getByRole('button', { name: 'Upload the document' }).click();
    await form.getByRole('alert').waitFor();
    assert.match(await form.getByRole('alert').innerText(), /not a PDF, PNG, JPEG, HEIC or TIFF/);
    await form.getByLabel('File').setInputFiles({ name: 'id.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n') });
    await form.getByRole('button', { name: 'Upload the document' }).click();
    await page.getByRole('status').filter({ hasText: '“id.pdf” is uploaded.' }).waitFor();
    await page.getByRole('link', { name: 'Download id.pdf' }).waitFor();
    assert.deepEqual(await axeViolations(page), [], 'documents tab');
    await context.close();
  });
});
