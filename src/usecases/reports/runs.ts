/**
 * Report runs (issue 20): a run is a row of `report_runs` worked by the durable job queue (job kind
 * `report.run`). Starting one checks the caller's scope at once (403/422 to the caller) and answers
 * 202; the job decides the scope again with the user's memberships at that moment, reads the facts (from
 * the replica when there is one, in one consistent snapshot), computes the tables, keeps them and the
 * records behind every counted cell, and notifies the user when the run took long.
 */
import { sql } from 'kysely';
import type { Db, Tx } from '../../data/db.ts';
import { readSource, type ReadDatabases } from '../../data/replica.ts';
import { cocToday } from '../../domain/calendar/today.ts';
import { isAdmin, type Actor } from '../../domain/access.ts';
import { decideReportScope, type ReportScopeDecision } from '../../domain/policies/reports.ts';
import { REPORTS, type ReportKind } from '../../domain/reports/catalog.ts';
import { DrillCollector, type ReportResult } from '../../domain/reports/table.ts';
import { DomainError, ForbiddenError, NotFoundError, RuleViolation } from '../../domain/errors.ts';
import { newId } from '../../domain/ids.ts';
import { enqueue } from '../../jobs/queue.ts';
import { actorOfUser } from '../auth/sessions.ts';
import { writeAudit } from '../audit.ts';
import { requireActor, type RequestContext } from '../context.ts';
import { notify } from '../notifications/notify.ts';
import { loadReferralSettings } from '../referrals/config-store.ts';
import type { ReportDefinitionImpl, ReportInput, ReportParams } from './definition.ts';
import { reportScope } from './scope.ts';
import { DEFINITIONS } from './definitions/index.ts';
import pkg from '../../../package.json' with { type: 'json' };

export const REPORT_JOB_KIND = 'report.run';
/** A run that takes at least this long ends with a notification (the user may have left the page). */
export const LONG_RUN_MS = 10_000;
export const SOFTWARE_NAME = `Hearth ${pkg.version}`;

export type RunStatus = 'queued' | 'running' | 'done' | 'failed';

