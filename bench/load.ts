/**
 * The load generator, run as a child process of bench/run.ts so that it never shares a CPU queue with
 * the measuring process: `node bench/load.ts SPEC.json` prints one JSON result line.
 *
 *  - kind 'http': autocannon against the server (one connection = a single user; a fixed `overallRate`
 *    = peak load; many connections without a rate = saturation). Writes (referral status changes) keep
 *    each referral's version and toggle its status between two open statuses.
 *  - kind 'sql': the same work as raw SQL through `pg`, `concurrency` loops in a closed loop; each unit
 *    is a list of statements run one after the other on one connection.
 *
 * Latency percentiles are exact (every response time is kept), not autocannon's buckets.
 */
import fs from 'node:fs';
import type { EventEmitter } from 'node:events';
import autocannon from 'autocannon';
import pg from 'pg';

export interface HttpRequestSpec {
  name: string;
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/** The note of the benchmark's status updates: bench/run.ts takes them back before the next run. */
export const BENCH_NOTE = 'benchmark status update (bench/load.ts)';

export interface WriteTarget {
  id: string;
  version: number;
  status: string;
  cookie: string;
  csrf: string;
}

export interface HttpSpec {
  kind: 'http';
  url: string;
  connections: number;
  durationSeconds: number;
  overallRate?: number;
  /** The sequence each connection cycles through; an entry named 'status' takes the next write target. */
  requests: HttpRequestSpec[];
  writes?: WriteTarget[];
  /** When the duration gives fewer responses (a slow endpoint), measure this many requests instead. */
  minRequests?: number;
  /**
   * After the run, wait (at most 60 s) until this request answers within 250 ms: requests the server
   * accepted but had not finished when the load stopped must not spill into the next measurement.
   */
  drain?: HttpRequestSpec;
  /** The server's process id, to measure its CPU time per request. */
  serverPid?: number;
}

export interface SqlUnit {
  name: string;
  statements: { sql: string; params: unknown[] }[];
}

export interface SqlSpec {
  kind: 'sql';
  databaseUrl: string;
  concurrency: number;
  durationSeconds: number;
  units: SqlUnit[];
}

export interface LoadResult {
  requests: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  non2xx: number;
  statusCodes: Record<string, number>;
  /** CPU time per successful request (ms): the server process, every PostgreSQL process, this load process. */
  cpuPerRequest?: { server: number; postgres: number; load: number };
}

/** CPU seconds used so far by a process (Linux /proc; 0 where it cannot be read). */
function cpuSecondsOf(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime (fields 14 and 15 of the whole line) in clock ticks of 1/100 s
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** CPU seconds of every process named postgres (the server's backends and its helpers). */
function postgresCpuSeconds(): number {
  let total = 0;
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      if (fs.readFileSync(`/proc/${d}/comm`, 'utf8').trim() === 'postgres') total += cpuSecondsOf(Number(d));
    } catch {
      // the process ended meanwhile
    }
  }
  return total;
}

interface CpuMark {
  server: number;
  postgres: number;
  load: NodeJS.CpuUsage;
}
const cpuMark = (serverPid: number | undefined): CpuMark => ({ server: serverPid ? cpuSecondsOf(serverPid) : 0, postgres: postgresCpuSeconds(), load: process.cpuUsage() });
function cpuPerRequest(from: CpuMark, serverPid: number | undefined, done: number): LoadResult['cpuPerRequest'] {
  if (done === 0) return undefined;
  const to = cpuMark(serverPid);
  const load = process.cpuUsage(from.load);
  const per = (seconds: number) => round((seconds * 1000) / done);
  return { server: serverPid ? per(to.server - from.server) : NaN, postgres: per(to.postgres - from.postgres), load: per((load.user + load.system) / 1e6) };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

const round = (x: number) => Math.round(x * 100) / 100;

function summarise(latencies: number[], seconds: number, errors: number, non2xx: number, statusCodes: Record<string, number>): LoadResult {
  const s = latencies.sort((a, b) => a - b);
  // Throughput counts successful responses only (a fast 503 is not work done).
  const failed = Object.entries(statusCodes).reduce((n, [code, k]) => (code.startsWith('2') ? n : n + k), 0);
  return { requests: s.length, rps: round(Math.max(0, s.length - failed) / seconds), p50: round(percentile(s, 50)), p95: round(percentile(s, 95)), p99: round(percentile(s, 99)), errors, non2xx, statusCodes };
}

/**
 * The write targets by referral, shared by every spec of this process: a referral updated in one
 * measurement is updated in the next with its new version (each spec arrives with its own copy).
 */
const writeTargets = new Map<string, WriteTarget>();
const sharedTargets = (writes: readonly WriteTarget[]): WriteTarget[] =>
  writes.map((w) => {
    if (!writeTargets.has(w.id)) writeTargets.set(w.id, w);
    return writeTargets.get(w.id)!;
  });

async function runHttp(spec: HttpSpec): Promise<LoadResult> {
  const writes = sharedTargets(spec.writes ?? []);
  const busy = new Set<number>();
  let nextWrite = 0;
  const requests = spec.requests.map((r) => {
    if (r.name !== 'status') return { method: r.method, path: r.path, headers: r.headers, ...(r.body ? { body: r.body } : {}) };
    return {
      method: 'POST' as const,
      path: r.path,
      headers: r.headers,
      setupRequest: (req: Record<string, unknown>, context: Record<string, unknown>) => {
        let i = -1;
        for (let k = 0; k < writes.length; k++) {
          const j = (nextWrite + k) % writes.length;
          if (!busy.has(j)) {
            i = j;
            break;
          }
        }
        if (i < 0) i = nextWrite % writes.length;
        nextWrite = i + 1;
        busy.add(i);
        context.write = i;
        const w = writes[i]!;
        const to = w.status === 'engaged' ? 'attempting_contact' : 'engaged';
        return {
          ...req,
          path: `/api/v1/referrals/${w.id}/status`,
          headers: { ...(req.headers as Record<string, string>), cookie: w.cookie, 'x-csrf-token': w.csrf, 'content-type': 'application/json' },
          body: JSON.stringify({ status: to, version: w.version, note: BENCH_NOTE }),
        };
      },
      onResponse: (status: number, body: string, context: Record<string, unknown>) => {
        const i = context.write as number;
        busy.delete(i);
        if (status === 200) {
          const out = JSON.parse(body) as { version: number; status: { code: string } };
          writes[i]!.version = out.version;
          writes[i]!.status = out.status.code;
        }
      },
    };
  });
  const latencies: number[] = [];
  const statusCodes: Record<string, number> = {};
  const t0 = performance.now();
  const cpu0 = cpuMark(spec.serverPid);
  const instance = autocannon({
    url: spec.url,
    connections: spec.connections,
    ...(spec.minRequests && spec.durationSeconds === 0 ? { amount: spec.minRequests } : { duration: spec.durationSeconds }),
    ...(spec.overallRate ? { overallRate: spec.overallRate } : {}),
    requests: requests as never,
    timeout: 10,
  }) as unknown as EventEmitter & Promise<autocannon.Result>;
  instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
    latencies.push(responseTime);
    statusCodes[statusCode] = (statusCodes[statusCode] ?? 0) + 1;
  });
  const result = await instance;
  const ok = Object.entries(statusCodes).reduce((n, [code, k]) => (code.startsWith('2') ? n + k : n), 0);
  const cpu = cpuPerRequest(cpu0, spec.serverPid, ok);
  if (spec.drain) {
    const until = performance.now() + 60_000;
    while (performance.now() < until) {
      const t = performance.now();
      const res = await fetch(spec.url + spec.drain.path, { method: spec.drain.method, headers: spec.drain.headers, ...(spec.drain.body ? { body: spec.drain.body } : {}) });
      await res.arrayBuffer();
      if (performance.now() - t < 250) break;
    }
  }
  // Updates still in flight when the run stopped were applied but not seen (after the drain): read those referrals again.
  await Promise.all(
    [...busy].map(async (i) => {
      const w = writes[i]!;
      const res = await fetch(`${spec.url}/api/v1/referrals/${w.id}`, { headers: { cookie: w.cookie } });
      if (res.ok) {
        const r = (await res.json()) as { version: number; status: { code: string } };
        w.version = r.version;
        w.status = r.status.code;
      }
      busy.delete(i);
    }),
  );
  if (spec.minRequests && spec.durationSeconds > 0 && latencies.length < spec.minRequests) return runHttp({ ...spec, durationSeconds: 0 });
  return { ...summarise(latencies, (performance.now() - t0) / 1000, result.errors + result.timeouts, result.non2xx, statusCodes), ...(cpu ? { cpuPerRequest: cpu } : {}) };
}

