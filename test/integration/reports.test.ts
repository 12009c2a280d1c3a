/**
 * The report engine and the CE team's reports (issue 20) on the demo CoC plus hand-built referrals in
 * March 2024 (no demo referral is dated then, and March 2024 has no federal holiday). Every expected
 * number is worked out by hand below from the timeliness standards of config/referral-statuses.chicago.json
 * (first response: 2 business days; engagement: 15 calendar days; enrollment: 30 calendar days).
 *
 *   A  Northside PSH  Mon 03-04  attempting contact Tue 03-05, engaged 03-12, enrolled 03-20
 *        first response due 03-06: met (1 business day); engagement due 03-19: met (6)
 *   B  Northside PSH  Mon 03-04  attempting contact Fri 03-08, client declined Sun 03-10
 *        first response: missed (4 business days); engagement: met (4: 03-05, 06, 07, 08)
 *   C  Northside RRH  Mon 03-11  no response; the sweep set "provider did not respond" Thu 03-14 (an escalation)
 *        first response due 03-13: missed (left after the due time); engagement due 03-26: not applicable
 *   D  Lakeshore PSH  Mon 03-18  attempting contact Tue 03-19, still open
 *        first response due 03-20: met (1); engagement due 04-02 and enrollment due 04-17: overdue now
 *   E  Northside PSH  Mon 03-04  cancelled Tue 03-05; its client belongs to Lakeshore, without consent:
 *        the Northside case manager may not see it (the administrator counts it: first response met, 1)
 *
 * A's enrollment: project start 03-20 (16 days after the referral), move-in 04-15 (42 days).
 * Audit entries written by hand in May 2019 (no demo entry then), for the access audit.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startApp, type Client, type TestApp } from '../helpers/app.ts';
import { createJobWorker } from '../../src/jobs/registry.ts';
import { newId } from '../../src/domain/ids.ts';

interface Run {
  result: { tables: { id: string; columns: { key: string }[]; rows: { key: string; cells: (string | number | null)[]; drill: (number | null)[] }[] }[] };
  status: string;
  error: string | null;
}

describe('reports: engine, timeliness, referral outcomes, visibility, access audit', () => {
  let t: TestApp;
  let admin: Client;
  let provider: Client;
  let provider2: Client;
  const clients: Record<string, string> = {};
  const referrals: Record<string, string> = {};

  const run = async (c: Client, kind: string, body: Record<string, unknown>): Promise<Run & { id: string }> => {
    const started = await c.post(`/api/v1/reports/${kind}/runs`, body);
    assert.equal(started.status, 202, JSON.stringify(started.body));
    assert.equal(started.body.status, 'queued');
    await createJobWorker(t.db.database, t.clock, t.config).runDue();
    const got = await c.get(`/api/v1/reports/runs/${started.body.id}`);
    assert.equal(got.status, 200);
    assert.equal(got.body.status, 'done', got.body.error);
    return got.body;
  };
  const cells = (r: Run, table: string, rowKey: string) => {
    const tb = r.result.tables.find((x) => x.id === table)!;
    const row = tb.rows.find((x) => x.key === rowKey);
    assert.ok(row, `${table} has a row ${rowKey}: ${tb.rows.map((x) => x.key).join(', ')}`);
    return Object.fromEntries(tb.columns.map((c, i) => [c.key, row.cells[i]]));
  };

  before(async () => {
    t = await startApp();
    const db = t.db.owner.db;
    const now = t.clock.now();
    const addClient = async (key: string, agency: string) => {
      clients[key] = newId();
      await db.insertInto('clients').values({ id: clients[key], first_name: `Report${key}`, last_name: 'Case', dob: '1980-01-01', dob_data_quality: 1, owner_agency_id: t.ids.agencies[agency]!, created_at: now, updated_at: now }).execute();
    };
    await addClient('A', 'northside');
    await addClient('B', 'northside');
    await addClient('C', 'northside');
    await addClient('D', 'lakeshore');
    await addClient('E', 'lakeshore');
    const labels: Record<string, string> = {
      matched: 'CES: Matched: Awaiting response by Housing Provider',
      attempting_contact: 'CES: Attempted/Attempting Contact',
      engaged: 'CES: Client Engaged, In Progress to Enrollment',
      enrolled: 'CES: Enrolled',
      rematch_client_declined: 'CES: Rematch Needed: Client Declined',
      rematch_provider_no_response: 'CES: Rematch Needed: CES Team Only: Housing Provider Did Not Respond',
      cancelled: 'CES: CES Team Only: Referral Cancelled',
    };
    const addReferral = async (key: string, project: string, date: string, history: [string, string][], closed: boolean) => {
      const id = newId();
      referrals[key] = id;
      const last = history[history.length - 1]!;
      await db
        .insertInto('referrals')
        .values({
          id, client_id: clients[key]!, household_snapshot: JSON.stringify([{ clientId: clients[key], relationshipToHoH: 1 }]), project_id: t.ids.projects[project]!,
          referral_date: date, status_code: last[0], status_label: labels[last[0]]!, status_changed_at: last[1], closed_at: closed ? new Date(last[1]) : null,
          created_at: `${date}T16:00:00Z`, updated_at: last[1],
        })
        .execute();
      let from: string | null = null;
      for (const [to, at] of history) {
        await db.insertInto('referral_status_history').values({ id: newId(), referral_id: id, from_code: from, to_code: to, label: labels[to]!, changed_at: at }).execute();
        from = to;
      }
    };
    await addReferral('A', 'northside-psh', '2024-03-04', [['matched', '2024-03-04T16:00:00Z'], ['attempting_contact', '2024-03-05T20:00:00Z'], ['engaged', '2024-03-12T18:00:00Z'], ['enrolled', '2024-03-20T18:00:00Z']], true);
    await addReferral('B', 'northside-psh', '2024-03-04', [['matched', '2024-03-04T16:00:00Z'], ['attempting_contact', '2024-03-08T20:00:00Z'], ['rematch_client_declined', '2024-03-10T18:00:00Z']], true);
    await addReferral('C', 'northside-rrh', '2024-03-11', [['matched', '2024-03-11T16:00:00Z'], ['rematch_provider_no_response', '2024-03-14T05:05:00Z']], true);
    await addReferral('D', 'lakeshore-psh', '2024-03-18', [['matched', '2024-03-18T16:00:00Z'], ['attempting_contact', '2024-03-19T18:00:00Z']], false);
    await addReferral('E', 'northside-psh', '2024-03-04', [['matched', '2024-03-04T16:00:00Z'], ['cancelled', '2024-03-05T18:00:00Z']], true);
    const enrollment = newId();
    await db
      .insertInto('enrollments')
      .values({ id: enrollment, client_id: clients.A!, project_id: t.ids.projects['northside-psh']!, household_id: newId(), relationship_to_hoh: 1, entry_date: '2024-03-20', move_in_date: '2024-04-15', referral_id: referrals.A!, created_at: '2024-03-20T18:00:00Z', updated_at: '2024-03-20T18:00:00Z' })
      .execute();
    await db.updateTable('referrals').set({ enrollment_id: enrollment }).where('id', '=', referrals.A!).execute();
    await db.insertInto('referral_step_misses').values({ referral_id: referrals.C!, step: 'first response', action: 'setStatus', due_at: '2024-03-14T05:59:59.999Z', acted_at: '2024-03-14T05:05:00Z' }).execute();
    admin = await t.as('admin');
    provider = await t.as('provider');
    provider2 = await t.as('provider2');
  });
  after(async () => t?.close());

  test('GET /reports lists the five kinds', async () => {
    const res = await provider.get('/api/v1/reports');
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.items.map((i: { kind: string }) => i.kind), ['timeliness', 'referral-outcomes', 'ce-apr', 'data-quality', 'access-audit']);
    for (const i of res.body.items) assert.deepEqual(Object.keys(i).sort(), ['description', 'kind', 'name']);
  });

  test('timeliness: a case manager counts their projects and the clients they may see; the administrator the CoC', async () => {
    const period = { startDate: '2024-03-01', endDate: '2024-03-31' };
    const mine = await run(provider, 'timeliness', period);
    const psh = t.ids.projects['northside-psh'];
    // Northside PSH, first response: A met, B missed (E is not visible to the case manager).
    assert.deepEqual(
      { ...cells(mine, 'timeliness', `first response|${psh}`), step: undefined, agency: undefined, project: undefined },
      { step: undefined, agency: undefined, project: undefined, due: 2, met: 1, missed: 1, notApplicable: 0, pending: 0, metShare: 0.5, median: 2.5, p90: 4, overdueNow: 0, escalations: 0 },
    );
    // Every Northside project they cover: A, B, C; C's escalation.
    const all = cells(mine, 'timeliness', 'first response|all');
    assert.deepEqual([all.due, all.met, all.missed, all.metShare, all.median, all.p90, all.escalations], [3, 1, 2, 0.3333, 2.5, 4, 1]);
    const engagement = cells(mine, 'timeliness', 'engagement|all');
    assert.deepEqual([engagement.due, engagement.met, engagement.missed, engagement.notApplicable, engagement.metShare], [3, 2, 0, 1, 1]);
    assert.equal(engagement.median, 5); // A 6, B 4 business days
    assert.ok(!mine.result.tables[0]!.rows.some((r) => r.key.includes(t.ids.projects['lakeshore-psh']!)), 'no Lakeshore row for the Northside case manager');

    const lakeshore = await run(provider2, 'timeliness', period);
    const theirs = cells(lakeshore, 'timeliness', 'first response|all');
    assert.deepEqual([theirs.due, theirs.met, theirs.missed], [1, 1, 0]);
    const overdue = lakeshore.result.tables.find((x) => x.id === 'timeliness-overdue')!;
    assert.ok(overdue.rows.some((r) => r.key === `${referrals.D}:engagement`));
    assert.ok(overdue.rows.some((r) => r.key === `${referrals.D}:enrollment`));

    const coc = await run(admin, 'timeliness', period);
    assert.deepEqual(Object.values(cells(coc, 'timeliness', `first response|${psh}`)).slice(3, 6), [3, 2, 1]);
    const cocAll = cells(coc, 'timeliness', 'first response|all');
    assert.deepEqual([cocAll.due, cocAll.met, cocAll.missed], [5, 3, 2]);
    const weekly = coc.result.tables.find((x) => x.id === 'timeliness-weekly')!;
    // Due weeks: 03-04 (A, B, E first response), 03-11 (C first response), 03-18 (A, B, E engagement; D first response), 03-25 (C engagement).
    assert.deepEqual(weekly.rows.map((r) => [r.key, r.cells[1]]), [['2024-03-04', 3], ['2024-03-11', 1], ['2024-03-18', 4], ['2024-03-25', 1]]);

    // The "missed" cell drills down to B and C — names shown, the read audited.
    const missedDrill = coc.result.tables[0]!.rows.find((r) => r.key === 'first response|all')!.drill[5]!;
    const list = await admin.get(`/api/v1/reports/runs/${coc.id}/drill/${missedDrill}`);
    assert.deepEqual(list.body.items.map((i: { info: { referralId: string } }) => i.info.referralId).sort(), [referrals.B, referrals.C].sort());
  });

  test('a filter outside the caller’s scope is refused, never narrowed; another user’s run is not found', async () => {
    const refused = await provider.post('/api/v1/reports/timeliness/runs', { startDate: '2024-03-01', endDate: '2024-03-31', projectIds: [t.ids.projects['lakeshore-psh']] });
    assert.equal(refused.status, 403);
    const audit = await provider.post('/api/v1/reports/access-audit/runs', { startDate: '2024-03-01', endDate: '2024-03-31', userId: t.ids.users.provider });
    assert.equal(audit.status, 403);
    const backwards = await provider.post('/api/v1/reports/timeliness/runs', { startDate: '2024-03-31', endDate: '2024-03-01' });
    assert.equal(backwards.status, 422);
    assert.equal(backwards.body.errors[0].pointer, '/endDate');
    const mine = await run(provider, 'referral-outcomes', { startDate: '2024-03-01', endDate: '2024-03-31' });
    assert.equal((await provider2.get(`/api/v1/reports/runs/${mine.id}`)).status, 404);
    const listed = await provider.get('/api/v1/reports/runs');
    assert.ok(listed.body.items.some((r: { id: string }) => r.id === mine.id));
    assert.ok(!(await provider2.get('/api/v1/reports/runs')).body.items.some((r: { id: string }) => r.id === mine.id));
  });

  test('referral outcomes: statuses, HUD results and the rematch rate, per caller', async () => {
    const mine = await run(provider, 'referral-outcomes', { startDate: '2024-03-01', endDate: '2024-03-31' });
    assert.equal(cells(mine, 'referral-outcomes-status', 'enrolled').referrals, 1);
    assert.equal(cells(mine, 'referral-outcomes-status', 'rematch_client_declined').referrals, 1);
    assert.equal(cells(mine, 'referral-outcomes-status', 'rematch_provider_no_response').referrals, 1);
    assert.equal(cells(mine, 'referral-outcomes-status', 'total').referrals, 3);
    assert.deepEqual(['accepted', 'clientRejected', 'providerRejected', 'open'].map((k) => cells(mine, 'referral-outcomes-hud-result', k).referrals), [1, 1, 1, 0]);
    const rate = cells(mine, 'referral-outcomes-rematch', 'rematched');
    assert.deepEqual([rate.referrals, rate.share], [2, 0.6667]);
    // The reasons: B declined, C's provider did not respond; of the three ended referrals.
    assert.deepEqual([cells(mine, 'referral-outcomes-rematch', 'rematch_client_declined').referrals, cells(mine, 'referral-outcomes-rematch', 'rematch_provider_no_response').share], [1, 0.3333]);
    assert.equal(cells(mine, 'referral-outcomes-rematch', 'ended').referrals, 3);
    // Days: only A enrolled (16 days) and moved in (42 days). PSH: A and B; RRH: C; every household one adult.
    const days = (key: string) => Object.values(cells(mine, 'referral-outcomes-days', key)).slice(1);
    assert.deepEqual(days('all'), [3, 1, 16, 1, 42]);
    assert.deepEqual(days('type:3'), [2, 1, 16, 1, 42]);
    assert.deepEqual(days('type:13'), [1, 0, null, 0, null]);
    assert.deepEqual(days('population:singles'), [3, 1, 16, 1, 42]);
    assert.deepEqual(days('population:families'), [1, 0, null, 0, null]);
    assert.deepEqual(days('household:withoutChildren'), [3, 1, 16, 1, 42]);
    const dist = mine.result.tables.find((x) => x.id === 'referral-outcomes-distribution')!;
    assert.deepEqual(dist.rows.map((r) => r.cells.slice(1)), [[0, 0], [0, 0], [1, 0], [0, 1], [0, 0], [0, 0], [0, 0]]);
    const theirs = await run(provider2, 'referral-outcomes', { startDate: '2024-03-01', endDate: '2024-03-31' });
    assert.equal(cells(theirs, 'referral-outcomes-status', 'total').referrals, 1);
    assert.equal(cells(theirs, 'referral-outcomes-hud-result', 'open').referrals, 1);
    assert.deepEqual(Object.values(cells(theirs, 'referral-outcomes-days', 'all')).slice(1), [1, 0, null, 0, null]);
    // The administrator counts E too.
    const coc = await run(admin, 'referral-outcomes', { startDate: '2024-03-01', endDate: '2024-03-31' });
    assert.equal(cells(coc, 'referral-outcomes-status', 'total').referrals, 5);
    assert.equal(cells(coc, 'referral-outcomes-status', 'cancelled').referrals, 1);
  });

  test('a re-run is a new run with the same filters; downloads neutralise formulas', async () => {
    const first = await run(provider, 'timeliness', { startDate: '2024-03-01', endDate: '2024-03-31' });
    const again = await provider.post(`/api/v1/reports/runs/${first.id}/rerun`, {});
    assert.equal(again.status, 202);
    assert.notEqual(again.body.id, first.id);
    // A project name a spreadsheet would run as a formula.
    await t.db.owner.db.updateTable('projects').set({ name: '=HYPERLINK("http://x.invalid","PSH")' }).where('id', '=', t.ids.projects['northside-psh']!).execute();
    const hostile = await run(provider, 'timeliness', { startDate: '2024-03-01', endDate: '2024-03-31' });
    const res = await fetch(`${t.url}/api/v1/reports/runs/${hostile.id}/download?format=csv`, { headers: { cookie: provider.cookie! } });
    const zip = Buffer.from(await res.arrayBuffer());
    const { unzipText } = await import('./hud-helpers.ts');
    const files = await unzipText(zip);
    assert.deepEqual([...files.keys()].sort(), ['timeliness-overdue.csv', 'timeliness-weekly.csv', 'timeliness.csv']);
    const csv = files.get('timeliness.csv')!;
    assert.ok(csv.includes(`"'=HYPERLINK(""http://x.invalid"",""PSH"")"`), csv.slice(0, 400));
    assert.ok(!/(^|,)"=/m.test(csv));
    const x = await fetch(`${t.url}/api/v1/reports/runs/${hostile.id}/download?format=xlsx`, { headers: { cookie: provider.cookie! } });
    assert.equal(x.status, 200);
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await x.arrayBuffer()) as never);
    const values = wb.getWorksheet('timeliness')!.getSheetValues().flat().filter((v) => typeof v === 'string') as string[];
    assert.ok(values.some((v) => v.startsWith("'=HYPERLINK")));
    assert.ok(!values.some((v) => v.startsWith('=')));
    await t.db.owner.db.updateTable('projects').set({ name: 'Northside Permanent Supportive Housing' }).where('id', '=', t.ids.projects['northside-psh']!).execute();
  });

  test('access audit: the HMIS lead sees who read a client, and which clients a user read', async () => {
    // The case manager opens the list behind a cell: A's client is read (and audited).
    const mine = await run(provider, 'timeliness', { startDate: '2024-03-01', endDate: '2024-03-31' });
    const dueDrill = mine.result.tables[0]!.rows.find((r) => r.key === 'first response|all')!.drill[3]!;
    const list = await provider.get(`/api/v1/reports/runs/${mine.id}/drill/${dueDrill}`);
    assert.equal(list.body.total, 3);
    const today = t.clock.now().toISOString().slice(0, 10);
    const byClient = await run(admin, 'access-audit', { startDate: today, endDate: today, clientId: clients.A });
    const row = cells(byClient, 'access-audit', t.ids.users.provider!);
    assert.ok((row.views as number) >= 1);
    const byUser = await run(admin, 'access-audit', { startDate: today, endDate: today, userId: t.ids.users.provider });
    for (const k of ['A', 'B', 'C']) assert.ok((cells(byUser, 'access-audit', clients[k]!).views as number) >= 1);
    assert.ok(!byUser.result.tables[0]!.rows.some((r) => r.key === clients.E), 'E was never shown to the case manager');
  });

  test('access audit on entries written by hand: exact counts, the days are the CoC’s (America/Chicago)', async () => {
    const db = t.db.owner.db;
    const u = t.ids.users;
    const entry = (at: string, user: string, client: string, action: string) => ({ at: new Date(at), user_id: user, client_id: client, action, entity_type: 'client', entity_id: client, reason: action === 'client.read' ? 'owner agency' : null });
    await db
      .insertInto('audit_log')
      .values([
        entry('2019-05-01T04:30:00Z', u.provider!, clients.A!, 'client.read'), // 04-30 23:30 in Chicago: before the period
        entry('2019-05-01T15:00:00Z', u.provider!, clients.A!, 'client.read'),
        entry('2019-05-02T15:00:00Z', u.provider!, clients.A!, 'client.read'),
        entry('2019-05-02T16:00:00Z', u.provider!, clients.A!, 'client.update'),
        entry('2019-05-03T15:00:00Z', u.provider2!, clients.A!, 'client.read'),
        entry('2019-05-20T15:00:00Z', u.provider!, clients.B!, 'client.read'),
        entry('2019-06-01T04:30:00Z', u.admin!, clients.A!, 'client.update'), // 05-31 23:30 in Chicago: inside
        entry('2019-06-01T15:00:00Z', u.admin!, clients.A!, 'client.read'), // after
      ])
      .execute();
    const may = { startDate: '2019-05-01', endDate: '2019-05-31' };
    const byClient = await run(admin, 'access-audit', { ...may, clientId: clients.A });
    const summary = (r: Run) => Object.fromEntries(r.result.tables[0]!.rows.map((x) => [x.key, x.cells.slice(1, 3)]));
    assert.deepEqual(summary(byClient), { [u.provider!]: [2, 1], [u.provider2!]: [1, 0], [u.admin!]: [0, 1] });
    assert.equal(byClient.result.tables[1]!.rows.length, 5);
    assert.deepEqual(cells(byClient, 'access-audit', u.provider!).first, '2019-05-01T15:00:00.000Z');
    const byUser = await run(admin, 'access-audit', { ...may, userId: u.provider });
    assert.deepEqual(summary(byUser), { [clients.A!]: [2, 1], [clients.B!]: [1, 0] });
    // The "views" cell of A opens exactly the two reads.
    const viewsDrill = byUser.result.tables[0]!.rows.find((x) => x.key === clients.A)!.drill[1]!;
    const views = await admin.get(`/api/v1/reports/runs/${byUser.id}/drill/${viewsDrill}`);
    assert.deepEqual(views.body.items.map((i: { info: { at: string; action: string } }) => [i.info.at, i.info.action]), [['2019-05-01T15:00:00.000Z', 'client.read'], ['2019-05-02T15:00:00.000Z', 'client.read']]);
  });

  test('a run that took long ends with a notification to its user, linking to the run', async () => {
    const started = await provider.post('/api/v1/reports/timeliness/runs', { startDate: '2024-03-01', endDate: '2024-03-31' });
    const quick = await provider.post('/api/v1/reports/referral-outcomes/runs', { startDate: '2024-03-01', endDate: '2024-03-31' });
    await createJobWorker(t.db.database, t.clock, t.config).runDue(); // both done at once: no notification
    const none = await provider.get('/api/v1/notifications');
    assert.ok(!none.body.items.some((n: { link: string }) => n.link === `/reports/runs/${started.body.id}` || n.link === `/reports/runs/${quick.body.id}`));
    const slow = await provider.post('/api/v1/reports/timeliness/runs', { startDate: '2024-03-01', endDate: '2024-03-31' });
    t.clock.advance(11_000); // the run waited in the queue for 11 s (LONG_RUN_MS is 10 s)
    await createJobWorker(t.db.database, t.clock, t.config).runDue();
    const got = await provider.get('/api/v1/notifications');
    const note = got.body.items.find((n: { link: string }) => n.link === `/reports/runs/${slow.body.id}`);
    assert.ok(note, JSON.stringify(got.body.items.slice(0, 3)));
    assert.deepEqual([note.kind, note.title, note.body, note.read], ['report.done', 'Report ready: Timeliness compliance', '2024-03-01 to 2024-03-31', false]);
    assert.ok(!(await provider2.get('/api/v1/notifications')).body.items.some((n: { link: string }) => n.link === `/reports/runs/${slow.body.id}`));
  });

  test('data quality: per project of the caller, the records behind a cell are enrollments to fix', async () => {
    const dq = await run(provider, 'data-quality', { startDate: '2025-01-01', endDate: '2026-11-25' });
    assert.deepEqual(dq.result.tables.map((x) => x.id), ['dq-projects', 'dq-q1', 'dq-q2', 'dq-q3', 'dq-q4', 'dq-q5', 'dq-q6', 'dq-q7']);
    const mineProjects = new Set([t.ids.projects['northside-psh'], t.ids.projects['northside-rrh']]);
    assert.ok(dq.result.tables[0]!.rows.every((r) => mineProjects.has(r.key)));
    const persons = cells(dq, 'dq-q1', 'persons');
    assert.ok((persons.all as number) > 0);
    const drillNo = dq.result.tables.find((x) => x.id === 'dq-q1')!.rows[0]!.drill[2]!;
    const list = await provider.get(`/api/v1/reports/runs/${dq.id}/drill/${drillNo}`);
    assert.equal(list.body.total, persons.all);
    assert.ok(list.body.items.every((i: { kind: string; info: { projectId: string } }) => i.kind === 'enrollment' && mineProjects.has(i.info.projectId)));
  });
});
