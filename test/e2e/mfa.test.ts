import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { generateSync } from 'otplib';
import { DEMO_PASSWORD } from '../../src/demo/seed.ts';
import { axeViolations, launchBrowser, signIn, startServer, type RunningServer } from '../helpers/browser.ts';

const codeAt = (secret: string, ms: number) => generateSync({ secret, epoch: Math.floor(ms / 1000) });

describe('two-step verification, profile and account pages', () => {
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

  test('the administrator enrols TOTP on the profile page, then signs in with a code and reaches the dashboard', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await signIn(page, server.url, 'admin');
    await page.getByRole('link', { name: 'Profile' }).click();
    await page.getByRole('heading', { level: 1, name: 'Your profile' }).waitFor();
    assert.deepEqual(await axeViolations(page), [], 'profile');

    // Inline validation of the password form.
    await page.getByLabel('Current password').fill(DEMO_PASSWORD);
    await page.getByLabel('New password', { exact: true }).fill('short');
    await page.getByLabel('New password again').fill('short');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('Use at least 8 characters.').waitFor();
    assert.equal(await page.getByLabel('New password', { exact: true }).getAttribute('aria-invalid'), 'true');
    assert.match(await page.getByRole('alert').first().innerText(), /Check the password fields/);
    // The server's rules come back next to the field too.
    await page.getByLabel('New password', { exact: true }).fill('password123');
    await page.getByLabel('New password again').fill('password123');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText(/too common/).first().waitFor();
    assert.deepEqual(await axeViolations(page), [], 'profile with errors');

    await page.getByRole('button', { name: 'Set up two-step verification' }).click();
    const secret = (await page.locator('#mfa-secret').innerText()).trim();
    assert.match(secret, /^[A-Z2-7]{32}$/);
    assert.match(await page.locator('.mfa-uri').innerText(), /^otpauth:\/\/totp\/Hearth:admin\?secret=/);
    assert.deepEqual(await axeViolations(page), [], 'enrolment');
    await page.getByLabel('Code from the app').fill('000000' === codeAt(secret, Date.now()) ? '111111' : '000000');
    await page.getByRole('button', { name: 'Turn on two-step verification' }).click();
    await page.locator('#mfa-code-error').waitFor();
    await page.getByLabel('Code from the app').fill(codeAt(secret, Date.now()));
    await page.getByRole('button', { name: 'Turn on two-step verification' }).click();
    await page.getByText('Two-step verification is on').waitFor();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByLabel('Authentication code').waitFor();
    assert.match(await page.getByRole('alert').innerText(), /6-digit code/);
    assert.deepEqual(await axeViolations(page), [], 'code step');
    // The code of the next 30-second step: the current one may be the one just used to enrol (a code counts once).
    await page.getByLabel('Authentication code').fill(codeAt(secret, Date.now() + 30_000));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    await page.getByRole('heading', { level: 1, name: /Welcome, Alex Admin/ }).waitFor();
    assert.deepEqual(await axeViolations(page), [], 'dashboard after TOTP');
    await page.close();
  });

  test('the idle warning appears two minutes before the timeout and "Stay signed in" renews the session', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await page.clock.install();
    await signIn(page, server.url, 'provider');
    // 28½ minutes later in the browser; the server is asked (without extending the session) and agrees.
    await page.route('**/api/v1/auth/session', async (route) => {
      const now = await page.evaluate(() => Date.now());
      await route.fulfill({ json: { sessionIdleExpiresAt: new Date(now + 90_000).toISOString(), sessionExpiresAt: new Date(now + 3_600_000).toISOString() } });
    });
    await page.route('**/api/v1/me', async (route) => {
      const response = await route.fetch();
      const json = await response.json();
      const now = await page.evaluate(() => Date.now());
      await route.fulfill({ response, json: { ...json, sessionIdleExpiresAt: new Date(now + 30 * 60_000).toISOString() } });
    });
    await page.clock.fastForward('28:30');
    const dialog = page.getByRole('alertdialog', { name: 'Still there?' });
    await dialog.waitFor();
    assert.match(await dialog.innerText(), /signed out in about 2 minute/);
    assert.deepEqual(await axeViolations(page), [], 'idle warning');
    const renewed = page.waitForRequest((r) => r.url().endsWith('/api/v1/me'));
    await page.getByRole('button', { name: 'Stay signed in' }).click();
    await renewed;
    await dialog.waitFor({ state: 'detached' });
    await page.close();
  });

  test('the reset-password page takes the token from the fragment and explains a used link', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await page.goto(server.url + '/reset-password#token=not-a-real-token-0123456789');
    await page.getByRole('heading', { level: 1, name: 'Choose a new password' }).waitFor();
    assert.equal(new URL(page.url()).hash, '', 'the token leaves the address bar');
    assert.deepEqual(await axeViolations(page), [], 'reset password');
    await page.getByLabel('New password', { exact: true }).fill('a long enough phrase');
    await page.getByLabel('New password again').fill('a long enough phrase');
    await page.getByRole('button', { name: 'Set password' }).click();
    await page.getByText(/used already or has expired/).waitFor();
    assert.deepEqual(await axeViolations(page), [], 'reset password error');
    await page.close();
  });

  test('a new user sets a password from the one-time link, accepts the user agreement and reaches the dashboard', async () => {
    const adminPage = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await signIn(adminPage, server.url, 'agencyadmin');
    // The agency administrator creates a case manager through the API (the users screen is tested elsewhere).
    const created = await adminPage.evaluate(async () => {
      const me = await (await fetch('/api/v1/me')).json();
      const res = await fetch('/api/v1/users', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken },
        body: JSON.stringify({ username: 'newcomer', displayName: 'Nico Newcomer', memberships: [{ agencyId: me.memberships[0].agencyId, role: 'case_manager', projectIds: me.memberships[0].projectIds.slice(0, 1) }] }),
      });
      return { status: res.status, body: await res.json() };
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const link: string = created.body.passwordSetLink.resetUrl;
    await adminPage.close();

    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await page.goto(server.url + new URL(link).pathname + new URL(link).hash);
    await page.getByRole('heading', { level: 1, name: 'Choose a new password' }).waitFor();
    await page.getByLabel('New password', { exact: true }).fill('river stones and moss');
    await page.getByLabel('New password again').fill('river stones and moss');
    await page.getByRole('button', { name: 'Set password' }).click();
    await page.getByText('Your password is set').waitFor();
    assert.deepEqual(await axeViolations(page), [], 'password set');
    await page.getByRole('link', { name: 'Sign in with your new password' }).click();

    await page.getByLabel('Username').fill('newcomer');
    await page.getByLabel('Password').fill('river stones and moss');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'User agreement' }).waitFor();
    await page.getByText(/every access is recorded/).waitFor();
    assert.deepEqual(await axeViolations(page), [], 'user agreement');
    await page.getByRole('button', { name: 'I accept the user agreement' }).click();
    await page.getByRole('heading', { level: 1, name: /Welcome, Nico Newcomer/ }).waitFor();
    await page.close();
  });
});