async function runSql(spec: SqlSpec): Promise<LoadResult> {
  const pool = new pg.Pool({ connectionString: spec.databaseUrl, max: spec.concurrency, application_name: 'hearth-bench-sql' });
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  // Connect every client first: connection set-up is not part of the measurement.
  const clients = await Promise.all(Array.from({ length: spec.concurrency }, () => pool.connect()));
  const cpu0 = cpuMark(undefined);
  const end = performance.now() + spec.durationSeconds * 1000;
  await Promise.all(
    clients.map(async (c) => {
      while (performance.now() < end) {
        const unit = spec.units[next++ % spec.units.length]!;
        const t = performance.now();
        try {
          for (const s of unit.statements) await c.query(s.sql, s.params);
          latencies.push(performance.now() - t);
        } catch {
          errors++;
        }
      }
      c.release();
    }),
  );
  const cpu = cpuPerRequest(cpu0, undefined, latencies.length);
  await pool.end();
  return { ...summarise(latencies, spec.durationSeconds, errors, 0, {}), ...(cpu ? { cpuPerRequest: cpu } : {}) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  // One spec or a list, run one after the other (a list keeps the comparisons side by side in time).
  const specs = JSON.parse(fs.readFileSync(process.argv[2]!, 'utf8')) as HttpSpec | SqlSpec | (HttpSpec | SqlSpec)[];
  const results: LoadResult[] = [];
  for (const spec of Array.isArray(specs) ? specs : [specs]) results.push(spec.kind === 'http' ? await runHttp(spec) : await runSql(spec));
  process.stdout.write(JSON.stringify(Array.isArray(specs) ? results : results[0]) + '\n');
  process.exit(0);
}
