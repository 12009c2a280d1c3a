import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startApp, type TestApp, type Client } from '../helpers/app.ts';
import { writeAudit } from '../../src/usecases/audit.ts';

describe('audit log search', () => {
  let t: TestApp;
  let admin: Client;
  let agencyId: string;
  before(async () => {
    t = await startApp({ now: '2026-11-25T15:00:00Z' });
    admin = await t.as('admin');
    // Client reads happen in other modules; two rows for a client, on different days.
    const ctx = (userId: string, at: string) => ({
      actor: { userId, username: 'x', memberships: [] },
      requestId: 'req-' + at,
      address: '192.0.2.7',
      clock: { now: () => new Date(at) },
    });
    await writeAudit(t.db.database.db, ctx(t.ids.users.provider!, '2026-11-20T10:00:00Z'), { action: 'client.read', entityType: 'client', entityId: 'c0ffee', clientId: 'c0ffee', reason: 'referral to an assigned project' });
    await writeAudit(t.db.database.db, ctx(t.ids.users.hrs!, '2026-11-24T10:00:00Z'), { action: 'client.read', entityType: 'client', entityId: 'c0ffee', clientId: 'c0ffee', reason: 'CE project staff' });
    const created = await admin.post('/api/v1/agencies', { name: 'Audited Agency' });
    agencyId = created.body.id;
  });
  after(() => t.close());

  test('only HMIS administrators search; every search is itself audited', async () => {
    for (const u of ['agencyadmin', 'matcher', 'provider']) assert.equal((await (await t.as(u)).get('/api/v1/audit')).status, 403, u);
    const res = await admin.get('/api/v1/audit?limit=5');
    assert.equal(res.status, 200);
    const searches = await t.db.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'audit.search').where('user_id', '=', t.ids.users.admin!).execute();
    assert.ok(searches.length >= 1);
    assert.equal((searches.at(-1)!.details as any).filter.limit, 5);
  });

  test('items carry who, when, action, entity, before/after, reason, request id and address', async () => {
    const res = await admin.get(`/api/v1/audit?userId=${t.ids.users.admin}&action=agency.create`);
    assert.equal(res.status, 200);
    const item = res.body.items.find((i: any) => i.entityId === agencyId);
    assert.ok(item, JSON.stringify(res.body.items));
    assert.equal(item.username, 'admin');
    assert.equal(item.entityType, 'agency');
    assert.equal(item.after.name, 'Audited Agency');
    assert.equal(item.before, null);
    assert.match(item.requestId, /^[0-9a-f]{32}$/);
    assert.ok(item.address);
    assert.ok(!Number.isNaN(Date.parse(item.at)));
    assert.ok(res.body.items.every((i: any) => i.userId === t.ids.users.admin && i.action === 'agency.create'));
  });

  test('filters by client and by time range', async () => {
    const byClient = await admin.get('/api/v1/audit?clientId=c0ffee');
    assert.deepEqual(byClient.body.items.map((i: any) => i.username), ['hrs', 'provider']);
    assert.equal(byClient.body.items[0].reason, 'CE project staff');
    const range = await admin.get('/api/v1/audit?clientId=c0ffee&from=2026-11-19&to=2026-11-21');
    assert.deepEqual(range.body.items.map((i: any) => i.username), ['provider']);
    const fromOnly = await admin.get('/api/v1/audit?clientId=c0ffee&from=2026-11-24T09:00:00Z');
    assert.deepEqual(fromOnly.body.items.map((i: any) => i.username), ['hrs']);
    const byUser = await admin.get(`/api/v1/audit?userId=${t.ids.users.provider}`);
    assert.ok(byUser.body.items.length >= 1);
    assert.ok(byUser.body.items.every((i: any) => i.userId === t.ids.users.provider));
    assert.equal((await admin.get('/api/v1/audit?from=yesterday')).status, 400);
  });

  test('keyset pagination on id, newest first, without gaps or repeats', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: any = await admin.get(`/api/v1/audit?userId=${t.ids.users.admin}&action=auth&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      assert.equal(res.status, 200);
      seen.push(...res.body.items.map((i: any) => i.id));
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor && pages < 50);
    assert.ok(seen.length >= 1);
    assert.equal(new Set(seen).size, seen.length, 'no repeats');
    const ids = seen.map(Number);
    assert.deepEqual([...ids].sort((a, b) => b - a), ids, 'newest first');
    const all = await admin.get(`/api/v1/audit?userId=${t.ids.users.admin}&action=auth&limit=200`);
    assert.deepEqual(all.body.items.map((i: any) => i.id), seen);
    assert.equal(all.body.nextCursor, null);
  });
});
