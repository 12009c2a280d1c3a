/**
 * HUD HMIS CSV export and import (issue 9). Exports run in process in the background
 * (`HudExportRuns`, see src/usecases/hud/runs.ts); uploads are streamed to disk, validated at once and
 * applied on request by an HMIS administrator.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { newId } from '../../domain/ids.ts';
import { DomainError, RuleViolation } from '../../domain/errors.ts';
import { refuseRest } from '../refuse-rest.ts';
import { HudExportRuns, applyImportRun, applyingImport, createImportRun, getImportRun, type HudExportRun, type HudImportRunView } from '../../usecases/hud/runs.ts';
import { importReportText } from '../../usecases/hud/import.ts';
import { HUD_TEXT_ENCODINGS } from '../../domain/hud/csv.ts';
import { Id, IsoDate, problemResponses } from '../schemas.ts';

const tags = ['HUD CSV'];
const MAX_UPLOAD_BYTES = 512 * 1024 * 1024;
const FILENAME_HEADER = 'x-upload-filename';

const ExportIn = z.object({
  from: IsoDate,
  to: IsoDate,
  projectIds: z.array(Id).nullable().optional().describe('omit: every project you may export'),
  periodType: z.union([z.literal(1), z.literal(3)]).describe('HUD 1.1: 1 updated, 3 reporting period'),
  directive: z.union([z.literal(1), z.literal(2)]).describe('HUD 1.2: 1 delta refresh, 2 full refresh'),
  hashed: z.boolean().describe('HashStatus 4: names and SSN hashed (SHA-256)'),
});

const ExportOut = z.object({
  id: z.string(),
  status: z.enum(['running', 'done', 'failed']),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  files: z.array(z.object({ file: z.string(), rows: z.number().int(), done: z.boolean() })).describe('rows written per file so far'),
  rowCounts: z.record(z.string(), z.number().int()).nullable(),
  eventsSkipped: z.number().int().nullable().describe('referrals left out of Event.csv: no CE enrollment in the export'),
  error: z.string().nullable(),
});

const ProblemOut = z.object({ file: z.string(), line: z.number().int().nullable(), column: z.string().nullable(), severity: z.enum(['error', 'warning']), code: z.string(), message: z.string() });
const ImportOut = z.object({
  id: z.string(),
  createdAt: z.string(),
  fileName: z.string().nullable(),
  version: z.string().nullable(),
  accepted: z.boolean(),
  errorCount: z.number().int(),
  warningCount: z.number().int(),
  rowCounts: z.record(z.string(), z.number().int()),
  encoding: z.string().nullable().describe('the encoding the files were read in and converted from, when one was named; null: UTF-8'),
  problems: z.array(ProblemOut).describe('the first 1 000 problems; download the report for all'),
  problemsNotListed: z.number().int(),
  appliedAt: z.string().nullable(),
  counts: z.record(z.string(), z.object({ inserted: z.number().int(), updated: z.number().int(), deleted: z.number().int(), unchanged: z.number().int(), skipped: z.number().int() })).nullable(),
  progress: z.object({ phase: z.enum(['validate', 'apply']), file: z.string(), rows: z.number().int() }).nullable().describe('while the set is being imported: the file and rows done'),
});

const presentExport = (r: HudExportRun) => ({
  id: r.id,
  status: r.status,
  startedAt: r.startedAt.toISOString(),
  finishedAt: r.finishedAt?.toISOString() ?? null,
  files: r.files,
  rowCounts: r.result?.rowCounts ?? null,
  eventsSkipped: r.result?.eventsSkipped ?? null,
  error: r.error,
});

const presentImport = (r: HudImportRunView, progress: { phase: 'validate' | 'apply'; file: string; rows: number } | null = null) => ({
  id: r.id,
  createdAt: new Date(r.createdAt).toISOString(),
  fileName: r.fileName,
  version: r.version,
  accepted: r.accepted,
  errorCount: r.report.errorCount,
  warningCount: r.report.warningCount,
  rowCounts: r.report.rowCounts,
  encoding: r.report.encoding ?? null,
  problems: r.report.problems.slice(0, 1000).map((p) => ({ ...p })),
  problemsNotListed: Math.max(0, r.report.problems.length - 1000) + r.report.truncated,
  appliedAt: r.appliedAt ? new Date(r.appliedAt).toISOString() : null,
  counts: r.result?.counts ?? null,
  progress,
});

export async function hudRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { database, config } = app.deps;
  const exports = new HudExportRuns(database, config.dataDir);
  app.addHook('onClose', () => exports.idle());

  // Uploads (zip) are streamed to a temporary file: never held in memory.
  app.addContentTypeParser(['application/zip', 'application/octet-stream', 'application/x-zip-compressed'], (request, payload, done) => {
    const tooLarge = () => new DomainError(413, 'Payload too large', `The upload is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB.`, [{ pointer: '/body', message: `At most ${MAX_UPLOAD_BYTES / 1024 / 1024} MB.` }]);
    if (Number(request.headers['content-length'] ?? 0) > MAX_UPLOAD_BYTES) return refuseRest(payload, tooLarge(), done);
    const tmp = path.join(os.tmpdir(), `hearth-hud-upload-${newId()}.zip`);
    const out = fs.createWriteStream(tmp);
    let size = 0;
    let finished = false;
    const finish = (err: Error | null) => {
      if (finished) return;
      finished = true;
      if (err) {
        fs.rmSync(tmp, { force: true });
        done(err);
      } else done(null, { tmpPath: tmp });
    };
    payload.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_UPLOAD_BYTES && !finished) {
        payload.unpipe(out);
        out.destroy();
        finished = true;
        fs.rmSync(tmp, { force: true });
        refuseRest(payload, tooLarge(), done);
      }
    });
    payload.on('error', (e) => finish(e));
    out.on('error', (e) => finish(e));
    out.on('finish', () => finish(null));
    payload.pipe(out);
  });

  r.post('/api/v1/hud/exports', {
    config: { access: 'hud.export', clientData: true },
    schema: {
      summary: 'Start a HUD HMIS CSV FY2026 export (runs in the background)',
      description: 'Answers 202 with the export id; poll `GET /api/v1/hud/exports/{id}` for progress, then download the zip.',
      tags,
      body: ExportIn,
      response: { 202: ExportOut, ...problemResponses },
    },
    handler: async (request, reply) => {
      const b = request.body;
      const run = await exports.start(request.ctx, { from: b.from, to: b.to, projectIds: b.projectIds ?? null, periodType: b.periodType, directive: b.directive, hashed: b.hashed });
      return reply.code(202).send(presentExport(run));
    },
  });

  r.get('/api/v1/hud/exports/:id', {
    config: { access: 'hud.export' },
    schema: { summary: "An export's progress", tags, params: z.object({ id: Id }), response: { 200: ExportOut, ...problemResponses } },
    handler: async (request) => presentExport(exports.get(request.ctx, request.params.id)),
  });

  r.get('/api/v1/hud/exports/:id/file', {
    config: { access: 'hud.export', clientData: true },
    schema: { summary: 'Download a finished export (zip; every download is audited)', tags, params: z.object({ id: Id }), response: { ...problemResponses } },
    handler: async (request, reply) => {
      const { stream, size } = await database.transaction((tx) => exports.download(tx, request.ctx, request.params.id));
      return reply
        .header('Content-Type', 'application/zip')
        .header('Content-Disposition', `attachment; filename="hud-csv-${request.params.id}.zip"`)
        .header('Content-Length', String(size))
        .send(stream as never);
    },
  });

  r.post('/api/v1/hud/imports', {
    config: { access: 'hud.import', clientData: true },
    bodyLimit: MAX_UPLOAD_BYTES,
    schema: {
      summary: 'Upload a HUD HMIS CSV set (zip, FY2024 or FY2026) and validate it; nothing is imported yet',
      description:
        'The body is the zip itself (Content-Type: application/zip). The original file name may go percent-encoded in `X-Upload-Filename`. A zip with an entry named outside it (`../Client.csv`, an absolute path) or too large once inflated is a 422; a file with a record, field or field count over the bounds, or bytes that are not UTF-8, is rejected in the report with its line.',
      tags,
      querystring: z.object({ encoding: z.enum(HUD_TEXT_ENCODINGS).optional().describe('the files are in this encoding (windows-1252: also Latin-1); read and converted to UTF-8, and the report says so') }),
      response: { 201: ImportOut, ...problemResponses },
    },
    handler: async (request, reply) => {
      const body = request.body as { tmpPath?: string } | undefined;
      if (!body?.tmpPath) throw new RuleViolation('Upload the zip as the request body (Content-Type: application/zip).', [{ pointer: '/body', message: 'Upload a .zip of the HUD CSV files.' }]);
      const raw = request.headers[FILENAME_HEADER];
      let fileName: string | null = null;
      try {
        fileName = typeof raw === 'string' ? decodeURIComponent(raw).slice(0, 200) : null;
      } catch {
        fileName = null;
      }
      const run = await createImportRun(database, request.ctx, config.dataDir, body.tmpPath, fileName, request.query.encoding === 'utf-8' ? undefined : request.query.encoding);
      return reply.code(201).send(presentImport(run));
    },
  });

  r.get('/api/v1/hud/imports/:id', {
    config: { access: 'hud.import' },
    schema: { summary: 'An uploaded set: validation report and import result', tags, params: z.object({ id: Id }), response: { 200: ImportOut, ...problemResponses } },
    handler: async (request) => {
      const running = applyingImport(request.ctx, request.params.id);
      if (running) return presentImport(running.view, running.progress ?? { phase: 'apply', file: 'Export.csv', rows: 0 });
      return presentImport(await database.transaction((tx) => getImportRun(tx, request.ctx, request.params.id)));
    },
  });

  r.get('/api/v1/hud/imports/:id/report', {
    config: { access: 'hud.import' },
    schema: {
      summary: 'Download the full report (every problem with file, line and column)',
      tags,
      params: z.object({ id: Id }),
      querystring: z.object({ format: z.enum(['json', 'text']).default('text') }),
      response: { ...problemResponses },
    },
    handler: async (request, reply) => {
      const run = await database.transaction((tx) => getImportRun(tx, request.ctx, request.params.id));
      const report = {
        version: run.report.version,
        accepted: run.accepted,
        applied: run.appliedAt !== null,
        dryRun: false,
        sourceId: run.result?.sourceId ?? null,
        validation: run.report,
        counts: run.result?.counts ?? {},
        notes: run.result?.notes ?? [],
        notesTruncated: run.result?.notesTruncated ?? 0,
      };
      if (request.query.format === 'json') {
        return reply.header('Content-Type', 'application/json').header('Content-Disposition', `attachment; filename="hud-import-${run.id}.json"`).send(JSON.stringify(report, null, 2) as never);
      }
      return reply.header('Content-Type', 'text/plain; charset=utf-8').header('Content-Disposition', `attachment; filename="hud-import-${run.id}.txt"`).send(importReportText(report) as never);
    },
  });

  r.post('/api/v1/hud/imports/:id/apply', {
    config: { access: 'hud.import', clientData: true },
    schema: { summary: 'Import an accepted set (one transaction; idempotent by source record IDs)', tags, params: z.object({ id: Id }), response: { 200: ImportOut, ...problemResponses } },
    handler: async (request) => presentImport(await applyImportRun(database, request.ctx, request.params.id)),
  });
}
