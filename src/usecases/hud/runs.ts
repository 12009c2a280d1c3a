/**
 * HUD CSV export and import runs for the API and screens.
 *
 * Exports run **in process**, in the background (not the durable job queue yet): `HudExportRuns.start`
 * checks the caller's access synchronously, then streams the export into `<dataDir>/hud-exports/<id>.zip`
 * while the progress (rows written per file) is kept in memory for `GET /hud/exports/{id}`. A server
 * restart forgets the progress of a running export (the caller starts it again); finished files stay.
 * On the embedded database the export's transaction holds the single connection while it runs.
 *
 * Imports: the upload is stored in `<dataDir>/hud-imports/<id>.zip`, validated at once (nothing written)
 * and recorded in `hud_import_runs` with its report; an HMIS administrator applies an accepted run.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Database, Tx } from '../../data/db.ts';
import { can, isAdmin } from '../../domain/access.ts';
import { ConflictError, ForbiddenError, NotFoundError, RuleViolation } from '../../domain/errors.ts';
import { newId } from '../../domain/ids.ts';
import type { ValidationReport } from '../../domain/hud/validate.ts';
import { writeAudit } from '../audit.ts';
import { requireActor, type RequestContext } from '../context.ts';
import { exportHud, resolveExportProjects, type HudExportParams, type HudExportResult } from './export.ts';
import { importHud, validateHudImport, HudApplyError, type HudImportProgress, type HudImportReport } from './import.ts';
import { HudSourceError, zipSource } from './source.ts';

export interface HudExportRun {
  id: string;
  userId: string | null;
  status: 'running' | 'done' | 'failed';
  params: HudExportParams;
  startedAt: Date;
  finishedAt: Date | null;
  files: { file: string; rows: number; done: boolean }[];
  result: HudExportResult | null;
  error: string | null;
}

export class HudExportRuns {
  readonly #runs = new Map<string, HudExportRun>();
  readonly #running = new Set<Promise<void>>();
  readonly #dir: string;
  readonly #database: Database;

  constructor(database: Database, dataDir: string) {
    this.#database = database;
    this.#dir = path.join(dataDir, 'hud-exports');
  }

  filePath(id: string): string {
    return path.join(this.#dir, `${id}.zip`);
  }

  /** Checks access now (403/422 to the caller), then runs the export in the background. */
  async start(ctx: RequestContext, params: Omit<HudExportParams, 'exportId'>): Promise<HudExportRun> {
    const actor = requireActor(ctx);
    await this.#database.transaction((tx) => resolveExportProjects(tx, actor, params.projectIds));
    const id = newId();
    const run: HudExportRun = { id, userId: actor.userId, status: 'running', params: { ...params, exportId: id }, startedAt: ctx.clock.now(), finishedAt: null, files: [], result: null, error: null };
    this.#runs.set(id, run);
    fs.mkdirSync(this.#dir, { recursive: true });
    const bgCtx: RequestContext = { ...ctx };
    const job = (async () => {
      const tmp = `${this.filePath(id)}.part`;
      try {
        const out = fs.createWriteStream(tmp);
        run.result = await this.#database.transaction((tx) =>
          exportHud(tx, bgCtx, run.params, out, (p) => {
            const f = run.files.find((x) => x.file === p.file);
            if (f) Object.assign(f, p);
            else run.files.push({ ...p });
          }),
        );
        fs.renameSync(tmp, this.filePath(id));
        run.status = 'done';
      } catch (e) {
        run.status = 'failed';
        run.error = (e as Error).message;
        fs.rmSync(tmp, { force: true });
      } finally {
        run.finishedAt = bgCtx.clock.now();
      }
    })();
    this.#running.add(job);
    void job.finally(() => this.#running.delete(job));
    return run;
  }

  /** The run, for its owner or an HMIS administrator (404 otherwise). */
  get(ctx: RequestContext, id: string): HudExportRun {
    const actor = requireActor(ctx);
    const run = this.#runs.get(id);
    if (!run || !(run.userId === actor.userId || isAdmin(actor))) throw new NotFoundError('export');
    return run;
  }

  /** Opens the finished zip for download (audited). */
  async download(tx: Tx, ctx: RequestContext, id: string): Promise<{ run: HudExportRun; stream: fs.ReadStream; size: number }> {
    const run = this.get(ctx, id);
    if (run.status !== 'done') throw new ConflictError(run.status === 'failed' ? `The export failed: ${run.error}` : 'The export is still running.');
    const file = this.filePath(id);
    const size = fs.statSync(file).size;
    await writeAudit(tx, ctx, { action: 'hud.export.download', entityType: 'hud_export', entityId: id, details: { rowCounts: run.result?.rowCounts, size } });
    return { run, stream: fs.createReadStream(file), size };
  }

  /** Waits for running exports (server shutdown, tests). */
  async idle(): Promise<void> {
    await Promise.allSettled([...this.#running]);
  }
}

// ---------------------------------------------------------------- imports

export interface HudImportRunView {
  id: string;
  createdAt: Date;
  fileName: string | null;
  version: string | null;
  accepted: boolean;
  report: ValidationReport;
  appliedAt: Date | null;
  result: Pick<HudImportReport, 'counts' | 'notes' | 'notesTruncated' | 'sourceId'> | null;
}

const importDir = (dataDir: string) => path.join(dataDir, 'hud-imports');

function requireImporter(ctx: RequestContext) {
  const actor = requireActor(ctx);
  if (!can(actor, 'hud.import')) throw new ForbiddenError('Only HMIS administrators may import HUD CSV.');
  return actor;
}

/**
 * Stores an uploaded zip (already on disk at `uploadedPath`), validates it, records the run. `encoding`
 * (a WHATWG label, already checked) reads the files in that encoding; the report keeps it for the apply.
 */
export async function createImportRun(database: Database, ctx: RequestContext, dataDir: string, uploadedPath: string, fileName: string | null, encoding?: string): Promise<HudImportRunView> {
  const actor = requireImporter(ctx);
  const id = newId();
  fs.mkdirSync(importDir(dataDir), { recursive: true });
  const stored = path.join(importDir(dataDir), `${id}.zip`);
  fs.renameSync(uploadedPath, stored);
  let report: ValidationReport;
  try {
    const src = await zipSource(stored, { encoding });
    try {
      report = await validateHudImport(src);
    } finally {
      src.close();
    }
  } catch (e) {
    fs.rmSync(stored, { force: true });
    if (e instanceof HudSourceError) throw new RuleViolation(e.message, [{ pointer: '/body', message: 'Upload a .zip of the HUD CSV files.' }]);
    throw e;
  }
  const createdAt = ctx.clock.now();
  await database.transaction(async (tx) => {
    await tx
      .insertInto('hud_import_runs')
      .values({ id, created_at: createdAt, created_by: actor.userId, file_name: fileName, storage_path: stored, version: report.version, accepted: report.accepted, report: JSON.stringify(report) })
      .execute();
    await writeAudit(tx, ctx, { action: 'hud.import.validate', entityType: 'hud_import', entityId: id, details: { accepted: report.accepted, errors: report.errorCount, warnings: report.warningCount, rowCounts: report.rowCounts } });
  });
  return { id, createdAt, fileName, version: report.version, accepted: report.accepted, report, appliedAt: null, result: null };
}

export async function getImportRun(tx: Tx, ctx: RequestContext, id: string): Promise<HudImportRunView & { storagePath: string | null }> {
  requireImporter(ctx);
  const r = await tx.selectFrom('hud_import_runs').selectAll().where('id', '=', id).executeTakeFirst();
  if (!r) throw new NotFoundError('import');
  return {
    id: r.id,
    createdAt: r.created_at,
    fileName: r.file_name,
    version: r.version,
    accepted: r.accepted,
    report: r.report as ValidationReport,
    appliedAt: r.applied_at,
    result: (r.result ?? null) as HudImportRunView['result'],
    storagePath: r.storage_path,
  };
}

/**
 * Imports being applied in this process: their view and progress, answered without the database (on
 * the embedded database the import's transaction holds the only connection).
 */
const applying = new Map<string, { view: HudImportRunView; progress: HudImportProgress | null }>();

export function applyingImport(ctx: RequestContext, id: string): { view: HudImportRunView; progress: HudImportProgress | null } | undefined {
  requireImporter(ctx);
  return applying.get(id);
}

/** Applies an accepted run in one transaction (HMIS administrators). */
export async function applyImportRun(database: Database, ctx: RequestContext, id: string): Promise<HudImportRunView> {
  const actor = requireImporter(ctx);
  const run = await database.transaction((tx) => getImportRun(tx, ctx, id));
  if (!run.accepted) throw new ConflictError('This set was rejected by the validation: nothing can be imported from it.');
  if (run.appliedAt) throw new ConflictError('This set has already been imported.');
  if (applying.has(id)) throw new ConflictError('This set is being imported.');
  const { storagePath: _p, ...runView } = run;
  void _p;
  const state = { view: runView, progress: null as HudImportProgress | null };
  applying.set(id, state);
  const src = await zipSource(run.storagePath!, { encoding: run.report.encoding }).catch((e: unknown) => {
    applying.delete(id);
    throw e;
  });
  let report: HudImportReport;
  try {
    report = await importHud(database, ctx, src, { validation: run.report, onProgress: (p) => (state.progress = p) });
  } catch (e) {
    if (e instanceof HudApplyError) throw new ConflictError(`Nothing was imported: ${e.message}`, [{ pointer: `/${e.problem.file}/${e.problem.line}`, message: e.problem.message }]);
    throw e;
  } finally {
    src.close();
    applying.delete(id);
  }
  const appliedAt = ctx.clock.now();
  const result = { counts: report.counts, notes: report.notes, notesTruncated: report.notesTruncated, sourceId: report.sourceId };
  await database.transaction((tx) => tx.updateTable('hud_import_runs').set({ applied_at: appliedAt, applied_by: actor.userId, result: JSON.stringify(result) }).where('id', '=', id).execute());
  const { storagePath: _s, ...view } = run;
  void _s;
  return { ...view, appliedAt, result };
}
