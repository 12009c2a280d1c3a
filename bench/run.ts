/**
 * The benchmark suite (issue 10): `npm run bench -- --scale small|medium|chicago [--reps 3] [--seconds 1]`.
 *
 * Against PostgreSQL: DATABASE_URL, or a database `hearth_bench_<scale>` made on TEST_DATABASE_URL's
 * server (default postgres://postgres@127.0.0.1:5432/postgres), seeded with `src/cli/seed.ts` when empty.
 * Starts the server as its own process (`node src/main.ts`), signs in case managers of several agencies
 * and a CES matcher, and drives the load from another process (bench/load.ts, autocannon). Each
 * repetition measures, side by side, every endpoint at one connection and its main query as raw SQL
 * through `pg` (same parameters), the status update, the peak (200 requests/s, 10 % writes), and
 * saturation (50 connections, closed loop) against the raw SQL of the same reads. Medians of the
 * repetitions are reported. Then the timeliness sweep (timed in this process) and the HUD CSV hook.
 * Prints a table and writes bench/results/<scale>.json.
 *
 * BENCH_SERVER_NODE_ARGS: extra Node options for the server (e.g. "--cpu-prof --cpu-prof-dir=DIR" to see
 * where its time goes under the same load).
 */
import { execFile } from 'node:child_process';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { Kysely, PostgresDialect, type CompiledQuery } from 'kysely';
import pg from 'pg';
import { loadConfig } from '../src/config.ts';
import { systemClock } from '../src/clock.ts';
import { connectPostgres } from '../src/data/db.ts';
import { openDatabase } from '../src/data/open.ts';
import type { DB } from '../src/data/schema.ts';
import type { Actor, Membership } from '../src/domain/access.ts';
import { findVisibleClient, visibilityReasonSql } from '../src/data/gateway/clients.ts';
import { countTile, openTileReferralsWithHistory, tileReferrals, type TileFilter } from '../src/data/repos/counts-reports.ts';
import { historyOf, visibleReferralsFilter } from '../src/data/repos/referrals.ts';
import { ceListPage, staleMarkCount } from '../src/data/repos/ce-list.ts';
import { FULL_REBUILD_AT } from '../src/usecases/openings/ce-list-refresh.ts';
import { BENCH_NOTE } from './load.ts';
import { visibleClientsByName } from '../src/data/repos/client-search.ts';
import { SEARCH_COUNT_CAP } from '../src/usecases/clients/search.ts';
import { DEFAULT_PRIORITIZATION, listDayLimits } from '../src/domain/prioritization/index.ts';
import { runTimelinessSweep } from '../src/usecases/referrals/sweep.ts';
import { PROFILES, SEED_PASSWORD, seedDatabase, type ScaleName, type SeedResult } from '../src/cli/seed.ts';
import type { HttpRequestSpec, HttpSpec, LoadResult, SqlSpec, SqlUnit, WriteTarget } from './load.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const run = promisify(execFile);

const { values: args } = parseArgs({
  options: {
    scale: { type: 'string', default: 'small' },
    reps: { type: 'string', default: '3' },
    seconds: { type: 'string', default: '1' },
    'peak-seconds': { type: 'string', default: '4' },
    seed: { type: 'string', default: '1' },
    /** Print EXPLAIN (ANALYZE, BUFFERS) of every main query (first user) and stop. */
    explain: { type: 'boolean', default: false },
    /** Client counts for bench/hud.ts (comma-separated); default: this scale's. */
    'hud-sizes': { type: 'string' },
    'no-hud': { type: 'boolean', default: false },
    'no-reports': { type: 'boolean', default: false },
  },
});
const scale = args.scale as ScaleName;
if (!(scale in PROFILES)) {
  console.error(`--scale must be one of ${Object.keys(PROFILES).join(', ')}`);
  process.exit(2);
}
const reps = Number(args.reps);
const S = Math.min(5, Number(args.seconds));
const PEAK_S = Math.min(5, Number(args['peak-seconds']));
const startedAt = performance.now();
const log = (line: string) => console.error(`[bench ${((performance.now() - startedAt) / 1000).toFixed(0).padStart(4)} s] ${line}`);
const median = (xs: number[]) => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const r2 = (x: number) => (Number.isFinite(x) ? Math.round(x * 100) / 100 : null);

// ------------------------------------------------------------------------------------------- database

