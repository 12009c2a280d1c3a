import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Tx } from '../../data/db.ts';
import { z } from 'zod';
import { addMember, changeHead, createHousehold, getClientHousehold, getHousehold, leaveHousehold } from '../../usecases/clients/households.ts';
import { Id, IsoDate, problemResponses } from '../schemas.ts';

const Relationship = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5), z.literal(99)]).describe('HUD 3.15: 1 self (head), 2 child, 3 spouse/partner, 4 other relative, 5 non-relative, 99');

export const HouseholdOut = z.object({
  id: z.string(),
  version: z.number().int(),
  members: z.array(
    z.object({
      membershipId: z.string(),
      clientId: z.string(),
      displayName: z.string(),
      dateOfBirth: z.string().nullable(),
      relationshipToHoH: z.number().int(),
      joinedOn: z.string(),
      leftOn: z.string().nullable(),
      current: z.boolean(),
      consentState: z.string(),
    }),
  ).describe('membership history (rows are closed, never rewritten); members you may not see are left out'),
});

const MemberIn = z.object({ clientId: Id, relationshipToHoH: Relationship, joinedOn: IsoDate });

export async function householdRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tx = <T>(fn: (t: Tx) => Promise<T>) => app.deps.database.transaction(fn);
  const cfg = { access: 'client.read', clientData: true } as const;
  const HouseholdParams = z.object({ id: Id });

  r.post('/api/v1/households', {
    config: cfg,
    schema: { summary: 'Create a household (exactly one head)', tags: ['households'], body: z.object({ members: z.array(MemberIn).min(1).max(20) }), response: { 201: HouseholdOut, ...problemResponses } },
    handler: async (request, reply) => reply.code(201).send(await tx((t) => createHousehold(t, request.ctx, request.body.members))),
  });

  r.get('/api/v1/households/:id', {
    config: cfg,
    schema: { summary: 'A household with the members you may see', tags: ['households'], params: HouseholdParams, response: { 200: HouseholdOut, ...problemResponses } },
    handler: async (request) => tx((t) => getHousehold(t, request.ctx, request.params.id)),
  });

  r.post('/api/v1/households/:id/members', {
    config: cfg,
    schema: { summary: 'Add a member', tags: ['households'], params: HouseholdParams, body: MemberIn, response: { 200: HouseholdOut, ...problemResponses } },
    handler: async (request) => tx((t) => addMember(t, request.ctx, request.params.id, request.body)),
  });

  r.post('/api/v1/households/:id/members/:clientId/leave', {
    config: cfg,
    schema: {
      summary: 'A member leaves the household',
      tags: ['households'],
      params: z.object({ id: Id, clientId: Id }),
      body: z.object({ leftOn: IsoDate }),
      response: { 200: HouseholdOut, ...problemResponses },
    },
    handler: async (request) => tx((t) => leaveHousehold(t, request.ctx, request.params.id, request.params.clientId, request.body.leftOn)),
  });

  r.post('/api/v1/households/:id/head', {
    config: cfg,
    schema: {
      summary: 'Change the head of household (history kept)',
      tags: ['households'],
      params: HouseholdParams,
      body: z.object({
        clientId: Id,
        effectiveOn: IsoDate,
        formerHeadRelationship: Relationship.optional().describe('the former head’s relationship to the new head (default 99)'),
        relationships: z.array(z.object({ clientId: Id, relationshipToHoH: Relationship })).optional().describe('other members’ relationships to the new head, when they change'),
      }),
      response: { 200: HouseholdOut, ...problemResponses },
    },
    handler: async (request) => tx((t) => changeHead(t, request.ctx, request.params.id, request.body)),
  });

  r.get('/api/v1/clients/:id/household', {
    config: cfg,
    schema: {
      summary: "The client's household (current, else the last one)",
      tags: ['households'],
      params: z.object({ id: Id }),
      response: { 200: z.object({ household: HouseholdOut.nullable() }), ...problemResponses },
    },
    handler: async (request) => tx((t) => getClientHousehold(t, request.ctx, request.params.id)),
  });
}
