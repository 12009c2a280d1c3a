import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { axeViolations, launchBrowser, signIn, startServer, type RunningServer } from '../helpers/browser.ts';

describe('enrollment (issue 5)', () => {
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

  /** From client search to the client's Enrollments tab, then into the wizard. */
  async function startWizard(page: Page, name: string) {
    await page.goto(server.url + '/clients');
    await page.getByLabel('Name', { exact: true }).fill(name);
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('link', { name }).first().click();
    await page.getByRole('heading', { level: 1, name }).waitFor();
    await page.getByRole('tab', { name: 'Enrollments' }).click();
    await page.getByText(/No enrollments yet|Enrollments of this client/).first().waitFor();
    assert.deepEqual(await axeViolations(page), [], 'enrollments tab');
    await page.getByRole('link', { name: /Enroll this client/ }).click();
    await page.getByRole('heading', { level: 1, name: 'New enrollment' }).waitFor();
  }

  async function chooseProject(page: Page, project: string) {
    await page.getByLabel('Project', { exact: true }).selectOption({ label: project });
  }

  test('a case manager enrolls a single adult, records an assessment, a service and the move-in, and exits', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page, server.url, 'provider');
    await startWizard(page, 'Anthony Russo');
    await page.getByRole('rowheader', { name: 'Anthony Russo' }).waitFor();
    await chooseProject(page, 'Northside Permanent Supportive Housing');
    assert.deepEqual(await axeViolations(page), [], 'wizard: household');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByText('Member 1 of 1: Anthony Russo').first().waitFor();
    await page.getByLabel('Disabling condition').selectOption({ label: 'Yes' });
    await page.getByLabel('Prior living situation', { exact: true }).selectOption({ value: '116' });
    // A homeless prior situation asks the homeless-history questions (3.917 dependencies).
    await page.getByLabel('Times homeless in the past three years').waitFor();
    await page.getByLabel('Income from any source').selectOption({ label: 'No' });
    assert.deepEqual(await axeViolations(page), [], 'wizard: member');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByText('Review and save').first().waitFor();
    await page.getByRole('button', { name: 'Save enrollment' }).click();
    await page.getByRole('heading', { level: 1, name: 'Enrollment: Anthony Russo' }).waitFor();
    assert.deepEqual(await axeViolations(page), [], 'enrollment page');

    const assessment = page.getByRole('form', { name: 'Record an assessment' });
    await assessment.getByLabel('Income from any source').selectOption({ label: 'Yes' });
    await assessment.getByLabel('Earned income (employment)', { exact: true }).check();
    await assessment.getByLabel('Monthly amount: Earned income (employment) (dollars)').fill('850');
    await assessment.getByRole('button', { name: 'Record assessment' }).click();
    await page.getByRole('status').filter({ hasText: 'was recorded' }).first().waitFor();
    await page.getByRole('cell', { name: '$850' }).waitFor();

    const service = page.getByRole('form', { name: 'Add a service' });
    await service.getByLabel('Service type').selectOption({ label: 'Housing stability case management' });
    await service.getByLabel('Note (optional)').fill('Weekly visit');
    await service.getByRole('button', { name: 'Add service' }).click();
    await page.getByRole('cell', { name: 'Weekly visit' }).waitFor();

    await page.getByRole('button', { name: 'Record move-in date' }).click();
    await page.getByRole('status').filter({ hasText: 'move-in date was recorded' }).waitFor();

    await page.getByLabel('Destination').selectOption({ label: 'Rental by client, no ongoing housing subsidy' });
    await page.getByRole('button', { name: 'Record exit' }).click();
    await page.getByText(/Rental by client, no ongoing housing subsidy/).first().waitFor();
    assert.equal(await page.getByRole('button', { name: 'Record exit' }).count(), 0, 'an exited enrollment has no exit form');
    assert.deepEqual(await axeViolations(page), [], 'exited enrollment');
    await page.close();
  });

  test('a case manager enrolls a family member by member and exits the household', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page, server.url, 'provider');
    await startWizard(page, 'Angela Johnson');
    await page.getByRole('rowheader', { name: 'Imani Johnson' }).waitFor();
    await chooseProject(page, 'Northside Permanent Supportive Housing');
    await page.getByRole('button', { name: 'Next' }).click();
    for (const [i, name] of ['Angela Johnson', 'Tyrese Johnson', 'Imani Johnson'].entries()) {
      await page.getByText(`Member ${i + 1} of 3: ${name}`).first().waitFor();
      await page.getByLabel('Disabling condition').selectOption({ label: 'No' });
      await page.getByRole('button', { name: 'Next' }).click();
    }
    await page.getByRole('button', { name: 'Save enrollment' }).click();
    await page.getByRole('heading', { level: 1, name: 'Enrollment: Angela Johnson' }).waitFor();
    await page.getByRole('table', { name: 'Members of this stay' }).getByRole('link', { name: 'Imani Johnson' }).waitFor();

    await page.getByRole('button', { name: 'Record move-in date' }).click();
    await page.getByRole('status').filter({ hasText: 'move-in date was recorded' }).waitFor();
    await page.getByLabel('Destination').selectOption({ label: 'Rental by client, no ongoing housing subsidy' });
    assert.ok(await page.getByLabel(/Exit the whole household/).isChecked(), 'exiting the head offers to exit the household');
    await page.getByRole('button', { name: 'Exit household' }).click();
    await page.getByRole('status').filter({ hasText: 'The household was exited.' }).waitFor();
    await page.getByRole('link', { name: 'Imani Johnson', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Enrollment: Imani Johnson' }).waitFor();
    await page.getByText(/Rental by client, no ongoing housing subsidy/).first().waitFor();
    await page.close();
  });

  test('an ESG RRH entry with a "Yes" screening answer is refused with its reason shown', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page, server.url, 'provider');
    await startWizard(page, 'Maria Santos');
    await chooseProject(page, 'Northside Rapid Re-Housing (ESG)');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByText('Program forms').first().waitFor();
    await page.getByRole('group', { name: /Which HUD homeless definition/ }).getByLabel(/Category 1/).check();
    await page.getByRole('group', { name: /How was homeless status documented/ }).getByLabel(/Third-party/).check();
    for (const q of [/another residence/, /other resources or support networks/, /duplicat|rental assistance from another program/, /offered a permanent housing unit/]) {
      await page.getByRole('group', { name: q }).getByLabel('No', { exact: true }).check();
    }
    await page.getByRole('group', { name: /savings, income or assets/ }).getByLabel('Yes', { exact: true }).check();
    await page.getByLabel('Date of the screening').fill('2026-01-05');
    assert.deepEqual(await axeViolations(page), [], 'wizard: program forms');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('button', { name: 'Save enrollment' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'Not eligible for ESG rapid re-housing' }).first();
    await alert.waitFor();
    assert.match(await alert.innerText(), /security deposit/);
    // Back on the forms step, with the reason next to the question.
    await page.getByText('Program forms').first().waitFor();
    assert.equal(await page.getByRole('heading', { level: 1, name: 'Enrollment: Maria Santos' }).count(), 0);

    // The demo's ESG RRH family: rental assistance payments listed, the re-evaluation form, no axe violations.
    await page.goto(server.url + '/clients');
    await page.getByLabel('Name', { exact: true }).fill('Carlos Hernández');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('link', { name: 'Carlos Hernández' }).first().click();
    await page.getByRole('tab', { name: 'Enrollments' }).click();
    await page.getByRole('link', { name: 'Northside Rapid Re-Housing (ESG)' }).click();
    await page.getByRole('heading', { level: 1, name: 'Enrollment: Carlos Hernández' }).waitFor();
    assert.equal(await page.getByRole('table', { name: 'Services provided' }).getByRole('cell', { name: 'Rental assistance payment' }).count(), 3);
    await page.getByRole('form', { name: 'ESG re-evaluation' }).waitFor();
    assert.deepEqual(await axeViolations(page), [], 'ESG RRH enrollment page');
    await page.close();
  });
});
