/**
 * HUD's CE APR (issue 20 point 4) on a hand-built data set (test/fixtures/ce-apr: 13 clients, 11
 * households, 5 projects, 13 assessments, 12 events, imported through the HUD CSV import). Every expected
 * cell below was worked out by hand from HUD's rules (docs/reports.md; the derivation record by record is
 * in the fixture's README), not by the code under test. Compared as HUD's Sage reads the CSV files: by
 * position, with the exact headers and row labels of the FY2026 layout.
 *
 * The layout (file names, header rows, row labels, their order, the blank and grayed cells) is HUD's
 * FY2026 CE APR as its programming specifications define it, written here from HUD's references — the
 * Data Lab's CE_APR.R and datalab_functions.R (Q4a's columns, Q5a's rows and grayed cells, Q9c/Q9d) and
 * the FY2026 CE APR shells as Open Path's hud_apr generator carries them (Q9a–Q10's headers and labels,
 * Q10's intentionally blank cells) — not from Hearth's code.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { startApp, type Client, type TestApp } from '../helpers/app.ts';
import { createFirstAdmin } from '../../src/usecases/organisation/first-admin.ts';
import { importHud } from '../../src/usecases/hud/import.ts';
import { folderSource } from '../../src/usecases/hud/source.ts';
import { createJobWorker } from '../../src/jobs/registry.ts';
import { SOFTWARE_NAME } from '../../src/usecases/reports/runs.ts';
import { SYSTEM_CTX, unzipText } from './hud-helpers.ts';

const FIXTURE = path.join(import.meta.dirname, '../fixtures/ce-apr');
const PASSWORD = 'Correct-horse-battery-9';

// The expected Sage files, by hand (""= a blank or grayed cell).
const EXPECTED: Record<string, string> = {
  Q4a: `"Organization Name","Organization ID","Project Name","Project ID","HMIS Project Type","RRH Subtype","Coordinated Entry Access Point","Affiliated with a residential project","Project IDs of affiliations","CoC Number","Geocode","Victim Service Provider","HMIS Software Name and Version Number","Report Start Date","Report End Date","Total Active Clients","Total Active Households"
"Hearth Test Org","ORG1","Hearth Coordinated Entry","PCE","14","","1","0","","XX-501","119999","0","${SOFTWARE_NAME}","2025-10-01","2026-09-30","9","8"`,
  Q5a: `"Category","Count of Clients for DQ","Count of Clients"
"Total number of persons served","9","9"
"Number of adults (age 18 or over)","6","6"
"Number of children (under age 18)","2","2"
"Number of persons with unknown age","1","1"
"Number of leavers","",""
"Number of adult leavers","",""
"Number of adult and head of household leavers","",""
"Number of stayers","",""
"Number of adult stayers","",""
"Number of veterans","1","1"
"Number of chronically homeless persons","",""
"Number of youth under age 25","2","2"
"Number of parenting youth under age 25 with children","",""
"Number of adult heads of household","6","6"
"Number of child and unknown-age heads of household","2","2"
"Heads of households and adult stayers in the project 365 days or more","",""`,
  Q6a: `"Data Element","Client Doesn't Know/Prefers Not to Answer","Information Missing","Data Issues","Total","% of Issue Rate"
"Name (3.01)","0","0","1","1","0.1111"
"Social Security Number (3.02)","1","1","1","3","0.3333"
"Date of Birth (3.03)","0","1","0","1","0.1111"
"Race/Ethnicity (3.04)","1","1","","2","0.2222"
"Overall Score","","","","4","0.4444"`,
  Q7a: `" ","Total","Without Children","With Children and Adults","With Only Children","Unknown Household Type"
"Adults","6","5","1","","0"
"Children","2","","1","1","0"
"Client Doesn't Know/Prefers Not to Answer","0","0","0","0","0"
"Data Not Collected","1","0","0","0","1"
"Total","9","5","2","1","1"
"For PSH & RRH – the total persons served who moved into housing","","","","",""`,
  Q8a: `" ","Total","Without Children","With Children and Adults","With Only Children","Unknown Household Type"
"Total Households","8","5","1","1","1"
"For PSH & RRH – the total households served who moved into housing","","","","",""`,
  Q9a: `" ","Total","Without Children","With Children and Adults","With Only Children","Unknown Household Type"
"Phone","2","1","0","1","0"
"Virtual","1","0","1","0","0"
"In-person","5","4","0","0","1"
"Total Households Assessed","8","5","1","1","1"`,
  Q9b: `" ","Total","Without Children","With Children and Adults","With Only Children","Unknown Household Type"
"Placed on Prioritization List (Prioritized)","5","3","1","0","1"
"Not Placed on Prioritization List","3","2","0","1","0"
"Percent of Assessed Prioritized","0.6250","0.6000","1.0000","0.0000","1.0000"`,
  Q9c: `" ","Total","Without Children","With Children and Adults","With Only Children","Unknown Household Type"
"Referral to Prevention Assistance project","0","0","0","0","0"
"Problem Solving/Diversion/Rapid Resolution intervention or service","1","1","0","0","0"
"Referral to scheduled Coordinated Entry Crisis Needs Assessment","1","1","0","0","0"
"Referral to scheduled Coordinated Entry Housing Needs Assessment","0","0","0","0","0"
"Total","2","2","0","0","0"
"Result: Client housed/Re-Housed in a safe alternative","1","1","0","0","0"
"Percent of successful referrals to Problem Solving/Diversion/Rapid Resolution","1.0000","1.0000","0.0000","0.0000","0.0000"`,
  Q9d: `" ","Total","Without Children","With Children and Adults","With Only Children","Unknown Household Type"
"Post-placement/follow-up case management","0","0","0","0","0"
"Street Outreach project or services","0","0","0","0","0"
"Housing Navigation project or services","1","1","0","0","0"
"Non-continuum services: Ineligible for continuum services","0","0","0","0","0"
"Non continuum services: No availability in continuum services","0","0","0","0","0"
"Emergency Shelter bed opening","0","0","0","0","0"
"Transitional Housing bed/unit opening","1","1","0","0","0"
"Joint TH-RRH project/unit/resource opening","0","0","0","0","0"
"RRH project resource opening","1","0","1","0","0"
"PSH project resource opening","1","1","0","0","0"
"Other PH project","0","0","0","0","0"
"Referral to emergency assistance/flex fund/furniture assistance","0","0","0","0","0"
"Referral to Emergency Housing Voucher (EHV)","0","0","0","0","0"
"Referral to a Housing Stability Voucher","0","0","0","0","0"
"Total","4","3","1","0","0"
"Of the total HH prioritized (Q9b row 1) what percentage received a referral","0.8000","1.0000","1.0000","0.0000","0.0000"
"Result: successful referral: client accepted","2","2","0","0","0"
"Result: Unsuccessful referral: client rejected","0","0","0","0","0"
"Result: Unsuccessful referral: provider rejected","1","0","1","0","0"
"No result recorded","0","0","0","0","0"
"Result: Enrolled in Aftercare project","0","0","0","0","0"
"Percent of successful referrals to residential projects","0.6667","1.0000","0.0000","0.0000","0.0000"`,
  Q10: `"Assessment/Event","Total Occurrences","Successful Referral","Unsuccessful Referral: client rejected","Unsuccessful Referral: provider rejected","Re-housed in safe alternative","Enrolled in aftercare"
"Crisis Needs Assessment","4","","","","",""
"Housing Needs Assessment","5","","","","",""
"Referral to Prevention Assistance project","0","","","","",""
"Problem Solving/Diversion/Rapid Resolution intervention or service","2","","","","1",""
"Referral to scheduled Coordinated Entry Crisis Needs Assessment","1","","","","",""
"Referral to scheduled Coordinated Entry Housing Needs Assessment","0","","","","",""
"Referral to post-placement/follow-up case management","1","","","","","1"
"Referral to Street Outreach project or services","1","","","","",""
"Referral to Housing Navigation project or services","1","","","","",""
"Referral to Non-continuum services: Ineligible for continuum services","0","","","","",""
"Referral to Non continuum services: No availability in continuum services","0","","","","",""
"Referral to Emergency Shelter bed opening","0","0","0","0","",""
"Referral to Transitional Housing bed/unit opening","0","0","0","0","",""
"Referral to Joint TH-RRH project/unit/resource opening","0","0","0","0","",""
"Referral to RRH project resource opening","2","0","1","1","",""
"Referral to PSH project resource opening","2","1","0","0","",""
"Referral to Other PH project/unit/resource opening","0","0","0","0","",""
"Referral to emergency assistance/flex fund/furniture assistance","0","","","","",""
"Referral to Emergency Housing Voucher (EHV)","0","0","0","0","",""
"Referral to a Housing Stability Voucher","0","0","0","0","",""`,
};

/** Rows and columns of each file (HUD's shells: header row + data rows). */
const SHAPE: Record<string, [number, number]> = { Q4a: [2, 17], Q5a: [17, 3], Q6a: [6, 6], Q7a: [7, 6], Q8a: [3, 6], Q9a: [5, 6], Q9b: [4, 6], Q9c: [8, 6], Q9d: [23, 6], Q10: [21, 7] };

