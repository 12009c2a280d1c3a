/**
 * HUD CSV export/import benchmark (issues 9, 10): rows per second and peak memory at several data
 * sizes, and the import side by side with a raw COPY of the same rows.
 *
 *   TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx node --expose-gc bench/hud.ts [--sizes 1000,10000,50000] [--no-import] [--no-copy]
 *
 * For each size: a fresh database is created and migrated, N clients with one enrollment each (a third
 * exited), a current living situation and a project-start income record per enrollment are inserted
 * in set-based batches (generate_series), then
 *   - export: the FY2026 zip streamed to a file (server-side cursors, constant memory);
 *   - import: that zip validated and applied into a second fresh database (one transaction);
 *   - raw COPY: the rows the import wrote to Hearth's tables, copied out and loaded with `COPY … FROM
 *     STDIN` into a third fresh database (same indexes, constraints and triggers; one transaction).
 *     "import ÷ COPY" is the COPY's time over the import's for the same data (1 = as fast as COPY).
 * RSS is sampled every 20 ms; "peak Δ" is the peak minus the RSS when the phase started. The machine is
 * shared: the CPU seconds of this process and of the database backend are printed too (less sensitive
 * to other processes than wall time). bench/run.ts parses the table's first ten columns: keep them.
 */
import { Writable } from 'node:stream';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { connectPostgres, type Database } from '../src/data/db.ts';
import { migrateToLatest } from '../src/data/migrate.ts';
import { systemClock } from '../src/clock.ts';
import { exportHud } from '../src/usecases/hud/export.ts';
import { importHud } from '../src/usecases/hud/import.ts';
import { zipSource } from '../src/usecases/hud/source.ts';
import type { RequestContext } from '../src/usecases/context.ts';

const { values } = parseArgs({ options: { sizes: { type: 'string', default: '1000,10000,50000' }, 'no-import': { type: 'boolean', default: false }, 'no-copy': { type: 'boolean', default: false } } });
const adminUrl = process.env.TEST_DATABASE_URL;
if (!adminUrl) {
  console.error('bench/hud.ts needs TEST_DATABASE_URL (a PostgreSQL server where it may create databases).');
  process.exit(2);
}
const sizes = values.sizes!.split(',').map(Number).filter((n) => n > 0);
const ctx: RequestContext = { actor: null, requestId: 'bench', address: null, clock: systemClock };

function urlFor(name: string): string {
  const u = new URL(adminUrl!);
  u.pathname = `/${name}`;
  return u.toString();
}

async function admin(q: string): Promise<void> {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  try {
    await c.query(q);
  } finally {
    await c.end();
  }
}

/** A fresh migrated database; one connection, so its backend's CPU time is the phase's. */
async function freshDatabase(name: string): Promise<{ database: Database; backendPid: number }> {
  await admin(`drop database if exists ${name}`);
  await admin(`create database ${name}`);
  const database = connectPostgres({ url: urlFor(name), max: 1, applicationName: 'hearth-bench-hud' });
  await migrateToLatest(database.db as never);
  const backendPid = (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(database.db)).rows[0]!.pid;
  return { database, backendPid };
}

/** CPU seconds (user + system) of a process, from /proc (Linux; null elsewhere or for another user's process). */
function cpuOf(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return null;
  }
}
const selfCpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const cpuSpan = (pid: number) => {
  const node = selfCpu();
  const db = cpuOf(pid);
  return () => ({ node: selfCpu() - node, db: db === null ? null : (cpuOf(pid) ?? db) - db });
};

/** The tables the import writes (parents first), for the raw COPY of the same rows. */
const COPY_TABLES = [
  'agencies', 'users', 'projects', 'project_funders', 'project_cocs', 'project_inventory', 'project_hmis_participation',
  'project_ce_participation', 'clients', 'enrollments', 'enrollment_assessments', 'enrollment_services',
  'current_living_situations', 'ce_assessments', 'hud_import_records',
];

