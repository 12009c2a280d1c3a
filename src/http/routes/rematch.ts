import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { rematchQueue } from '../../usecases/openings/rematch.ts';
import { ListOf, problemResponses } from '../schemas.ts';

const RematchItem = z.object({
  openingId: z.string().nullable(),
  projectId: z.string(),
  projectName: z.string(),
  referralsNeeded: z.number().int().describe('new referrals still to send'),
  requested: z.number().int(),
  sentSince: z.number().int(),
  since: z.string(),
  fromReferralIds: z.array(z.string()),
  opening: z.object({ kind: z.enum(['unit', 'subsidy']), availableOn: z.string().nullable(), householdSize: z.number().int().nullable(), bedrooms: z.number().int().nullable(), population: z.string().nullable() }).nullable(),
});

export async function rematchRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/v1/rematch-queue', {
    config: { access: 'ce.match' },
    schema: {
      summary: 'Openings waiting for new referrals after a rematch status',
      description: 'Two new referrals after a provider rematch, one after "did not respond" (configurable), minus those already sent since.',
      tags: ['matching'],
      response: { 200: ListOf(RematchItem), ...problemResponses },
    },
    handler: async (request) => ({ items: await app.deps.database.transaction((tx) => rematchQueue(tx, request.ctx)) }),
  });
}
