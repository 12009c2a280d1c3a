import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../../src/clock.ts';
import { connectPostgres } from '../../../src/data/db.ts';
import { enqueue } from '../../../src/jobs/queue.ts';
import { JobWorker } from '../../../src/jobs/worker.ts';
import { APP_ROLE, createTestDatabase, type TestDatabase } from '../../helpers/db.ts';

let db: TestDatabase;
before(async () => {
  db = await createTestDatabase();
});
after(() => db.close());

test('several workers on separate connections run each job exactly once; a dedupe key exists once', async () => {
  const clock = new ManualClock('2026-11-25T15:00:00Z');
  for (let i = 0; i < 60; i++) {
    assert.equal(await enqueue(db.database.db, { kind: 'count', runAt: clock.now(), dedupeKey: `k${i}`, payload: { i } }), true);
  }
  assert.equal(await enqueue(db.database.db, { kind: 'count', runAt: clock.now(), dedupeKey: 'k7' }), false);

  const seen: number[] = [];
  const pools = [0, 1, 2].map(() => connectPostgres({ url: db.url!, role: APP_ROLE, max: 2 }));
  try {
    const workers = pools.map((p) =>
      new JobWorker(p, clock).register('count', async ({ payload }) => {
        seen.push(payload.i as number);
        await new Promise((r) => setImmediate(r));
      }),
    );
    let ran = 1;
    while (ran > 0) ran = (await Promise.all(workers.map((w) => w.runDue(5)))).reduce((a, b) => a + b, 0);
    assert.equal(seen.length, 60);
    assert.equal(new Set(seen).size, 60);
    const open = await db.owner.db.selectFrom('jobs').select('id').where('done_at', 'is', null).execute();
    assert.equal(open.length, 0);
  } finally {
    await Promise.all(pools.map((p) => p.close()));
  }
});
