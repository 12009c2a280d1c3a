/**
 * Reports at scale (issue 20): each report over one year for the whole CoC, as an HMIS administrator,
 * computed the way a run computes it (scope, facts, tables, the records behind every cell kept in
 * `report_run_items`), side by side with the raw SQL of its main query; and the access audit (a busy
 * user's year, one client's year). Prints one JSON line (bench/run.ts reads it) and a table.
 *
 *   DATABASE_URL=… node bench/reports.ts [--reps 3] [--only ce-apr,access-audit]
 */
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { connectPostgres } from '../src/data/db.ts';
import { systemClock } from '../src/clock.ts';
import { actorOfUser } from '../src/usecases/auth/sessions.ts';
import { computeReport, saveItems } from '../src/usecases/reports/runs.ts';
import { REPORT_KINDS, type ReportKind } from '../src/domain/reports/catalog.ts';
import { reportScope } from '../src/usecases/reports/scope.ts';
import { loadReferralSettings } from '../src/usecases/referrals/config-store.ts';
import { timelinessFactsQuery } from '../src/usecases/reports/definitions/timeliness.ts';
import { outcomesFactsQuery } from '../src/usecases/reports/definitions/referral-outcomes.ts';
import { dataQualityQuery } from '../src/usecases/reports/definitions/data-quality.ts';
import { ceAprFacts } from '../src/usecases/reports/definitions/ce-apr.ts';
import { accessAuditQuery } from '../src/usecases/reports/definitions/access-audit.ts';
import { DrillCollector } from '../src/domain/reports/table.ts';
import { addDays } from '../src/domain/calendar/dates.ts';
import { endOfDayInstant, startOfDayInstant } from '../src/domain/calendar/zoned.ts';
import type { ReportInput } from '../src/usecases/reports/definition.ts';

const { values: args } = parseArgs({ options: { reps: { type: 'string', default: '3' }, only: { type: 'string' } } });
const reps = Math.max(1, Number(args.reps));
const url = process.env.DATABASE_URL;
if (!url) throw new Error('DATABASE_URL is required');
const database = connectPostgres({ url, role: process.env.HEARTH_APP_ROLE || 'hearth_app', max: 4 });
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;
const ms = (t0: number) => performance.now() - t0;

const adminRow = await database.db.selectFrom('memberships').select('user_id').where('role', '=', 'hmis_admin').orderBy('user_id').executeTakeFirstOrThrow();
const actor = (await actorOfUser(database.db, adminRow.user_id))!;
const last = await sql<{ d: string }>`select coalesce(max(referral_date), current_date)::text as d from referrals`.execute(database.db);
const endDate = last.rows[0]!.d;
const startDate = addDays(endDate, -364);
const busy = await sql<{ user_id: string; client_id: string }>`
  select (select user_id from audit_log where user_id is not null group by user_id order by count(*) desc limit 1) as user_id,
         (select client_id from audit_log where client_id is not null group by client_id order by count(*) desc limit 1) as client_id`.execute(database.db);
const deps = { primary: database, clock: systemClock, publicUrl: 'http://localhost' };

/** The input a definition gets, for the raw queries. */
async function rawInput(params: ReportInput['params']): Promise<ReportInput> {
  const ctx = { actor, requestId: 'bench', address: null, clock: systemClock };
  const referralSettings = await loadReferralSettings(database.db, ctx);
  const projects = await database.db.selectFrom('projects').select('id').execute();
  const coc = await database.db.selectFrom('coc').select('code').executeTakeFirst();
  return {
    read: database, scope: reportScope(actor, endDate, { projectIds: projects.map((p) => p.id), wholeCoc: true }), params, referralSettings, now: new Date(), projects: new Map(),
    cocCode: coc?.code ?? '', softwareName: 'bench', drill: new DrillCollector(), progress: async () => {},
  };
}

async function rawMs(kind: ReportKind, params: ReportInput['params']): Promise<number> {
  const input = await rawInput(params);
  const t0 = performance.now();
  await database.transaction(async (tx) => {
    if (kind === 'timeliness') await timelinessFactsQuery(input).execute(tx);
    else if (kind === 'referral-outcomes') await outcomesFactsQuery(input).execute(tx);
    else if (kind === 'data-quality') await dataQualityQuery(input).execute(tx);
    else if (kind === 'ce-apr') await ceAprFacts(tx, input);
    else {
      const tz = input.referralSettings.engine.timeZone;
      await accessAuditQuery(input, startOfDayInstant(params.startDate, tz), endOfDayInstant(params.endDate, tz)).execute(tx);
    }
  });
  return ms(t0);
}

interface Line {
  report: string;
  ms: number;
  rawMs: number;
  ratio: number;
  cells: number;
  items: number;
  rssDeltaMb: number;
}
const lines: Line[] = [];
const cases: { label: string; kind: ReportKind; params: ReportInput['params'] }[] = [
  ...REPORT_KINDS.filter((k) => k !== 'access-audit').map((k) => ({ label: k, kind: k, params: { startDate, endDate } })),
  { label: 'access-audit (busiest user)', kind: 'access-audit', params: { startDate, endDate, userId: busy.rows[0]!.user_id } },
  { label: 'access-audit (busiest client)', kind: 'access-audit', params: { startDate, endDate, clientId: busy.rows[0]!.client_id } },
];
const only = args.only ? new Set(args.only.split(',')) : null;
for (const c of cases.filter((x) => !only || only.has(x.kind))) {
  const times: number[] = [];
  const raws: number[] = [];
  let cells = 0;
  let items = 0;
  let rss = 0;
  for (let i = 0; i < reps; i++) {
    raws.push(await rawMs(c.kind, c.params));
    global.gc?.();
    const before = process.memoryUsage().rss;
    const t0 = performance.now();
    const { drill } = await computeReport(deps, actor, c.kind, c.params);
    // What a run keeps: the records behind the cells (rolled back here).
    const ROLLBACK = new Error('rollback');
    await database
      .transaction(async (tx) => {
        await tx.insertInto('report_runs').values({ id: 'bench-run', kind: c.kind, user_id: actor.userId, params: '{}', status: 'running', created_at: new Date() }).execute();
        await saveItems(tx, 'bench-run', drill);
        throw ROLLBACK;
      })
      .catch((e: unknown) => {
        if (e !== ROLLBACK) throw e;
      });
    times.push(ms(t0));
    rss = Math.max(rss, (process.memoryUsage().rss - before) / 2 ** 20);
    cells = drill.drillCount;
    items = drill.items().length;
  }
  const m = median(times);
  const r = median(raws);
  lines.push({ report: c.label, ms: Math.round(m), rawMs: Math.round(r), ratio: Math.round((m / r) * 100) / 100, cells, items, rssDeltaMb: Math.round(rss) });
}
await database.close();
console.log(`reports over ${startDate} … ${endDate}, whole CoC, ${reps} repetitions (medians, ms)`);
console.log('report                              ms    raw ms  ratio   cells    items  RSS Δ MB');
for (const l of lines) console.log(`${l.report.padEnd(32)}${String(l.ms).padStart(6)}${String(l.rawMs).padStart(9)}${String(l.ratio).padStart(7)}${String(l.cells).padStart(8)}${String(l.items).padStart(9)}${String(l.rssDeltaMb).padStart(10)}`);
console.log(`REPORTS_JSON ${JSON.stringify({ startDate, endDate, reps, lines })}`);