async function benchDatabaseUrl(): Promise<string> {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  const base = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `hearth_bench_${scale}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  const { rows } = await admin.query('select 1 from pg_database where datname = $1', [name]);
  if (rows.length === 0) await admin.query(`create database ${name}`);
  await admin.end();
  const u = new URL(base);
  u.pathname = `/${name}`;
  return u.toString();
}

const databaseUrl = await benchDatabaseUrl();
const config = loadConfig({ ...process.env, DATABASE_URL: databaseUrl });
{
  const d = await openDatabase(config); // migrates, creates the application role
  await d.close();
}
const owner = new pg.Pool({ connectionString: databaseUrl, max: 4, application_name: 'hearth-bench' });
let seedResult: SeedResult | null = null;
{
  const { rows } = await owner.query<{ n: string }>('select count(*) as n from clients');
  if (Number(rows[0]!.n) === 0) {
    log(`seeding ${scale}…`);
    seedResult = await seedDatabase(databaseUrl, { scale, seed: Number(args.seed), log });
  }
}
// The status updates of earlier runs are taken back: run after run their history piled up on the same
// referrals (~80 changes each after eight runs), which the counts and the lists read.
{
  const c = await owner.connect();
  try {
    await c.query('begin');
    const { rows } = await c.query<{ referral_id: string }>('delete from referral_status_history where note = $1 returning referral_id', [BENCH_NOTE]);
    const ids = [...new Set(rows.map((r) => r.referral_id))];
    await c.query(
      `update referrals r set status_code = h.to_code, status_label = h.label, status_changed_at = h.changed_at
         from (select distinct on (referral_id) referral_id, to_code, label, changed_at from referral_status_history
                where referral_id = any($1) order by referral_id, seq desc) h
        where r.id = h.referral_id`,
      [ids],
    );
    await c.query('commit');
    if (ids.length) log(`took back ${rows.length} status updates of earlier runs on ${ids.length} referrals`);
  } catch (e) {
    await c.query('rollback');
    throw e;
  } finally {
    c.release();
  }
}
// This machine's PostgreSQL runs with autovacuum off (CI's configuration): vacuum as autovacuum would
// in production, so that the rows the seed and earlier runs deleted are not measured.
{
  const t0 = performance.now();
  await owner.query('vacuum analyze');
  log(`vacuum analyze in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}
// Benchmark users sign in with a password only.
await owner.query(`update coc set settings = settings || jsonb_build_object('security', coalesce(settings->'security', '{}'::jsonb) || '{"mfaRequiredRoles": []}'::jsonb)`);
const counts = Object.fromEntries(
  await Promise.all(
    ['clients', 'households', 'enrollments', 'referrals', 'referral_status_history', 'enrollment_services', 'users', 'agencies', 'projects', 'audit_log'].map(async (t) => {
      const { rows } = await owner.query<{ n: string }>(`select count(*) as n from ${t}`);
      return [t, Number(rows[0]!.n)] as const;
    }),
  ),
);
const { rows: openRefs } = await owner.query<{ n: string }>('select count(*) as n from referrals where closed_at is null and not outside_timeliness');
counts.open_referrals = Number(openRefs[0]!.n);
log(`database ${new URL(databaseUrl).pathname.slice(1)}: ${JSON.stringify(counts)}`);

// ---------------------------------------------------------------------------------------------- users

interface BenchUser {
  username: string;
  userId: string;
  actor: Actor;
  cookie: string;
  csrf: string;
}

async function actorOf(username: string): Promise<Actor> {
  const { rows } = await owner.query<{ user_id: string; agency_id: string; role: string; project_ids: string[] | null }>(
    `select u.id as user_id, m.agency_id, m.role,
            case when m.role = 'agency_admin' then array(select p.id from projects p where p.agency_id = m.agency_id)
                 else array(select mp.project_id from membership_projects mp where mp.membership_id = m.id) end as project_ids
       from users u join memberships m on m.user_id = u.id where lower(u.username) = lower($1)`,
    [username],
  );
  if (rows.length === 0) throw new Error(`no user ${username}`);
  return { userId: rows[0]!.user_id, username, memberships: rows.map((r) => ({ agencyId: r.agency_id, role: r.role as Membership['role'], projectIds: r.project_ids ?? [] })) };
}

// Case managers of four agencies, those with the most open referrals in the projects they cover.
const { rows: cmRows } = await owner.query<{ username: string }>(
  `select username from (
     select distinct on (m.agency_id) u.username, count(*) over (partition by u.id) as n, m.agency_id,
            (select count(*) from referrals r join membership_projects mp2 on mp2.project_id = r.project_id
              where mp2.membership_id = m.id and r.closed_at is null and r.status_code in ('attempting_contact', 'engaged')) as writable
       from users u join memberships m on m.user_id = u.id and m.role = 'case_manager'
       join membership_projects mp on mp.membership_id = m.id
       join projects p on p.id = mp.project_id and p.receives_referrals
      order by m.agency_id, (select count(*) from referrals r join membership_projects mp2 on mp2.project_id = r.project_id where mp2.membership_id = m.id and r.closed_at is null) desc, u.username
   ) x where writable > 0 order by writable desc, username limit 4`,
);
if (cmRows.length === 0) throw new Error('no case manager with open referrals: is the database seeded?');

