import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startApp, type Client, type TestApp } from '../helpers/app.ts';

const SORTS = ['headName', 'householdSize', 'entryDate', 'moveInDate', 'exitDate', 'daysEnrolled', 'nextDue'];

describe('caseload per project (issue 16)', () => {
  let t: TestApp;
  let provider: Client, provider2: Client, matcher: Client, agencyadmin: Client, admin: Client;
  const project = (k: string) => t.ids.projects[k]!;
  const caseload = (c: Client, key: string, query = '') => c.get(`/api/v1/projects/${project(key)}/caseload${query}`);

  before(async () => {
    t = await startApp();
    [provider, provider2, matcher, agencyadmin, admin] = await Promise.all([t.as('provider'), t.as('provider2'), t.as('matcher'), t.as('agencyadmin'), t.as('admin')]);
  });
  after(async () => t.close());

  test("one row per household with the head, size, dates and what is due next", async () => {
    const psh = await caseload(provider, 'northside-psh');
    assert.equal(psh.status, 200, JSON.stringify(psh.body));
    assert.equal(psh.body.project.name, 'Northside Permanent Supportive Housing');
    const names = psh.body.items.map((i: { headName: string }) => i.headName);
    assert.ok(names.includes('Priya Natarajan'), names.join());
    assert.equal(psh.body.total, psh.body.items.length);
    for (const i of psh.body.items) assert.equal(i.exitDate, null, 'active by default');
    const rrh = await caseload(provider, 'northside-rrh', '?status=all');
    const carlos = rrh.body.items.find((i: { householdSize: number }) => i.householdSize === 3);
    assert.ok(carlos, 'the family of three is one row');
    assert.equal(carlos.clientId, t.ids.clients!.carlos);
    assert.ok(rrh.body.items.some((i: { exitDate: string | null }) => i.exitDate !== null), 'status=all holds the exited household');
    // ESG RRH households owe a re-evaluation (or an earlier item).
    assert.ok(rrh.body.items.filter((i: { exitDate: string | null }) => !i.exitDate).every((i: { nextDue: unknown }) => i.nextDue !== null));
    // Priya's first anniversary was days ago: her annual window is open.
    const due = await caseload(provider, 'northside-psh', '?annualDue=true');
    assert.ok(due.body.items.some((i: { headName: string; nextDue: { kind: string } }) => i.headName === 'Priya Natarajan' && i.nextDue.kind === 'annual'), JSON.stringify(due.body.items));
    assert.ok(due.body.total <= psh.body.total);
    // Not yet housed: the RRH household with no move-in date.
    const unhoused = await caseload(provider, 'northside-rrh', '?notHoused=true');
    assert.ok(unhoused.body.total >= 1);
    for (const i of unhoused.body.items) assert.equal(i.moveInDate, null);
    // Exited in a date range.
    const exited = await caseload(provider, 'northside-rrh', '?status=exited');
    assert.ok(exited.body.total >= 1);
    const exitDate = exited.body.items[0].exitDate as string;
    assert.equal((await caseload(provider, 'northside-rrh', `?status=exited&exitedFrom=${exitDate}&exitedTo=${exitDate}`)).body.total >= 1, true);
    assert.equal((await caseload(provider, 'northside-rrh', `?status=exited&exitedFrom=2099-01-01`)).body.total, 0);
  });

  test('search by name is a POST; the name never goes in the URL', async () => {
    const r = await provider.post(`/api/v1/projects/${project('northside-psh')}/caseload/search`, { name: 'priya' });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.deepEqual(r.body.items.map((i: { headName: string }) => i.headName), ['Priya Natarajan']);
    assert.equal(r.body.total, 1);
    assert.equal((await provider.post(`/api/v1/projects/${project('northside-psh')}/caseload/search`, { name: 'nobody-by-that-name' })).body.total, 0);
  });

  test('totals equal the rows paged through, for every sort in both directions', async () => {
    for (const key of ['northside-rrh', 'northside-psh']) {
      for (const sort of SORTS.flatMap((s) => [s, `-${s}`])) {
        const first = await caseload(agencyadmin, key, `?status=all&sort=${sort}&limit=1`);
        assert.equal(first.status, 200, JSON.stringify(first.body));
        const seen: string[] = [...first.body.items.map((i: { enrollmentId: string }) => i.enrollmentId)];
        let cursor = first.body.nextCursor as string | null;
        while (cursor) {
          const next = await caseload(agencyadmin, key, `?status=all&sort=${sort}&limit=1&cursor=${cursor}`);
          assert.equal(next.status, 200);
          assert.equal(next.body.total, first.body.total);
          seen.push(...next.body.items.map((i: { enrollmentId: string }) => i.enrollmentId));
          cursor = next.body.nextCursor;
        }
        assert.equal(seen.length, first.body.total, `${key} ${sort}`);
        assert.equal(new Set(seen).size, seen.length, `${key} ${sort}: no row twice`);
        const whole = await caseload(agencyadmin, key, `?status=all&sort=${sort}&limit=200`);
        assert.deepEqual(whole.body.items.map((i: { enrollmentId: string }) => i.enrollmentId), seen, `${key} ${sort}: the pages in the same order as one page`);
      }
    }
    // Sorted by household size, descending: the family of three first.
    const bySize = await caseload(provider, 'northside-rrh', '?status=all&sort=-householdSize');
    assert.equal(bySize.body.items[0].householdSize, 3);
  });

  test('a cursor from another sort, or not from this list, answers 400', async () => {
    const first = await caseload(provider, 'northside-rrh', '?status=all&sort=entryDate&limit=1');
    assert.ok(first.body.nextCursor);
    const other = await caseload(provider, 'northside-rrh', `?status=all&sort=exitDate&limit=1&cursor=${first.body.nextCursor}`);
    assert.equal(other.status, 400);
    assert.equal((await caseload(provider, 'northside-rrh', '?cursor=not-a-cursor')).status, 400);
    assert.equal((await caseload(provider, 'northside-rrh', '?sort=ssn')).status, 400);
  });

  test("a name-sorted cursor carries no name and still places a row that left the list", async () => {
    const first = await caseload(provider, 'northside-rrh', '?status=all&sort=headName&limit=1');
    const decoded = Buffer.from(first.body.nextCursor, 'base64url').toString('utf8');
    assert.doesNotMatch(decoded, new RegExp(first.body.items[0].headName.split(' ')[0], 'i'));
    // With the first row filtered out (active only when it exited, or exited only when it is active), the cursor still pages on.
    const row = first.body.items[0] as { exitDate: string | null };
    const status = row.exitDate ? 'active' : 'exited';
    const all = await caseload(provider, 'northside-rrh', `?status=${status}&sort=headName&limit=200`);
    const rest = await caseload(provider, 'northside-rrh', `?status=${status}&sort=headName&limit=200&cursor=${first.body.nextCursor}`);
    assert.equal(rest.status, 200, JSON.stringify(rest.body));
    const ids = (p: { body: { items: { enrollmentId: string }[] } }) => p.body.items.map((i) => i.enrollmentId);
    assert.deepEqual(ids(rest), ids(all).slice(ids(all).length - ids(rest).length), 'the rows after the cursor, in order');
  });

  test("another agency's project, a project the caller does not work in, or no project: 404", async () => {
    assert.equal((await caseload(provider, 'lakeshore-psh')).status, 404);
    assert.equal((await caseload(provider2, 'northside-psh')).status, 404);
    assert.equal((await caseload(provider, 'northside-es')).status, 404, 'same agency, not in the membership');
    assert.equal((await caseload(matcher, 'northside-psh')).status, 404);
    assert.equal((await provider.get('/api/v1/projects/nosuchproject/caseload')).status, 404);
    assert.equal((await provider.post(`/api/v1/projects/${project('lakeshore-psh')}/caseload/search`, { name: 'keisha' })).status, 404);
    // The agency administrator and the HMIS administrator see it.
    assert.equal((await caseload(agencyadmin, 'northside-es')).status, 200);
    assert.equal((await caseload(admin, 'lakeshore-psh', '?status=all')).status, 200);
    // Every row is audited as a read, with the list it came from.
    const reads = await t.db.database.db.selectFrom('audit_log').select(['details']).where('action', '=', 'client.read').execute();
    assert.ok(reads.some((r) => (r.details as { via?: string } | null)?.via === 'caseload'));
  });

  test("a household whose head the caller may not see is not on the caseload", async () => {
    // A client of Lakeshore (no consent) enrolled by an administrator into Northside's PSH.
    const created = await provider2.post('/api/v1/clients', { firstName: 'Hidden', lastName: 'Household', dateOfBirth: '1971-03-04', consent: { sharing: 'limited' } });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const enroll = await admin.post('/api/v1/enrollments', { projectId: project('northside-psh'), entryDate: '2026-11-02', members: [{ clientId: created.body.id, relationshipToHoH: 1 }] });
    assert.equal(enroll.status, 201, JSON.stringify(enroll.body));
    const asAdmin = await caseload(admin, 'northside-psh');
    assert.ok(asAdmin.body.items.some((i: { clientId: string }) => i.clientId === created.body.id));
    const asProvider = await caseload(provider, 'northside-psh');
    assert.ok(!asProvider.body.items.some((i: { clientId: string }) => i.clientId === created.body.id));
    assert.equal(asProvider.body.total, asAdmin.body.total - 1);
  });
});
