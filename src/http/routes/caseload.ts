/** A project's caseload (issue 16): GET with the filters in the query; POST …/search adds the head's name (names never travel in URLs). */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CASELOAD_SORTS, projectCaseload } from '../../usecases/enrollments/caseload.ts';
import { Id, IsoDate, problemResponses, SortCursor } from '../schemas.ts';

const tags = ['enrollments'];
const SORTS = CASELOAD_SORTS.flatMap((s) => [s, `-${s}`]) as [string, ...string[]];

const Filters = z.object({
  status: z.enum(['active', 'exited', 'all']).default('active').describe('active: not exited; exited: exited (exitedFrom/exitedTo bound the exit date)'),
  exitedFrom: IsoDate.optional().meta({ label: 'exited from date' }),
  exitedTo: IsoDate.optional().meta({ label: 'exited to date' }),
  notHoused: z.enum(['true', 'false']).optional().describe('only households with no housing move-in date yet'),
  annualDue: z.enum(['true', 'false']).optional().describe('only households whose annual assessment window is open or overdue'),
  sort: z.enum(SORTS).default('headName').describe('a column, or -column for descending'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: SortCursor.optional(),
});

const NextDue = z
  .object({ kind: z.enum(['missing_data', 'annual', 'reevaluation']), label: z.string(), dueDate: z.string(), overdue: z.boolean(), upcoming: z.boolean().describe('not open yet: dueDate is the first day of its window') })
  .nullable()
  .describe('what the household is owed next: a missing project start assessment, the annual assessment window, the ESG re-evaluation');

const Out = z.object({
  project: z.object({ id: z.string(), name: z.string(), projectType: z.number().int(), takesMoveIn: z.boolean() }),
  items: z.array(
    z.object({
      enrollmentId: z.string(),
      householdId: z.string(),
      clientId: z.string(),
      headName: z.string(),
      householdSize: z.number().int(),
      entryDate: z.string(),
      moveInDate: z.string().nullable(),
      exitDate: z.string().nullable(),
      daysEnrolled: z.number().int(),
      nextDue: NextDue,
    }),
  ),
  total: z.number().int(),
  nextCursor: z.string().nullable(),
});

const toInput = (q: z.infer<typeof Filters>, name?: string) => ({ ...q, notHoused: q.notHoused === 'true', annualDue: q.annualDue === 'true', ...(name ? { name } : {}) });

export async function caseloadRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { database } = app.deps;

  r.get('/api/v1/projects/:id/caseload', {
    config: { access: 'signedIn', clientData: true },
    schema: {
      summary: "A project's caseload: one row per household (the project's staff; 404 for a project the caller does not work in)",
      tags,
      params: z.object({ id: Id }),
      querystring: Filters,
      response: { 200: Out, ...problemResponses },
    },
    handler: async (request) => database.transaction((tx) => projectCaseload(tx, request.ctx, request.params.id, toInput(request.query))),
  });

  r.post('/api/v1/projects/:id/caseload/search', {
    config: { access: 'signedIn', clientData: true },
    schema: {
      summary: "The caseload searched by the head's name (a POST: names never travel in URLs)",
      tags,
      params: z.object({ id: Id }),
      body: Filters.extend({ name: z.string().trim().max(200).default('').meta({ label: 'name' }) }),
      response: { 200: Out, ...problemResponses },
    },
    handler: async (request) => {
      const { name, ...q } = request.body;
      return database.transaction((tx) => projectCaseload(tx, request.ctx, request.params.id, toInput(q, name)));
    },
  });
}