/** Copies the rows of COPY_TABLES out of `from` (in memory), then times loading them into `to` with COPY in one transaction. */
async function rawCopy(fromUrl: string, toUrl: string): Promise<{ rows: number; seconds: number }> {
  const src = new pg.Client({ connectionString: fromUrl });
  const dst = new pg.Client({ connectionString: toUrl });
  await src.connect();
  await dst.connect();
  try {
    const data: { table: string; columns: string; chunks: Buffer[]; rows: number }[] = [];
    for (const table of COPY_TABLES) {
      const cols = await src.query<{ column_name: string }>(
        `select column_name from information_schema.columns where table_schema = 'public' and table_name = $1 and is_generated = 'NEVER' and identity_generation is distinct from 'ALWAYS' order by ordinal_position`,
        [table],
      );
      const columns = cols.rows.map((c) => `"${c.column_name}"`).join(', ');
      const rows = Number((await src.query<{ n: string }>(`select count(*) as n from ${table}`)).rows[0]!.n);
      const chunks: Buffer[] = [];
      for await (const c of src.query(copyTo(`copy (select ${columns} from ${table}) to stdout`))) chunks.push(c as Buffer);
      data.push({ table, columns, chunks, rows });
    }
    const t0 = performance.now();
    await dst.query('begin');
    for (const d of data) {
      const stream = dst.query(copyFrom(`copy ${d.table} (${d.columns}) from stdin`));
      await new Promise<void>((resolve, reject) => {
        stream.on('finish', resolve);
        stream.on('error', reject);
        for (const c of d.chunks) stream.write(c);
        stream.end();
      });
    }
    await dst.query('commit');
    return { rows: data.reduce((a, d) => a + d.rows, 0), seconds: (performance.now() - t0) / 1000 };
  } finally {
    await src.end();
    await dst.end();
  }
}

async function generate(database: Database, n: number): Promise<void> {
  await sql.raw(`
    insert into coc (id, code, name, settings) values (md5('coc'), 'XX-999', 'Bench CoC', '{}');
    insert into agencies (id, name, created_at, updated_at) values (md5('agency'), 'Bench Agency', '2025-01-01', '2025-01-01');
    insert into projects (id, agency_id, name, project_type, operating_start, program_model, created_at, updated_at) values
      (md5('p0'), md5('agency'), 'Bench Shelter', 0, '2020-01-01', 'ES', '2025-01-01', '2025-01-01'),
      (md5('p1'), md5('agency'), 'Bench PSH', 3, '2020-01-01', 'PSH', '2025-01-01', '2025-01-01'),
      (md5('p2'), md5('agency'), 'Bench Outreach', 4, '2020-01-01', 'SO', '2025-01-01', '2025-01-01');
    insert into project_cocs (id, project_id, coc_code, geocode) select md5('pc' || i), md5('p' || i), 'XX-999', '170001' from generate_series(0, 2) i;
    insert into project_funders (id, project_id, funder, grant_id, start_date) select md5('f' || i), md5('p' || i), 2, 'G-' || i, '2020-01-01' from generate_series(0, 2) i;
  `).execute(database.db);
  const batch = 10_000;
  for (let lo = 1; lo <= n; lo += batch) {
    const hi = Math.min(n, lo + batch - 1);
    await sql`
      insert into clients (id, first_name, last_name, ssn, ssn_data_quality, name_data_quality, dob, dob_data_quality, race, sex, veteran_status, owner_agency_id, created_at, updated_at)
      select md5('c' || i), 'First' || i, 'Last' || i, lpad(i::text, 9, '0'), 1, 1, date '1970-01-01' + (i % 15000), 1, '{White}', i % 2, 0, md5('agency'), '2025-01-01', '2025-01-01'
      from generate_series(${lo}::int, ${hi}::int) i
    `.execute(database.db);
    await sql`
      insert into enrollments (id, client_id, project_id, household_id, relationship_to_hoh, entry_date, exit_date, destination, enrollment_coc, disabling_condition, living_situation, created_at, updated_at)
      select md5('e' || i), md5('c' || i), md5('p' || (i % 3)), md5('h' || i), 1, date '2025-01-01' + (i % 300),
             case when i % 3 = 0 then date '2025-01-01' + (i % 300) + 30 end, case when i % 3 = 0 then 101 end, 'XX-999', 0, 116, '2025-01-01', '2025-01-01'
      from generate_series(${lo}::int, ${hi}::int) i
    `.execute(database.db);
    await sql`
      insert into current_living_situations (id, enrollment_id, client_id, information_date, current_living_situation, created_at, updated_at)
      select md5('s' || i), md5('e' || i), md5('c' || i), date '2025-01-01' + (i % 300), 116, '2025-01-01', '2025-01-01'
      from generate_series(${lo}::int, ${hi}::int) i
    `.execute(database.db);
    await sql`
      insert into enrollment_assessments (id, enrollment_id, client_id, data_collection_stage, information_date, income_from_any_source, benefits_from_any_source, insurance_from_any_source, created_at, updated_at)
      select md5('a' || i), md5('e' || i), md5('c' || i), 1, date '2025-01-01' + (i % 300), 0, 0, 0, '2025-01-01', '2025-01-01'
      from generate_series(${lo}::int, ${hi}::int) i
    `.execute(database.db);
  }
}

