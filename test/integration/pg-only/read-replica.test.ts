/**
 * The read replica (issue 20 point 8): a real PostgreSQL streaming replica of the test server, made on
 * this machine with `pg_basebackup -R` into a second cluster on a free port of its own (run as the
 * `postgres` user when the test runs as root: PostgreSQL refuses to run as root). The server must allow
 * replication connections from 127.0.0.1: scripts/pg-replication-access.sh adds that one pg_hba line
 * idempotently (CI runs it; the test runs it too).
 *
 * A report read from the replica shows how far behind it is: with replay paused, a referral written on
 * the primary is missing from the report and the lag is shown; once replay resumes it is there, lag 0.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { connectPostgres, type Database } from '../../../src/data/db.ts';
import { createJobWorker } from '../../../src/jobs/registry.ts';
import { newId } from '../../../src/domain/ids.ts';
import { APP_ROLE } from '../../helpers/db.ts';
import { startApp, type Client, type TestApp } from '../../helpers/app.ts';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const adminUrl = process.env.TEST_DATABASE_URL!;
const asPostgres = process.getuid?.() === 0;

function run(cmd: string, args: string[], opts: { cwd?: string } = {}): string {
  const [file, argv] = asPostgres ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
  const r = spawnSync(file, argv, { encoding: 'utf8', ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr || r.stdout}`);
  return r.stdout;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

let t: TestApp;
let dir: string;
let bin: string;
let replicaPort: number;
let replica: Database;
let superReplica: pg.Client;
let admin: Client;

before(async () => {
  execFileSync('bash', [path.join(ROOT, 'scripts/pg-replication-access.sh')], { stdio: 'inherit' });
  t = await startApp();
  const probe = new pg.Client({ connectionString: adminUrl });
  await probe.connect();
  const major = Math.floor(Number((await probe.query('show server_version_num')).rows[0].server_version_num) / 10000);
  await probe.end();
  bin = `/usr/lib/postgresql/${major}/bin`;
  assert.ok(fs.existsSync(path.join(bin, 'pg_ctl')), `PostgreSQL ${major} binaries in ${bin}`);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-replica-'));
  if (asPostgres) execFileSync('chown', ['postgres:postgres', dir]);
  fs.chmodSync(dir, 0o700);
  const u = new URL(adminUrl);
  run(path.join(bin, 'pg_basebackup'), ['-h', u.hostname, '-p', u.port || '5432', '-U', u.username || 'postgres', '-D', dir, '-R', '-X', 'stream', '-c', 'fast']);
  replicaPort = await freePort();
  // A Debian cluster keeps its configuration outside the data directory: the replica gets its own.
  const conf = [`port = ${replicaPort}`, `listen_addresses = '127.0.0.1'`, `unix_socket_directories = '${dir}'`, `hba_file = '${dir}/pg_hba.conf'`, `ident_file = '${dir}/pg_ident.conf'`, 'hot_standby = on', "shared_buffers = '32MB'", 'fsync = off'].join('\n');
  for (const [name, text] of [['postgresql.conf', `${conf}\n`], ['pg_hba.conf', 'local all all trust\nhost all all 127.0.0.1/32 trust\n'], ['pg_ident.conf', '']] as const) {
    fs.writeFileSync(path.join(dir, name), text);
    if (asPostgres) execFileSync('chown', ['postgres:postgres', path.join(dir, name)]);
  }
  run(path.join(bin, 'pg_ctl'), ['-D', dir, '-l', path.join(dir, 'server.log'), '-w', '-t', '60', 'start']);
  const replicaUrl = new URL(t.db.url!);
  replicaUrl.port = String(replicaPort);
  replica = connectPostgres({ url: replicaUrl.toString(), role: APP_ROLE, max: 2 });
  superReplica = new pg.Client({ connectionString: replicaUrl.toString() });
  await superReplica.connect();
  admin = await t.as('admin');
});

after(async () => {
  await superReplica?.end().catch(() => {});
  await replica?.close().catch(() => {});
  await t?.close();
  if (dir) {
    try {
      run(path.join(bin, 'pg_ctl'), ['-D', dir, '-m', 'immediate', '-w', 'stop']);
    } catch {
      /* not started */
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

async function runOnReplica(): Promise<{ total: number; source: { database: string; lagSeconds: number; lagBytes: number } }> {
  const started = await admin.post('/api/v1/reports/referral-outcomes/runs', { startDate: '2025-01-01', endDate: '2027-12-31' });
  assert.equal(started.status, 202);
  await createJobWorker(t.db.database, t.clock, t.config, undefined, replica).runDue();
  const r = (await admin.get(`/api/v1/reports/runs/${started.body.id}`)).body;
  assert.equal(r.status, 'done', r.error);
  const status = r.result.tables.find((x: { id: string }) => x.id === 'referral-outcomes-status');
  return { total: status.rows.find((x: { key: string }) => x.key === 'total').cells[1], source: r.source };
}

test('a report reads from the streaming replica and says how far behind it is', async () => {
  assert.equal((await superReplica.query('select pg_is_in_recovery() as r')).rows[0].r, true, 'the second cluster is a standby');
  const before = await runOnReplica();
  assert.equal(before.source.database, 'replica');

  await superReplica.query('select pg_wal_replay_pause()');
  // A new referral on the primary, which the paused replica has not replayed.
  const db = t.db.owner.db;
  const head = await db.selectFrom('clients').select('id').orderBy('id').executeTakeFirstOrThrow();
  const now = t.clock.now();
  await db
    .insertInto('referrals')
    .values({ id: newId(), client_id: head.id, household_snapshot: JSON.stringify([{ clientId: head.id, relationshipToHoH: 1 }]), project_id: t.ids.projects['northside-psh']!, referral_date: now.toISOString().slice(0, 10), status_code: 'matched', status_label: 'CES: Matched: Awaiting response by Housing Provider', status_changed_at: now, created_at: now, updated_at: now })
    .execute();
  const behind = await runOnReplica();
  assert.equal(behind.total, before.total, 'the replica does not have the new referral yet');
  assert.ok(behind.source.lagBytes > 0, `lag shown: ${JSON.stringify(behind.source)}`);
  assert.ok(behind.source.lagSeconds >= 0);
  // The run page says so.
  const page = (await admin.get('/api/v1/reports/runs')).body.items[0];
  assert.equal(page.source.database, 'replica');

  await superReplica.query('select pg_wal_replay_resume()');
  // Replay takes its time on a shared server (other runs' CREATE DATABASE … TEMPLATE write much WAL).
  const referralsOnPrimary = Number((await db.selectFrom('referrals').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  for (let i = 0; i < 600; i++) {
    if (Number((await superReplica.query('select count(*) as n from referrals')).rows[0].n) === referralsOnPrimary) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const caughtUp = await runOnReplica();
  assert.equal(caughtUp.total, before.total + 1, 'the replica caught up');
  // Other engineers' writes on a shared server may keep a few bytes in flight: only seconds are asserted.
  assert.ok(caughtUp.source.lagSeconds < 5, JSON.stringify(caughtUp.source));
});
