/**
 * Reports (issue 20): the catalogue, runs (queued on the durable job queue, 202), a run's progress and
 * tables, re-runs, the caller's runs, drill-down to the records behind a cell, and downloads (CSV zip in
 * HUD's Sage layout, or XLSX).
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { REPORTS, REPORT_KINDS } from '../../domain/reports/catalog.ts';
import { drillDown } from '../../usecases/reports/drill.ts';
import { downloadRun } from '../../usecases/reports/download.ts';
import { getReportRun, listReportRuns, rerunReport, startReportRun } from '../../usecases/reports/runs.ts';
import { wakeWorkers } from '../../jobs/wake.ts';
import { Id, IsoDate, ListOf, problemResponses } from '../schemas.ts';

const tags = ['Reports'];
const Kind = z.enum(REPORT_KINDS);

const RunIn = z.object({
  startDate: IsoDate,
  endDate: IsoDate,
  agencyIds: z.array(Id).max(500).optional(),
  projectIds: z.array(Id).max(2000).optional(),
  clientId: Id.optional().describe('access audit: the client whose record was viewed or changed'),
  userId: Id.optional().describe('access audit: the user whose views and changes are listed'),
});

const Cell = z.union([z.string(), z.number(), z.null()]);
const Table = z.object({
  id: z.string(),
  title: z.string(),
  note: z.string().optional(),
  columns: z.array(z.object({ key: z.string(), label: z.string(), kind: z.string() })),
  rows: z.array(z.object({ key: z.string(), kind: z.string().optional(), cells: z.array(Cell), drill: z.array(z.number().int().nullable()).describe('per cell: its drill number (GET …/drill/{n}) or null') })),
  chart: z.object({ type: z.enum(['bar', 'line']), title: z.string(), x: z.string(), series: z.array(z.string()), excludeRows: z.array(z.string()).optional(), unit: z.string() }).optional(),
});
const Source = z.object({ database: z.enum(['primary', 'replica']), lagSeconds: z.number().nullable(), lagBytes: z.number().nullable(), measuredAt: z.string() });
const RunOut = z.object({
  id: z.string(),
  kind: Kind,
  name: z.string(),
  status: z.enum(['queued', 'running', 'done', 'failed']),
  progress: z.number().int().describe('percent'),
  progressNote: z.string().nullable(),
  params: RunIn,
  result: z.object({ tables: z.array(Table) }).nullable(),
  source: Source.nullable().describe('where the facts were read, and how far behind the primary the replica was'),
  error: z.string().nullable(),
  rerunOf: z.string().nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});

export async function reportRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { database } = app.deps;

  r.get('/api/v1/reports', {
    config: { access: 'coc.read' },
    schema: { summary: 'The reports Hearth runs', tags, response: { 200: ListOf(z.object({ kind: Kind, name: z.string(), description: z.string() })), ...problemResponses } },
    handler: async () => ({ items: REPORTS.map((d) => ({ kind: d.kind, name: d.name, description: d.description })) }),
  });

  r.post('/api/v1/reports/:kind/runs', {
    config: { access: 'coc.read', clientData: true },
    schema: {
      summary: 'Run a report over a period and scope (in the background)',
      description: 'Answers 202 with the run id; poll `GET /api/v1/reports/runs/{id}`. The scope is what the caller may report on: projects outside it are refused (403).',
      tags,
      params: z.object({ kind: Kind }),
      body: RunIn,
      response: { 202: z.object({ id: z.string(), status: z.enum(['queued', 'running', 'done', 'failed']) }), ...problemResponses },
    },
    handler: async (request, reply) => {
      const run = await database.transaction((tx) => startReportRun(tx, request.ctx, request.params.kind, request.body));
      wakeWorkers();
      return reply.code(202).send(run);
    },
  });

  r.get('/api/v1/reports/runs', {
    config: { access: 'coc.read' },
    schema: { summary: "The caller's report runs, newest first", tags, querystring: z.object({ kind: Kind.optional() }), response: { 200: ListOf(RunOut), ...problemResponses } },
    handler: async (request) => ({ items: (await listReportRuns(database.db, request.ctx, request.query.kind)) as never[] }),
  });

  r.get('/api/v1/reports/runs/:id', {
    config: { access: 'coc.read' },
    schema: { summary: "A run's progress and, when done, its tables", tags, params: z.object({ id: Id }), response: { 200: RunOut, ...problemResponses } },
    handler: async (request) => (await getReportRun(database.db, request.ctx, request.params.id)) as never,
  });

  r.post('/api/v1/reports/runs/:id/rerun', {
    config: { access: 'coc.read', clientData: true },
    schema: { summary: 'Run the report again with the same filters', tags, params: z.object({ id: Id }), response: { 202: z.object({ id: z.string(), status: z.enum(['queued', 'running', 'done', 'failed']) }), ...problemResponses } },
    handler: async (request, reply) => {
      const run = await database.transaction((tx) => rerunReport(tx, request.ctx, request.params.id));
      wakeWorkers();
      return reply.code(202).send(run);
    },
  });

  r.get('/api/v1/reports/runs/:id/drill/:drill', {
    config: { access: 'coc.read', clientData: true },
    schema: {
      summary: 'The records behind one counted cell (clients you may not see now are left out)',
      tags,
      params: z.object({ id: Id, drill: z.coerce.number().int().min(1) }),
      querystring: z.object({ offset: z.coerce.number().int().min(0).default(0), limit: z.coerce.number().int().min(1).max(500).default(100) }),
      response: {
        200: z.object({
          items: z.array(z.object({ kind: z.string(), id: z.string(), clientId: z.string().nullable(), clientName: z.string().nullable(), info: z.record(z.string(), z.unknown()) })),
          total: z.number().int(),
          notVisible: z.number().int(),
          offset: z.number().int(),
          limit: z.number().int(),
        }),
        ...problemResponses,
      },
    },
    handler: async (request) => database.transaction((tx) => drillDown(tx, request.ctx, request.params.id, request.params.drill, request.query)),
  });

  r.get('/api/v1/reports/runs/:id/download', {
    config: { access: 'coc.read' },
    schema: { summary: 'Download a finished run: csv (a zip with one CSV per table, Sage layout) or xlsx (one sheet per table)', tags, params: z.object({ id: Id }), querystring: z.object({ format: z.enum(['csv', 'xlsx']).default('csv') }), response: { ...problemResponses } },
    handler: async (request, reply) => {
      const file = await database.transaction((tx) => downloadRun(tx, request.ctx, request.params.id, request.query.format));
      return reply.header('Content-Type', file.contentType).header('Content-Disposition', `attachment; filename="${file.fileName}"`).send(file.body as never);
    },
  });
}
