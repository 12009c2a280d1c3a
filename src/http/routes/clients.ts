import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Tx } from '../../data/db.ts';
import { z } from 'zod';
import { LOCK_REASONS, RACE_CATEGORIES } from '../../domain/clients/records.ts';
import { SHARING, SIGNED_BY } from '../../domain/clients/consent.ts';
import { CONTACT_KINDS } from '../../domain/clients/contacts.ts';
import { createClient, getClient, revealSsn, updateClient } from '../../usecases/clients/clients.ts';
import { findDuplicates, searchClients, SEARCH_COUNT_CAP } from '../../usecases/clients/search.ts';
import { addConsent, listConsents, revokeConsent } from '../../usecases/clients/consents.ts';
import { getContacts, replaceContacts } from '../../usecases/clients/contacts.ts';
import { HudText, Id, IsoDate, problemResponses } from '../schemas.ts';

const DataQuality = z.union([z.literal(1), z.literal(2), z.literal(8), z.literal(9), z.literal(99)]);
const NoYesMissing = z.union([z.literal(0), z.literal(1), z.literal(8), z.literal(9), z.literal(99)]);

export const ConsentIn = z.object({
  sharing: z.enum(SHARING).describe('full: every agency; limited: locked to the owning agency and its visibility group; none: anonymous record only'),
  startDate: IsoDate.optional().describe('default: today'),
  endDate: IsoDate.optional().describe('default: start + 3 years'),
  witness: z.string().trim().max(200).nullish(),
  signedBy: z.enum(SIGNED_BY).optional().describe('adults sign their own; a guardian signs for a child'),
  signerName: z.string().trim().max(200).nullish(),
});

export const ConsentOut = z.object({
  id: z.string(),
  sharing: z.enum(SHARING),
  startDate: z.string(),
  endDate: z.string(),
  witness: z.string().nullable(),
  signedBy: z.string(),
  signerName: z.string().nullable(),
  revokedAt: z.string().nullable(),
  revokeReason: z.string().nullable(),
  createdAt: z.string(),
  status: z.enum(['current', 'expired', 'revoked', 'future']),
});

export const ContactIn = z.object({
  id: Id.optional().describe('an existing contact to change; omit to add one'),
  kind: z.enum(CONTACT_KINDS),
  type: z.string().max(20).optional(),
  value: z.string().max(200).nullish().describe('phone number or e-mail address'),
  line1: z.string().max(200).nullish(),
  line2: z.string().max(200).nullish(),
  city: z.string().max(100).nullish(),
  state: z.string().max(2).nullish(),
  zip: z.string().max(10).nullish(),
  okToLeaveMessage: z.boolean().optional(),
  preferred: z.boolean().optional(),
  lastConfirmedOn: IsoDate.nullish(),
  notes: z.string().max(500).nullish(),
});

export const ContactOut = z.object({
  id: z.string(),
  kind: z.enum(CONTACT_KINDS),
  type: z.string(),
  value: z.string().nullable(),
  line1: z.string().nullable(),
  line2: z.string().nullable(),
  city: z.string().nullable(),
  state: z.string().nullable(),
  zip: z.string().nullable(),
  okToLeaveMessage: z.boolean(),
  preferred: z.boolean(),
  lastConfirmedOn: z.string().nullable(),
  notes: z.string().nullable(),
  createdAt: z.string(),
});

const ConsentStateOut = z.enum(['full', 'limited', 'none', 'expired', 'revoked']);

export const ClientOut = z.object({
  id: z.string(),
  displayName: z.string(),
  firstName: z.string().nullable(),
  middleName: z.string().nullable(),
  lastName: z.string().nullable(),
  suffix: z.string().nullable(),
  nameDataQuality: z.number().int(),
  ssn: z.string().nullable().describe('masked: last four only (*****1234); the full SSN via POST …/ssn-reveal'),
  ssnDataQuality: z.number().int(),
  dateOfBirth: z.string().nullable(),
  dobDataQuality: z.number().int(),
  race: z.array(z.string()).describe('HUD 3.04 FY2026 categories (Client.csv column names)'),
  raceNone: z.number().int().nullable(),
  sex: z.number().int().describe('HUD 4.21'),
  veteranStatus: z.number().int(),
  ownerAgencyId: z.string(),
  ownerAgencyName: z.string(),
  anonymous: z.boolean(),
  lockReasons: z.array(z.string()),
  locked: z.boolean(),
  consentState: ConsentStateOut,
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  capabilities: z.object({ canEdit: z.boolean(), canEditContacts: z.boolean(), canManageConsent: z.boolean(), canChangeLocks: z.boolean(), canRevealSsn: z.boolean() }),
});

