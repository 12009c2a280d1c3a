import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { connectPostgres } from '../../../src/data/db.ts';
import { runTimelinessSweep } from '../../../src/usecases/referrals/sweep.ts';
import { startApp, type TestApp } from '../../helpers/app.ts';
import { APP_ROLE, createTestDatabase, type TestDatabase } from '../../helpers/db.ts';

let db: TestDatabase;
let t: TestApp;
before(async () => {
  db = await createTestDatabase();
  t = await startApp({ database: db });
});
after(async () => {
  await t.close();
  await db.close();
});

test('sweeps from several connections at once: each miss acts exactly once', async () => {
  const matcher = await t.as('matcher');
  const provider2 = await t.as('provider2');
  const ids: string[] = [];
  // Past the first-response deadline (escalate) …
  for (const [client, project, date] of [
    ['maria', 'northside-psh', '2026-11-20'],
    ['jonathan', 'northside-rrh', '2026-11-19'],
    ['priya', 'lakeshore-psh', '2026-11-18'],
  ] as const) {
    const r = await matcher.post('/api/v1/referrals', { clientId: t.ids.clients![client], projectId: t.ids.projects[project], referralDate: date });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    ids.push(r.body.id);
  }
  // … and one past a later step only (flag).
  const slow = await matcher.post('/api/v1/referrals', { clientId: t.ids.clients!.william, projectId: t.ids.projects['lakeshore-psh'], referralDate: '2026-11-05' });
  assert.equal((await provider2.post(`/api/v1/referrals/${slow.body.id}/status`, { status: 'attempting_contact', version: 1 })).status, 200);

  const pools = [0, 1, 2].map(() => connectPostgres({ url: db.url!, role: APP_ROLE, max: 2 }));
  try {
    const results = await Promise.all(pools.map((p) => runTimelinessSweep(p, t.clock, 'http://hearth.test')));
    assert.equal(results.reduce((n, r) => n + r.escalated, 0), 3);
    assert.equal(results.reduce((n, r) => n + r.flagged, 0), 1);
    const again = await Promise.all(pools.map((p) => runTimelinessSweep(p, t.clock, 'http://hearth.test')));
    assert.equal(again.reduce((n, r) => n + r.escalated + r.flagged, 0), 0);
  } finally {
    await Promise.all(pools.map((p) => p.close()));
  }
  for (const id of ids) {
    const hist = await db.owner.db.selectFrom('referral_status_history').select(['to_code', 'by_system']).where('referral_id', '=', id).orderBy('seq').execute();
    assert.deepEqual(hist, [
      { to_code: 'matched', by_system: false },
      { to_code: 'rematch_provider_no_response', by_system: true },
    ]);
    const rematch = await db.owner.db.selectFrom('rematch_requests').select('id').where('from_referral_id', '=', id).execute();
    assert.equal(rematch.length, 1);
  }
  const slowRow = await db.owner.db.selectFrom('referrals').select(['status_code', 'flagged_steps']).where('id', '=', slow.body.id).executeTakeFirstOrThrow();
  assert.deepEqual(slowRow, { status_code: 'attempting_contact', flagged_steps: ['engagement'] });
  // Each escalation notifies the project's contacts and the matching team once (not once per sweep).
  const expected = [3, 3, 2]; // Northside PSH, Northside RRH: provider, agency admin, matcher; Lakeshore PSH: provider2, matcher
  for (const [i, id] of ids.entries()) {
    const n = await db.owner.db.selectFrom('notifications').select('user_id').where('kind', '=', 'referral.escalated').where('entity_id', '=', id).execute();
    assert.equal(n.length, expected[i]);
    assert.equal(new Set(n.map((x) => x.user_id)).size, n.length);
  }
});
