import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CRITERIA, POPULATIONS } from '../../domain/prioritization/index.ts';
import { getCeList } from '../../usecases/openings/ce-list.ts';
import { Id, OffsetCursor, problemResponses } from '../schemas.ts';

const CeListItem = z.object({
  clientId: z.string(),
  rank: z.number().int().describe('1 is the highest priority'),
  reasons: z.array(z.string()).describe('why the household is at this place, criterion by criterion'),
  name: z.string().nullable(),
  householdSize: z.number().int(),
  householdType: z.enum(['single', 'family', 'childOnly']),
  populations: z.array(z.string()),
  score: z.number().nullable(),
  chronic: z.boolean(),
  daysHomeless: z.number().int().nullable(),
  assessmentDate: z.string(),
  lastContact: z.string(),
  inactive: z.boolean(),
  disablingCondition: z.boolean(),
});

const bool = z.enum(['true', 'false']).transform((v) => v === 'true');

export async function ceListRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/v1/ce-list', {
    config: { access: 'ce.match', clientData: true },
    schema: {
      summary: 'The prioritized CE list (by-name list)',
      description:
        'Heads of household with an open CE enrollment whose latest assessment placed them on the prioritization list, still homeless and without an open referral, ranked by the CoC’s criteria. With projectId or openingId only households eligible for it.',
      tags: ['matching'],
      querystring: z.object({
        projectId: Id.optional(),
        openingId: Id.optional(),
        population: z.enum(POPULATIONS).optional(),
        householdType: z.enum(['single', 'family', 'childOnly']).optional(),
        includeInactive: bool.optional(),
        limit: z.coerce.number().int().min(1).max(200).optional(),
        cursor: OffsetCursor.optional(),
      }),
      response: {
        200: z.object({
          items: z.array(CeListItem),
          total: z.number().int(),
          nextCursor: z.string().nullable(),
          criteria: z.array(z.object({ key: z.enum(CRITERIA), direction: z.enum(['asc', 'desc']) })),
          inactivityDays: z.number().int(),
        }),
        ...problemResponses,
      },
    },
    handler: async (request) => app.deps.database.transaction((tx) => getCeList(tx, request.ctx, request.query)),
  });
}
