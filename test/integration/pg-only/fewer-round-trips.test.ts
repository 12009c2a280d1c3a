import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { loadConfig } from '../../../src/config.ts';
import { connectPostgres, type Database } from '../../../src/data/db.ts';
import { buildApp } from '../../../src/http/app.ts';
import { writeAudit } from '../../../src/usecases/audit.ts';
import type { RequestContext } from '../../../src/usecases/context.ts';
import { Client, startApp, type TestApp } from '../../helpers/app.ts';
import { APP_ROLE } from '../../helpers/db.ts';

/**
 * Per-request cost (issue 10): BEGIN and audit rows are pipelined (src/data/pipelined-driver.ts) and the
 * CoC configuration is cached per process behind settings_version — neither may change what a
 * transaction means nor let one server process serve another's stale configuration.
 */
describe('pipelined transactions keep their meaning', () => {
  let database: Database;
  let t: TestApp;
  const ctx = (): RequestContext => ({ actor: null, requestId: 'test', address: null, clock: t.clock });
  before(async () => {
    t = await startApp({ demo: false });
    // One connection: every transaction below reuses the one before it.
    database = connectPostgres({ url: t.db.url!, role: APP_ROLE, max: 1 });
  });
  after(async () => {
    await database?.close();
    await t?.close();
  });
  const rows = async (action: string) => (await sql<{ n: number }>`select count(*)::int as n from audit_log where action = ${action}`.execute(database.db)).rows[0]!.n;

  test('an audit row written without waiting commits with the transaction', async () => {
    const result = await database.transaction(async (tx) => {
      await writeAudit(tx, ctx(), { action: 'test.deferred.ok' });
      return (await sql<{ one: number }>`select 1 as one`.execute(tx)).rows[0]!.one;
    });
    assert.equal(result, 1);
    assert.equal(await rows('test.deferred.ok'), 1);
  });

  test('a failing audit row fails the transaction with its own error; nothing commits', async () => {
    // action is NOT NULL: the insert fails on the server after the use case has moved on.
    await assert.rejects(
      database.transaction(async (tx) => {
        await writeAudit(tx, ctx(), { action: 'test.deferred.before' });
        await writeAudit(tx, ctx(), { action: null as unknown as string });
        await sql`select 1`.execute(tx);
      }),
      (e: { code?: string }) => e.code === '23502',
    );
    await assert.rejects(
      database.transaction(async (tx) => {
        await writeAudit(tx, ctx(), { action: 'test.deferred.before' });
        await writeAudit(tx, ctx(), { action: null as unknown as string });
      }),
      (e: { code?: string }) => e.code === '23502',
      'as the last statement before COMMIT too',
    );
    assert.equal(await rows('test.deferred.before'), 0);
    // The connection is clean afterwards.
    await database.transaction((tx) => writeAudit(tx, ctx(), { action: 'test.deferred.after' }));
    assert.equal(await rows('test.deferred.after'), 1);
  });

  test('a use case that throws rolls back what it wrote, BEGIN pipelined or not', async () => {
    await assert.rejects(
      database.transaction(async (tx) => {
        await writeAudit(tx, ctx(), { action: 'test.rolled.back' });
        await sql`insert into holidays (day, name, kind, updated_at) values ('2032-01-05', 'x', 'closed', now())`.execute(tx);
        throw new Error('use case failed');
      }),
      /use case failed/,
    );
    assert.equal(await rows('test.rolled.back'), 0);
    assert.equal((await sql`select 1 from holidays where day = '2032-01-05'`.execute(database.db)).rows.length, 0);
  });

  test('statements in a transaction see the ones written before them', async () => {
    const seen = await database.transaction(async (tx) => {
      await writeAudit(tx, ctx(), { action: 'test.read.own' });
      return (await sql<{ n: number }>`select count(*)::int as n from audit_log where action = 'test.read.own'`.execute(tx)).rows[0]!.n;
    });
    assert.equal(seen, 1);
  });
});

/** A second application on `a`'s database with its own pool (of `max` connections) and its own cache, as another process would have. */
async function otherProcess(a: TestApp, max?: number) {
  const database: Database = connectPostgres({ url: a.db.url!, role: APP_ROLE, ...(max ? { max } : {}) });
  const app = await buildApp({ database, clock: a.clock, config: { ...loadConfig({}), port: 0 } });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    database,
    url,
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}

describe('two server processes on one database', () => {
  let a: TestApp;
  let b: Awaited<ReturnType<typeof otherProcess>>;
  before(async () => {
    a = await startApp();
    b = await otherProcess(a);
  });
  after(async () => {
    await b?.close();
    await a?.close();
  });

  test("one process's configuration change is served by the other on its next request", async () => {
    const onB = new Client(b.url);
    assert.equal((await onB.login('provider')).status, 200);
    const before = await onB.get('/api/v1/referral-statuses');
    assert.equal(before.status, 200);
    const admin = await a.as('admin');
    const current = await admin.get('/api/v1/admin/referral-config');
    const changed = structuredClone(current.body.config);
    changed.statuses[0].label = 'Renamed on A';
    const put = await admin.put('/api/v1/admin/referral-config', { config: changed, version: current.body.version });
    assert.equal(put.status, 200);
    const after = await onB.get('/api/v1/referral-statuses');
    assert.equal(after.body.items[0].label, 'Renamed on A');
    assert.notEqual(before.body.items[0].label, 'Renamed on A');
  });

  test('signing out on one process ends the session on the other at once', async () => {
    const onA = await a.as('provider');
    const onB = new Client(b.url);
    onB.cookie = onA.cookie;
    onB.csrfToken = onA.csrfToken;
    assert.equal((await onB.get('/api/v1/me')).status, 200);
    assert.equal((await onA.post('/api/v1/auth/logout')).status, 204);
    assert.equal((await onB.get('/api/v1/me')).status, 401);
  });
});

describe('a busy pool is not a database outage', () => {
  let a: TestApp;
  let small: Awaited<ReturnType<typeof otherProcess>>;
  before(async () => {
    a = await startApp();
    small = await otherProcess(a, 1);
  });
  after(async () => {
    await small?.close();
    await a?.close();
  });

  test('a request that finds no free connection is shed (503); the next one is served at once', async () => {
    const c = new Client(small.url);
    assert.equal((await c.login('provider')).status, 200);
    let release!: () => void;
    const held = small.database.transaction(() => new Promise<void>((r) => (release = r)));
    let shed;
    try {
      shed = await c.get('/api/v1/me');
    } finally {
      release();
      await held;
    }
    assert.equal(shed.status, 503);
    assert.equal(shed.headers.get('retry-after'), '1');
    // Marked "database unavailable", the server would answer 503 until its probe passed.
    assert.equal((await c.get('/api/v1/me')).status, 200);
  });
});
