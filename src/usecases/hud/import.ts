/**
 * HUD HMIS CSV import, FY2024 and FY2026 (issue 9).
 *
 * 1. **Validate first** (`validateHudSource`, import mode, version from Export.csv): a set with any
 *    error is rejected and nothing is written.
 * 2. **Apply** in one transaction (the caller's), files in HUD's order, streamed a second time from the
 *    source, `CHUNK` records at a time: the chunk's keys and parents are read in two queries, every
 *    record is decided in memory in file order (the rules below; per file in import-handlers.ts), and
 *    the chunk is written set-based (import-batch.ts: a few statements per chunk, whatever its size).
 *    FY2024 rows are mapped to FY2026 (`mapFy2024Row`: gender not carried, HispanicLatinaeo →
 *    HispanicLatinao, retired funder/event codes kept and noted as history).
 *
 * Idempotency: `hud_import_keys` maps (source, file, source record ID) → local ID and the DateUpdated
 * last applied. The source is Export.csv's SourceID (else ImplementationID).
 *   - a record seen before with the same or a later DateUpdated is left alone (strictly newer wins: a
 *     record updated the same day but earlier in the day does not replace the stored one);
 *   - a strictly newer DateUpdated updates the local record (or restores it when it had been deleted);
 *   - DateDeleted removes the local record (children of a deleted enrollment go with it);
 *   - a new record keeps its source ID as local ID when that ID is free (so an export → import → export
 *     round trip gives the same IDs), otherwise gets a new one.
 * Records of files Hearth has no table for (Affiliation, EmploymentEducation, YouthEducationStatus, CE
 * events) are kept in `hud_import_records` and carried by later exports.
 * UserID: the Hearth system user and unknown users become "no user"; other users are created inactive
 * (no password: they cannot sign in until an administrator sets them up).
 *
 * A record that passed validation but breaks a rule of Hearth's tables fails its chunk's statement;
 * the import is then rolled back and run again up to that chunk, which is applied one record at a time
 * (in a transaction that is rolled back too), to name the record's line in the error.
 */
import { sql } from 'kysely';
import type { Database, Tx } from '../../data/db.ts';
import { hudSpec, type HudVersion } from '../../domain/hud/spec.ts';
import { ownString, readHudCsvBatches } from '../../domain/hud/csv.ts';
import { checkHeader, validateHudSource, type HudFileSource, type HudProblem, type ValidationReport } from '../../domain/hud/validate.ts';
import { mapFy2024Row, type MappingNote } from '../../domain/hud/fy2024.ts';
import { recordBuilder, type RecordBuilder } from '../../domain/hud/record.ts';
import { newId } from '../../domain/ids.ts';
import { can } from '../../domain/access.ts';
import { ForbiddenError } from '../../domain/errors.ts';
import { writeAudit } from '../audit.ts';
import type { RequestContext } from '../context.ts';
import { fetchKeys, ParentLookup, writeKeys, type ImportKey, type InsertOp, type KeyWrite, type ParentMemo } from './import-batch.ts';
import { retainedHandler, TABLE_HANDLERS, time, timeMs, v, type ChunkContext, type Handler, type R } from './import-handlers.ts';

export interface HudImportProgress {
  phase: 'validate' | 'apply';
  file: string;
  rows: number;
}

export interface FileCounts {
  inserted: number;
  updated: number;
  deleted: number;
  unchanged: number;
  /** Records whose parent (client, enrollment, project…) is deleted in the set or locally: not stored. */
  skipped: number;
}

export interface HudImportReport {
  version: HudVersion;
  accepted: boolean;
  /** True when the records were written (accepted and not a dry run). */
  applied: boolean;
  dryRun: boolean;
  sourceId: string | null;
  validation: ValidationReport;
  counts: Record<string, FileCounts>;
  /** FY2024 → FY2026 value changes and retired codes kept as history (at most 1 000 kept). */
  notes: (MappingNote & { file: string; line: number })[];
  notesTruncated: number;
}

const RETAINED_FILES = new Set(['Affiliation.csv', 'EmploymentEducation.csv', 'YouthEducationStatus.csv', 'Event.csv']);
const MAX_NOTES = 1000;
/** Records decided and written together: large enough that round trips do not matter, small enough to keep memory flat. */
const CHUNK = 2000;