const gc = (globalThis as { gc?: () => void }).gc;

/**
 * RSS sampled every 20 ms (what the OS sees, garbage included: V8 lets the heap grow before it
 * collects). With --expose-gc and `live`, the live heap is also measured every second right after a
 * full collection: what the export really holds. (Forced collections cost time — every 250 ms they
 * took a fifth of the export's — so only the export is sampled so, and only once a second.)
 */
class Sampler {
  #timers: NodeJS.Timeout[] = [];
  base = 0;
  peak = 0;
  liveBase = 0;
  livePeak = 0;
  start(live = false) {
    gc?.();
    this.base = this.peak = process.memoryUsage().rss;
    this.liveBase = this.livePeak = process.memoryUsage().heapUsed;
    this.#timers.push(setInterval(() => (this.peak = Math.max(this.peak, process.memoryUsage().rss)), 20));
    if (gc && live) {
      this.#timers.push(
        setInterval(() => {
          gc();
          this.livePeak = Math.max(this.livePeak, process.memoryUsage().heapUsed);
        }, 1000),
      );
    }
  }
  stop() {
    for (const t of this.#timers) clearInterval(t);
    this.peak = Math.max(this.peak, process.memoryUsage().rss);
    return { peakMb: this.peak / 2 ** 20, deltaMb: (this.peak - this.base) / 2 ** 20, liveDeltaMb: gc ? (this.livePeak - this.liveBase) / 2 ** 20 : null };
  }
}

interface Result {
  clients: number;
  rows: number;
  zipMb: number;
  exportRps: number;
  exportPeakMb: number;
  exportDeltaMb: number;
  exportLiveMb: number | null;
  exportCpu: { node: number; db: number | null };
  importRps: number | null;
  importPeakMb: number | null;
  importDeltaMb: number | null;
  importSeconds: number | null;
  importCpu: { node: number; db: number | null } | null;
  copyRps: number | null;
  copyRows: number | null;
  /** COPY seconds ÷ import seconds for the same data. */
  importOverCopy: number | null;
}

