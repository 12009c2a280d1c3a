/**
 * Issue 17: a case manager enrolls a family (two adults, two children) answering, member by member,
 * only what HUD asks of each (and the CoC's own questions of config/forms/hud-data-collection.json, for
 * whom they name), then records the annual assessment, which starts from the entry's answers.
 */
const PETS = 'Pets or service animals in the household';
const LANGUAGE = 'Preferred language for case management, if not English (optional)';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { axeViolations, screenshot, SCREENSHOTS_DIR, sharedServerAndBrowser, signIn } from '../helpers/browser.ts';

describe('HUD data collection (issue 17)', () => {
  const shared = sharedServerAndBrowser();

  async function openClient(page: Page, name: string): Promise<string> {
    await page.goto(shared.server.url + '/clients');
    await page.getByLabel('Name', { exact: true }).fill(name);
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('link', { name }).first().click();
    await page.getByRole('heading', { level: 1, name }).waitFor();
    return /\/clients\/([^/?#]+)/.exec(page.url())![1]!;
  }

  async function noDisabilities(page: Page) {
    for (const d of ['Physical disability', 'Developmental disability', 'Chronic health condition', 'HIV/AIDS', 'Mental health disorder', 'Substance use disorder']) {
      await page.getByLabel(new RegExp(`^${d.replace('/', '\\/')} \\(4\\.`)).selectOption({ label: 'No' });
    }
  }

  test('a family of four: each member is asked what HUD asks of them; the annual starts from the entry answers', async () => {
    const page = await shared.browser.newPage({ viewport: { width: 1280, height: 720 } });
    await signIn(page, shared.server.url, 'provider');
    const marcus = await openClient(page, 'Marcus Whitfield');
    const angela = await openClient(page, 'Angela Johnson');
    await page.goto(`${shared.server.url}/enrollments/new?clientId=${angela}`);
    await page.getByRole('rowheader', { name: 'Imani Johnson' }).waitFor();
    await page.getByLabel('Add a member by client ID').fill(marcus);
    await page.getByRole('button', { name: 'Add member' }).click();
    await page.getByRole('rowheader', { name: 'Marcus Whitfield' }).waitFor();
    await page.getByLabel('Relationship of Marcus Whitfield').selectOption({ value: '5' });
    await page.getByLabel('Project', { exact: true }).selectOption({ label: 'Northside Permanent Supportive Housing' });
    // A year ago today: the annual window is open now.
    const start = page.getByLabel('Project start date');
    const today = await start.inputValue();
    await start.fill(`${Number(today.slice(0, 4)) - 1}${today.slice(4)}`);
    await page.getByRole('button', { name: 'Next' }).click();

    // The head: every project-start element.
    await page.getByText('Member 1 of 4: Angela Johnson').first().waitFor();
    await page.getByLabel('Disabling condition').selectOption({ label: 'No' });
    await page.getByLabel('Prior living situation', { exact: true }).selectOption({ value: '116' });
    await page.getByLabel('Length of stay in prior living situation').selectOption({ label: 'One month or more, but less than 90 days' });
    await page.getByLabel('Approximate date this episode of homelessness started').fill(`${Number(today.slice(0, 4)) - 2}${today.slice(4)}`);
    await page.getByLabel('Times homeless in the past three years').selectOption({ value: '1' });
    await page.getByLabel('Months homeless in the past three years').selectOption({ value: '113' });
    await page.getByLabel('Income from any source').selectOption({ label: 'Yes' });
    await page.getByLabel('Earned income (employment)').check();
    await page.getByLabel('Monthly amount: Earned income (employment) (dollars)').fill('1200');
    await page.getByLabel('Non-cash benefits from any source').selectOption({ label: 'No' });
    await page.getByLabel('Covered by health insurance').selectOption({ label: 'Yes' });
    await page.getByLabel('Medicaid').check();
    await noDisabilities(page);
    await page.getByLabel('Survivor of domestic violence').selectOption({ label: 'Client prefers not to answer' });
    // The CoC's questions: pets (head, required), language (head and adults, optional).
    await page.getByLabel(PETS, { exact: true }).selectOption({ label: 'Pets' });
    await page.getByLabel(LANGUAGE, { exact: true }).waitFor();
    assert.deepEqual(await axeViolations(page), [], 'wizard: head of household');
    await screenshot(page, 'wizard-head');
    await page.getByRole('button', { name: 'Next' }).click();

    // The children: no adult-only question.
    for (const [i, name] of [[2, 'Tyrese Johnson'], [3, 'Imani Johnson']] as const) {
      await page.getByText(`Member ${i} of 4: ${name}`).first().waitFor();
      for (const adultOnly of ['Prior living situation', 'Income from any source', 'Non-cash benefits from any source', 'Survivor of domestic violence', PETS, LANGUAGE]) {
        assert.equal(await page.getByLabel(adultOnly, { exact: true }).count(), 0, `${name} is not asked "${adultOnly}"`);
      }
      await page.getByLabel('Disabling condition').selectOption({ label: 'No' });
      await page.getByLabel('Covered by health insurance').selectOption({ label: 'Yes' });
      await page.getByLabel('State Children’s Health Insurance Program').check();
      await noDisabilities(page);
      if (SCREENSHOTS_DIR && i === 2) {
        await page.setViewportSize({ width: 768, height: 1024 });
        await screenshot(page, 'wizard-child');
        await page.setViewportSize({ width: 1280, height: 720 });
      }
      await page.getByRole('button', { name: 'Next' }).click();
    }

    // The other adult: asked like the head.
    await page.getByText('Member 4 of 4: Marcus Whitfield').first().waitFor();
    await page.getByLabel('Disabling condition').selectOption({ label: 'No' });
    await page.getByLabel('Prior living situation', { exact: true }).selectOption({ value: '116' });
    await page.getByLabel('Income from any source').selectOption({ label: 'No' });
    assert.equal(await page.getByLabel(PETS, { exact: true }).count(), 0, 'pets are asked of the head only');
    await page.getByLabel(LANGUAGE, { exact: true }).fill('Polish');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('button', { name: 'Save enrollment' }).click();
    await page.getByRole('heading', { level: 1, name: 'Enrollment: Angela Johnson' }).waitFor();

    // The annual assessment starts from the entry's answers: the user confirms or changes them.
    const annual = page.getByRole('form', { name: 'Record an assessment' });
    assert.equal(await annual.getByLabel('Data collection stage').inputValue(), '5');
    assert.equal(await annual.getByLabel('Income from any source').inputValue(), '1');
    assert.ok(await annual.getByLabel('Earned income (employment)', { exact: true }).isChecked());
    assert.equal(await annual.getByLabel('Monthly amount: Earned income (employment) (dollars)').inputValue(), '1200');
    assert.equal(await annual.getByLabel('Survivor of domestic violence').count(), 0, 'domestic violence is not collected at the annual assessment');
    assert.equal(await annual.getByLabel(PETS, { exact: true }).inputValue(), 'pets', 'the CoC question starts from the entry answer too');
    assert.equal(await annual.getByLabel(LANGUAGE, { exact: true }).count(), 0, 'the language question is not asked at the annual assessment');
    await annual.getByLabel('Monthly amount: Earned income (employment) (dollars)').fill('1350');
    assert.deepEqual(await axeViolations(page), [], 'enrollment page with the annual assessment');
    await screenshot(page, 'annual');
    await annual.getByRole('button', { name: 'Record assessment' }).click();
    await page.getByRole('status').filter({ hasText: 'The annual assessment was recorded.' }).waitFor();
    await page.getByRole('cell', { name: '$1,350' }).waitFor();
    // The head's own answers are complete; what was left unanswered for Marcus is listed by name with a link.
    const dq = page.getByRole('region', { name: 'Data quality' });
    const angelas = await dq.locator('li').filter({ hasText: 'Angela Johnson: 4.' }).allInnerTexts();
    assert.equal(angelas.length, 1, angelas.join(' | '));
    assert.match(angelas[0]!, /4\.11: Survivor of domestic violence \(project start\): client doesn't know or prefers not to answer/);
    // "Answer it" opens the project-start answers to correct.
    await dq.getByRole('link', { name: /Answer it \(Angela Johnson: Survivor of domestic violence/ }).click();
    const correct = page.getByRole('form', { name: 'Correct the project start answers' });
    await correct.getByLabel('Survivor of domestic violence').selectOption({ label: 'No' });
    await correct.getByRole('button', { name: 'Save corrections' }).click();
    await page.getByRole('status').filter({ hasText: 'The project start answers were corrected.' }).waitFor();
    await dq.locator('li').filter({ hasText: 'Angela Johnson: 4.' }).first().waitFor({ state: 'detached' });
    await dq.getByText(/Marcus Whitfield: 4\.03/).first().waitFor();
    if (SCREENSHOTS_DIR) {
      await page.setViewportSize({ width: 768, height: 1024 });
      await screenshot(page, 'enrollment');
    }
    await page.close();
  });
});
