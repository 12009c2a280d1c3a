import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { ManualClock } from '../../../src/clock.ts';
import { loadConfig } from '../../../src/config.ts';
import { connectPostgres } from '../../../src/data/db.ts';
import { buildApp } from '../../../src/http/app.ts';
import { loadDemo } from '../../../src/demo/seed.ts';
import { Client } from '../../helpers/app.ts';
import { APP_ROLE, createTestDatabase, type TestDatabase } from '../../helpers/db.ts';

/**
 * The server reaches PostgreSQL through a TCP relay the test controls. Stopping the relay closes every
 * connection and refuses new ones — what the server sees when PostgreSQL stops.
 */
class Relay {
  #server: net.Server | null = null;
  #sockets = new Set<net.Socket>();
  port = 0;
  readonly target: { host: string; port: number };
  constructor(target: { host: string; port: number }) {
    this.target = target;
  }
  async start(port = 0): Promise<void> {
    this.#server = net.createServer((client) => {
      const upstream = net.connect(this.target);
      for (const s of [client, upstream]) {
        this.#sockets.add(s);
        s.on('close', () => this.#sockets.delete(s));
        s.on('error', () => s.destroy());
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => this.#server!.listen(port, '127.0.0.1', resolve));
    this.port = (this.#server.address() as net.AddressInfo).port;
  }
  async stop(): Promise<void> {
    for (const s of this.#sockets) s.destroy();
    this.#sockets.clear();
    await new Promise<void>((resolve) => (this.#server ? this.#server.close(() => resolve()) : resolve()));
    this.#server = null;
  }
}

let db: TestDatabase;
let relay: Relay;
before(async () => {
  db = await createTestDatabase();
});
after(async () => {
  await relay?.stop();
  await db.close();
});

test('503 with Retry-After within 2 s while PostgreSQL is unreachable, and recovery by itself', async () => {
  const target = new URL(db.url!);
  relay = new Relay({ host: target.hostname, port: Number(target.port || 5432) });
  await relay.start();
  const viaRelay = new URL(db.url!);
  viaRelay.port = String(relay.port);
  const database = connectPostgres({ url: viaRelay.toString(), role: APP_ROLE });
  const clock = new ManualClock('2026-11-25T15:00:00Z');
  await loadDemo(database, clock);
  const app = await buildApp({ database, clock, config: { ...loadConfig({}), port: 0 } });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  try {
    const c = new Client(url);
    assert.equal((await c.login('admin')).status, 200);
    assert.equal((await c.get('/api/v1/agencies')).status, 200);

    await relay.stop();
    for (const path of ['/api/v1/agencies', '/api/v1/me', '/api/v1/projects']) {
      const started = performance.now();
      const res = await c.get(path);
      const elapsed = performance.now() - started;
      assert.equal(res.status, 503, `${path}: ${JSON.stringify(res.body)}`);
      assert.ok(res.contentType?.startsWith('application/problem+json'));
      assert.ok(Number(res.headers.get('retry-after')) > 0);
      assert.ok(elapsed < 2000, `${path} answered in ${elapsed} ms`);
    }
    const ready = await c.get('/readyz');
    assert.equal(ready.status, 503);
    assert.equal((await c.get('/healthz')).status, 200, 'the process itself is up');

    await relay.start(relay.port);
    let status = 0;
    for (let i = 0; i < 60 && status !== 200; i++) {
      await new Promise((r) => setTimeout(r, 100)); // waiting on the server's own probe, not on time itself
      status = (await c.get('/api/v1/agencies')).status;
    }
    assert.equal(status, 200, 'the server recovered without a restart');
    assert.equal((await c.get('/readyz')).status, 200);
  } finally {
    await app.close();
    await database.close();
  }
});