const ClientFieldsIn = z.object({
  firstName: HudText('Client.csv', 'FirstName').nullish(),
  middleName: HudText('Client.csv', 'MiddleName').nullish(),
  lastName: HudText('Client.csv', 'LastName').nullish(),
  suffix: HudText('Client.csv', 'NameSuffix', 20).nullish(),
  nameDataQuality: DataQuality.optional(),
  dateOfBirth: IsoDate.nullish(),
  dobDataQuality: DataQuality.optional(),
  ssn: z.string().max(20).nullish().describe('9 characters, x for unknown digits; dashes allowed'),
  ssnDataQuality: DataQuality.optional(),
  race: z.array(z.enum(RACE_CATEGORIES)).optional(),
  raceNone: z.union([z.literal(8), z.literal(9), z.literal(99)]).nullish(),
  sex: NoYesMissing.optional().describe('HUD 4.21: 0 female, 1 male, 8, 9, 99'),
  veteranStatus: NoYesMissing.optional(),
  lockReasons: z.array(z.enum(LOCK_REASONS)).optional(),
});

const ClientIdParams = z.object({ id: Id });

export const SearchItemOut = z.object({
  id: z.string(),
  displayName: z.string(),
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  dateOfBirth: z.string().nullable(),
  ssn: z.string().nullable(),
  anonymous: z.boolean(),
  ownerAgencyId: z.string(),
  ownerAgencyName: z.string(),
  consentState: ConsentStateOut,
  locked: z.boolean(),
  score: z.number(),
});

const ContactsOut = z.object({ clientId: z.string(), version: z.number().int(), items: z.array(ContactOut) });