describe('CE APR on the hand-built data set', () => {
  let t: TestApp;
  let admin: Client;
  let runId: string;
  before(async () => {
    t = await startApp({ demo: false, now: '2027-01-10T18:00:00Z' });
    await createFirstAdmin(t.db.database, t.clock, { username: 'lead', displayName: 'HMIS Lead', password: PASSWORD, cocCode: 'XX-501', cocName: 'Test CoC', agencyName: 'Lead agency' });
    await t.db.owner.db.updateTable('users').set({ agreement_accepted_at: t.clock.now() }).execute();
    // No second factor in this test (the demo setting): the HMIS administrator's role would require one.
    await t.db.owner.db.updateTable('coc').set({ demo: true }).execute();
    const report = await importHud(t.db.database, SYSTEM_CTX(t.clock), folderSource(FIXTURE));
    assert.equal(report.applied, true, JSON.stringify(report.validation.problems.filter((p) => p.severity === 'error').slice(0, 5)));
    admin = t.client();
    assert.equal((await admin.login('lead', PASSWORD)).status, 200);
    const start = await admin.post('/api/v1/reports/ce-apr/runs', { startDate: '2025-10-01', endDate: '2026-09-30' });
    assert.equal(start.status, 202, JSON.stringify(start.body));
    assert.deepEqual(Object.keys(start.body).sort(), ['id', 'status']);
    runId = start.body.id;
    await createJobWorker(t.db.database, t.clock, t.config).runDue();
  });
  after(async () => t?.close());

  test('the run is done with the ten tables named as HUD names them, in HUD order', async () => {
    const run = await admin.get(`/api/v1/reports/runs/${runId}`);
    assert.equal(run.status, 200);
    assert.equal(run.body.status, 'done', run.body.error);
    assert.equal(run.body.progress, 100);
    assert.deepEqual(run.body.source, { database: 'primary', lagSeconds: null, lagBytes: null, measuredAt: run.body.source.measuredAt });
    assert.deepEqual(run.body.result.tables.map((x: { id: string }) => x.id), ['Q4a', 'Q5a', 'Q6a', 'Q7a', 'Q8a', 'Q9a', 'Q9b', 'Q9c', 'Q9d', 'Q10']);
  });

  test('the CSV zip holds exactly Q4a.csv … Q10.csv at its root, each cell as worked out by hand', async () => {
    const res = await fetch(`${t.url}/api/v1/reports/runs/${runId}/download?format=csv`, { headers: { cookie: admin.cookie! } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/zip');
    const files = await unzipText(Buffer.from(await res.arrayBuffer()));
    assert.deepEqual([...files.keys()].sort(), Object.keys(EXPECTED).map((k) => `${k}.csv`).sort());
    for (const [id, expected] of Object.entries(EXPECTED)) {
      const lines = files.get(`${id}.csv`)!.trimEnd().split('\r\n');
      assert.deepEqual(lines, expected.split('\n'), `${id}.csv`);
      const [rows, columns] = SHAPE[id]!;
      assert.equal(lines.length, rows, `${id} rows`);
      for (const l of lines) assert.equal(l.split('","').length, columns, `${id} columns: ${l}`);
    }
  });

  test("HUD's validation rules hold between the tables", async () => {
    const run = (await admin.get(`/api/v1/reports/runs/${runId}`)).body;
    const table = (id: string) => run.result.tables.find((x: { id: string }) => x.id === id);
    const cell = (id: string, rowKey: string, col: number) => table(id).rows.find((r: { key: string }) => r.key === rowKey).cells[col];
    const q4a = table('Q4a').rows;
    assert.equal(q4a.reduce((s: number, r: { cells: number[] }) => s + r.cells[15]!, 0), cell('Q5a', 'persons', 2));
    assert.equal(q4a.reduce((s: number, r: { cells: number[] }) => s + r.cells[16]!, 0), cell('Q5a', 'adultHeads', 2) + cell('Q5a', 'childUnknownHeads', 2));
    assert.equal(cell('Q7a', 'total', 1), cell('Q5a', 'persons', 2));
    assert.equal(cell('Q9b', 'placed', 1) + cell('Q9b', 'notPlaced', 1), cell('Q9a', 'total', 1));
  });

  test('a counted cell drills down to exactly the people behind it', async () => {
    const run = (await admin.get(`/api/v1/reports/runs/${runId}`)).body;
    const q7a = run.result.tables.find((x: { id: string }) => x.id === 'Q7a');
    const children = q7a.rows.find((r: { key: string }) => r.key === 'children');
    const drill = children.drill[1];
    assert.equal(typeof drill, 'number');
    const list = await admin.get(`/api/v1/reports/runs/${runId}/drill/${drill}`);
    assert.equal(list.status, 200);
    assert.equal(list.body.total, 2);
    // C03 (7, in HH02) and C12 (17, alone): by hand, from the fixture.
    assert.deepEqual(list.body.items.map((i: { info: { household: string } }) => i.info.household).sort(), ['HH02', 'HH10']);
    assert.ok(list.body.items.every((i: { clientName: string | null }) => typeof i.clientName === 'string' && i.clientName.length > 0));
    // Q10's cells count records, not people: the two RRH referral events.
    const q10 = run.result.tables.find((x: { id: string }) => x.id === 'Q10');
    const rrh = q10.rows.find((r: { key: string }) => r.key === 'rrh');
    const events = await admin.get(`/api/v1/reports/runs/${runId}/drill/${rrh.drill[1]}`);
    assert.deepEqual(events.body.items.map((i: { id: string }) => i.id).sort(), ['EV03', 'EV04']);
  });

  test('the XLSX download has one sheet per table', async () => {
    const res = await fetch(`${t.url}/api/v1/reports/runs/${runId}/download?format=xlsx`, { headers: { cookie: admin.cookie! } });
    assert.equal(res.status, 200);
    const xlsx = Buffer.from(await res.arrayBuffer());
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx as never);
    assert.deepEqual(wb.worksheets.map((w) => w.name), ['Q4a', 'Q5a', 'Q6a', 'Q7a', 'Q8a', 'Q9a', 'Q9b', 'Q9c', 'Q9d', 'Q10']);
    // Every sheet has HUD's header row and row labels, as the CSV files do.
    const { parse } = await import('csv-parse/sync');
    for (const [id, expected] of Object.entries(EXPECTED)) {
      const rows = parse(expected, { relax_quotes: true }) as string[][];
      const sheet = wb.getWorksheet(id)!;
      assert.deepEqual((sheet.getRow(1).values as unknown[]).slice(1).map((v) => (v === undefined ? '' : String(v))), rows[0], `${id} header`);
      if (id !== 'Q4a') assert.deepEqual(rows.slice(1).map((_, i) => String(sheet.getCell(i + 2, 1).value ?? '')), rows.slice(1).map((r) => r[0]), `${id} labels`);
    }
    const q9b = wb.getWorksheet('Q9b')!;
    assert.equal(q9b.getCell('A2').value, 'Placed on Prioritization List (Prioritized)');
    assert.equal(q9b.getCell('B2').value, 5);
    assert.equal(q9b.getCell('B4').value, 0.625);
  });
});
