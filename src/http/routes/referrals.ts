import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { STEP_STATES } from '../../domain/timeliness/deadlines.ts';
import { getClientCeEvents } from '../../usecases/referrals/ce-events.ts';
import { changeHoliday, listHolidays, loadReferralSettings, updateReferralConfig } from '../../usecases/referrals/config-store.ts';
import {
  addContactAttempt,
  changeReferralStatus,
  CONTACT_METHODS,
  CONTACT_OUTCOMES,
  createReferral,
  getReferral,
  listReferrals,
} from '../../usecases/referrals/referrals.ts';
import { runTimelinessSweep } from '../../usecases/referrals/sweep.ts';
import { todayOf } from '../../usecases/today.ts';
import { Id, IsoDate, KeyCursor, problemResponses } from '../schemas.ts';

const tags = ['referrals'];
const StatusRef = z.object({ code: z.string(), label: z.string(), terminal: z.boolean() });
const DeadlineOut = z.object({
  step: z.string().describe("the configuration's step name"),
  dueAt: z.string().describe('ISO 8601 with the CoC time zone offset'),
  dueDate: z.string(),
  dueSoonFrom: z.string(),
  state: z.enum(STEP_STATES),
  reachedAt: z.string().nullable(),
});
const NextDue = z.object({ step: z.string(), dueAt: z.string(), state: z.enum(STEP_STATES) }).nullable();

const ReferralBase = z.object({
  id: z.string(),
  number: z.string().describe('R-<number>: the number people say and e-mails carry'),
  clientId: z.string(),
  projectId: z.string(),
  projectName: z.string(),
  openingId: z.string().nullable(),
  status: StatusRef,
  referralDate: z.string(),
  closedAt: z.string().nullable(),
  enrollmentId: z.string().nullable(),
  flaggedSteps: z.array(z.string()),
  outsideTimeliness: z.boolean(),
  source: z.string(),
  householdSize: z.number().int(),
  version: z.number().int(),
  createdAt: z.string(),
});

const CreatedOut = ReferralBase.extend({ deadlines: z.array(DeadlineOut) });

const ListItem = ReferralBase.extend({
  headName: z.string().nullable().describe("the head of household's name, only where the caller may see the client"),
  daysSinceReferral: z.number().int(),
  nextDue: NextDue,
  overdue: z.boolean(),
});

const DetailOut = ListItem.extend({
  note: z.string().nullable(),
  clientVisible: z.boolean(),
  household: z.array(z.object({ clientId: z.string(), relationshipToHoH: z.number().int() })),
  deadlines: z.array(DeadlineOut),
  history: z.array(
    z.object({
      id: z.string(),
      from: z.object({ code: z.string(), label: z.string() }).nullable(),
      to: z.object({ code: z.string(), label: z.string() }),
      label: z.string().describe('the label as it read when the status was set'),
      at: z.string(),
      by: z.string().nullable(),
      bySystem: z.boolean(),
      correction: z.boolean(),
      note: z.string().nullable(),
    }),
  ),
  contactAttempts: z.array(
    z.object({ id: z.string(), at: z.string(), method: z.enum(CONTACT_METHODS), outcome: z.enum(CONTACT_OUTCOMES), note: z.string().nullable(), recordedAt: z.string(), recordedBy: z.string().nullable() }),
  ),
  allowedStatuses: z.array(z.object({ code: z.string(), label: z.string(), requiresNote: z.boolean(), correction: z.boolean(), terminal: z.boolean() })).describe('what the caller may set now'),
  capabilities: z.object({ canChangeStatus: z.boolean(), canLogContact: z.boolean(), canCorrect: z.boolean(), canEnroll: z.boolean() }),
});

const StatusDefOut = z
  .object({
    code: z.string(),
    label: z.string(),
    setBy: z.array(z.string()),
    terminal: z.boolean(),
    initial: z.boolean(),
    requiresNote: z.boolean(),
    retired: z.boolean(),
    rematch: z.object({ newReferrals: z.number().int() }).nullable(),
    hudReferralResult: z.number().int().nullable(),
    guard: z.record(z.string(), z.unknown()).nullable(),
  })
  .loose();