/** Validates a set (import mode). Nothing is written. */
export async function validateHudImport(source: HudFileSource, onProgress: (p: HudImportProgress) => void = () => {}): Promise<ValidationReport> {
  const counts = new Map<string, number>();
  return validateHudSource(source, {
    mode: 'import',
    onRecord: (file) => {
      const c = (counts.get(file) ?? 0) + 1;
      counts.set(file, c);
      if (c % 1000 === 0) onProgress({ phase: 'validate', file, rows: c });
    },
  });
}

/** Validates then, when accepted and not a dry run, applies in one transaction. */
export async function importHud(
  database: Database,
  ctx: RequestContext,
  source: HudFileSource,
  options: { dryRun?: boolean; onProgress?: (p: HudImportProgress) => void; validation?: ValidationReport; /** Records per chunk (tests: small chunks). */ chunkSize?: number } = {},
): Promise<HudImportReport> {
  if (ctx.actor && !can(ctx.actor, 'hud.import')) throw new ForbiddenError('Only HMIS administrators may import HUD CSV.');
  const validation = options.validation ?? (await validateHudImport(source, options.onProgress));
  const base = { version: validation.version, accepted: validation.accepted, dryRun: !!options.dryRun, validation, counts: {}, notes: [], notesTruncated: 0, sourceId: null };
  if (!validation.accepted || options.dryRun) {
    await database.transaction((tx) =>
      writeAudit(tx, ctx, { action: 'hud.import.validate', entityType: 'hud_import', details: { accepted: validation.accepted, errors: validation.errorCount, warnings: validation.warningCount, rowCounts: validation.rowCounts } }),
    );
    return { ...base, applied: false };
  }
  try {
    return await database.transaction(async (tx) => {
      const applied = await applyHudImport(tx, ctx, source, validation.version, options.onProgress, { chunkSize: options.chunkSize });
      await writeAudit(tx, ctx, {
        action: 'hud.import',
        entityType: 'hud_import',
        entityId: applied.sourceId ?? undefined,
        details: { version: validation.version, sourceId: applied.sourceId, counts: applied.counts, warnings: validation.warningCount },
      });
      return { ...base, ...applied, applied: true };
    });
  } catch (e) {
    if (!(e instanceof HudChunkError)) throw e;
    throw await locateFailure(database, ctx, source, validation.version, e, options.chunkSize);
  }
}

/** Thrown when a record that passed validation cannot be stored (a rule of Hearth's tables). */
export class HudApplyError extends Error {
  readonly problem: HudProblem;
  constructor(problem: HudProblem) {
    super(`${problem.file} line ${problem.line}: ${problem.message}`);
    this.problem = problem;
  }
}

const storeProblem = (file: string, line: number, message: string): HudApplyError =>
  new HudApplyError({ file, line, column: null, severity: 'error', code: 'reference', message: `This record could not be stored: ${message}` });

/** A chunk's statements failed: which record is not known yet. */
class HudChunkError extends Error {
  readonly file: string;
  readonly chunk: number;
  readonly lines: [number, number];
  constructor(file: string, chunk: number, lines: [number, number], cause: Error) {
    super(cause.message, { cause });
    this.file = file;
    this.chunk = chunk;
    this.lines = lines;
  }
}

/** The second run applied the failed chunk record by record without a failure (the data changed meanwhile). */
class NotReproduced extends Error {}

/** A record broke a rule of a table (SQLSTATE class 22 data exception, 23 integrity constraint), not the database's health. */
const isRecordFailure = (e: unknown) => /^2[23]/.test(String((e as { code?: unknown }).code ?? ''));

/** Runs the import again (rolled back) up to the failed chunk, that chunk one record at a time. */
async function locateFailure(database: Database, ctx: RequestContext, source: HudFileSource, version: HudVersion, failed: HudChunkError, chunkSize?: number): Promise<HudApplyError> {
  try {
    await database.transaction((tx) => applyHudImport(tx, ctx, source, version, () => {}, { chunkSize, locate: { file: failed.file, chunk: failed.chunk } }));
  } catch (e) {
    if (e instanceof HudApplyError) return e;
    if (!(e instanceof NotReproduced)) throw e;
  }
  return storeProblem(failed.file, failed.lines[0], `${failed.message} (a record on lines ${failed.lines[0]}–${failed.lines[1]})`);
}

