/**
 * Reports screens (issue 20), one test per report kind, as the HMIS lead: open the report, run it, change
 * a filter and run it again (the numbers follow the filter), see the chart with its data table, drill
 * down from a counted cell (the list has as many records as the cell says), download the CSV zip (one
 * file per table, HUD's header row) and the XLSX (one sheet per table, the same cells).
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import ExcelJS from 'exceljs';
import { axeViolations, sharedServerAndBrowser, signIn, type RunningServer } from '../helpers/browser.ts';
import { unzipText as unzip } from '../helpers/zip.ts';
import type { ReportRun, ReportTable } from '../../web/src/pages/reports/model.ts';

const quoted = (s: string) => `"${s.replaceAll('"', '""')}"`;
/** The labels a screen shows for a row's first cell, an agency's or project's name among them. */
const rowLabels = (t: ReportTable) => t.rows.map((r) => r.cells.filter((c) => typeof c === 'string').join(' '));
const firstCount = (t: ReportTable) => t.rows.reduce((sum, r) => sum + (typeof r.cells[1] === 'number' ? r.cells[1] : 0), 0);

describe('Reports screens, each report kind', () => {
  const shared = sharedServerAndBrowser();
  let server: RunningServer;
  let page: Page;
  before(async () => {
    server = shared.server;
    page = await shared.browser.newPage({ viewport: { width: 1280, height: 720 }, acceptDownloads: true });
    await signIn(page, server.url, 'admin');
  });

  /** From the Reports page: opens the report, lets `filter` set the form, runs it, waits for the result; the run as the API has it. */
  async function run(name: string, filter: (p: Page) => Promise<void>): Promise<ReportRun> {
    await page.goto(`${server.url}/reports`);
    // The report's card (its recent runs are links of the same name).
    await page.getByRole('heading', { level: 2, name, exact: true }).getByRole('link').click();
    await page.getByRole('heading', { level: 1, name }).waitFor();
    await filter(page);
    await page.getByRole('button', { name: 'Run report' }).click();
    await page.getByRole('link', { name: 'Download XLSX' }).waitFor({ timeout: 30_000 });
    const id = /\/reports\/runs\/([^/?#]+)/.exec(page.url())?.[1];
    assert.ok(id, `${name}: the run has its page`);
    const res = await page.request.get(`${server.url}/api/v1/reports/runs/${id}`);
    assert.equal(res.status(), 200);
    const body = (await res.json()) as ReportRun;
    assert.equal(body.status, 'done');
    return body;
  }

  /** The result on the screen: every table under its heading, the first one's rows, no sideways page scroll. */
  async function checkTables(r: ReportRun) {
    const tables = r.result!.tables;
    for (const t of tables) await page.getByRole('heading', { level: 2, name: new RegExp(`${/^Q\d/.test(t.id) ? `^${t.id}: ` : ''}${t.title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }).waitFor();
    const first = page.locator('section.report-table').first();
    assert.equal(await first.locator('.table-wrap tbody tr').count(), tables[0]!.rows.length, `${r.kind}: the first table's rows`);
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), `${r.kind}: no sideways page scroll`);
  }

  /** The first chart: drawn, with a data table of its rows for screen readers. */
  async function checkChart(r: ReportRun) {
    const charted = r.result!.tables.find((t) => t.chart);
    assert.ok(charted, `${r.kind}: a table with a chart`);
    const figure = page.getByRole('figure', { name: charted.chart!.title });
    await figure.waitFor();
    assert.ok((await figure.locator('svg').count()) > 0, `${r.kind}: the chart is drawn`);
    const rows = charted.rows.filter((row) => !(charted.chart!.excludeRows ?? []).includes(row.key)).length;
    assert.equal(await figure.getByRole('table').locator('tbody tr').count(), rows, `${r.kind}: the chart's data table has its rows`);
  }

  /** Drills down from the first counted cell: the list says as many records as the cell. */
  async function checkDrill(r: ReportRun) {
    const cell = page.locator('.report-table button.link-button').first();
    const n = Number((await cell.innerText()).replace(/\D/g, ''));
    assert.ok(n > 0, `${r.kind}: a counted cell`);
    await cell.click();
    await page.getByRole('heading', { name: /The records behind/ }).waitFor();
    const status = page.locator('.drill-panel').getByRole('status').filter({ hasText: /records?/ });
    await status.waitFor();
    const m = /(\d+) records?(?:; (\d+) more you may not see now)?/.exec(await status.innerText());
    assert.ok(m, `${r.kind}: the list's count`);
    assert.equal(Number(m[1]) + Number(m[2] ?? 0), n, `${r.kind}: the list behind the cell has its ${n} records`);
    assert.equal(await page.locator('.drill-panel tbody tr').count(), Math.min(Number(m[1]), 200), `${r.kind}: the records listed`);
    await page.getByRole('button', { name: 'Close the list' }).click();
  }

  /** Both downloads through their links: one CSV per table with HUD's header row; one sheet per table, the same cells. */
  async function checkDownloads(r: ReportRun) {
    const tables = r.result!.tables;
    const save = async (name: string) => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name }).click()]);
      const stream = await download.createReadStream();
      const chunks: Buffer[] = [];
      for await (const c of stream) chunks.push(c as Buffer);
      return { file: download.suggestedFilename(), body: Buffer.concat(chunks) };
    };
    const csv = await save('Download CSV (zip)');
    assert.match(csv.file, new RegExp(`^${r.kind}-${r.params.startDate}-${r.params.endDate}\\.zip$`));
    const files = await unzip(csv.body);
    assert.deepEqual([...files.keys()].sort(), tables.map((t) => `${t.id}.csv`).sort(), `${r.kind}: one CSV per table`);
    for (const t of tables) {
      const [header, ...lines] = files.get(`${t.id}.csv`)!.trimEnd().split('\r\n');
      assert.equal(header, t.columns.map((c) => quoted(c.label)).join(','), `${r.kind} ${t.id}: the header row`);
      assert.equal(lines.length, t.rows.length, `${r.kind} ${t.id}: a line per row`);
    }
    const xlsx = await save('Download XLSX');
    assert.match(xlsx.file, /\.xlsx$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as unknown as ArrayBuffer);
    assert.deepEqual(wb.worksheets.map((s) => s.name), tables.map((t) => t.id), `${r.kind}: one sheet per table`);
    const t = tables[0]!;
    const sheet = wb.worksheets[0]!;
    assert.deepEqual((sheet.getRow(1).values as unknown[]).slice(1), t.columns.map((c) => c.label), `${r.kind}: the sheet's header`);
    const row = t.rows.findIndex((x) => x.cells.some((c) => typeof c === 'number'));
    if (row >= 0) {
      const col = t.rows[row]!.cells.findIndex((c) => typeof c === 'number');
      assert.equal(sheet.getRow(row + 2).getCell(col + 1).value, t.rows[row]!.cells[col], `${r.kind}: numbers stay numbers`);
    }
  }

  async function checkAll(r: ReportRun) {
    await checkTables(r);
    await checkChart(r);
    await checkDrill(r);
    await checkDownloads(r);
  }

  const noFilter = async () => {};
  const northside = async (p: Page) => {
    await p.getByLabel('Agency').selectOption({ label: 'Northside Housing Partners' });
  };

  test('timeliness compliance: the agency filter keeps Northside only; chart, drill-down, CSV and XLSX (axe-clean at 1280×720 and 768×1024)', async () => {
    await page.goto(`${server.url}/reports/timeliness`);
    await page.getByRole('heading', { level: 1, name: 'Timeliness compliance' }).waitFor();
    assert.deepEqual(await axeViolations(page), [], 'timeliness form');
    const all = await run('Timeliness compliance', noFilter);
    assert.ok(rowLabels(all.result!.tables[0]!).some((l) => l.includes('Lakeshore')), 'the whole CoC has Lakeshore rows');
    const r = await run('Timeliness compliance', northside);
    assert.equal(r.params.agencyIds?.length, 1);
    const labels = rowLabels(r.result!.tables.find((t) => t.id === 'timeliness')!);
    assert.ok(labels.length > 0 && labels.every((l) => !l.includes('Lakeshore')), 'Northside only');
    assert.ok(labels.some((l) => l.includes('Northside')));
    assert.match(await page.getByRole('status').first().innerText(), /Read live from the primary database/);
    await page.getByText('· 1 agency').waitFor();
    await checkAll(r);
    assert.deepEqual(await axeViolations(page), [], 'timeliness result 1280');
    await page.setViewportSize({ width: 768, height: 1024 });
    assert.deepEqual(await axeViolations(page), [], 'timeliness result 768');
    await page.setViewportSize({ width: 1280, height: 720 });
  });

  test('referral outcomes: the agency filter counts Northside referrals only; chart, drill-down, CSV and XLSX', async () => {
    const all = await run('Referral outcomes', noFilter);
    const r = await run('Referral outcomes', northside);
    const total = (x: ReportRun) => firstCount(x.result!.tables.find((t) => t.id === 'referral-outcomes-status')!);
    assert.ok(total(r) > 0 && total(r) < total(all), `Northside's ${total(r)} referrals of the CoC's ${total(all)}`);
    await checkAll(r);
  });

  test("HUD's CE APR: a shorter period changes the counts; every table Q4a–Q10, chart, drill-down, Sage's CSV files and XLSX", async () => {
    const all = await run('HUD Coordinated Entry APR', noFilter);
    const q5 = (x: ReportRun) => firstCount(x.result!.tables.find((t) => t.id === 'Q5a')!);
    assert.ok(q5(all) > 0, 'the year has CE participants');
    const end = all.params.endDate;
    const r = await run('HUD Coordinated Entry APR', async (p) => {
      await p.getByLabel('Start date').fill(end);
    });
    assert.equal(r.params.startDate, end);
    assert.ok(q5(r) < q5(all), `a one-day period has fewer participants (${q5(r)}) than the year (${q5(all)})`);
    assert.deepEqual(r.result!.tables.map((t) => t.id), ['Q4a', 'Q5a', 'Q6a', 'Q7a', 'Q8a', 'Q9a', 'Q9b', 'Q9c', 'Q9d', 'Q10']);
    // Drill-down, chart and downloads on the year's run (the day may have nothing to drill into).
    await page.goto(`${server.url}/reports/runs/${all.id}`);
    await page.getByRole('link', { name: 'Download XLSX' }).waitFor();
    await checkAll(all);
  });

  test('HUD data quality: the agency filter lists Northside projects only; chart, drill-down, CSV and XLSX', async () => {
    const all = await run('HUD data quality', noFilter);
    const projects = (x: ReportRun) => rowLabels(x.result!.tables.find((t) => t.id === 'dq-projects')!);
    assert.ok(projects(all).some((l) => l.includes('Lakeshore')), 'the CoC has Lakeshore projects');
    const r = await run('HUD data quality', northside);
    assert.ok(projects(r).length > 0 && projects(r).every((l) => !l.includes('Lakeshore')), 'Northside projects only');
    await checkAll(r);
  });

  test('access audit: the user filter changes whose reads are listed; chart, drill-down, CSV and XLSX', async () => {
    // The lead reads clients in a drill-down (audited reads), then asks who read what today.
    await checkDrill(await run('Timeliness compliance', noFilter));
    const byAdmin = await run('Access audit', async (p) => {
      await p.getByLabel('User').selectOption({ label: 'Alex Admin (admin)' });
    });
    const entries = (x: ReportRun) => x.result!.tables.find((t) => t.id === 'access-audit-entries')!;
    assert.ok(entries(byAdmin).rows.length > 0, "the lead's own reads today");
    assert.ok(rowLabels(entries(byAdmin)).every((l) => l.includes('admin')), "the lead's entries only");
    await checkAll(byAdmin);
    const byProvider = await run('Access audit', async (p) => {
      await p.getByLabel('User').selectOption({ label: 'Pat Provider (provider)' });
    });
    assert.equal(byProvider.params.userId === byAdmin.params.userId, false);
    assert.ok(rowLabels(entries(byProvider)).every((l) => !l.includes('Alex Admin')), "none of the lead's entries");
  });

  test('a case manager sees the reports of their projects only, not the access audit', async () => {
    const cm = await shared.browser.newPage({ viewport: { width: 768, height: 1024 }, acceptDownloads: true });
    await signIn(cm, server.url, 'provider');
    await cm.getByRole('link', { name: 'Reports', exact: true }).click();
    await cm.getByRole('heading', { level: 1, name: 'Reports' }).waitFor();
    assert.equal(await cm.getByRole('link', { name: 'Access audit' }).count(), 0);
    await cm.getByRole('link', { name: 'Timeliness compliance' }).click();
    await cm.getByRole('button', { name: 'Run report' }).click();
    await cm.getByRole('link', { name: 'Download XLSX' }).waitFor({ timeout: 30_000 });
    const text = await cm.locator('main').innerText();
    assert.ok(!text.includes('Lakeshore'), 'no Lakeshore rows for a Northside case manager');
    assert.deepEqual(await axeViolations(cm), [], 'case manager result 768');
    await cm.close();
  });
});
