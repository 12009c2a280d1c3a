import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  createCountsReport,
  deleteCountsReport,
  getCountsReport,
  listCountsReports,
  tileReferralList,
  updateCountsReport,
} from '../../usecases/counts-reports/counts-reports.ts';
import { Id, IsoDate, KeyCursor, ListOf, problemResponses } from '../schemas.ts';

const DateRange = z.union([z.enum(['all', 'thisQuarter', 'thisMonth']), z.object({ from: IsoDate, to: IsoDate })]).describe('on the referral date');
const StatusFilter = z.union([z.enum(['open', 'all']), z.array(z.string().max(60)).max(50)]).describe('"open" (default), "all" or status codes');

const CountsReportOut = z.object({
  id: z.string(),
  name: z.string(),
  projectId: z.string(),
  projectName: z.string(),
  dateRange: DateRange,
  statusFilter: StatusFilter,
  position: z.number().int(),
  count: z.number().int(),
  overdueCount: z.number().int(),
  version: z.number().int(),
});

const CountsReportIn = z.object({
  name: z.string().trim().max(120).optional(),
  projectId: Id,
  dateRange: DateRange.optional(),
  statusFilter: StatusFilter.optional(),
});

const TileReferral = z.object({
  referralId: z.string(),
  number: z.string(),
  clientId: z.string(),
  name: z.string().nullable().describe('only where the caller may see the client'),
  householdSize: z.number().int(),
  status: z.object({ code: z.string(), label: z.string() }),
  open: z.boolean(),
  referralDate: z.string(),
  daysSinceReferral: z.number().int(),
  nextDue: z.object({ step: z.string(), dueDate: z.string(), dueAt: z.string() }).nullable(),
  overdue: z.boolean(),
});

export async function countsReportRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { database } = app.deps;
  const params = z.object({ id: Id });

  r.get('/api/v1/counts-reports', {
    config: { access: 'coc.read' },
    schema: {
      summary: "The caller's counts reports (dashboard tiles) with their counts",
      description:
        'A user who covers receiving projects and has never had tiles gets one "Outstanding Incoming Referrals" tile per such project on the first call.',
      tags: ['counts reports'],
      response: { 200: ListOf(CountsReportOut), ...problemResponses },
    },
    handler: async (request) => ({ items: await database.transaction((tx) => listCountsReports(tx, request.ctx)) }),
  });

  r.post('/api/v1/counts-reports', {
    config: { access: 'coc.read' },
    schema: { summary: 'Add a counts report', tags: ['counts reports'], body: CountsReportIn, response: { 201: CountsReportOut, ...problemResponses } },
    handler: async (request, reply) => reply.code(201).send(await database.transaction((tx) => createCountsReport(tx, request.ctx, request.body))),
  });

  r.get('/api/v1/counts-reports/:id', {
    config: { access: 'coc.read' },
    schema: { summary: 'One counts report with its counts', tags: ['counts reports'], params, response: { 200: CountsReportOut, ...problemResponses } },
    handler: async (request) => database.transaction((tx) => getCountsReport(tx, request.ctx, request.params.id)),
  });

  r.patch('/api/v1/counts-reports/:id', {
    config: { access: 'coc.read' },
    schema: {
      summary: 'Change a counts report',
      tags: ['counts reports'],
      params,
      body: CountsReportIn.partial().extend({ position: z.number().int().min(0).max(1000).optional(), version: z.number().int().positive() }),
      response: { 200: CountsReportOut, ...problemResponses },
    },
    handler: async (request) => {
      const { version, ...changes } = request.body;
      return database.transaction((tx) => updateCountsReport(tx, request.ctx, request.params.id, version, changes));
    },
  });

  r.delete('/api/v1/counts-reports/:id', {
    config: { access: 'coc.read' },
    schema: { summary: 'Remove a counts report', tags: ['counts reports'], params, response: { 204: z.null(), ...problemResponses } },
    handler: async (request, reply) => {
      await database.transaction((tx) => deleteCountsReport(tx, request.ctx, request.params.id));
      return reply.code(204).send(null);
    },
  });

  r.get('/api/v1/counts-reports/:id/referrals', {
    config: { access: 'coc.read', clientData: true },
    schema: {
      summary: "A counts report's referrals (what its count counts)",
      tags: ['counts reports'],
      params,
      querystring: z.object({ limit: z.coerce.number().int().min(1).max(200).optional(), cursor: KeyCursor.optional() }),
      response: {
        200: z.object({ items: z.array(TileReferral), total: z.number().int(), nextCursor: z.string().nullable(), report: z.object({ id: z.string(), name: z.string(), projectId: z.string() }) }),
        ...problemResponses,
      },
    },
    handler: async (request) => database.transaction((tx) => tileReferralList(tx, request.ctx, request.params.id, request.query)),
  });
}