interface Rec {
  line: number;
  row: R;
  notes: readonly MappingNote[];
}

const NO_NOTES: readonly MappingNote[] = [];

/** One file of the set as records keyed by canonical FY2026 column names, `size` at a time. */
async function* fileRecords(source: HudFileSource, version: HudVersion, file: string, size = CHUNK): AsyncGenerator<Rec[]> {
  const spec = hudSpec(version).file(file)!;
  let build: RecordBuilder | null = null;
  let batch: Rec[] = [];
  for await (const records of readHudCsvBatches(source.open(file), { encoding: source.encoding })) {
    for (const rec of records) {
      if (!build) {
        build = recordBuilder(checkHeader(spec, rec.fields, 'import').result.mapping, { trim: true });
        continue;
      }
      const row: R = build(rec.fields);
      if (version === '2024') {
        const mapped = mapFy2024Row(file, row);
        batch.push({ line: rec.line, row: mapped.row, notes: mapped.notes });
      } else batch.push({ line: rec.line, row, notes: NO_NOTES });
      if (batch.length >= size) {
        yield batch;
        batch = [];
      }
    }
  }
  if (batch.length > 0) yield batch;
}

/** The next item is read (inflated, parsed) while the caller works on this one (its database writes). */
async function* readAhead<T>(items: AsyncIterator<T> & AsyncIterable<T>): AsyncGenerator<T> {
  let next = items.next();
  try {
    for (;;) {
      const r = await next;
      if (r.done) return;
      next = items.next();
      yield r.value;
    }
  } finally {
    // Stopped early (an error): the read ahead may fail too, and nobody will look at it.
    next.catch(() => {});
    await items.return?.(undefined)?.catch(() => {});
  }
}

/** The parent references of a record (column → file of the parent). */
const PARENTS: readonly [string, string][] = [
  ['OrganizationID', 'Organization.csv'],
  ['ProjectID', 'Project.csv'],
  ['PersonalID', 'Client.csv'],
  ['EnrollmentID', 'Enrollment.csv'],
  ['AssessmentID', 'Assessment.csv'],
];

/** Files other records point at: what this import left for each of their records is remembered. */
const PARENT_FILES = new Set(['Organization.csv', 'User.csv', 'Project.csv', 'Client.csv', 'Enrollment.csv', 'Assessment.csv']);

interface ApplyState {
  tx: Tx;
  sourceId: string;
  /** Keys of this source exist from an earlier import (else there is nothing to look up). */
  sourceKnown: boolean;
  parents: ParentMemo;
  now: Date;
  clientOwner: Map<string, string>;
  firstAgency: () => Promise<string | null>;
}

