/**
 * HUD HMIS CSV FY2026 (`2026 v1.0`) export (issue 9): every file of the version, in HUD's order, with
 * exact headers, written by the core writer (`hudObjectWriter`, the compiled form of `formatHudRow`) into
 * a zip entry by entry. Rows come from server-side cursors inside one REPEATABLE READ transaction (a
 * consistent snapshot), so memory stays flat whatever the size: two fetch batches (the next one is
 * fetched while the current one is written), a buffer of text and the zip's deflate window.
 *
 * Scope: the selected projects (or every project the caller may export), their enrollments in the
 * period (period type 3: active in [from, to]; 1: updated in [from, to]) widened to whole households,
 * the clients of those enrollments and every child record of them. Files where Hearth keeps no data
 * (Affiliation, EmploymentEducation, YouthEducationStatus) hold only their header, unless an import
 * retained records for them (`hud_import_records`), which are carried as history. The SQL and mapping
 * of each file are in export-files.ts.
 *
 * UserID is the row's last editor (updated_by, else created_by); rows without one (seeded or system
 * data) carry `HEARTH_SYSTEM_USER_ID`, written in User.csv as "Hearth system".
 */
import type { Writable } from 'node:stream';
import { Readable } from 'node:stream';
import yazl from 'yazl';
import { sql } from 'kysely';
import type { Tx } from '../../data/db.ts';
import { hudSpec, type FileSpec } from '../../domain/hud/spec.ts';
import { assertHudRowKeys, formatHudHeader, hudObjectWriter } from '../../domain/hud/csv.ts';
import { newId } from '../../domain/ids.ts';
import { can, type Actor } from '../../domain/access.ts';
import { ForbiddenError, RuleViolation } from '../../domain/errors.ts';
import { ceEventCodeForProjectType, hudReferralResult } from '../../domain/referrals/index.ts';
import { localDateAt } from '../../domain/calendar/zoned.ts';
import { loadReferralSettings } from '../referrals/config-store.ts';
import { writeAudit } from '../audit.ts';
import type { RequestContext } from '../context.ts';
import { cursorBatches } from './cursor.ts';
import { fileSources, HEARTH_SYSTEM_USER_ID, type DbRow, type Row } from './export-files.ts';
import { csvLineSql, lit, selectListSql } from './export-sql.ts';
import pkg from '../../../package.json' with { type: 'json' };

export { BENEFITS, derivedId, HEARTH_SYSTEM_USER_ID, INCOME_SOURCES, INSURANCE, RACE_COLUMNS } from './export-files.ts';
export const CSV_VERSION = '2026 v1.0';

export interface HudExportParams {
  from: string;
  to: string;
  /** null: every project the caller may export. */
  projectIds: readonly string[] | null;
  /** 1 updated, 3 reporting period (HUD 1.1). */
  periodType: 1 | 3;
  /** 1 delta refresh, 2 full refresh (HUD 1.2). */
  directive: 1 | 2;
  /** HashStatus 4 (SHA-256): names and SSN hashed. */
  hashed: boolean;
  exportId?: string;
}

export interface HudExportProgress {
  file: string;
  rows: number;
  done: boolean;
}

export interface HudExportResult {
  exportId: string;
  rowCounts: Record<string, number>;
  /** Referrals left out of Event.csv: no CE enrollment in the export (or no event code for the project type). */
  eventsSkipped: number;
  projectCount: number;
}

/**
 * The projects the actor may export, among `requested` (null: all of them). HMIS administrators: every
 * project; agency administrators: their agencies' projects (`hud.export` with the agency as scope).
 * Requesting a project outside that is refused (403), never silently dropped. A null actor is the CLI
 * (server operator): everything.
 */
export async function resolveExportProjects(tx: Tx, actor: Actor | null, requested: readonly string[] | null): Promise<string[]> {
  if (actor && !can(actor, 'hud.export')) throw new ForbiddenError('You may not export HUD CSV.');
  const projects = await tx.selectFrom('projects').select(['id', 'agency_id']).orderBy('id').execute();
  const known = new Map(projects.map((p) => [p.id, p.agency_id]));
  const allowed = (p: { id: string; agency_id: string }) => !actor || can(actor, 'hud.export', { agencyId: p.agency_id, projectId: p.id });
  if (requested === null) return projects.filter(allowed).map((p) => p.id);
  const out: string[] = [];
  for (const id of requested) {
    const agencyId = known.get(id);
    if (agencyId === undefined) throw new RuleViolation(`Project ${id} does not exist.`, [{ pointer: '/projectIds', message: `Project ${id} does not exist.` }]);
    if (!allowed({ id, agency_id: agencyId })) throw new ForbiddenError(`You may not export project ${id}.`);
    out.push(id);
  }
  return [...new Set(out)];
}

