import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { axeViolations, launchBrowser, signIn, startServer, type RunningServer } from '../helpers/browser.ts';

describe('web shell', () => {
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

  test('the first start prints the URL and the demo sign-ins', () => {
    const out = server.output();
    assert.match(out, /Demo CoC loaded/);
    for (const u of ['admin', 'matcher', 'hrs', 'provider', 'agencyadmin', 'provider2']) assert.match(out, new RegExp(`\\b${u}\\b`));
    assert.match(out, /hearth-demo-2026/);
  });

  test('a provider signs in and reaches the dashboard; the shell has no axe violations', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await page.goto(server.url);
    await page.waitForURL(/\/signin/);
    assert.deepEqual(await axeViolations(page), [], 'sign-in page');

    await page.getByLabel('Username').fill('provider');
    await page.getByLabel('Password').fill('wrong password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').waitFor();
    assert.match(await page.getByRole('alert').innerText(), /not right/);

    await signIn(page, server.url, 'provider');
    await page.getByRole('heading', { level: 1, name: /Welcome, Pat Provider/ }).waitFor();
    assert.deepEqual(await axeViolations(page), [], 'dashboard');

    await page.getByRole('link', { name: 'Projects' }).click();
    await page.getByRole('table', { name: /Projects of the Continuum of Care/ }).waitFor();
    await page.getByRole('row', { name: /Northside Permanent Supportive Housing/ }).waitFor();
    assert.deepEqual(await axeViolations(page), [], 'projects');

    await page.goto(server.url + '/no-such-page');
    await page.getByRole('heading', { name: 'Page not found' }).waitFor();
    assert.deepEqual(await axeViolations(page), [], 'not found');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await page.close();
  });

  test('keyboard: the skip link is the first stop and leads to the main content', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await signIn(page, server.url, 'admin');
    // From the top of the page (the page heading has focus after navigation, and the dashboard has links after it).
    await page.evaluate(() => {
      document.body.tabIndex = -1;
      document.body.focus();
      document.body.removeAttribute('tabindex');
    });
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => document.activeElement?.textContent);
    assert.equal(focused, 'Skip to main content');
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'main');
    await page.close();
  });

  test('usable on a tablet: navigation stays reachable at 768×1024', async () => {
    const page = await browser.newPage({ viewport: { width: 768, height: 1024 } });
    await signIn(page, server.url, 'matcher');
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await page.getByRole('link', { name: 'Dashboard' }).waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
    assert.equal(overflow, false, 'no horizontal scrolling');
    assert.deepEqual(await axeViolations(page), []);
    await page.close();
  });
});