export async function clientRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tx = <T>(fn: (t: Tx) => Promise<T>) => app.deps.database.transaction(fn);
  const cfg = { access: 'client.read', clientData: true } as const;

  r.post('/api/v1/clients', {
    config: { access: 'client.create', clientData: true },
    schema: {
      summary: 'Create a client with a release of information',
      description: 'Sharing "none" allows only an anonymous record (no name, SSN or DOB): otherwise 422 with rule no-consent-identifying-record.',
      tags: ['clients'],
      body: ClientFieldsIn.extend({ consent: ConsentIn, contacts: z.array(ContactIn).max(20).optional(), ownerAgencyId: Id.optional() }),
      response: { 201: ClientOut, ...problemResponses },
    },
    handler: async (request, reply) => {
      const client = await tx((t) => createClient(t, request.ctx, request.body));
      return reply.code(201).send(client);
    },
  });

  r.post('/api/v1/clients/search', {
    config: cfg,
    schema: {
      summary: 'Search the clients you may see',
      description:
        `Typo-tolerant names (trigram similarity), date of birth, last four of the SSN, client ID; best match first. Items and total count only visible clients. ` +
        `The total is counted up to ${SEARCH_COUNT_CAP} (or to the end of the page asked for): \`totalIsCapped\` says more clients match than \`total\`.`,
      tags: ['clients'],
      body: z.object({
        q: z.string().max(200).optional(),
        dateOfBirth: IsoDate.optional(),
        ssnLast4: z.string().max(4).optional(),
        clientId: Id.optional(),
        limit: z.number().int().min(1).max(100).optional(),
        offset: z.number().int().min(0).optional(),
      }),
      response: { 200: z.object({ items: z.array(SearchItemOut), total: z.number().int(), totalIsCapped: z.boolean() }), ...problemResponses },
    },
    handler: async (request) => tx((t) => searchClients(t, request.ctx, request.body)),
  });

  r.post('/api/v1/clients/duplicates', {
    config: cfg,
    schema: {
      summary: 'Likely duplicates of a client about to be created',
      tags: ['clients'],
      body: z.object({ firstName: z.string().max(100).optional(), lastName: z.string().max(100).optional(), dateOfBirth: IsoDate.optional(), ssn: z.string().max(20).optional() }),
      response: {
        200: z.object({
          total: z.number().int(),
          items: z.array(z.object({ id: z.string(), displayName: z.string(), dateOfBirth: z.string().nullable(), ssn: z.string().nullable(), ownerAgencyName: z.string(), matches: z.array(z.string()), score: z.number() })),
        }),
        ...problemResponses,
      },
    },
    handler: async (request) => tx((t) => findDuplicates(t, request.ctx, request.body)),
  });

  r.get('/api/v1/clients/:id', {
    config: cfg,
    schema: { summary: 'A client record (SSN masked)', tags: ['clients'], params: ClientIdParams, response: { 200: ClientOut, ...problemResponses } },
    handler: async (request) => tx((t) => getClient(t, request.ctx, request.params.id)),
  });

  r.patch('/api/v1/clients/:id', {
    config: cfg,
    schema: {
      summary: 'Change a client record',
      tags: ['clients'],
      params: ClientIdParams,
      body: ClientFieldsIn.extend({ version: z.number().int().positive() }),
      response: { 200: ClientOut, ...problemResponses },
    },
    handler: async (request) => {
      const { version, ...changes } = request.body;
      return tx((t) => updateClient(t, request.ctx, request.params.id, version, changes));
    },
  });

  r.post('/api/v1/clients/:id/ssn-reveal', {
    config: cfg,
    schema: {
      summary: 'Reveal the full SSN (audited)',
      description: 'HMIS administrators, the CE project’s Housing Resource Specialists and the owning agency’s users (access.ts client.ssn.reveal).',
      tags: ['clients'],
      params: ClientIdParams,
      response: { 200: z.object({ ssn: z.string().nullable() }), ...problemResponses },
    },
    handler: async (request) => tx((t) => revealSsn(t, request.ctx, request.params.id)),
  });

  r.get('/api/v1/clients/:id/consents', {
    config: cfg,
    schema: {
      summary: "The client's releases of information",
      tags: ['clients'],
      params: ClientIdParams,
      response: { 200: z.object({ clientId: z.string(), state: ConsentStateOut, items: z.array(ConsentOut), capabilities: z.object({ canManageConsent: z.boolean() }) }), ...problemResponses },
    },
    handler: async (request) => tx((t) => listConsents(t, request.ctx, request.params.id)) as never,
  });

  r.post('/api/v1/clients/:id/consents', {
    config: cfg,
    schema: {
      summary: 'Record a new release of information',
      tags: ['clients'],
      params: ClientIdParams,
      body: ConsentIn,
      response: { 201: z.object({ consent: ConsentOut, state: ConsentStateOut }), ...problemResponses },
    },
    handler: async (request, reply) => reply.code(201).send((await tx((t) => addConsent(t, request.ctx, request.params.id, request.body))) as never),
  });

  r.post('/api/v1/clients/:id/consents/:consentId/revoke', {
    config: cfg,
    schema: {
      summary: 'Revoke a release (from now on; past sharing stands)',
      tags: ['clients'],
      params: z.object({ id: Id, consentId: Id }),
      body: z.object({ reason: z.string().max(500).optional() }),
      response: { 200: z.object({ consent: ConsentOut, state: ConsentStateOut }), ...problemResponses },
    },
    handler: async (request) => tx((t) => revokeConsent(t, request.ctx, request.params.id, request.params.consentId, request.body.reason)) as never,
  });

  r.get('/api/v1/clients/:id/contact', {
    config: cfg,
    schema: { summary: 'The profile contact information, the best way to reach first', tags: ['clients'], params: ClientIdParams, response: { 200: ContactsOut, ...problemResponses } },
    handler: async (request) => tx((t) => getContacts(t, request.ctx, request.params.id)),
  });

  r.put('/api/v1/clients/:id/contact', {
    config: cfg,
    schema: {
      summary: 'Replace the contact information',
      description: 'Items with an id are changed, items without one added, current items left out are removed (kept in history). Guarded by the client record version, which it increments.',
      tags: ['clients'],
      params: ClientIdParams,
      body: z.object({ version: z.number().int().positive(), items: z.array(ContactIn).max(20) }),
      response: { 200: ContactsOut, ...problemResponses },
    },
    handler: async (request) => tx((t) => replaceContacts(t, request.ctx, request.params.id, request.body.version, request.body.items)),
  });
}