/**
 * Writes the export into `out` (a zip). Must be the first statement of the caller's transaction (it sets REPEATABLE READ on
 * PostgreSQL for a consistent snapshot), audits the export with its row counts.
 */
export async function exportHud(
  tx: Tx,
  ctx: RequestContext,
  params: HudExportParams,
  out: Writable,
  onProgress: (p: HudExportProgress) => void = () => {},
): Promise<HudExportResult> {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(params.from) || !/^\d{4}-\d{2}-\d{2}$/.test(params.to) || params.from > params.to) {
    throw new RuleViolation('The export period must end on or after its start.', [{ pointer: '/to', message: 'The export period must end on or after its start.' }]);
  }
  // One snapshot for every file (PostgreSQL; PGlite has one connection anyway).
  await sql`set transaction isolation level repeatable read`.execute(tx);
  const projectIds = await resolveExportProjects(tx, ctx.actor, params.projectIds);
  const exportId = params.exportId ?? newId();
  const spec = hudSpec('2026');
  const coc = await tx.selectFrom('coc').select(['id', 'code', 'name']).executeTakeFirst();
  const { config } = await loadReferralSettings(tx, ctx);

  // Scope tables (dropped at commit). No keys: every use is a hashed semi-join, and rows are distinct
  // by construction (an index would cost more to build than it saves).
  await sql`create temp table hud_x_proj (id text collate "C" not null) on commit drop`.execute(tx);
  await sql`create temp table hud_x_enr (id text collate "C" not null, client_id text collate "C" not null, household_id text collate "C" not null) on commit drop`.execute(tx);
  await sql`create temp table hud_x_users (user_id text collate "C" not null) on commit drop`.execute(tx);
  if (projectIds.length > 0) await sql`insert into hud_x_proj (id) select unnest(${projectIds}::text[])`.execute(tx);
  const { from, to, periodType } = params;
  await sql`
    insert into hud_x_enr (id, client_id, household_id)
    select e.id, e.client_id, e.household_id from enrollments e
    where e.project_id in (select id from hud_x_proj)
      and (case when ${periodType}::int = 3
             then e.entry_date <= ${to}::date and (e.exit_date is null or e.exit_date >= ${from}::date)
             else e.updated_at >= ${from}::date and e.updated_at < ${to}::date + 1 end)`.execute(tx);
  // Whole households: a member never travels without the head.
  await sql`
    insert into hud_x_enr (id, client_id, household_id)
    select e.id, e.client_id, e.household_id from enrollments e
    where e.household_id in (select household_id from hud_x_enr) and e.id not in (select id from hud_x_enr)
      and e.project_id in (select id from hud_x_proj)`.execute(tx);
  // Temporary tables have no statistics until analysed (the file queries join on them); row counts
  // are what matters, so a small sample does.
  await sql`set local default_statistics_target = 10`.execute(tx);
  await sql`analyze hud_x_proj`.execute(tx);
  await sql`analyze hud_x_enr`.execute(tx);
  await sql`
    insert into hud_x_users (user_id)
    select u from (
      select coalesce(updated_by, created_by) as u from enrollments where id in (select id from hud_x_enr)
      union select coalesce(exited_by, updated_by, created_by) from enrollments where id in (select id from hud_x_enr) and exit_date is not null
      union select created_by from clients where id in (select client_id from hud_x_enr)
      union select coalesce(updated_by, created_by) from enrollment_assessments where enrollment_id in (select id from hud_x_enr)
      union select created_by from enrollment_services where enrollment_id in (select id from hud_x_enr) and record_type is not null
      union select created_by from current_living_situations where enrollment_id in (select id from hud_x_enr)
      union select coalesce(updated_by, created_by) from ce_assessments where enrollment_id in (select id from hud_x_enr)
      union select created_by from referrals where ce_enrollment_id in (select id from hud_x_enr)
      union select data->>'UserID' from hud_import_records where deleted_at is null
        and (enrollment_id in (select id from hud_x_enr) or project_id in (select id from hud_x_proj))
    ) x where u is not null and u in (select id from users)`.execute(tx);
  const skipped = await sql<{ n: number }>`
    select count(*)::int as n from referrals r join projects p on p.id = r.project_id
    where r.client_id in (select client_id from hud_x_enr)
      and (r.ce_enrollment_id is null or r.ce_enrollment_id not in (select id from hud_x_enr))`.execute(tx);
  let eventsSkipped = skipped.rows[0]?.n ?? 0;


  const eventOf = (r: DbRow): Row | null => {
    const event = ceEventCodeForProjectType(r.project_type === null || r.project_type === undefined ? null : Number(r.project_type));
    if (event === null) {
      eventsSkipped++;
      return null;
    }
    const result = r.closed_at ? hudReferralResult(config, String(r.status_code)) : null;
    return {
      EventID: r.id as string,
      EnrollmentID: r.enrollment_id as string | null,
      PersonalID: r.client_id as string | null,
      EventDate: r.referral_date as string | null,
      Event: event,
      LocationCrisisOrPHHousing: r.project_id as string | null,
      ReferralResult: result,
      ResultDate: result !== null && r.closed_at ? localDateAt(r.closed_at as Date, config.timeZone) : null,
      DateCreated: r.DateCreated as string,
      DateUpdated: r.DateUpdated as string,
      UserID: r.UserID as string,
    };
  };
  const sources = fileSources({ hashed: params.hashed, eventOf });
  const rowCounts: Record<string, number> = {};
  const now = ctx.clock.now();

  const zip = new yazl.ZipFile();
  const written = new Promise<void>((resolve, reject) => {
    out.on('finish', resolve);
    out.on('close', resolve);
    out.on('error', reject);
    zip.outputStream.on('error', reject);
  });
  zip.outputStream.pipe(out);

  const addEntry = async (file: string, batches: AsyncIterable<Row[]>) => {
    const fileSpec = spec.file(file)!;
    let count = 0;
    const text = fileText(fileSpec, exportId, batches, (n) => {
      count += n;
      onProgress({ file, rows: count, done: false });
    });
    await zipEntry(zip, file, text);
    rowCounts[file] = count;
    onProgress({ file, rows: count, done: true });
  };

  /** A file whose lines the database wrote: joined into chunks for the zip. */
  const addLines = async (file: string, batches: AsyncIterable<{ line: string }[]>) => {
    const fileSpec = spec.file(file)!;
    let count = 0;
    async function* text(): AsyncGenerator<string> {
      let chunk = formatHudHeader(fileSpec);
      for await (const batch of batches) {
        for (const r of batch) {
          chunk += r.line;
          if (chunk.length >= CHUNK_CHARS) {
            yield chunk;
            chunk = '';
          }
        }
        count += batch.length;
        onProgress({ file, rows: count, done: false });
      }
      if (chunk.length > 0) yield chunk;
    }
    await zipEntry(zip, file, text());
    rowCounts[file] = count;
    onProgress({ file, rows: count, done: true });
  };

  for (const file of spec.fileOrder) {
    if (file === 'Export.csv') {
      const exportRow: Row = {
        SourceType: 3,
        SourceID: coc?.code ?? null,
        SourceName: coc?.name.slice(0, 50) ?? null,
        ExportDate: now,
        ExportStartDate: params.from,
        ExportEndDate: params.to,
        SoftwareName: 'Hearth',
        SoftwareVersion: pkg.version,
        CSVVersion: CSV_VERSION,
        ExportPeriodType: params.periodType,
        ExportDirective: params.directive,
        HashStatus: params.hashed ? 4 : 1,
        ImplementationID: `hearth:${coc?.id ?? 'unknown'}`,
      };
      await addEntry(file, once([exportRow]));
      continue;
    }
    const src = sources[file];
    const fileSpec = spec.file(file)!;
    if (!src) {
      await addEntry(file, once([]));
      continue;
    }
    // Sorted first, formatted as fetched (OFFSET 0 keeps the subquery apart): the database formats the
    // next batch while this process writes the current one.
    const alias = src.table.split(' ')[1]!;
    const from = `from (select ${alias}.* from ${src.table} where ${src.where} order by ${src.order} collate "C" offset 0) ${alias}`;
    if (!src.map) {
      // The database writes the lines (export-sql.ts).
      const line = csvLineSql(fileSpec, { ...src.columns, ExportID: lit(exportId) });
      await addLines(file, cursorBatches<{ line: string }>(tx, `select ${line} as line ${from}`, LINE_BATCH));
      continue;
    }
    const query = src.sql ?? `select ${[selectListSql(fileSpec, src.columns), src.extra].filter(Boolean).join(', ')} ${from}`;
    const rows = mapRows(src.map, cursorBatches<DbRow>(tx, query));
    if (file === 'User.csv') {
      // The system user first: rows without an editor point at it.
      const system: Row = { UserID: HEARTH_SYSTEM_USER_ID, UserFirstName: 'Hearth', UserLastName: 'System', DateCreated: new Date(Date.UTC(2026, 0, 1)), DateUpdated: new Date(Date.UTC(2026, 0, 1)) };
      await addEntry(file, concat(once([system]), rows));
      continue;
    }
    await addEntry(file, rows);
  }
  zip.end();
  await written;

  const result: HudExportResult = { exportId, rowCounts, eventsSkipped, projectCount: projectIds.length };
  await writeAudit(tx, ctx, {
    action: 'hud.export',
    entityType: 'hud_export',
    entityId: exportId,
    details: { ...result, from: params.from, to: params.to, periodType: params.periodType, directive: params.directive, hashed: params.hashed, projectIds: params.projectIds },
  });
  return result;
}