const results: Result[] = [];
for (const n of sizes) {
  const { database: src, backendPid: srcPid } = await freshDatabase(`hearth_bench_hud_src_${process.pid}`);
  const zipPath = path.join(os.tmpdir(), `hearth-bench-hud-${process.pid}-${n}.zip`);
  try {
    process.stderr.write(`${n} clients: generating… `);
    await generate(src, n);

    process.stderr.write('exporting… ');
    const s = new Sampler();
    s.start(true);
    let bytes = 0;
    const file = fs.createWriteStream(zipPath);
    const sink = new Writable({
      write(chunk: Buffer, _enc, cb) {
        bytes += chunk.length;
        file.write(chunk, cb);
      },
      final(cb) {
        file.end(cb);
      },
    });
    const exportCpu = cpuSpan(srcPid);
    const t0 = performance.now();
    const exp = await src.transaction((tx) => exportHud(tx, ctx, { from: '2000-01-01', to: '2030-12-31', projectIds: null, periodType: 3, directive: 2, hashed: false }, sink));
    const exportSec = (performance.now() - t0) / 1000;
    const em = s.stop();
    const eCpu = exportCpu();
    const rows = Object.values(exp.rowCounts).reduce((a, b) => a + b, 0);
    const r: Result = {
      clients: n, rows, zipMb: bytes / 2 ** 20, exportRps: rows / exportSec, exportPeakMb: em.peakMb, exportDeltaMb: em.deltaMb, exportLiveMb: em.liveDeltaMb, exportCpu: eCpu,
      importRps: null, importPeakMb: null, importDeltaMb: null, importSeconds: null, importCpu: null, copyRps: null, copyRows: null, importOverCopy: null,
    };

    if (!values['no-import']) {
      process.stderr.write('importing… ');
      const dstName = `hearth_bench_hud_dst_${process.pid}`;
      const { database: dst, backendPid: dstPid } = await freshDatabase(dstName);
      try {
        const si = new Sampler();
        si.start();
        const importCpu = cpuSpan(dstPid);
        const t1 = performance.now();
        const source = await zipSource(zipPath);
        const rep = await importHud(dst, ctx, source);
        source.close();
        const importSec = (performance.now() - t1) / 1000;
        const im = si.stop();
        if (!rep.applied) throw new Error(`the generated set was rejected: ${JSON.stringify(rep.validation.problems.slice(0, 5))}`);
        Object.assign(r, { importRps: rows / importSec, importPeakMb: im.peakMb, importDeltaMb: im.deltaMb, importSeconds: importSec, importCpu: importCpu() });
        if (!values['no-copy']) {
          process.stderr.write('raw COPY… ');
          const copyName = `hearth_bench_hud_copy_${process.pid}`;
          const { database: copyDb } = await freshDatabase(copyName);
          await copyDb.close();
          try {
            const c = await rawCopy(urlFor(dstName), urlFor(copyName));
            Object.assign(r, { copyRps: c.rows / c.seconds, copyRows: c.rows, importOverCopy: c.seconds / importSec });
          } finally {
            await admin(`drop database if exists ${copyName}`);
          }
        }
      } finally {
        await dst.close();
        await admin(`drop database if exists ${dstName}`);
      }
    }
    results.push(r);
    process.stderr.write('done\n');
  } finally {
    fs.rmSync(zipPath, { force: true });
    await src.close();
    await admin(`drop database if exists hearth_bench_hud_src_${process.pid}`);
  }
}

const f = (x: number | null, d = 0) => (x === null ? '—' : x.toFixed(d));
const first = results[0]!;
console.log('\nHUD CSV bench (PostgreSQL; rows = all CSV records written/read; Δ = peak minus the phase start)\n');
console.log('| clients | rows | zip MB | export rows/s | export peak RSS MB | export RSS Δ MB | export live heap Δ MB | import rows/s | import peak RSS MB | import RSS Δ MB | raw COPY rows/s | import ÷ COPY |');
console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const r of results) {
  console.log(
    `| ${r.clients} | ${r.rows} | ${f(r.zipMb, 1)} | ${f(r.exportRps)} | ${f(r.exportPeakMb)} | ${f(r.exportDeltaMb, 1)} | ${f(r.exportLiveMb, 1)} | ${f(r.importRps)} | ${f(r.importPeakMb)} | ${f(r.importDeltaMb, 1)} | ${f(r.copyRps)} | ${f(r.importOverCopy, 2)} |`,
  );
}
console.log('\nCPU seconds (this process / the database backend) — rows per CPU second do not depend on other load:');
for (const r of results) {
  const cpu = (c: { node: number; db: number | null } | null) => (c ? `${c.node.toFixed(2)} s node + ${c.db === null ? '?' : c.db.toFixed(2)} s database` : '—');
  const perCpu = (c: { node: number; db: number | null } | null) => (c && c.db !== null ? ` = ${Math.round(r.rows / (c.node + c.db))} rows per CPU second` : '');
  console.log(`  ${r.clients} clients: export ${cpu(r.exportCpu)}${perCpu(r.exportCpu)}; import ${cpu(r.importCpu)}${perCpu(r.importCpu)}${r.copyRows ? `; raw COPY of ${r.copyRows} table rows` : ''}`);
}
const last = results.at(-1)!;
if (results.length > 1) {
  console.log(
    `\nExport: rows grew ${(last.rows / first.rows).toFixed(0)}×; live heap Δ ${f(first.exportLiveMb, 1)} → ${f(last.exportLiveMb, 1)} MB, RSS Δ ${f(first.exportDeltaMb, 1)} → ${f(last.exportDeltaMb, 1)} MB.` +
      (gc ? '' : ' (Run with --expose-gc for the live heap.)'),
  );
}
