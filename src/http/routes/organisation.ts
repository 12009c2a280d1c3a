import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { can } from '../../domain/access.ts';
import { listAgencies, listProjects } from '../../data/repos/organisation.ts';
import { createAgency, updateAgency } from '../../usecases/organisation/agencies.ts';
import { Id, ListOf, problemResponses } from '../schemas.ts';

export const AgencyOut = z.object({
  id: z.string(),
  name: z.string(),
  victimServiceProvider: z.boolean(),
  version: z.number().int(),
  capabilities: z.object({ canEdit: z.boolean() }),
});

export const FunderOut = z.object({
  id: z.string(),
  funder: z.number().int().describe('HUD funder code (2.06)'),
  otherFunder: z.string().nullable(),
  grantId: z.string(),
  startDate: z.string(),
  endDate: z.string().nullable(),
});

export const ProjectOut = z.object({
  id: z.string(),
  agencyId: z.string(),
  name: z.string(),
  hmisProjectNumber: z.string().nullable(),
  projectType: z.number().int().describe('HUD project type (2.02.6)'),
  rrhSubtype: z.number().int().nullable(),
  housingType: z.number().int().nullable(),
  targetPopulation: z.number().int().nullable(),
  operatingStart: z.string(),
  operatingEnd: z.string().nullable(),
  continuumProject: z.boolean(),
  programModel: z.string(),
  populations: z.array(z.string()),
  receivesReferrals: z.boolean(),
  version: z.number().int(),
  funders: z.array(FunderOut),
  capabilities: z.object({ canEdit: z.boolean() }),
});

export async function organisationRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps.database;

  r.get('/api/v1/agencies', {
    config: { access: 'coc.read' },
    schema: { summary: "The CoC's agencies", tags: ['organisation'], response: { 200: ListOf(AgencyOut), ...problemResponses } },
    handler: async (request) => {
      const actor = request.session!.actor;
      const items = await listAgencies(db);
      return { items: items.map((a) => ({ ...a, capabilities: { canEdit: can(actor, 'agency.update', { agencyId: a.id }) } })) };
    },
  });

  const AgencyIn = z.object({ name: z.string().trim().min(1).max(200), victimServiceProvider: z.boolean().optional() });

  r.post('/api/v1/agencies', {
    config: { access: 'agency.create' },
    schema: { summary: 'Create an agency', tags: ['organisation'], body: AgencyIn, response: { 201: AgencyOut, ...problemResponses } },
    handler: async (request, reply) => {
      const agency = await app.deps.database.transaction((tx) => createAgency(tx, request.ctx, request.body));
      return reply.code(201).send({ ...agency, capabilities: { canEdit: true } });
    },
  });

  r.patch('/api/v1/agencies/:id', {
    config: { access: 'agency.update' },
    schema: {
      summary: 'Change an agency',
      tags: ['organisation'],
      params: z.object({ id: Id }),
      body: AgencyIn.partial().extend({ version: z.number().int().positive() }),
      response: { 200: AgencyOut, ...problemResponses },
    },
    handler: async (request) => {
      const { version, ...changes } = request.body;
      const agency = await app.deps.database.transaction((tx) => updateAgency(tx, request.ctx, request.params.id, version, changes));
      return { ...agency, capabilities: { canEdit: true } };
    },
  });

  r.get('/api/v1/projects', {
    config: { access: 'coc.read' },
    schema: {
      summary: "The CoC's projects with their HUD descriptors",
      tags: ['organisation'],
      querystring: z.object({ agencyId: Id.optional() }),
      response: { 200: ListOf(ProjectOut), ...problemResponses },
    },
    handler: async (request) => {
      const actor = request.session!.actor;
      const items = await listProjects(db, request.query.agencyId ? { agencyId: request.query.agencyId } : {});
      return { items: items.map((p) => ({ ...p, capabilities: { canEdit: can(actor, 'project.update', { agencyId: p.agencyId }) } })) };
    },
  });
}