/** Adds a zip entry from text chunks and waits until it has been read. */
function zipEntry(zip: yazl.ZipFile, file: string, text: AsyncIterable<string>): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const stream = Readable.from(text, { objectMode: false });
    stream.on('error', reject);
    stream.on('end', resolve);
    zip.addReadStream(stream, file, { mtime: new Date(Date.UTC(2026, 0, 1)), compressionLevel: ZIP_LEVEL });
  });
}

/** Lines fetched at a time when the database writes them (a line is ~300 bytes). */
const LINE_BATCH = 1000;
/** Deflate level of the zip entries: 1 is ~3× faster than zlib's default 6 for ~25 % more bytes. */
const ZIP_LEVEL = 1;
/**
 * Text handed to the zip at a time: a string per record would cost a deflate call per record, and
 * strings above ~128 KB are allocated where only a full collection frees them (memory would grow).
 */
const CHUNK_CHARS = 1 << 16;

/** A file's text: the header, then its rows (ExportID set here), in chunks of about CHUNK_CHARS. */
async function* fileText(file: FileSpec, exportId: string, batches: AsyncIterable<Row[]>, onRows: (n: number) => void): AsyncGenerator<string> {
  const write = hudObjectWriter(file);
  let buf = formatHudHeader(file);
  let checked = false;
  for await (const batch of batches) {
    for (const r of batch) {
      r.ExportID = exportId;
      if (!checked) {
        // A misspelt column would otherwise be written empty: the first row shows every key.
        assertHudRowKeys(file, r);
        checked = true;
      }
      buf += write(r);
      if (buf.length >= CHUNK_CHARS) {
        yield buf;
        buf = '';
      }
    }
    onRows(batch.length);
  }
  if (buf.length > 0) yield buf;
}

/** Database rows → the file's rows (a row may become several, or none). */
async function* mapRows(map: ((r: DbRow) => Row | Row[] | null) | undefined, batches: AsyncIterable<DbRow[]>): AsyncGenerator<Row[]> {
  for await (const batch of batches) {
    if (!map) {
      yield batch as Row[];
      continue;
    }
    const out: Row[] = [];
    for (const r of batch) {
      const m = map(r);
      if (m === null) continue;
      if (Array.isArray(m)) for (const x of m) out.push(x);
      else out.push(m);
    }
    yield out;
  }
}

async function* once(rows: Row[]): AsyncGenerator<Row[]> {
  yield rows;
}

async function* concat(...parts: AsyncIterable<Row[]>[]): AsyncGenerator<Row[]> {
  for (const p of parts) yield* p;
}