// ----------------------------------------------------------------------------------------------- server

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-bench-'));
let server: ChildProcess | null = null;
async function startServer(): Promise<string> {
  const child = spawn(process.execPath, [...(process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? []), 'src/main.ts'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: '0', HOST: '127.0.0.1', HEARTH_DATA_DIR: dataDir, LOG_LEVEL: 'warn', HEARTH_PUBLIC_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server = child;
  let errText = '';
  child.stderr!.on('data', (d: Buffer) => (errText += d.toString()).slice(-4000));
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /running at (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!.replace('localhost', '127.0.0.1'));
    });
    child.on('exit', (code) => reject(new Error(`server exited (${code}): ${errText}`)));
  });
}
const baseUrl = await startServer();
log(`server at ${baseUrl}`);

async function signIn(username: string): Promise<BenchUser> {
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: SEED_PASSWORD }) });
  if (res.status !== 200) throw new Error(`sign-in of ${username}: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { csrfToken: string; mfaEnrollmentRequired: boolean };
  const cookie = (res.headers.getSetCookie()[0] ?? '').split(';')[0]!;
  return { username, userId: '', actor: await actorOf(username), cookie, csrf: body.csrfToken };
}

const cms = await Promise.all(cmRows.map((r) => signIn(r.username)));
const matcher = await signIn('matcher1');
log(`signed in ${cms.map((u) => u.username).join(', ')} and ${matcher.username}`);

async function api<T>(user: BenchUser, method: 'GET' | 'POST', url: string, body?: unknown): Promise<T> {
  const res = await fetch(`${baseUrl}${url}`, { method, headers: { cookie: user.cookie, 'x-csrf-token': user.csrf, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) });
  if (res.status !== 200) throw new Error(`${method} ${url} as ${user.username}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

// -------------------------------------------------------------------------------- what each user reads

interface UserPlan {
  user: BenchUser;
  tileId: string;
  projectId: string;
  searchQ: string;
  clientId: string;
  writes: WriteTarget[];
}

const today = new Date().toISOString().slice(0, 10);
const plans: UserPlan[] = [];
for (const user of cms) {
  const tiles = await api<{ items: { id: string; projectId: string; count: number }[] }>(user, 'GET', '/api/v1/counts-reports');
  const tile = [...tiles.items].sort((a, b) => b.count - a.count)[0];
  if (!tile) throw new Error(`${user.username} has no counts report`);
  const { rows: clientRows } = await owner.query<{ id: string; first_name: string; last_name: string }>(
    `select c.id, c.first_name, c.last_name from clients c where c.owner_agency_id = $1 and not c.anonymous and c.first_name is not null and c.last_name is not null order by c.id limit 1`,
    [user.actor.memberships[0]!.agencyId],
  );
  const client = clientRows[0];
  if (!client) throw new Error(`no client owned by ${user.username}'s agency`);
  const projectIds = user.actor.memberships.flatMap((m) => m.projectIds);
  const { rows: writable } = await owner.query<{ id: string; version: number; status_code: string }>(
    `select id, version, status_code from referrals where project_id = any($1) and closed_at is null and status_code in ('attempting_contact', 'engaged') order by id`,
    [projectIds],
  );
  plans.push({ user, tileId: tile.id, projectId: tile.projectId, searchQ: `${client.first_name} ${client.last_name}`.toLowerCase(), clientId: client.id, writes: writable.map((w) => ({ id: w.id, version: w.version, status: w.status_code, cookie: user.cookie, csrf: user.csrf })) });
}
const allWrites = plans.flatMap((p) => p.writes);
log(`${allWrites.length} open referrals for status updates`);

const READS = ['counts', 'tileReferrals', 'referrals', 'search', 'profile', 'ceList'] as const;
type Read = (typeof READS)[number];

function httpRequest(read: Read | 'status', plan: UserPlan): HttpRequestSpec {
  const h = (u: BenchUser) => ({ cookie: u.cookie, 'x-csrf-token': u.csrf });
  switch (read) {
    case 'counts':
      return { name: read, method: 'GET', path: '/api/v1/counts-reports', headers: h(plan.user) };
    case 'tileReferrals':
      return { name: read, method: 'GET', path: `/api/v1/counts-reports/${plan.tileId}/referrals`, headers: h(plan.user) };
    case 'referrals':
      return { name: read, method: 'GET', path: `/api/v1/referrals?projectId=${plan.projectId}`, headers: h(plan.user) };
    case 'search':
      return { name: read, method: 'POST', path: '/api/v1/clients/search', headers: { ...h(plan.user), 'content-type': 'application/json' }, body: JSON.stringify({ q: plan.searchQ }) };
    case 'profile':
      return { name: read, method: 'GET', path: `/api/v1/clients/${plan.clientId}`, headers: h(plan.user) };
    case 'ceList':
      return { name: read, method: 'GET', path: '/api/v1/ce-list?limit=25', headers: h(matcher) };
    case 'status':
      return { name: 'status', method: 'POST', path: '/api/v1/referrals/x/status', headers: h(plan.user) };
  }
}

// ------------------------------------------------------------------- the main queries, captured as SQL

/** A Kysely that runs (the dependent queries need real results) and keeps every statement it ran. */
const captured: { sql: string; params: unknown[] }[] = [];
const capPool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
const capDb = new Kysely<DB>({
  dialect: new PostgresDialect({ pool: capPool }),
  log: (event) => {
    if (event.level === 'query') captured.push({ sql: event.query.sql, params: [...event.query.parameters] });
  },
});
async function capture(fn: () => Promise<unknown>): Promise<{ sql: string; params: unknown[] }[]> {
  captured.length = 0;
  await fn();
  return captured.splice(0);
}
const exec = async (q: { compile(): CompiledQuery }) => capDb.executeQuery(q.compile());

async function sqlUnit(read: Read, plan: UserPlan): Promise<SqlUnit> {
  const actor = plan.user.actor;
  let statements: { sql: string; params: unknown[] }[] = [];
  switch (read) {
    case 'counts': {
      // Per tile: its count and its open referrals with their history (what presentTile runs).
      const { rows: tiles } = await owner.query<{ project_id: string; status_filter: TileFilter['status'] }>('select project_id, status_filter from counts_reports where user_id = $1 order by position', [actor.userId]);
      statements = await capture(async () => {
        for (const t of tiles) {
          const f: TileFilter = { projectId: t.project_id, range: null, status: t.status_filter };
          await countTile(capDb, actor, f);
          await openTileReferralsWithHistory(capDb, actor, f);
        }
      });
      break;
    }
    case 'tileReferrals': {
      const { rows: tiles } = await owner.query<{ project_id: string; status_filter: TileFilter['status'] }>('select project_id, status_filter from counts_reports where id = $1', [plan.tileId]);
      const f: TileFilter = { projectId: tiles[0]!.project_id, range: null, status: tiles[0]!.status_filter };
      statements = await capture(async () => {
        await countTile(capDb, actor, f);
        const page = await exec(
          tileReferrals(capDb, actor, f)
            .innerJoin('clients as c', 'c.id', 'r.client_id')
            .select(['r.id', 'r.number', 'r.client_id', 'r.referral_date', 'r.status_code', 'r.status_label', 'r.closed_at', 'r.outside_timeliness', 'r.household_snapshot', 'c.first_name', 'c.last_name', 'c.anonymous'])
            .select(visibilityReasonSql(actor, today).as('access_reason'))
            .orderBy('r.referral_date')
            .orderBy('r.id')
            .limit(51),
        );
        const ids = (page.rows as { id: string }[]).slice(0, 50).map((r) => r.id);
        if (ids.length) await exec(capDb.selectFrom('referral_status_history').select(['referral_id', 'to_code', 'changed_at']).where('referral_id', 'in', ids).orderBy('changed_at'));
      });
      break;
    }
    case 'referrals': {
      statements = await capture(async () => {
        const q = capDb.selectFrom('referrals as r').innerJoin('projects as p', 'p.id', 'r.project_id').innerJoin('clients as c', 'c.id', 'r.client_id').where(visibleReferralsFilter(actor)).where('r.project_id', '=', plan.projectId).where('r.closed_at', 'is', null);
        await exec(q.select((eb) => eb.fn.countAll<number>().as('n')));
        const page = await exec(q.selectAll('r').select(['p.name as project_name', 'c.first_name', 'c.last_name', 'c.anonymous']).select(visibilityReasonSql(actor, today).as('access_reason')).orderBy('r.referral_date').orderBy('r.id').limit(51));
        await historyOf(capDb, (page.rows as { id: string }[]).slice(0, 50).map((r) => r.id));
      });
      break;
    }
    case 'search': {
      // The endpoint's queries (src/usecases/clients/search.ts): the matching names, then the visible
      // clients of the best names, with what the page shows, up to the page and the capped count.
      const q = plan.searchQ;
      statements = await capture(() => visibleClientsByName(capDb, actor, today, q, SEARCH_COUNT_CAP + 1));
      break;
    }
    case 'profile':
      statements = await capture(() => findVisibleClient(capDb, actor, plan.clientId, today));
      break;
    case 'ceList':
      // The upkeep check, then the page (the list is up to date: the bench's status updates only toggle
      // between two open statuses, which leave no mark — migration 0017).
      statements = await capture(async () => {
        await staleMarkCount(capDb, today, today, FULL_REBUILD_AT);
        const limits = listDayLimits(today, DEFAULT_PRIORITIZATION);
        await ceListPage(capDb, matcher.actor, { today, visibilityDay: today, timeZone: 'America/Chicago', limits, settings: DEFAULT_PRIORITIZATION, filter: { includeInactive: false }, offset: 0, limit: 25 });
      });
      break;
  }
  return { name: read, statements };
}

const units = new Map<string, SqlUnit>();
for (const plan of plans) for (const read of READS) units.set(`${read}:${plan.user.username}`, await sqlUnit(read, plan));
await capDb.destroy();
log(`captured the main queries (${[...units.values()].reduce((n, u) => n + u.statements.length, 0)} statements)`);
if (args.explain) {
  for (const read of READS) {
    for (const st of units.get(`${read}:${plans[0]!.user.username}`)!.statements) {
      const { rows } = await owner.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers) ${st.sql}`, st.params);
      const plan = rows.map((r) => r['QUERY PLAN']);
      console.log(`\n=== ${read}: ${st.sql.replace(/\s+/g, ' ').slice(0, 160)}…\n${plan.join('\n')}`);
    }
  }
  (server as ChildProcess | null)?.kill('SIGTERM');
  await owner.end();
  fs.rmSync(dataDir, { recursive: true, force: true });
  process.exit(0);
}

// ---------------------------------------------------------------------------------------- measurements

type Spec = HttpSpec | SqlSpec;
async function load(specs: Spec[]): Promise<LoadResult[]> {
  const file = path.join(dataDir, `spec-${Math.random().toString(16).slice(2)}.json`);
  fs.writeFileSync(file, JSON.stringify(specs));
  const { stdout } = await run(process.execPath, [path.join(here, 'load.ts'), file], { cwd: root, maxBuffer: 1 << 26 });
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as LoadResult[];
}
const http = (requests: HttpRequestSpec[], connections: number, seconds: number, extra: Partial<HttpSpec> = {}): HttpSpec => ({
  kind: 'http',
  url: baseUrl,
  connections,
  durationSeconds: seconds,
  requests,
  // Every measurement waits for the server to finish what it accepted before the next one starts.
  drain: httpRequest('profile', plans[0]!),
  ...(server?.pid ? { serverPid: server.pid } : {}),
  ...extra,
});
const rawSql = (u: SqlUnit[], concurrency: number, seconds: number): SqlSpec => ({ kind: 'sql', databaseUrl, concurrency, durationSeconds: seconds, units: u });
/** The server's pool holds 10 connections: the raw SQL gets as many. */
const SQL_CONCURRENCY = 10;

const main = plans[0]!;
// The peak mix: 90 % reads spread over the users, 10 % status updates.
const MIX: [Read | 'status', number][] = [['counts', 15], ['tileReferrals', 10], ['referrals', 10], ['search', 20], ['profile', 30], ['ceList', 5], ['status', 10]];
const mixRequests: HttpRequestSpec[] = [];
for (let i = 0; i < 10; i++) for (const [read, w] of MIX) for (let k = 0; k < w / 5; k++) mixRequests.push(httpRequest(read, plans[(i + k) % plans.length]!));
const readMix = mixRequests.filter((r) => r.name !== 'status');
const readMixUnits = READS.flatMap((read) => plans.map((p) => units.get(`${read}:${p.user.username}`)!));

interface Rep {
  single: Record<string, LoadResult>;
  raw: Record<string, LoadResult>;
  satHttp: Record<string, LoadResult>;
  satRaw: Record<string, LoadResult>;
  peak: LoadResult;
  satMix: LoadResult;
  satMixRaw: LoadResult;
}
const repResults: Rep[] = [];
for (let rep = 1; rep <= reps; rep++) {
  // Each repetition's load process starts from the referrals' current versions.
  const { rows: current } = await owner.query<{ id: string; version: number; status_code: string }>('select id, version, status_code from referrals where id = any($1)', [allWrites.map((w) => w.id)]);
  const now = new Map(current.map((c) => [c.id, c]));
  for (const w of allWrites) {
    w.version = now.get(w.id)!.version;
    w.status = now.get(w.id)!.status_code;
  }
  const specs: Spec[] = [];
  const names: string[] = [];
  for (const read of READS) {
    specs.push(http([httpRequest(read, main)], 1, S, { minRequests: 3 }));
    names.push(`single:${read}`);
    specs.push(rawSql([units.get(`${read}:${main.user.username}`)!], 1, S));
    names.push(`raw:${read}`);
  }
  specs.push(http([httpRequest('status', main)], 1, S, { writes: main.writes.length ? main.writes : allWrites }));
  names.push('single:status');
  specs.push(http(mixRequests, 20, PEAK_S, { overallRate: 200, writes: allWrites }));
  names.push('peak');
  specs.push(http(readMix, 50, S * 2));
  names.push('satMix');
  specs.push(rawSql(readMixUnits, SQL_CONCURRENCY, S * 2));
  names.push('satMixRaw');
  for (const read of READS) {
    specs.push(http(plans.map((p) => httpRequest(read, p)), 50, S));
    names.push(`satHttp:${read}`);
    specs.push(rawSql(plans.map((p) => units.get(`${read}:${p.user.username}`)!), SQL_CONCURRENCY, S));
    names.push(`satRaw:${read}`);
  }
  const out = await load(specs);
  const by = new Map(names.map((n, i) => [n, out[i]!]));
  const pick = (prefix: string) => Object.fromEntries(names.filter((n) => n.startsWith(prefix + ':')).map((n) => [n.slice(prefix.length + 1), by.get(n)!]));
  repResults.push({ single: pick('single'), raw: pick('raw'), satHttp: pick('satHttp'), satRaw: pick('satRaw'), peak: by.get('peak')!, satMix: by.get('satMix')!, satMixRaw: by.get('satMixRaw')! });
  log(`repetition ${rep}/${reps} done`);
}

// Medians over the repetitions.
const med = (get: (r: Rep) => LoadResult | undefined, field: keyof LoadResult) => median(repResults.map((r) => Number(get(r)?.[field])));
const sumOf = (get: (r: Rep) => LoadResult | undefined, field: 'errors' | 'non2xx' | 'requests') => repResults.reduce((n, r) => n + Number(get(r)?.[field] ?? 0), 0);
const single: Record<string, { p50: number | null; p95: number | null; p99: number | null; requests: number; errors: number; statusCodes?: Record<string, number>[] }> = {};
for (const name of [...READS, 'status'] as const) {
  single[name] = { p50: r2(med((r) => r.single[name], 'p50')), p95: r2(med((r) => r.single[name], 'p95')), p99: r2(med((r) => r.single[name], 'p99')), requests: sumOf((r) => r.single[name], 'requests'), errors: sumOf((r) => r.single[name], 'errors') + sumOf((r) => r.single[name], 'non2xx'), statusCodes: repResults.map((r) => r.single[name]?.statusCodes ?? {}) };
}
const raw: Record<string, { p50: number | null; p95: number | null; ratioP50: number | null; satRps: number | null; rawRps: number | null; ratioRps: number | null }> = {};
for (const read of READS) {
  const p50 = med((r) => r.raw[read], 'p50');
  const satRps = med((r) => r.satHttp[read], 'rps');
  const rawRps = med((r) => r.satRaw[read], 'rps');
  raw[read] = {
    p50: r2(p50),
    p95: r2(med((r) => r.raw[read], 'p95')),
    ratioP50: r2(median(repResults.map((r) => (r.single[read]?.p50 ?? NaN) / (r.raw[read]?.p50 ?? NaN)))),
    satRps: r2(satRps),
    rawRps: r2(rawRps),
    ratioRps: r2(median(repResults.map((r) => (r.satHttp[read]?.rps ?? NaN) / (r.satRaw[read]?.rps ?? NaN)))),
  };
}
const peak = { rate: 200, p50: r2(med((r) => r.peak, 'p50')), p95: r2(med((r) => r.peak, 'p95')), p99: r2(med((r) => r.peak, 'p99')), rps: r2(med((r) => r.peak, 'rps')), errors: sumOf((r) => r.peak, 'errors'), non2xx: sumOf((r) => r.peak, 'non2xx'), requests: sumOf((r) => r.peak, 'requests'), statusCodes: repResults.map((r) => r.peak.statusCodes) };
/** Median CPU ms per request of each process kind over the repetitions. */
const cpuOf = (get: (r: Rep) => LoadResult) => {
  const m = (k: 'server' | 'postgres' | 'load') => r2(median(repResults.map((r) => get(r).cpuPerRequest?.[k] ?? NaN)));
  return { server: m('server'), postgres: m('postgres'), load: m('load') };
};
const cpu = { peak: cpuOf((r) => r.peak), saturation: cpuOf((r) => r.satMix), rawSql: cpuOf((r) => r.satMixRaw) };
const saturation = { connections: 50, rps: r2(med((r) => r.satMix, 'rps')), p95: r2(med((r) => r.satMix, 'p95')), rawRps: r2(med((r) => r.satMixRaw, 'rps')), rawConcurrency: SQL_CONCURRENCY, ratio: r2(median(repResults.map((r) => r.satMix.rps / r.satMixRaw.rps))), errors: sumOf((r) => r.satMix, 'errors') + sumOf((r) => r.satMix, 'non2xx') };

// ------------------------------------------------------------------------------- sweep, HUD, and stop

const serverProcess = server as ChildProcess | null;
serverProcess?.kill('SIGTERM');
await new Promise((r) => serverProcess?.once('exit', r));
const sweepDb = connectPostgres({ url: databaseUrl, role: config.appRole, max: 4 });
const sweeps: { ms: number; escalated: number; flagged: number; dueSoon: number }[] = [];
for (let i = 0; i < 2; i++) {
  const t = performance.now();
  const r = await runTimelinessSweep(sweepDb, systemClock, 'http://localhost:3000');
  sweeps.push({ ms: Math.round(performance.now() - t), ...r });
}
await sweepDb.close();
const { rows: openAfter } = await owner.query<{ n: string }>('select count(*) as n from referrals where closed_at is null and not outside_timeliness');
const sweep = { openReferrals: counts.open_referrals, openAfter: Number(openAfter[0]!.n), first: sweeps[0]!, steady: sweeps[1]! };
log(`sweep: ${JSON.stringify(sweep)}`);

// HUD CSV export/import: bench/hud.ts (the HUD export's own bench, with its own generator) run as a child
// process with this scale's client count; its table rows are parsed. Import ÷ COPY is its own: the import
// and a raw COPY of the same rows into a database with the same indexes and triggers, side by side.
let hud: Record<string, unknown> = { measured: false, reason: 'bench/hud.ts not present' };
const hudSizes = args['hud-sizes'] ?? String(PROFILES[scale].clients);
if (args['no-hud']) hud = { measured: false, reason: '--no-hud' };
else if (fs.existsSync(path.join(here, 'hud.ts'))) {
  try {
    const adminUrl = process.env.TEST_DATABASE_URL || (() => { const u = new URL(databaseUrl); u.pathname = '/postgres'; return u.toString(); })();
    const { stdout } = await run(process.execPath, [path.join(here, 'hud.ts'), '--sizes', hudSizes], { cwd: root, env: { ...process.env, TEST_DATABASE_URL: adminUrl }, maxBuffer: 1 << 24, timeout: 900_000 });
    const rows = stdout.split('\n').filter((l) => /^\| \d/.test(l)).map((l) => l.split('|').slice(1, -1).map((c) => Number(c.trim().replace(/[^0-9.]/g, '')) || null));
    const last = rows.at(-1);
    hud = {
      measured: true,
      sizes: rows.map((c) => ({ clients: c[0], rows: c[1], zipMb: c[2], exportRowsPerSecond: c[3], exportPeakRssMb: c[4], exportPeakDeltaMb: c[5], importRowsPerSecond: c[7], importPeakRssMb: c[8], importPeakDeltaMb: c[9] })),
      copyRowsPerSecond: last?.[10] ? Math.round(last[10]) : null,
      importOverCopy: last?.[11] ?? null,
    };
  } catch (e) {
    hud = { measured: false, reason: `bench/hud.ts failed: ${(e as Error).message.slice(0, 300)}` };
  }
}
// Reports (issue 20): bench/reports.ts as a child process on this database, one repetition in CI's small run.
let reports: Record<string, unknown> = { measured: false, reason: '--no-reports' };
if (!args['no-reports']) {
  try {
    const { stdout } = await run(process.execPath, ['--expose-gc', path.join(here, 'reports.ts'), '--reps', String(Math.min(reps, 3))], { cwd: root, env: { ...process.env, DATABASE_URL: databaseUrl }, maxBuffer: 1 << 24, timeout: 900_000 });
    const line = stdout.split('\n').find((l) => l.startsWith('REPORTS_JSON '));
    reports = line ? { measured: true, ...JSON.parse(line.slice('REPORTS_JSON '.length)) } : { measured: false, reason: 'no result line' };
  } catch (e) {
    reports = { measured: false, reason: `bench/reports.ts failed: ${(e as Error).message.slice(0, 300)}` };
  }
}
await owner.end();
fs.rmSync(dataDir, { recursive: true, force: true });

// --------------------------------------------------------------------------------------------- report

const { stdout: pgVersion } = await run('psql', [databaseUrl, '-tAc', 'show server_version']).catch(() => ({ stdout: 'unknown' }));
const machine = { cores: os.cpus().length, cpu: os.cpus()[0]?.model ?? '', memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version, postgres: pgVersion.trim() };
const resultsDir = path.join(here, 'results');
fs.mkdirSync(resultsDir, { recursive: true });
const growth: Record<string, Record<string, number | null>> = {};
for (const other of ['small', 'medium', 'chicago'] as const) {
  if (other === 'small') continue;
  const smallFile = path.join(resultsDir, 'small.json');
  const otherFile = path.join(resultsDir, `${other}.json`);
  const get = (s: string) => (s === scale ? { single } : fs.existsSync(path.join(resultsDir, `${s}.json`)) ? (JSON.parse(fs.readFileSync(path.join(resultsDir, `${s}.json`), 'utf8')) as { single: typeof single }) : null);
  if (!(scale === 'small' ? true : fs.existsSync(smallFile)) || !(scale === other || fs.existsSync(otherFile))) continue;
  const a = get(other);
  const b = get('small');
  if (!a || !b) continue;
  growth[`${other}/small`] = Object.fromEntries([...READS, 'status'].map((n) => [n, r2((a.single[n]?.p95 ?? NaN) / (b.single[n]?.p95 ?? NaN))]));
}
const result = {
  scale,
  at: new Date().toISOString(),
  machine,
  settings: { reps, secondsPerMeasurement: S, peakSeconds: PEAK_S, sqlConcurrency: SQL_CONCURRENCY, users: plans.map((p) => p.user.username).concat(matcher.username) },
  counts,
  seed: seedResult ? { totalSeconds: r2(seedResult.totalMs / 1000), generateSeconds: r2(seedResult.generateMs / 1000), loadSeconds: r2(seedResult.loadMs / 1000), copyRowsPerSecond: Math.round(seedResult.copyRowsPerSecond), rows: seedResult.rows } : null,
  single,
  raw,
  peak,
  saturation,
  cpuPerRequest: cpu,
  growth,
  sweep,
  hud,
  reports,
};
fs.writeFileSync(path.join(resultsDir, `${scale}.json`), JSON.stringify(result, null, 2) + '\n');

const f = (x: number | null | undefined, w = 8) => (x === null || x === undefined || !Number.isFinite(x) ? '—' : String(x)).padStart(w);
const lines: string[] = [];
lines.push(`Hearth benchmark — scale ${scale}: ${counts.clients} clients, ${counts.enrollments} enrollments, ${counts.referrals} referrals (${counts.open_referrals} open), ${counts.enrollment_services} services`);
lines.push(`machine: ${machine.cores} cores (${machine.cpu}), ${machine.memoryGb} GB, PostgreSQL ${machine.postgres}, Node ${machine.node}; ${reps} repetitions, medians; times in ms`);
if (result.seed) lines.push(`seed: ${result.seed.totalSeconds} s (generate ${result.seed.generateSeconds} s, load ${result.seed.loadSeconds} s), COPY ${result.seed.copyRowsPerSecond} rows/s`);
lines.push('');
lines.push('single user (1 connection)      p50      p95      p99 │  raw p50  raw p95  ratio p50 │ sat req/s  raw q/s  ratio req/s');
for (const n of [...READS, 'status'] as const) {
  const s = single[n]!;
  const rw = (raw as Record<string, (typeof raw)[Read] | undefined>)[n];
  lines.push(`  ${n.padEnd(26)}${f(s.p50)} ${f(s.p95)} ${f(s.p99)} │ ${f(rw?.p50)} ${f(rw?.p95)} ${f(rw?.ratioP50, 10)} │ ${f(rw?.satRps, 9)} ${f(rw?.rawRps)} ${f(rw?.ratioRps, 12)}`);
}
lines.push('');
lines.push(`peak load ${peak.rate} req/s (10% writes): achieved ${f(peak.rps, 0)} req/s, p50 ${f(peak.p50, 0)}, p95 ${f(peak.p95, 0)}, p99 ${f(peak.p99, 0)}, errors ${peak.errors}, non-2xx ${peak.non2xx} of ${peak.requests}`);
lines.push(`saturation (50 connections, reads): ${f(saturation.rps, 0)} req/s (p95 ${f(saturation.p95, 0)}); raw SQL (${SQL_CONCURRENCY} connections) ${f(saturation.rawRps, 0)} q/s; ratio ${f(saturation.ratio, 0)}`);
lines.push(
  `CPU ms per request (server / PostgreSQL / load generator): peak ${f(cpu.peak.server, 0)} / ${f(cpu.peak.postgres, 0)} / ${f(cpu.peak.load, 0)}; saturation ${f(cpu.saturation.server, 0)} / ${f(cpu.saturation.postgres, 0)} / ${f(cpu.saturation.load, 0)}; raw SQL — / ${f(cpu.rawSql.postgres, 0)} / ${f(cpu.rawSql.load, 0)}`,
);
for (const [k, v] of Object.entries(growth)) lines.push(`growth ratio ${k} (single-user p95): ${Object.entries(v).map(([n, x]) => `${n} ${f(x, 0)}`).join(', ')}`);
lines.push(`timeliness sweep over ${sweep.openReferrals} open referrals: first ${sweep.first.ms} ms (escalated ${sweep.first.escalated}, flagged ${sweep.first.flagged}, due soon ${sweep.first.dueSoon}), steady ${sweep.steady.ms} ms`);
if (hud.measured) {
  for (const h of hud.sizes as Record<string, number | null>[]) lines.push(`HUD CSV at ${h.clients} clients (${h.rows} rows): export ${h.exportRowsPerSecond} rows/s, peak RSS ${h.exportPeakRssMb} MB; import ${h.importRowsPerSecond} rows/s, peak RSS ${h.importPeakRssMb} MB`);
  lines.push(`HUD import ratio to raw COPY (${hud.copyRowsPerSecond} rows/s): ${hud.importOverCopy ?? '—'}`);
} else lines.push(`HUD CSV: not measured (${String(hud.reason)})`);
if (reports.measured) {
  lines.push(`reports over one year, whole CoC (ms; ratio = report ÷ raw SQL of its main query):`);
  for (const l of reports.lines as { report: string; ms: number; rawMs: number; ratio: number; items: number; rssDeltaMb: number }[]) lines.push(`  ${l.report.padEnd(30)} ${f(l.ms, 6)} raw ${f(l.rawMs, 6)} ratio ${f(l.ratio, 5)}  records kept ${l.items}, RSS Δ ${l.rssDeltaMb} MB`);
} else lines.push(`reports: not measured (${String(reports.reason)})`);
lines.push(`results: bench/results/${scale}.json (${((performance.now() - startedAt) / 1000).toFixed(0)} s)`);
console.log(lines.join('\n'));
process.exit(0);
