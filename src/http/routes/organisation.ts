import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { can } from '../../domain/access.ts';
import { listAgencies, listProjects, type ProjectRow } from '../../data/repos/organisation.ts';
import type { Actor } from '../../domain/access.ts';
import { createAgency, updateAgency } from '../../usecases/organisation/agencies.ts';
import { createProject, getProject, updateProject } from '../../usecases/organisation/projects.ts';
import { HudText, Id, IsoDate, ListOf, problemResponses } from '../schemas.ts';

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
  capabilities: z.object({ canEdit: z.boolean(), canViewCaseload: z.boolean().describe("the project's staff: its caseload (GET /api/v1/projects/{id}/caseload)") }),
});

export const CocOut = z.object({
  id: z.string(),
  cocCode: z.string().describe('2.03.1'),
  geocode: z.string().describe('2.03.2'),
  address1: z.string().nullable(),
  address2: z.string().nullable(),
  city: z.string().nullable(),
  state: z.string().nullable(),
  zip: z.string().nullable(),
  geographyType: z.number().int().nullable().describe('2.03.4'),
});

const Count = z.number().int();
export const InventoryOut = z.object({
  id: z.string(),
  cocCode: z.string(),
  householdType: z.number().int().describe('2.07.4'),
  availability: z.number().int().nullable().describe('2.07.6'),
  unitInventory: Count,
  bedInventory: Count,
  chVetBedInventory: Count.nullable(),
  youthVetBedInventory: Count.nullable(),
  vetBedInventory: Count.nullable(),
  chYouthBedInventory: Count.nullable(),
  youthBedInventory: Count.nullable(),
  chBedInventory: Count.nullable(),
  otherBedInventory: Count.nullable(),
  esBedType: z.number().int().nullable().describe('2.07.5'),
  startDate: z.string(),
  endDate: z.string().nullable(),
});

export const HmisParticipationOut = z.object({ id: z.string(), participationType: z.number().int().describe('2.08.1'), startDate: z.string(), endDate: z.string().nullable() });

export const CeParticipationOut = z.object({
  id: z.string(),
  accessPoint: z.boolean(),
  preventionAssessment: z.boolean().nullable(),
  crisisAssessment: z.boolean().nullable(),
  housingAssessment: z.boolean().nullable(),
  directServices: z.boolean().nullable(),
  receivesReferrals: z.boolean(),
  startDate: z.string(),
  endDate: z.string().nullable(),
});

export const ProjectDetailOut = ProjectOut.extend({
  cocs: z.array(CocOut),
  inventory: z.array(InventoryOut),
  hmisParticipation: z.array(HmisParticipationOut),
  ceParticipation: z.array(CeParticipationOut),
});

// Codes are checked against the HUD lists by the use case (422 naming the field), not here.
const Code = z.number().int();
/** A HUD text column (length and characters as the importer checks them), optional. */
const OptText = (file: string, column: string) => HudText(file, column).nullable().optional();
const FunderIn = z.object({ funder: Code, otherFunder: OptText('Funder.csv', 'OtherFunder'), grantId: HudText('Funder.csv', 'GrantID'), startDate: IsoDate, endDate: IsoDate.nullable().optional() });
const CocIn = z.object({
  cocCode: HudText('ProjectCoC.csv', 'CoCCode'),
  geocode: HudText('ProjectCoC.csv', 'Geocode'),
  address1: OptText('ProjectCoC.csv', 'Address1'),
  address2: OptText('ProjectCoC.csv', 'Address2'),
  city: OptText('ProjectCoC.csv', 'City'),
  state: OptText('ProjectCoC.csv', 'State'),
  zip: OptText('ProjectCoC.csv', 'ZIP'),
  geographyType: Code.nullable().optional(),
});
const Beds = z.number().int().nullable().optional();
const InventoryIn = z.object({
  cocCode: HudText('Inventory.csv', 'CoCCode'),
  householdType: Code,
  availability: Code.nullable().optional(),
  unitInventory: z.number().int(),
  bedInventory: z.number().int(),
  chVetBedInventory: Beds,
  youthVetBedInventory: Beds,
  vetBedInventory: Beds,
  chYouthBedInventory: Beds,
  youthBedInventory: Beds,
  chBedInventory: Beds,
  otherBedInventory: Beds,
  esBedType: Code.nullable().optional(),
  startDate: IsoDate,
  endDate: IsoDate.nullable().optional(),
});
const HmisParticipationIn = z.object({ participationType: Code, startDate: IsoDate, endDate: IsoDate.nullable().optional() });
const CeParticipationIn = z.object({
  accessPoint: z.boolean(),
  preventionAssessment: z.boolean().nullable().optional(),
  crisisAssessment: z.boolean().nullable().optional(),
  housingAssessment: z.boolean().nullable().optional(),
  directServices: z.boolean().nullable().optional(),
  receivesReferrals: z.boolean(),
  startDate: IsoDate,
  endDate: IsoDate.nullable().optional(),
});