export interface ReportRunView {
  id: string;
  kind: ReportKind;
  name: string;
  status: RunStatus;
  progress: number;
  progressNote: string | null;
  params: ReportParams;
  result: ReportResult | null;
  source: unknown;
  error: string | null;
  rerunOf: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

const MAX_RANGE_DAYS = 3 * 366;

function checkParams(kind: ReportKind, p: ReportParams): void {
  if (p.endDate < p.startDate) throw new RuleViolation('The period must end on or after its start.', [{ pointer: '/endDate', message: 'The end date is before the start date.' }]);
  const days = (Date.parse(p.endDate) - Date.parse(p.startDate)) / 86_400_000;
  if (days > MAX_RANGE_DAYS) throw new RuleViolation('The period may be at most three years.', [{ pointer: '/endDate', message: 'At most three years after the start date.' }]);
  if (kind === 'access-audit' && !p.clientId === !p.userId) {
    throw new RuleViolation('Name either a client or a user for the access audit.', [{ pointer: '/clientId', message: 'Give a client id or a user id (one of the two).' }]);
  }
}

async function projectRefs(db: Db | Tx) {
  return db
    .selectFrom('projects as p')
    .innerJoin('agencies as a', 'a.id', 'p.agency_id')
    .select(['p.id', 'p.agency_id as agencyId', 'p.name', 'p.project_type', 'a.name as agency_name'])
    .orderBy('p.id')
    .execute();
}

function throwUnlessAllowed(d: ReportScopeDecision): asserts d is Extract<ReportScopeDecision, { allowed: true }> {
  if (d.allowed) return;
  if (d.status === 403) throw new ForbiddenError(d.reason);
  throw new RuleViolation(d.reason, [{ pointer: d.pointer, message: d.reason }]);
}

/** POST /reports/{kind}/runs: checks the scope now, queues the run. */
export async function startReportRun(tx: Tx, ctx: RequestContext, kind: ReportKind, params: ReportParams, rerunOf: string | null = null): Promise<{ id: string; status: RunStatus }> {
  const actor = requireActor(ctx);
  checkParams(kind, params);
  throwUnlessAllowed(decideReportScope(actor, kind, await projectRefs(tx), params));
  const id = newId();
  const now = ctx.clock.now();
  await tx
    .insertInto('report_runs')
    .values({ id, kind, user_id: actor.userId, params: JSON.stringify(params), status: 'queued', created_at: now, rerun_of: rerunOf })
    .execute();
  await enqueue(tx, { kind: REPORT_JOB_KIND, payload: { runId: id }, runAt: now, dedupeKey: id, maxAttempts: 2 });
  await writeAudit(tx, ctx, { action: 'report.run', entityType: 'report_run', entityId: id, details: { kind, ...params } });
  return { id, status: 'queued' };
}

/** Runs the report again with the same filters (a new run). */
export async function rerunReport(tx: Tx, ctx: RequestContext, id: string) {
  const run = await ownRun(tx, ctx, id);
  return startReportRun(tx, ctx, run.kind as ReportKind, run.params as unknown as ReportParams, run.id);
}

async function ownRun(db: Db | Tx, ctx: RequestContext, id: string) {
  const actor = requireActor(ctx);
  const run = await db.selectFrom('report_runs').selectAll().where('id', '=', id).executeTakeFirst();
  // Another user's run is not found (its numbers were computed for their scope), except for the HMIS administrator.
  if (!run || (run.user_id !== actor.userId && !isAdmin(actor))) throw new NotFoundError('report run');
  return run;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function present(run: Awaited<ReturnType<typeof ownRun>>, withResult: boolean): ReportRunView {
  return {
    id: run.id,
    kind: run.kind as ReportKind,
    name: REPORTS.find((r) => r.kind === run.kind)?.name ?? run.kind,
    status: run.status,
    progress: run.progress,
    progressNote: run.progress_note,
    params: run.params as unknown as ReportParams,
    result: withResult ? ((run.result as ReportResult | null) ?? null) : null,
    source: run.source ?? null,
    error: run.error,
    rerunOf: run.rerun_of,
    createdAt: run.created_at.toISOString(),
    startedAt: iso(run.started_at),
    finishedAt: iso(run.finished_at),
  };
}

export async function getReportRun(db: Db | Tx, ctx: RequestContext, id: string): Promise<ReportRunView> {
  return present(await ownRun(db, ctx, id), true);
}

/** The caller's runs, newest first (without their tables). */
export async function listReportRuns(db: Db | Tx, ctx: RequestContext, kind?: ReportKind): Promise<ReportRunView[]> {
  const actor = requireActor(ctx);
  let q = db.selectFrom('report_runs').selectAll().where('user_id', '=', actor.userId);
  if (kind) q = q.where('kind', '=', kind);
  const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(50).execute();
  return rows.map((r) => present({ ...r, result: null }, false));
}

export interface RunJobDeps extends ReadDatabases {
  clock: { now(): Date };
  publicUrl: string;
}

async function setProgress(db: Db, id: string, progress: number, note: string) {
  await db.updateTable('report_runs').set({ progress: Math.max(0, Math.min(100, Math.round(progress))), progress_note: note }).where('id', '=', id).execute();
}

/** The job: computes a queued run. A failure is recorded on the run (the job itself succeeds: no retry of a bad run). */
export async function runReportJob(deps: RunJobDeps, runId: string): Promise<void> {
  const { primary } = deps;
  const run = await primary.db.selectFrom('report_runs').selectAll().where('id', '=', runId).executeTakeFirst();
  if (!run || run.status === 'done' || run.status === 'failed') return;
  await primary.db.updateTable('report_runs').set({ status: 'running', started_at: deps.clock.now(), progress: 1, progress_note: 'Starting', error: null }).where('id', '=', runId).execute();
  try {
    const actor = await actorOfUser(primary.db, run.user_id);
    if (!actor) throw new ForbiddenError('The user who started this report can no longer sign in.');
    const { result, drill, source } = await computeReport(deps, actor, run.kind as ReportKind, run.params as unknown as ReportParams, (p, n) => setProgress(primary.db, runId, p, n));
    await setProgress(primary.db, runId, 95, 'Keeping the results');
    await primary.transaction(async (tx) => {
      await saveItems(tx, runId, drill);
      const finished = deps.clock.now();
      await tx
        .updateTable('report_runs')
        .set({ status: 'done', progress: 100, progress_note: 'Done', result: JSON.stringify(result), source: JSON.stringify(source), finished_at: finished })
        .where('id', '=', runId)
        .execute();
      if (finished.getTime() - run.created_at.getTime() >= LONG_RUN_MS) {
        const name = REPORTS.find((r) => r.kind === run.kind)?.name ?? run.kind;
        await notify(tx, finished, deps.publicUrl, {
          userIds: [run.user_id],
          kind: 'report.done',
          title: `Report ready: ${name}`,
          body: `${run.params.startDate as string} to ${run.params.endDate as string}`,
          link: `/reports/runs/${runId}`,
          entityType: 'report_run',
          entityId: runId,
        });
      }
    });
  } catch (e) {
    const message = e instanceof DomainError ? e.message : `The report could not be computed: ${(e as Error).message}`;
    await primary.db.updateTable('report_runs').set({ status: 'failed', error: message.slice(0, 2000), finished_at: deps.clock.now() }).where('id', '=', runId).execute();
    if (!(e instanceof DomainError)) throw e;
  }
}

/** Computes a report for an actor (the job, the benchmark): scope decided now, facts read where `deps` says. */
export async function computeReport(
  deps: RunJobDeps,
  actor: Actor,
  kind: ReportKind,
  params: ReportParams,
  progress: (percent: number, note: string) => Promise<void> = async () => {},
): Promise<{ result: ReportResult; drill: DrillCollector; source: unknown }> {
  const { primary } = deps;
  const now = deps.clock.now();
  const refs = await projectRefs(primary.db);
  const decision = decideReportScope(actor, kind, refs, params);
  throwUnlessAllowed(decision);
  const ctx: RequestContext = { actor, requestId: `report:${kind}`, address: null, clock: deps.clock as RequestContext['clock'] };
  const referralSettings = await loadReferralSettings(primary.db as unknown as Tx, ctx);
  const coc = await primary.db.selectFrom('coc').select(['code']).executeTakeFirst();
  // Consents expire by the CoC's date (issue 16): today in the CoC's time zone.
  const scope = reportScope(actor, cocToday(deps.clock, referralSettings.config.timeZone), decision);
  const covered = new Set(decision.projectIds);
  const projects = new Map(refs.filter((p) => covered.has(p.id)).map((p) => [p.id, { name: p.name, agencyId: p.agencyId, agencyName: p.agency_name, projectType: p.project_type }]));
  const { read, source } = await readSource(deps, now);
  const drill = new DrillCollector();
  const definition: ReportDefinitionImpl = DEFINITIONS[kind];
  const input: ReportInput = { read, scope, params, referralSettings, now, projects, cocCode: coc?.code ?? '', softwareName: SOFTWARE_NAME, drill, progress };
  const result = await definition.compute(input);
  return { result, drill, source };
}

export async function saveItems(tx: Tx, runId: string, drill: DrillCollector): Promise<void> {
  const items = drill.items();
  const CHUNK = 5_000;
  for (let i = 0; i < items.length; i += CHUNK) {
    const part = items.slice(i, i + CHUNK);
    await sql`
      insert into report_run_items (run_id, seq, item_kind, item_id, client_id, info, cells)
      select ${runId}, x.seq, x.kind, x.id, x.client_id, x.info, x.cells
      from json_to_recordset(${JSON.stringify(part.map((p, j) => ({ seq: i + j + 1, kind: p.item.kind, id: p.item.id, client_id: p.item.clientId, info: p.item.info, cells: p.cells })))}::json)
        as x(seq int, kind text, id text, client_id text, info jsonb, cells int[])`.execute(tx);
  }
}


