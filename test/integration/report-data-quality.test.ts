/**
 * HUD data quality (issue 20 point 5) on a hand-built set in 2018 (the demo CoC has no stay then), as
 * three users: the Northside case manager (Northside PSH and RRH), the Lakeshore case manager (Lakeshore
 * PSH) and the HMIS administrator (the CoC). Every expected number is worked out by hand below from the
 * HMIS Reporting Glossary's DQ rules (docs/reports.md), not by the code under test. Ages are on the later
 * of the report start (2018-01-01) and the project start. The demo projects' CoC is XX-999.
 *
 *   A  Northside, Northside PSH, head alone, 47, entry 02-01 recorded the same day, stayer. Clean: full
 *      name, valid SSN, race, not a veteran, disabling 0, CoC XX-999, income Yes with earned income,
 *      homeless (116) with date, times and months.
 *   B  Northside, Northside PSH, head alone, 28, entry 04-02 recorded 04-07 (5 days), exit 08-31 recorded
 *      09-02 (2 days), destination 99. SSN missing (99), race missing (99), veteran 99, disabling 99,
 *      no income record at start; at exit "No" with earned income marked (an issue); 116 without the
 *      date, times 99, months 99.
 *   C  Northside, Northside RRH, head with child D, 33, entry 06-04 recorded 06-15 (11 days), stayer.
 *      Partial name (name DQ 2: an issue), SSN 123456789 (sequential: an issue), veteran, disabling 1,
 *      Enrollment CoC XX-123 (not the project's: an issue), income Yes with no source marked (an issue).
 *   D  Northside, C's child (relationship 2), 5, same entry and record day as C. Clean.
 *   E  Lakeshore-owned, no consent, in Northside PSH: head alone, 43, name "prefers not to answer" (9).
 *      Not visible to the Northside case manager; outside the Lakeshore case manager's projects.
 *   F  Lakeshore, Lakeshore PSH, head alone, no date of birth (DQ 99): unknown age, DOB missing.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startApp, type Client, type TestApp } from '../helpers/app.ts';
import { createJobWorker } from '../../src/jobs/registry.ts';
import { newId } from '../../src/domain/ids.ts';

interface Table {
  id: string;
  columns: { key: string }[];
  rows: { key: string; cells: (string | number | null)[]; drill: (number | null)[] }[];
}
interface Run {
  id: string;
  status: string;
  error: string | null;
  result: { tables: Table[] };
}

const PERIOD = { startDate: '2018-01-01', endDate: '2018-12-31' };

describe('data quality on a hand-built set: numbers per caller, drill-down through visibility', () => {
  let t: TestApp;
  let admin: Client;
  let provider: Client;
  let provider2: Client;
  const clients: Record<string, string> = {};
  const stays: Record<string, string> = {};

  const run = async (c: Client): Promise<Run> => {
    const started = await c.post('/api/v1/reports/data-quality/runs', PERIOD);
    assert.equal(started.status, 202, JSON.stringify(started.body));
    await createJobWorker(t.db.database, t.clock, t.config).runDue();
    const got = await c.get(`/api/v1/reports/runs/${started.body.id}`);
    assert.equal(got.body.status, 'done', got.body.error);
    return got.body;
  };
  /** A table's cells, row by row, without the label column (what HUD's shell shows). */
  const grid = (r: Run, id: string) => Object.fromEntries(r.result.tables.find((x) => x.id === id)!.rows.map((row) => [row.key, row.cells.slice(1)]));

  before(async () => {
    t = await startApp();
    const db = t.db.owner.db;
    const addClient = async (key: string, agency: string, c: Record<string, unknown>) => {
      clients[key] = newId();
      await db
        .insertInto('clients')
        .values({ id: clients[key], first_name: `Quality${key}`, last_name: 'Case', dob: '1980-01-01', ssn: '301224567', name_data_quality: 1, ssn_data_quality: 1, dob_data_quality: 1, race: ['White'], veteran_status: 0, owner_agency_id: t.ids.agencies[agency]!, created_at: '2018-01-01T15:00:00Z', updated_at: '2018-01-01T15:00:00Z', ...c })
        .execute();
    };
    await addClient('A', 'northside', { dob: '1970-05-05' });
    await addClient('B', 'northside', { dob: '1990-01-01', ssn: null, ssn_data_quality: 99, race: [], race_none: 99, veteran_status: 99 });
    await addClient('C', 'northside', { dob: '1985-03-03', name_data_quality: 2, ssn: '123456789', race: ['BlackAfAmerican'], veteran_status: 1 });
    await addClient('D', 'northside', { dob: '2012-07-07', ssn: '301224568', race: ['BlackAfAmerican'] });
    await addClient('E', 'lakeshore', { dob: '1975-01-01', name_data_quality: 9 });
    await addClient('F', 'lakeshore', { dob: null, dob_data_quality: 99 });

    const homeless = { living_situation: 116, date_to_street_essh: '2017-06-01', times_homeless_past_three_years: 1, months_homeless_past_three_years: 108 };
    const addStay = async (key: string, project: string, household: string, e: Record<string, unknown>, recordedOn: string) => {
      stays[key] = newId();
      await db
        .insertInto('enrollments')
        .values({ id: stays[key], client_id: clients[key]!, project_id: t.ids.projects[project]!, household_id: household, relationship_to_hoh: 1, entry_date: '2018-01-01', enrollment_coc: 'XX-999', disabling_condition: 0, ...homeless, created_at: `${recordedOn}T15:00:00Z`, updated_at: `${recordedOn}T15:00:00Z`, ...e })
        .execute();
    };
    const income = async (key: string, stage: number, date: string, any: number, sources: Record<string, number>) =>
      db.insertInto('enrollment_assessments').values({ id: newId(), enrollment_id: stays[key]!, client_id: clients[key]!, data_collection_stage: stage, information_date: date, income_from_any_source: any, income_sources: JSON.stringify(sources), created_at: `${date}T15:00:00Z`, updated_at: `${date}T15:00:00Z` }).execute();

    await addStay('A', 'northside-psh', newId(), { entry_date: '2018-02-01' }, '2018-02-01');
    await income('A', 1, '2018-02-01', 1, { Earned: 1 });
    await addStay('B', 'northside-psh', newId(), { entry_date: '2018-04-02', exit_date: '2018-08-31', destination: 99, exited_at: new Date('2018-09-02T15:00:00Z'), disabling_condition: 99, date_to_street_essh: null, times_homeless_past_three_years: 99, months_homeless_past_three_years: 99 }, '2018-04-07');
    await income('B', 3, '2018-08-31', 0, { Earned: 1 });
    const family = newId();
    await addStay('C', 'northside-rrh', family, { entry_date: '2018-06-04', enrollment_coc: 'XX-123', disabling_condition: 1, date_to_street_essh: '2018-01-01', times_homeless_past_three_years: 2, months_homeless_past_three_years: 103 }, '2018-06-15');
    await income('C', 1, '2018-06-04', 1, {});
    await addStay('D', 'northside-rrh', family, { entry_date: '2018-06-04', relationship_to_hoh: 2, enrollment_coc: null }, '2018-06-15');
    await addStay('E', 'northside-psh', newId(), { entry_date: '2018-03-05' }, '2018-03-05');
    await income('E', 1, '2018-03-05', 1, { Earned: 1 });
    await addStay('F', 'lakeshore-psh', newId(), { entry_date: '2018-05-07' }, '2018-05-07');
    await income('F', 1, '2018-05-07', 1, { Earned: 1 });

    admin = await t.as('admin');
    provider = await t.as('provider');
    provider2 = await t.as('provider2');
  });
  after(async () => t?.close());

  test('the Northside case manager: A, B, C and D (E is not visible to them)', async () => {
    const r = await run(provider);
    assert.deepEqual(grid(r, 'dq-q1'), {
      persons: [4, 4], adults: [3, 3], children: [1, 1], unknownAge: [0, 0], leavers: [1, 1], adultLeavers: [1, 1], adultHeadLeavers: [1, 1],
      stayers: [3, 3], adultStayers: [2, 2], veterans: [1, 1], chronic: [null, null], youth: [0, 0], parentingYouth: [0, 0],
      adultHeads: [3, 3], childUnknownHeads: [0, 0], longStayers: [0, 0],
    });
    // Client doesn't know/prefers not, missing, issues, total, rate (of 4).
    assert.deepEqual(grid(r, 'dq-q2'), {
      name: [0, 0, 1, 1, 0.25], // C partial
      ssn: [0, 1, 1, 2, 0.5], // B missing, C sequential
      dob: [0, 0, 0, 0, 0],
      race: [0, 1, null, 1, 0.25], // B
      overall: [null, null, null, 2, 0.5], // B and C
    });
    assert.deepEqual(grid(r, 'dq-q3'), {
      veteran: [0, 1, 0, 1, 0.25], // B (adult, 99)
      startDate: [null, null, 0, 0, 0],
      relationship: [null, 0, 0, 0, 0],
      enrollmentCoc: [null, 0, 1, 1, 0.3333], // heads A, B, C: C's XX-123
      disablingCondition: [0, 1, 0, 1, 0.25], // B
    });
    assert.deepEqual(grid(r, 'dq-q4'), {
      destination: [0, 1, null, 1, 1], // the one leaver, B
      incomeStart: [0, 1, 1, 2, 0.6667], // of A, B, C: B none, C "Yes" without a source
      incomeExit: [0, 0, 1, 1, 1], // B "No" with a source
    });
    // Adults and heads entering since 2016-10-01 (A, B, C), all permanent housing: B misses date, times, months.
    assert.deepEqual(grid(r, 'dq-q5'), {
      esSoSh: [0, null, null, 0, 0, 0, 0],
      th: [0, 0, 0, 0, 0, 0, 0],
      ph: [3, 0, 0, 1, 1, 1, 0.3333],
      ce: [0, 0, 0, 0, 0, 0, 0],
      sso: [0, 0, 0, 0, 0, 0, 0],
      total: [3, null, null, null, null, null, 0.3333],
    });
    // Starts: A 0 days, B 5, C 11, D 11; the exit: B 2 days.
    assert.deepEqual(grid(r, 'dq-q6'), { negative: [0, 0], zero: [1, 0], '1to3': [0, 1], '4to6': [1, 0], '7to10': [0, 0], '11plus': [2, 0] });
    assert.deepEqual(grid(r, 'dq-q7'), { contact: [0, 0, 0], bedNight: [0, 0, 0] });
    const psh = t.ids.projects['northside-psh']!;
    const rrh = t.ids.projects['northside-rrh']!;
    // Agency, clients, identifiers, universal elements, income and housing, any issue, rate.
    assert.deepEqual(grid(r, 'dq-projects'), { [psh]: ['Northside Housing Partners', 2, 1, 1, 1, 1, 0.5], [rrh]: ['Northside Housing Partners', 2, 1, 1, 1, 1, 0.5] });

    // The cell "identifiers to fix" of Northside PSH opens B's enrollment; "SSN missing" too.
    const projects = r.result.tables.find((x) => x.id === 'dq-projects')!;
    const pii = await provider.get(`/api/v1/reports/runs/${r.id}/drill/${projects.rows.find((x) => x.key === psh)!.drill[3]}`);
    assert.deepEqual(pii.body.items.map((i: { id: string }) => i.id), [stays.B]);
    assert.equal(pii.body.items[0].clientName, 'QualityB Case');
    const ssnRow = r.result.tables.find((x) => x.id === 'dq-q2')!.rows.find((x) => x.key === 'ssn')!;
    const ssn = await provider.get(`/api/v1/reports/runs/${r.id}/drill/${ssnRow.drill[4]}`);
    assert.deepEqual(ssn.body.items.map((i: { id: string }) => i.id).sort(), [stays.B, stays.C].sort());
  });

  test('the Lakeshore case manager: F only; the administrator: all six', async () => {
    const theirs = await run(provider2);
    const q1 = grid(theirs, 'dq-q1');
    assert.deepEqual([q1.persons, q1.adults, q1.unknownAge, q1.childUnknownHeads], [[1, 1], [0, 0], [1, 1], [1, 1]]);
    assert.deepEqual(grid(theirs, 'dq-q2').dob, [0, 1, 0, 1, 1]); // F: no date of birth
    assert.deepEqual(grid(theirs, 'dq-q2').name, [0, 0, 0, 0, 0]);

    const coc = await run(admin);
    const all = grid(coc, 'dq-q1');
    assert.deepEqual([all.persons, all.adults, all.children, all.unknownAge, all.stayers, all.adultStayers, all.adultHeads, all.childUnknownHeads], [[6, 6], [4, 4], [1, 1], [1, 1], [5, 5], [3, 3], [4, 4], [1, 1]]);
    const q2 = grid(coc, 'dq-q2');
    assert.deepEqual(q2.name, [1, 0, 1, 2, 0.3333]); // E prefers not to answer, C partial; of 6
    assert.deepEqual(q2.dob, [0, 1, 0, 1, 0.1667]); // F
    assert.deepEqual(q2.overall, [null, null, null, 4, 0.6667]); // B, C, E, F
    assert.deepEqual(grid(coc, 'dq-projects')[t.ids.projects['northside-psh']!], ['Northside Housing Partners', 3, 2, 1, 1, 2, 0.6667]);
  });

  test('a drill-down leaves out a client the viewer may no longer see, and says so', async () => {
    const r = await run(provider);
    const persons = r.result.tables.find((x) => x.id === 'dq-q1')!.rows.find((x) => x.key === 'persons')!;
    const before = await provider.get(`/api/v1/reports/runs/${r.id}/drill/${persons.drill[2]}`);
    assert.deepEqual([before.body.total, before.body.notVisible], [4, 0]);
    // A moves to Lakeshore's records (no consent): the Northside case manager may not see A now.
    await t.db.owner.db.updateTable('clients').set({ owner_agency_id: t.ids.agencies.lakeshore! }).where('id', '=', clients.A!).execute();
    try {
      const after = await provider.get(`/api/v1/reports/runs/${r.id}/drill/${persons.drill[2]}`);
      assert.deepEqual([after.body.total, after.body.notVisible], [3, 1]);
      assert.ok(!after.body.items.some((i: { clientId: string }) => i.clientId === clients.A));
      assert.ok(!JSON.stringify(after.body).includes('QualityA'));
      // Another user's run is not found, its drill-down neither.
      assert.equal((await provider2.get(`/api/v1/reports/runs/${r.id}/drill/${persons.drill[2]}`)).status, 404);
    } finally {
      await t.db.owner.db.updateTable('clients').set({ owner_agency_id: t.ids.agencies.northside! }).where('id', '=', clients.A!).execute();
    }
  });
});