/** Decides and writes one chunk of a file's records. */
async function applyChunk(st: ApplyState, file: string, handler: Handler, recs: readonly Rec[], counts: FileCounts): Promise<void> {
  const { tx, sourceId } = st;
  const pk = hudSpec('2026').file(file)!.primaryKey;
  const keys = st.sourceKnown ? await fetchKeys(tx, sourceId, file, recs.map((r) => r.row[pk]!)) : new Map<string, ImportKey>();
  const parents = new ParentLookup(st.parents, st.sourceKnown);
  const want = (f: string, id: string | undefined) => parents.want(f, id);
  for (const { row } of recs) {
    for (const [column, parentFile] of PARENTS) if (parentFile !== file && column !== pk) want(parentFile, row[column]);
    handler.refs?.(row, want, st.clientOwner);
  }
  await parents.resolve(tx, sourceId);
  // False when a parent of the record is not (or no longer) stored locally: a deleted parent's children are skipped.
  const parentsStored = (row: R) => PARENTS.every(([column, parentFile]) => parentFile === file || column === pk || !row[column] || parents.get(parentFile, row[column]) !== null);
  const c: ChunkContext = { tx, parents, now: st.now, clientOwner: st.clientOwner, firstAgency: st.firstAgency };
  const w = await handler.begin(
    c,
    recs.map((r) => r.row),
    [...keys.values()].map((k) => k.local_id),
  );
  const writes: KeyWrite[] = [];
  for (const { line, row } of recs) {
    const sourceRecordId = row[pk]!;
    const updated = time(row.DateUpdated);
    const updatedMs = timeMs(row.DateUpdated);
    const deleted = !!v(row.DateDeleted);
    const key = keys.get(sourceRecordId);
    try {
      if (key && key.date_updated && updatedMs !== null && key.date_updated.getTime() >= updatedMs) {
        counts.unchanged++;
      } else if (key) {
        let local: string | InsertOp = key.local_id;
        if (deleted) {
          if (!key.deleted) w.remove(key.local_id);
          counts.deleted++;
        } else if (!parentsStored(row)) {
          counts.skipped++;
        } else {
          // A restored record stored on its parent (an exit, a stage record…): the parent's current ID.
          const id = key.deleted && handler.picksId ? w.pickId!(row) : key.local_id;
          local = w.upsert(id, row, !key.deleted);
          counts.updated++;
        }
        writes.push({ sid: sourceRecordId, local, updated, deleted });
      } else if (!deleted && !parentsStored(row)) {
        counts.skipped++;
      } else {
        const id = handler.picksId && !deleted ? w.pickId!(row) : sourceRecordId.length <= 32 ? sourceRecordId : newId();
        let local: string | InsertOp = id;
        if (!deleted) {
          local = w.upsert(id, row, false);
          counts.inserted++;
        } else counts.deleted++;
        writes.push({ sid: sourceRecordId, local, updated, deleted });
      }
    } catch (err) {
      throw storeProblem(file, line, (err as Error).message);
    }
  }
  await w.flush();
  await writeKeys(tx, sourceId, file, writes);
  if (PARENT_FILES.has(file)) {
    let memo = st.parents.get(file);
    if (!memo) st.parents.set(file, (memo = new Map()));
    const remember = (sid: string, local: string | null) => {
      const key = ownString(sid);
      memo.set(key, local === null ? null : local === sid ? key : ownString(local));
    };
    for (const k of writes) remember(k.sid, k.deleted ? null : typeof k.local === 'string' ? k.local : k.local.id);
    for (const [sid, k] of keys) if (!memo.has(sid)) remember(sid, k.deleted ? null : k.local_id);
  }
}

