import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startApp, type TestApp } from '../../helpers/app.ts';

/**
 * One open CE enrollment per client, under concurrency: on PostgreSQL several requests run at once
 * (PGlite serializes them), so the partial unique index is what refuses the second enrollment.
 */
let t: TestApp;
before(async () => {
  assert.ok(process.env.TEST_DATABASE_URL, 'needs a PostgreSQL server (TEST_DATABASE_URL)');
  t = await startApp();
});
after(async () => t?.close());

test('concurrent CE enrollments of one client: exactly one is created, the others answer 409', async () => {
  const clients = await Promise.all([t.as('hrs'), t.as('hrs'), t.as('hrs'), t.as('hrs')]);
  const jonathan = t.ids.clients!.jonathan!;
  const answers = await Promise.all(clients.map((c) => c.post(`/api/v1/clients/${jonathan}/ce-enrollment`, { entryDate: '2026-11-24' })));
  const statuses = answers.map((a) => a.status).sort();
  assert.deepEqual(statuses, [201, 409, 409, 409], JSON.stringify(answers.map((a) => a.body)));
  const open = await t.db.database.db.selectFrom('enrollments').select('id').where('client_id', '=', jonathan).where('exit_date', 'is', null).execute();
  assert.equal(open.length, 1);
});