export const ProjectIn = z.object({
  agencyId: Id,
  name: HudText('Project.csv', 'ProjectName').pipe(z.string().min(1)),
  hmisProjectNumber: z.string().trim().max(32).nullable().optional(),
  projectType: Code.describe('HUD project type (2.02.6)'),
  rrhSubtype: Code.nullable().optional().describe('2.02.A, only for type 13'),
  housingType: Code.nullable().optional().describe('2.02.D'),
  targetPopulation: Code.nullable().optional().describe('2.02.7'),
  operatingStart: IsoDate,
  operatingEnd: IsoDate.nullable().optional(),
  continuumProject: z.boolean().optional(),
  programModel: z.string().trim().max(60),
  populations: z.array(z.string()).max(10).optional(),
  receivesReferrals: z.boolean().optional().describe('Only without CE participation records: otherwise it follows the current one'),
  funders: z.array(FunderIn).max(50).optional().describe('Replaces the list when present'),
  cocs: z.array(CocIn).max(20).optional().describe('Replaces the list when present'),
  inventory: z.array(InventoryIn).max(50).optional().describe('Replaces the list when present'),
  hmisParticipation: z.array(HmisParticipationIn).max(50).optional().describe('Replaces the list when present'),
  ceParticipation: z.array(CeParticipationIn).max(50).optional().describe('Replaces the list when present'),
});

const projectCaps = (actor: Actor, p: Pick<ProjectRow, 'agencyId' | 'id'>) => ({
  canEdit: can(actor, 'project.update', { agencyId: p.agencyId }),
  canViewCaseload: can(actor, 'enrollment.manage', { projectId: p.id, agencyId: p.agencyId }),
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

  const AgencyIn = z.object({ name: HudText('Organization.csv', 'OrganizationName').pipe(z.string().min(1)), victimServiceProvider: z.boolean().optional() });

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
      return { items: items.map((p) => ({ ...p, capabilities: projectCaps(actor, p) })) };
    },
  });

  r.post('/api/v1/projects', {
    config: { access: 'project.create' },
    schema: {
      summary: 'Create a project with its HUD descriptors',
      description: 'Codes are checked against the HUD FY2026 lists: a bad code answers 422 with a pointer to the field.',
      tags: ['organisation'],
      body: ProjectIn,
      response: { 201: ProjectDetailOut, ...problemResponses },
    },
    handler: async (request, reply) => {
      const project = await app.deps.database.transaction((tx) => createProject(tx, request.ctx, request.body));
      return reply.code(201).send({ ...project, capabilities: projectCaps(request.session!.actor, project) });
    },
  });

  r.get('/api/v1/projects/:id', {
    config: { access: 'coc.read' },
    schema: {
      summary: 'A project with every HUD descriptor (2.02–2.09)',
      tags: ['organisation'],
      params: z.object({ id: Id }),
      response: { 200: ProjectDetailOut, ...problemResponses },
    },
    handler: async (request) => {
      const project = await app.deps.database.transaction((tx) => getProject(tx, request.params.id));
      return { ...project, capabilities: projectCaps(request.session!.actor, project) };
    },
  });

  r.patch('/api/v1/projects/:id', {
    config: { access: 'project.update' },
    schema: {
      summary: 'Change a project',
      description:
        'Fields left out stay as they are. A nested list (funders, cocs, inventory, hmisParticipation, ceParticipation) present in the body replaces the stored one in the same transaction.',
      tags: ['organisation'],
      params: z.object({ id: Id }),
      body: ProjectIn.partial().extend({ version: z.number().int().positive() }),
      response: { 200: ProjectDetailOut, ...problemResponses },
    },
    handler: async (request) => {
      const { version, ...changes } = request.body;
      const project = await app.deps.database.transaction((tx) => updateProject(tx, request.ctx, request.params.id, version, changes));
      return { ...project, capabilities: projectCaps(request.session!.actor, project) };
    },
  });
}