/** Applies an accepted set in the caller's transaction. */
export async function applyHudImport(
  tx: Tx,
  ctx: RequestContext,
  source: HudFileSource,
  version: HudVersion,
  onProgress: (p: HudImportProgress) => void = () => {},
  options: { chunkSize?: number; locate?: { file: string; chunk: number } } = {},
): Promise<Pick<HudImportReport, 'counts' | 'notes' | 'notesTruncated' | 'sourceId'>> {
  let sourceId: string | null = null;
  for await (const recs of fileRecords(source, version, 'Export.csv')) for (const { row } of recs) sourceId = v(row.SourceID) ?? v(row.ImplementationID) ?? 'unknown';
  let firstAgency: Promise<string | null> | null = null;
  const known = await sql<{ known: boolean }>`select exists (select 1 from hud_import_keys where source_id = ${sourceId ?? 'unknown'}) as known`.execute(tx);
  const st: ApplyState = {
    tx,
    sourceId: sourceId ?? 'unknown',
    sourceKnown: known.rows[0]?.known ?? true,
    parents: new Map(),
    now: ctx.clock.now(),
    clientOwner: new Map(),
    firstAgency: () =>
      (firstAgency ??= sql<{ id: string }>`select id from agencies order by id limit 1`.execute(tx).then((r) => r.rows[0]?.id ?? null)),
  };
  const counts: Record<string, FileCounts> = {};
  const notes: HudImportReport['notes'] = [];
  let notesTruncated = 0;

  // Owner agency of new clients: the organization of their first enrollment's project.
  if (source.names.includes('Enrollment.csv') && source.names.includes('Project.csv')) {
    const projectOrg = new Map<string, string>();
    for await (const recs of fileRecords(source, version, 'Project.csv')) for (const { row } of recs) projectOrg.set(ownString(row.ProjectID!), ownString(row.OrganizationID!));
    for await (const recs of fileRecords(source, version, 'Enrollment.csv')) {
      for (const { row } of recs) {
        const org = projectOrg.get(row.ProjectID!);
        if (org && !st.clientOwner.has(row.PersonalID!)) st.clientOwner.set(ownString(row.PersonalID!), org);
      }
    }
  }

  for (const file of hudSpec(version).fileOrder) {
    if (file === 'Export.csv' || !source.names.includes(file)) continue;
    const handler = TABLE_HANDLERS[file] ?? (RETAINED_FILES.has(file) ? retainedHandler(file) : null);
    if (!handler) continue;
    const fileCounts: FileCounts = (counts[file] = { inserted: 0, updated: 0, deleted: 0, unchanged: 0, skipped: 0 });
    let n = 0;
    let chunk = 0;
    for await (const recs of readAhead(fileRecords(source, version, file, options.chunkSize))) {
      for (const { line, notes: rowNotes } of recs) {
        for (const note of rowNotes) {
          if (notes.length < MAX_NOTES) notes.push({ ...note, file, line });
          else notesTruncated++;
        }
      }
      if (options.locate?.file === file && options.locate.chunk === chunk) {
        for (const rec of recs) {
          try {
            await applyChunk(st, file, handler, [rec], fileCounts);
          } catch (err) {
            if (err instanceof HudApplyError || !isRecordFailure(err)) throw err;
            throw storeProblem(file, rec.line, (err as Error).message);
          }
        }
        throw new NotReproduced('The failure was not reproduced.');
      }
      try {
        await applyChunk(st, file, handler, recs, fileCounts);
      } catch (err) {
        if (err instanceof HudApplyError || !isRecordFailure(err)) throw err;
        throw new HudChunkError(file, chunk, [recs[0]!.line, recs.at(-1)!.line], err as Error);
      }
      n += recs.length;
      chunk++;
      onProgress({ phase: 'apply', file, rows: n });
    }
    // Only new clients read their owner agency from it.
    if (file === 'Client.csv') st.clientOwner.clear();
    onProgress({ phase: 'apply', file, rows: n });
  }
  return { counts, notes, notesTruncated, sourceId: st.sourceId };
}

/** The report as readable text (CLI, download). */
export function importReportText(r: HudImportReport): string {
  const lines: string[] = [];
  const val = r.validation;
  lines.push(`HUD CSV import — FY${r.version} set${r.sourceId ? ` from ${r.sourceId}` : ''}`);
  if (val.encoding) lines.push(`Text read as ${val.encoding} and converted to UTF-8.`);
  lines.push(val.accepted ? `Accepted: ${val.errorCount} errors, ${val.warningCount} warnings.` : `REJECTED: ${val.errorCount} errors, ${val.warningCount} warnings. Nothing was imported.`);
  if (r.dryRun && val.accepted) lines.push('Dry run: nothing was written.');
  lines.push('', 'Rows read:');
  for (const [f, c] of Object.entries(val.rowCounts)) lines.push(`  ${f}: ${c}`);
  if (r.applied) {
    lines.push('', 'Applied (inserted / updated / deleted / unchanged / skipped):');
    for (const [f, c] of Object.entries(r.counts)) lines.push(`  ${f}: ${c.inserted} / ${c.updated} / ${c.deleted} / ${c.unchanged} / ${c.skipped}`);
  }
  if (val.problems.length > 0) {
    lines.push('', 'Problems (file:line column — severity code: message):');
    for (const p of val.problems) lines.push(`  ${p.file}:${p.line ?? '-'} ${p.column ?? '-'} — ${p.severity} ${p.code}: ${p.message}`);
    if (val.truncated > 0) lines.push(`  … and ${val.truncated} more not listed.`);
  }
  if (r.notes.length > 0) {
    lines.push('', 'FY2024 → FY2026 notes:');
    for (const n of r.notes) lines.push(`  ${n.file}:${n.line} ${n.column} — ${n.kind}: ${n.message}`);
    if (r.notesTruncated > 0) lines.push(`  … and ${r.notesTruncated} more.`);
  }
  return lines.join('\n') + '\n';
}