const CeEventOut = z.object({
  eventId: z.string(),
  referralId: z.string(),
  referralNumber: z.string(),
  enrollmentId: z.string().nullable(),
  personalId: z.string(),
  eventDate: z.string(),
  event: z.number().int().nullable().describe('4.20.2 Event'),
  locationCrisisOrPHHousing: z.string().describe('4.20.B: the receiving project id'),
  referralResult: z.number().int().nullable().describe('4.20.D ReferralResult'),
  resultDate: z.string().nullable().describe('4.20.E ResultDate'),
  projectName: z.string(),
  status: z.object({ code: z.string(), label: z.string() }),
});

const HolidayOut = z.object({ date: z.string(), name: z.string(), source: z.enum(['shipped', 'added']), dayOff: z.boolean() });

export async function referralRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { database, config } = app.deps;
  const services = { publicUrl: config.publicUrl };

  r.get('/api/v1/referral-statuses', {
    config: { access: 'signedIn' },
    schema: { summary: "The CoC's referral need statuses (labels as written)", tags, response: { 200: z.object({ items: z.array(StatusDefOut), timeZone: z.string() }), ...problemResponses } },
    handler: async (request) => {
      const { config: c } = await loadReferralSettings(database.db, request.ctx);
      return {
        timeZone: c.timeZone,
        items: c.statuses.map((s) => ({
          code: s.code,
          label: s.label,
          setBy: [...s.setBy],
          terminal: s.terminal,
          initial: s.initial,
          requiresNote: s.requiresNote,
          retired: s.retired,
          rematch: s.rematch ? { newReferrals: s.rematch.newReferrals } : null,
          hudReferralResult: s.hudReferralResult,
          guard: s.guard ? { ...s.guard } : null,
        })),
      };
    },
  });

  r.post('/api/v1/referrals', {
    config: { access: 'client.read', clientData: true },
    schema: {
      summary: 'Refer a head of household to a project (CES matching team)',
      tags,
      body: z.object({
        clientId: Id,
        projectId: Id,
        openingId: Id.nullable().optional(),
        referralDate: IsoDate.nullable().optional().describe('defaults to today in the CoC time zone; up to 30 days back, never in the future'),
        note: z.string().max(2000).nullable().optional(),
      }),
      response: { 201: CreatedOut, ...problemResponses },
    },
    handler: async (request, reply) => {
      const out = await database.transaction((tx) => createReferral(tx, request.ctx, services, request.body));
      return reply.code(201).send(out);
    },
  });

  r.get('/api/v1/referrals', {
    config: { access: 'signedIn', clientData: true },
    schema: {
      summary: 'Referrals the caller may see (keyset pagination on referral date, id)',
      tags,
      querystring: z.object({
        projectId: Id.optional(),
        state: z.enum(['open', 'closed', 'all']).default('open'),
        from: IsoDate.optional(),
        to: IsoDate.optional(),
        overdue: z.enum(['true', 'false']).optional(),
        limit: z.coerce.number().int().min(1).max(200).default(50),
        cursor: KeyCursor.optional(),
      }),
      response: { 200: z.object({ items: z.array(ListItem), total: z.number().int(), nextCursor: z.string().nullable() }), ...problemResponses },
    },
    handler: async (request) => {
      const q = request.query;
      return database.transaction((tx) => listReferrals(tx, request.ctx, { ...q, overdue: q.overdue === 'true' }));
    },
  });

  r.get('/api/v1/referrals/:id', {
    config: { access: 'signedIn', clientData: true },
    schema: { summary: 'A referral with its history, contact attempts, deadlines and what the caller may set', tags, params: z.object({ id: Id }), response: { 200: DetailOut, ...problemResponses } },
    handler: async (request) => database.transaction((tx) => getReferral(tx, request.ctx, request.params.id)),
  });

  r.post('/api/v1/referrals/:id/status', {
    config: { access: 'signedIn', clientData: true },
    schema: {
      summary: "Change the referral's status (enrolled only through an enrollment)",
      tags,
      params: z.object({ id: Id }),
      body: z.object({ status: z.string().max(100), note: z.string().max(2000).nullable().optional(), version: z.number().int().positive() }),
      response: { 200: DetailOut, ...problemResponses },
    },
    handler: async (request) => database.transaction((tx) => changeReferralStatus(tx, request.ctx, request.params.id, request.body)),
  });

  r.post('/api/v1/referrals/:id/contact-attempts', {
    config: { access: 'signedIn', clientData: true },
    schema: {
      summary: 'Log a contact attempt (does not change the referral version)',
      tags,
      params: z.object({ id: Id }),
      body: z.object({ at: z.iso.datetime({ offset: true }), method: z.enum(CONTACT_METHODS), outcome: z.enum(CONTACT_OUTCOMES), note: z.string().max(2000).nullable().optional() }),
      response: {
        201: z.object({ id: z.string(), at: z.string(), method: z.enum(CONTACT_METHODS), outcome: z.enum(CONTACT_OUTCOMES), note: z.string().nullable(), recordedAt: z.string(), recordedBy: z.string().nullable() }),
        ...problemResponses,
      },
    },
    handler: async (request, reply) => {
      const b = request.body;
      const out = await database.transaction((tx) => addContactAttempt(tx, request.ctx, request.params.id, { ...b, at: new Date(b.at) }));
      return reply.code(201).send(out);
    },
  });

  r.get('/api/v1/clients/:id/ce-events', {
    config: { access: 'client.read', clientData: true },
    schema: { summary: "The client's referrals as HUD 4.20 CE events", tags, params: z.object({ id: Id }), response: { 200: z.object({ items: z.array(CeEventOut) }), ...problemResponses } },
    handler: async (request) => ({ items: await database.transaction((tx) => getClientCeEvents(tx, request.ctx, request.params.id)) }),
  });

  // ---- administration

  const ConfigOut = z.object({ config: z.unknown(), version: z.number().int() });
  r.get('/api/v1/admin/referral-config', {
    config: { access: 'config.manage' },
    schema: { summary: 'The referral configuration document', tags: ['administration'], response: { 200: ConfigOut, ...problemResponses } },
    handler: async (request) => {
      const s = await loadReferralSettings(database.db, request.ctx);
      return { config: s.document, version: s.version };
    },
  });

  r.put('/api/v1/admin/referral-config', {
    config: { access: 'config.manage' },
    schema: {
      summary: 'Replace the referral configuration (validated; 422 with pointers into /config)',
      tags: ['administration'],
      body: z.object({ config: z.unknown(), version: z.number().int().positive() }),
      response: { 200: ConfigOut, ...problemResponses },
    },
    handler: async (request) => database.transaction((tx) => updateReferralConfig(tx, request.ctx, request.body.config, request.body.version)),
  });

  r.get('/api/v1/admin/holidays', {
    config: { access: 'config.manage' },
    schema: {
      summary: "The year's holidays: shipped ones (day off or worked) and days off added",
      tags: ['administration'],
      querystring: z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() }),
      response: { 200: z.object({ year: z.number().int(), items: z.array(HolidayOut) }), ...problemResponses },
    },
    handler: async (request) => {
      const year = request.query.year ?? Number((await todayOf(database.db, request.ctx)).slice(0, 4));
      return { year, items: await listHolidays(database.db, request.ctx, year) };
    },
  });

  r.put('/api/v1/admin/holidays', {
    config: { access: 'config.manage' },
    schema: {
      summary: 'Add a day off, or un-mark a holiday (the CoC works that day)',
      tags: ['administration'],
      body: z.discriminatedUnion('action', [
        z.object({ action: z.literal('add'), date: IsoDate, name: z.string().max(100) }),
        z.object({ action: z.literal('remove'), date: IsoDate }),
      ]),
      response: { 200: z.object({ year: z.number().int(), items: z.array(HolidayOut) }), ...problemResponses },
    },
    handler: async (request) => {
      await database.transaction((tx) => changeHoliday(tx, request.ctx, request.body));
      const year = Number(request.body.date.slice(0, 4));
      return { year, items: await listHolidays(database.db, request.ctx, year) };
    },
  });

  r.post('/api/v1/admin/timeliness/run', {
    config: { access: 'config.manage' },
    schema: {
      summary: 'Run the timeliness sweep now',
      tags: ['administration'],
      response: { 200: z.object({ escalated: z.number().int(), flagged: z.number().int(), dueSoon: z.number().int() }), ...problemResponses },
    },
    handler: async (request) => runTimelinessSweep(database, app.deps.clock, config.publicUrl, request.ctx),
  });
}
