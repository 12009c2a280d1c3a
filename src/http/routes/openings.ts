import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { POPULATIONS } from '../../domain/prioritization/index.ts';
import { closeOpening, createOpening, getOpening, listOpenings } from '../../usecases/openings/openings.ts';
import { referFromOpening } from '../../usecases/openings/ce-list.ts';
import { Id, IsoDate, ListOf, problemResponses } from '../schemas.ts';

export const OpeningOut = z.object({
  id: z.string(),
  projectId: z.string(),
  projectName: z.string(),
  kind: z.enum(['unit', 'subsidy']),
  bedrooms: z.number().int().nullable(),
  householdSize: z.number().int().nullable(),
  population: z.string().nullable(),
  availableOn: z.string(),
  note: z.string().nullable(),
  state: z.enum(['open', 'filled', 'closed']),
  filledByReferralId: z.string().nullable(),
  closedAt: z.string().nullable(),
  openReferrals: z.number().int().describe('referrals of this opening that are still open'),
  version: z.number().int(),
  capabilities: z.object({ canClose: z.boolean(), canRefer: z.boolean() }),
});

const OpeningIn = z.object({
  availableOn: IsoDate,
  kind: z.enum(['unit', 'subsidy']).optional(),
  bedrooms: z.number().int().min(0).max(10).nullable().optional(),
  householdSize: z.number().int().min(1).max(20).nullable().optional(),
  population: z.enum(POPULATIONS).nullable().optional(),
  note: z.string().trim().max(1000).nullable().optional(),
});

/** A referral as the referrals use case presents it on creation (documented loosely: its own routes own the shape). */
const ReferralCreated = z.object({ id: z.string(), number: z.string(), clientId: z.string(), projectId: z.string(), openingId: z.string().nullable() }).loose();

export async function openingRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { database } = app.deps;

  r.post('/api/v1/projects/:id/openings', {
    config: { access: 'coc.read' },
    schema: {
      summary: 'Record an opening (a unit or subsidy slot) of a receiving project',
      description: "The project's providers (case managers assigned to it, the agency's administrators) and the CES matching team.",
      tags: ['matching'],
      params: z.object({ id: Id }),
      body: OpeningIn,
      response: { 201: OpeningOut, ...problemResponses },
    },
    handler: async (request, reply) => {
      const out = await database.transaction((tx) => createOpening(tx, request.ctx, request.params.id, request.body));
      return reply.code(201).send(out);
    },
  });

  r.get('/api/v1/openings', {
    config: { access: 'coc.read' },
    schema: {
      summary: 'Openings the caller may see, with their open referral counts',
      tags: ['matching'],
      querystring: z.object({ projectId: Id.optional(), state: z.enum(['open', 'filled', 'closed', 'all']).optional().describe('default open') }),
      response: { 200: ListOf(OpeningOut), ...problemResponses },
    },
    handler: async (request) => ({ items: await database.transaction((tx) => listOpenings(tx, request.ctx, request.query)) }),
  });

  r.get('/api/v1/openings/:id', {
    config: { access: 'coc.read' },
    schema: { summary: 'One opening', tags: ['matching'], params: z.object({ id: Id }), response: { 200: OpeningOut, ...problemResponses } },
    handler: async (request) => database.transaction((tx) => getOpening(tx, request.ctx, request.params.id)),
  });

  r.post('/api/v1/openings/:id/close', {
    config: { access: 'coc.read' },
    schema: {
      summary: 'Close an opening that is no longer available',
      description: 'An opening is filled only by a referral reaching CES: Enrolled; closing is for a unit or slot that went away.',
      tags: ['matching'],
      params: z.object({ id: Id }),
      body: z.object({ version: z.number().int().positive() }),
      response: { 200: OpeningOut, ...problemResponses },
    },
    handler: async (request) => database.transaction((tx) => closeOpening(tx, request.ctx, request.params.id, request.body.version)),
  });

  r.post('/api/v1/openings/:id/refer', {
    config: { access: 'ce.match', clientData: true },
    schema: {
      summary: 'Refer a household from the CE list to this opening (one action)',
      description: 'The household must be on the CE list and eligible for the opening; creates the referral (CES: Matched) and serves the opening’s rematch requests.',
      tags: ['matching'],
      params: z.object({ id: Id }),
      body: z.object({ clientId: Id, note: z.string().trim().max(2000).nullable().optional() }),
      response: { 201: ReferralCreated, ...problemResponses },
    },
    handler: async (request, reply) => {
      const out = await database.transaction((tx) => referFromOpening(tx, request.ctx, { publicUrl: app.deps.config.publicUrl }, request.params.id, request.body));
      return reply.code(201).send(out);
    },
  });
}
