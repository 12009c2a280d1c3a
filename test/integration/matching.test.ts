import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startApp, type Client, type TestApp } from '../helpers/app.ts';
import { markReferralEnrolled } from '../../src/usecases/referrals/referrals.ts';
import { newId } from '../../src/domain/ids.ts';

/** Issue 7: openings, the prioritized CE list, matching, two-to-one rematch, counts reports. */
describe('matching and counts reports', () => {
  let t: TestApp;
  let matcher: Client;
  let provider: Client;
  let provider2: Client;
  let admin: Client;
  const P = () => t.ids.projects as Record<string, string>;

  before(async () => {
    t = await startApp();
    [matcher, provider, provider2, admin] = await Promise.all([t.as('matcher'), t.as('provider'), t.as('provider2'), t.as('admin')]);
  });
  after(async () => {
    await t?.close();
  });

  async function setPrioritization(value: unknown) {
    await t.db.owner.transaction((tx) =>
      sql`update coc set settings = jsonb_set(settings, '{prioritization}', ${JSON.stringify(value)}::jsonb)`.execute(tx),
    );
  }
  async function ceList(query = '') {
    const res = await matcher.get(`/api/v1/ce-list?limit=200${query}`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body as { items: any[]; total: number; nextCursor: string | null };
  }
  async function openOpening(projectKey: string, body: Record<string, unknown> = {}, who = matcher) {
    const res = await who.post(`/api/v1/projects/${P()[projectKey]}/openings`, { availableOn: '2026-12-01', ...body });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body;
  }

  test('the CE list is ranked by the configured criteria, each row explaining its rank; only the matching team and administrators read it', async () => {
    const list = await ceList();
    assert.ok(list.total >= 8, `a list of realistic length (${list.total})`);
    assert.equal(list.items.length, list.total);
    list.items.forEach((r, i) => assert.equal(r.rank, i + 1));
    for (let i = 1; i < list.items.length; i++) {
      const a = list.items[i - 1];
      const b = list.items[i];
      const ordered =
        (a.chronic && !b.chronic) ||
        (a.chronic === b.chronic && ((a.score ?? -1) > (b.score ?? -1) ||
          (a.score === b.score && ((a.daysHomeless ?? -1) > (b.daysHomeless ?? -1) || (a.daysHomeless === b.daysHomeless && a.assessmentDate <= b.assessmentDate)))));
      assert.ok(ordered, `row ${i} (${JSON.stringify(a)}) before row ${i + 1} (${JSON.stringify(b)})`);
      assert.match(b.reasons.at(-1), /^(Below #\d+ on|Level with)/);
    }
    assert.ok(list.items[0].chronic, 'a chronically homeless household is first');
    assert.match(list.items[0].reasons[0], /Chronically homeless/);
    assert.match(list.items[0].reasons[1], /Vulnerability score/);

    // Paging with the cursor keeps the ranks.
    const first = await matcher.get('/api/v1/ce-list?limit=3');
    assert.equal(first.body.items.length, 3);
    const second = await matcher.get(`/api/v1/ce-list?limit=3&cursor=${first.body.nextCursor}`);
    assert.deepEqual(second.body.items.map((r: any) => r.rank), [4, 5, 6]);

    // The configuration is data: vulnerability score first.
    await setPrioritization({ criteria: [{ key: 'score', direction: 'desc' }, { key: 'assessmentDate', direction: 'asc' }] });
    const byScore = await ceList();
    for (let i = 1; i < byScore.items.length; i++) assert.ok((byScore.items[i - 1].score ?? -1) >= (byScore.items[i].score ?? -1));
    assert.match(byScore.items[0].reasons[0], /Vulnerability score/);
    assert.notDeepEqual(byScore.items.map((r) => r.clientId), list.items.map((r) => r.clientId), 'the order changed with the configuration');
    await setPrioritization({});

    assert.equal((await provider.get('/api/v1/ce-list')).status, 403);
    assert.equal((await admin.get('/api/v1/ce-list')).status, 200);
  });

  test('inactivity: no contact for the configured days hides a household unless asked for', async () => {
    const all = await ceList('&includeInactive=true');
    const defaults = await ceList();
    assert.ok(defaults.total < all.total, 'the demo has households without contact for 90 days');
    assert.ok(defaults.items.every((r) => r.inactive === false));
    await setPrioritization({ inactivityDays: 20 });
    const active = await ceList();
    assert.ok(active.total < defaults.total, 'some households had no contact for 20 days');
    const withInactive = await ceList('&includeInactive=true');
    assert.equal(withInactive.total, all.total);
    assert.ok(withInactive.items.some((r) => r.inactive));
    assert.ok(active.items.every((r) => !r.inactive));
    await setPrioritization({});
  });

  test('eligibility: with a project only eligible households (PSH needs a disabling condition; populations; the opening size)', async () => {
    const all = await ceList();
    const psh = await ceList(`&projectId=${P()['northside-psh']}`);
    assert.ok(psh.total > 0 && psh.total < all.total);
    assert.ok(psh.items.every((r) => r.disablingCondition && r.householdType === 'single'), 'singles PSH: single adults with a disabling condition');
    const familyPsh = await ceList(`&projectId=${P()['lakeshore-psh']}`);
    assert.ok(familyPsh.total > 0);
    assert.ok(familyPsh.items.every((r) => r.disablingCondition && r.householdType === 'family'));
    const families = await ceList('&householdType=family');
    assert.ok(families.items.every((r) => r.householdType === 'family' && r.householdSize > 1));
    const veterans = await ceList('&population=veterans');
    assert.ok(veterans.total > 0 && veterans.items.every((r) => r.populations.includes('veterans')));
    // An opening for one person excludes families.
    const rrhAll = await ceList(`&projectId=${P()['northside-rrh']}`);
    const single = await openOpening('northside-rrh', { householdSize: 1 });
    const rrhSingle = await ceList(`&openingId=${single.id}`);
    assert.ok(rrhAll.items.some((r) => r.householdSize > 1));
    assert.ok(rrhSingle.items.every((r) => r.householdSize === 1));
    assert.equal(rrhSingle.total, rrhAll.items.filter((r) => r.householdSize === 1).length);
  });

  test('openings: recorded by the project’s providers and the matching team, listed with open referral counts, closed with a version', async () => {
    const mine = await openOpening('northside-psh', { bedrooms: 1, note: 'Studio on Sheridan' }, provider);
    assert.equal(mine.state, 'open');
    assert.equal(mine.openReferrals, 0);
    assert.equal((await provider2.post(`/api/v1/projects/${P()['northside-psh']}/openings`, { availableOn: '2026-12-01' })).status, 403);
    assert.equal((await matcher.post(`/api/v1/projects/${P()['northside-es']}/openings`, { availableOn: '2026-12-01' })).status, 422);
    const listed = await provider.get(`/api/v1/openings?projectId=${P()['northside-psh']}`);
    assert.ok(listed.body.items.some((o: any) => o.id === mine.id));
    const other = await provider2.get('/api/v1/openings?state=all');
    assert.ok(other.body.items.every((o: any) => o.projectId === P()['lakeshore-psh']), 'providers see their projects’ openings');
    assert.equal((await provider.post(`/api/v1/openings/${mine.id}/close`, { version: mine.version + 1 })).status, 409);
    const closed = await provider.post(`/api/v1/openings/${mine.id}/close`, { version: mine.version });
    assert.equal(closed.status, 200);
    assert.equal(closed.body.state, 'closed');
    assert.equal((await matcher.post(`/api/v1/openings/${mine.id}/refer`, { clientId: (await ceList()).items[0].clientId })).status, 422);
  });

  test('matching from an opening: the top eligible household is referred in one action and leaves the list; the provider’s tile counts it', async () => {
    const tiles0 = await provider.get('/api/v1/counts-reports');
    assert.equal(tiles0.status, 200);
    const pshTile = tiles0.body.items.find((x: any) => x.projectId === P()['northside-psh']);
    assert.ok(pshTile, 'a default tile per receiving project');
    assert.equal(pshTile.name, 'Outstanding Incoming Referrals');
    assert.ok(tiles0.body.items.some((x: any) => x.projectId === P()['northside-rrh']));

    const opening = await openOpening('northside-psh');
    const eligible = await ceList(`&openingId=${opening.id}`);
    const top = eligible.items[0];
    const res = await matcher.post(`/api/v1/openings/${opening.id}/refer`, { clientId: top.clientId });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.body.openingId, opening.id);
    const after = await ceList();
    assert.ok(!after.items.some((r) => r.clientId === top.clientId), 'a household with an open referral leaves the list');
    const o = await matcher.get(`/api/v1/openings/${opening.id}`);
    assert.equal(o.body.openReferrals, 1);
    const tiles1 = await provider.get('/api/v1/counts-reports');
    assert.equal(tiles1.body.items.find((x: any) => x.id === pshTile.id).count, pshTile.count + 1);

    // An ineligible household is refused with the reason.
    const notEligible = (await ceList()).items.find((r) => !r.disablingCondition);
    const refused = await matcher.post(`/api/v1/openings/${opening.id}/refer`, { clientId: notEligible.clientId });
    assert.equal(refused.status, 422);
    assert.match(refused.body.detail, /disabling condition/);
    assert.equal((await provider.post(`/api/v1/openings/${opening.id}/refer`, { clientId: top.clientId })).status, 403);
  });

  test('two-to-one rematch: a provider rematch asks for 2, one new referral leaves 1; the household returns to its place; "did not respond" asks for 1', async () => {
    const opening = await openOpening('northside-rrh');
    const list0 = await ceList(`&openingId=${opening.id}`);
    const first = list0.items[0];
    const referred = await matcher.post(`/api/v1/openings/${opening.id}/refer`, { clientId: first.clientId });
    assert.equal(referred.status, 201);
    const declined = await provider.post(`/api/v1/referrals/${referred.body.id}/status`, { status: 'rematch_client_declined', note: 'Wants to stay near family on the South Side.', version: referred.body.version });
    assert.equal(declined.status, 200, JSON.stringify(declined.body));

    const queue = async () => {
      const q = await matcher.get('/api/v1/rematch-queue');
      assert.equal(q.status, 200);
      return q.body.items.find((i: any) => i.openingId === opening.id);
    };
    assert.equal((await queue()).referralsNeeded, 2);
    assert.equal((await provider.get('/api/v1/rematch-queue')).status, 403);

    // The household is back at its place.
    const back = await ceList(`&openingId=${opening.id}`);
    assert.equal(back.items.find((r) => r.clientId === first.clientId)?.rank, first.rank);

    t.clock.advance(60_000);
    const next = back.items.find((r) => r.clientId !== first.clientId);
    assert.equal((await matcher.post(`/api/v1/openings/${opening.id}/refer`, { clientId: next.clientId })).status, 201);
    assert.equal((await queue()).referralsNeeded, 1);
    t.clock.advance(60_000);
    const third = (await ceList(`&openingId=${opening.id}`)).items.find((r) => r.clientId !== first.clientId);
    assert.equal((await matcher.post(`/api/v1/openings/${opening.id}/refer`, { clientId: third.clientId })).status, 201);
    assert.equal(await queue(), undefined, 'served');

    // "Did not respond" (set by the system after 2 business days) asks for one.
    const solo = await openOpening('northside-rrh');
    const fam = (await ceList(`&openingId=${solo.id}`)).items[0];
    const r2 = await matcher.post(`/api/v1/openings/${solo.id}/refer`, { clientId: fam.clientId });
    assert.equal(r2.status, 201);
    t.clock.advance(6 * 86_400_000);
    // Sessions expired with the clock: sign in again.
    [matcher, provider, provider2, admin] = await Promise.all([t.as('matcher'), t.as('provider'), t.as('provider2'), t.as('admin')]);
    const swept = await admin.post('/api/v1/admin/timeliness/run', {});
    assert.equal(swept.status, 200);
    assert.ok(swept.body.escalated >= 1);
    const q2 = (await matcher.get('/api/v1/rematch-queue')).body.items.find((i: any) => i.openingId === solo.id);
    assert.equal(q2.referralsNeeded, 1);
  });

  test('an enrollment fills the opening and closes its other open referrals as "Opening Filled by Another Referral"', async () => {
    const opening = await openOpening('northside-rrh');
    const [a, b] = (await ceList(`&openingId=${opening.id}`)).items;
    const ra = await matcher.post(`/api/v1/openings/${opening.id}/refer`, { clientId: a.clientId });
    const rb = await matcher.post(`/api/v1/openings/${opening.id}/refer`, { clientId: b.clientId });
    assert.equal(ra.status, 201);
    assert.equal(rb.status, 201);
    const ctx = { actor: null, requestId: 'test', address: null, clock: t.clock };
    await t.db.database.transaction(async (tx) => {
      const enrollmentId = newId();
      await tx
        .insertInto('enrollments')
        .values({ id: enrollmentId, client_id: a.clientId, project_id: P()['northside-rrh']!, household_id: newId(), relationship_to_hoh: 1, entry_date: '2026-11-25', created_at: t.clock.now(), updated_at: t.clock.now() })
        .execute();
      const out = await markReferralEnrolled(tx, ctx, ra.body.id, enrollmentId);
      assert.deepEqual(out.closedReferralIds, [rb.body.id]);
    });
    const o = await matcher.get(`/api/v1/openings/${opening.id}`);
    assert.equal(o.body.state, 'filled');
    assert.equal(o.body.filledByReferralId, ra.body.id);
    assert.equal(o.body.openReferrals, 0);
    const other = await matcher.get(`/api/v1/referrals/${rb.body.id}`);
    assert.equal(other.body.status.code, 'closed_opening_filled');
    // Its household returns to the list.
    assert.ok((await ceList()).items.some((r) => r.clientId === b.clientId));
  });

  test('a user of receiving projects without tiles gets one default tile per project on the first visit, once', async () => {
    const aa = await t.as('agencyadmin');
    const first = await aa.get('/api/v1/counts-reports');
    assert.equal(first.status, 200);
    const projects = first.body.items.map((x: any) => x.projectId).sort();
    assert.deepEqual(projects, [P()['northside-psh'], P()['northside-rrh']].sort(), 'the receiving projects of the agency, not its shelter');
    assert.ok(first.body.items.every((x: any) => x.name === 'Outstanding Incoming Referrals' && x.statusFilter === 'open' && x.dateRange === 'all'));
    for (const x of first.body.items) assert.equal((await aa.delete(`/api/v1/counts-reports/${x.id}`)).status, 204);
    assert.deepEqual((await aa.get('/api/v1/counts-reports')).body.items, [], 'not given again after deleting them');
    assert.deepEqual((await matcher.get('/api/v1/counts-reports')).body.items, [], 'the matching team covers no project as a provider');
  });

  test('counts agree with their lists for every filter', async () => {
    const ranges = ['all', 'thisQuarter', 'thisMonth', { from: '2026-11-01', to: '2026-11-25' }, { from: '2025-01-01', to: '2025-12-31' }];
    const statuses = ['open', 'all', ['matched'], ['rematch_client_declined', 'closed_opening_filled', 'enrolled']];
    for (const projectKey of ['northside-psh', 'northside-rrh']) {
      for (const dateRange of ranges) {
        for (const statusFilter of statuses) {
          const created = await provider.post('/api/v1/counts-reports', { name: 'Check', projectId: P()[projectKey], dateRange, statusFilter });
          assert.equal(created.status, 201, JSON.stringify(created.body));
          const items: any[] = [];
          let cursor: string | null = null;
          let total = -1;
          do {
            const page: any = await provider.get(`/api/v1/counts-reports/${created.body.id}/referrals?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
            assert.equal(page.status, 200);
            items.push(...page.body.items);
            total = page.body.total;
            cursor = page.body.nextCursor;
          } while (cursor);
          const label = `${projectKey} ${JSON.stringify(dateRange)} ${JSON.stringify(statusFilter)}`;
          assert.equal(created.body.count, total, label);
          assert.equal(items.length, total, label);
          assert.equal(created.body.overdueCount, items.filter((i) => i.overdue).length, label);
          if (statusFilter === 'open') assert.ok(items.every((i) => i.open));
          if (Array.isArray(statusFilter)) assert.ok(items.every((i) => statusFilter.includes(i.status.code)));
          assert.equal((await provider.delete(`/api/v1/counts-reports/${created.body.id}`)).status, 204);
        }
      }
    }
    // Some filter counted something, and an overdue one.
    const tiles = (await provider.get('/api/v1/counts-reports')).body.items;
    assert.ok(tiles.some((x: any) => x.count > 0));
    const all = await provider.post('/api/v1/counts-reports', { projectId: P()['northside-rrh'], statusFilter: 'all' });
    assert.ok(all.body.count > all.body.overdueCount);
  });

  test('counts never include a referral the user may not see; tiles only for projects the user covers', async () => {
    assert.equal((await provider2.post('/api/v1/counts-reports', { projectId: P()['northside-psh'] })).status, 403);
    assert.equal((await provider.post('/api/v1/counts-reports', { projectId: P()['northside-es'] })).status, 403);
    assert.equal((await provider.post('/api/v1/counts-reports', { projectId: P()['northside-psh'], statusFilter: ['nope'] })).status, 422);
    assert.equal((await provider.post('/api/v1/counts-reports', { projectId: P()['northside-psh'], dateRange: { from: '2026-12-01', to: '2026-11-01' } })).status, 422);
    const tile = (await provider.post('/api/v1/counts-reports', { projectId: P()['northside-psh'], statusFilter: 'all' })).body;
    assert.ok(tile.count > 0);
    // Another user's tile is not found.
    assert.equal((await provider2.get(`/api/v1/counts-reports/${tile.id}/referrals`)).status, 404);
    assert.equal((await provider2.patch(`/api/v1/counts-reports/${tile.id}`, { name: 'x', version: tile.version })).status, 404);
    // The provider loses the assignment: the tile counts nothing and lists nothing.
    await t.db.owner.transaction((tx) =>
      sql`delete from membership_projects where project_id = ${P()['northside-psh']} and membership_id in (select id from memberships where user_id = ${t.ids.users.provider})`.execute(tx),
    );
    const again = await t.as('provider');
    const after = await again.get(`/api/v1/counts-reports/${tile.id}`);
    assert.equal(after.body.count, 0);
    assert.equal(after.body.overdueCount, 0);
    const list = await again.get(`/api/v1/counts-reports/${tile.id}/referrals`);
    assert.equal(list.body.total, 0);
    assert.deepEqual(list.body.items, []);
    // PATCH with a stale version.
    assert.equal((await again.patch(`/api/v1/counts-reports/${tile.id}`, { name: 'Mine', version: tile.version + 5 })).status, 409);
    const renamed = await again.patch(`/api/v1/counts-reports/${tile.id}`, { name: 'Mine', version: tile.version });
    assert.equal(renamed.status, 200);
    assert.equal(renamed.body.name, 'Mine');
  });
});
