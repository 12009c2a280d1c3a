import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { axeViolations, screenshot as shot, sharedServerAndBrowser, signIn, VIEWPORTS } from '../helpers/browser.ts';

// One server for the file: the provider's daily paths of issue 16.
describe("provider's daily work (issue 16)", () => {
  const shared = sharedServerAndBrowser();

  test('a case manager opens a caseload from the dashboard, sorts, filters, searches and comes back to the same view', async () => {
    for (const viewport of VIEWPORTS) {
      const context = await shared.browser.newContext({ viewport });
      const page = await context.newPage();
      await signIn(page, shared.server.url, 'provider');
      await page.getByRole('heading', { level: 2, name: 'Caseloads' }).waitFor();
      await page.getByRole('region', { name: 'Caseloads' }).getByRole('link', { name: 'Northside Rapid Re-Housing (ESG)' }).click();
      await page.getByRole('heading', { level: 1, name: 'Caseload: Northside Rapid Re-Housing (ESG)' }).waitFor();
      const table = page.getByRole('table', { name: 'Households' });
      await table.locator('tbody tr').first().waitFor();
      await page.getByRole('status').filter({ hasText: /^\d+ households?$/ }).waitFor();
      assert.match(await table.innerText(), /Not yet housed/);
      assert.match(await table.innerText(), /Annual assessment: window opens /);
      assert.deepEqual(await axeViolations(page), [], `caseload ${viewport.width}`);
      await shot(page, 'caseload');

      // Sort by household size, largest first: the family of three heads the list; the URL keeps it.
      await table.getByRole('button', { name: /Household size/ }).click();
      await table.getByRole('button', { name: /Household size/ }).click();
      await page.waitForURL(/sort=-householdSize/);
      await page.locator('th[aria-sort="descending"]', { hasText: 'Household size' }).waitFor();
      await table.locator('tbody tr').first().filter({ hasText: 'Carlos' }).waitFor();

      // Not yet housed only.
      await page.getByLabel('Not yet housed').check();
      await page.waitForURL(/notHoused=true/);
      await page.getByRole('status').filter({ hasText: /^1 household$/ }).waitFor();
      assert.doesNotMatch(await table.innerText(), /Carlos/);

      // The view survives a round trip to a household and the back button.
      await table.locator('tbody tr').first().getByRole('link').click();
      await page.getByRole('heading', { level: 1, name: /^Enrollment: / }).waitFor();
      await page.goBack();
      await page.getByRole('heading', { level: 1, name: 'Caseload: Northside Rapid Re-Housing (ESG)' }).waitFor();
      assert.equal(await page.getByLabel('Not yet housed').isChecked(), true);
      await page.locator('th[aria-sort="descending"]', { hasText: 'Household size' }).waitFor();

      // Exited households, and a search by name that stays out of the URL.
      await page.getByRole('button', { name: 'Clear the filters' }).click();
      await page.getByLabel('Households', { exact: true }).selectOption('all');
      await page.getByRole('status').filter({ hasText: /^\d+ households$/ }).waitFor();
      await page.getByRole('columnheader', { name: /Exit date/ }).waitFor();
      await page.getByLabel("Head of household's name").fill('gloria');
      await page.getByRole('button', { name: 'Search', exact: true }).click();
      await page.getByRole('status').filter({ hasText: /^1 household$/ }).waitFor();
      assert.doesNotMatch(page.url(), /gloria/i);
      await page.getByLabel("Head of household's name").fill('nobody');
      await page.getByRole('button', { name: 'Search', exact: true }).click();
      await page.getByText('No household matches these filters.').waitFor();
      assert.deepEqual(await axeViolations(page), [], `caseload empty ${viewport.width}`);
      await context.close();
    }
  });
});
