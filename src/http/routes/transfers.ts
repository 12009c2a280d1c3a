import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { TRANSFER_STATES } from '../../domain/transfers/index.ts';
import {
  acknowledgeTransfer,
  approveTransfer,
  completeTransfer,
  denyTransfer,
  getTransfer,
  listTransfers,
  requestTransfer,
  transferLog,
  transferTargets,
} from '../../usecases/transfers/transfers.ts';
import { Id, IsoDate, problemResponses } from '../schemas.ts';

const tags = ['transfers'];

const DueOut = z.object({ dueDate: z.string(), dueAt: z.string().describe('End of the due day in the CoC time zone, with its offset') });
const DeadlinesOut = z.object({
  notificationDue: DueOut.nullable().describe('No-approval transfers: the notification (this request) is due within `transfers.notifyWithin` business days of the decision'),
  notifiedOn: z.string().describe('The day the request was filed (CoC time zone)'),
  notifiedOnTime: z.boolean().nullable().describe('Whether the request (the notification) was filed by its due time; null when approval is needed'),
  acknowledgementDue: DueOut.nullable().describe('No-approval transfers: the matching team records the referral within `transfers.cesReferralWithin` business days of the notification'),
  acknowledgementOverdue: z.boolean(),
});

const States = z.enum(TRANSFER_STATES);
const ProjectRef = z.object({ id: z.string(), name: z.string() });
const TransferSummary = z.object({
  id: z.string(),
  number: z.string().describe('T-12: what people say and e-mails carry'),
  kind: z.enum(['internal', 'external']),
  approvalRequired: z.boolean(),
  state: States,
  stateLabel: z.string(),
  enrollmentId: z.string().describe('The head of household’s enrollment in the current project'),
  householdId: z.string(),
  fromProject: ProjectRef,
  targetProject: ProjectRef,
  reason: z.string(),
  decidedOn: z.string(),
  memberClientIds: z.array(z.string()),
  householdSize: z.number().int(),
  householdMoves: z.boolean(),
  denyReason: z.string().nullable(),
  completedEntryDate: z.string().nullable(),
  newEnrollmentIds: z.array(z.string()),
  referralId: z.string().nullable(),
  requestedAt: z.string(),
  approvedAt: z.string().nullable(),
  deniedAt: z.string().nullable(),
  completedAt: z.string().nullable(),
  acknowledgedAt: z.string().nullable(),
  version: z.number().int(),
});
const TransferCreated = TransferSummary.extend({ deadlines: DeadlinesOut });
const TransferListItem = TransferSummary.extend({ headName: z.string().nullable(), deadlines: DeadlinesOut, overdue: z.boolean(), filedLate: z.boolean() });
const TransferDetail = TransferSummary.extend({
  headName: z.string().nullable().describe('Only when the caller may see the client'),
  deadlines: DeadlinesOut,
  oldExit: z.object({ destination: z.number().int(), destinationSubsidyType: z.number().int().nullable() }).nullable(),
  newMoveInDate: z.string().nullable(),
  referral: z
    .object({ id: z.string(), number: z.string(), status: z.object({ code: z.string(), label: z.string() }), enrollmentId: z.string().nullable(), outsideTimeliness: z.boolean() })
    .nullable(),
  timeline: z.array(z.object({ id: z.string(), kind: z.string(), at: z.string(), by: z.string().nullable(), note: z.string().nullable(), details: z.record(z.string(), z.unknown()) })),
  capabilities: z.object({ canApprove: z.boolean(), canDeny: z.boolean(), canComplete: z.boolean(), canAcknowledge: z.boolean() }),
});
const Outcomes = z.object({ pending: z.number().int(), approved: z.number().int(), denied: z.number().int(), completed: z.number().int(), acknowledged: z.number().int() });
const LogOut = z.object({
  from: z.string().nullable(),
  to: z.string().nullable(),
  total: z.number().int(),
  byKind: z.array(z.object({ kind: z.enum(['internal', 'external']), total: z.number().int(), outcomes: Outcomes })),
  byOutcome: Outcomes,
  approvalRequired: z.number().int(),
  medianBusinessDaysToDecision: z.number().nullable().describe('Approval-needed transfers: request → approved or denied'),
  decided: z.number().int(),
  medianBusinessDaysToAcknowledgement: z.number().nullable().describe('No-approval transfers: notification → CES referral recorded'),
  acknowledged: z.number().int(),
  filedLate: z.number().int(),
  acknowledgedLate: z.number().int(),
  items: z.array(
    z.object({
      id: z.string(),
      number: z.string(),
      kind: z.enum(['internal', 'external']),
      approvalRequired: z.boolean(),
      state: States,
      outcome: z.string(),
      fromProjectName: z.string(),
      targetProjectName: z.string(),
      requestedOn: z.string(),
      decidedOn: z.string(),
      businessDaysToDecision: z.number().nullable(),
    }),
  ),
});

const Params = z.object({ id: Id });

export async function transferRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { database, config } = app.deps;
  const services = { publicUrl: config.publicUrl };

  r.post('/api/v1/transfers', {
    config: { access: 'enrollment.manage', clientData: true },
    schema: {
      summary: 'Request the transfer of an enrolled household to another project (CE transfer policy)',
      description:
        'By the staff of the household’s current project (403 otherwise). The kind (internal: same agency; external) and whether CES approval is needed come from the rules and the configuration’s `transfers.noApprovalNeeded`. ' +
        'Without approval the request is the transfer notification (`awaiting_completion`; due within 2 business days of the decision — `deadlines.notifiedOnTime` records whether it was) and the matching team acknowledges it within 2 business days. ' +
        'With approval it waits on the matching team’s queue (`awaiting_approval`). Members must be household members still enrolled, the head among them (422).',
      tags,
      body: z.object({
        enrollmentId: Id,
        targetProjectId: Id,
        reason: z.string().trim().min(1).max(2000),
        decidedOn: IsoDate,
        memberClientIds: z.array(Id).min(1).max(20),
        householdMoves: z.boolean().optional().describe('Does the household move to another unit? Default no (decides the new move-in date)'),
      }),
      response: { 201: TransferCreated, ...problemResponses },
    },
    handler: async (request, reply) => reply.code(201).send(await database.transaction((tx) => requestTransfer(tx, request.ctx, services, request.body))),
  });

  r.get('/api/v1/transfers', {
    config: { access: 'signedIn', clientData: true },
    schema: {
      summary: 'Transfers: the matching team and administrators see all; providers those of their projects (both sides)',
      tags,
      querystring: z.object({ state: States.optional(), overdue: z.enum(['true', 'false']).optional(), enrollmentId: Id.optional() }),
      response: {
        200: z.object({ items: z.array(TransferListItem), counts: z.object({ awaitingApproval: z.number().int(), awaitingAcknowledgement: z.number().int(), overdue: z.number().int(), filedLate: z.number().int() }) }),
        ...problemResponses,
      },
    },
    handler: async (request) =>
      database.transaction((tx) => listTransfers(tx, request.ctx, { state: request.query.state, overdue: request.query.overdue === 'true', enrollmentId: request.query.enrollmentId })),
  });

  r.get('/api/v1/transfers/log', {
    config: { access: 'ce.match' },
    schema: {
      summary: 'The transfer log: counts by kind and outcome, median business days to decision',
      tags,
      querystring: z.object({ from: IsoDate.optional(), to: IsoDate.optional() }),
      response: { 200: LogOut, ...problemResponses },
    },
    handler: async (request) => database.transaction((tx) => transferLog(tx, request.ctx, request.query)),
  });

  r.get('/api/v1/transfers/targets', {
    config: { access: 'enrollment.manage' },
    schema: {
      summary: 'Projects a household may transfer to, with the kind and whether CES approval is needed',
      tags,
      querystring: z.object({ enrollmentId: Id }),
      response: {
        200: z.object({
          items: z.array(z.object({ id: z.string(), name: z.string(), agencyName: z.string(), programModel: z.string(), kind: z.enum(['internal', 'external']), approvalRequired: z.boolean(), available: z.boolean() })),
        }),
        ...problemResponses,
      },
    },
    handler: async (request) => ({ items: await database.transaction((tx) => transferTargets(tx, request.ctx, request.query.enrollmentId)) }),
  });

  r.get('/api/v1/transfers/:id', {
    config: { access: 'signedIn', clientData: true },
    schema: { summary: 'A transfer with its timeline, deadlines and what the caller may do', tags, params: Params, response: { 200: TransferDetail, ...problemResponses } },
    handler: async (request) => database.transaction((tx) => getTransfer(tx, request.ctx, request.params.id)),
  });

  r.post('/api/v1/transfers/:id/complete', {
    config: { access: 'enrollment.manage', clientData: true },
    schema: {
      summary: 'Complete a transfer: exit the old enrollment(s) and enroll in the target, in one transaction',
      description:
        'No-approval transfers (`awaiting_completion`): the moving members’ old enrollments exit on `entryDate` (destination 435 with subsidy type 439 for PSH, 431 for RRH — see src/domain/transfers) and they are enrolled in the target project from that date; ' +
        'when the target is permanent housing and the household was housed and does not move, the new move-in date is the entry date. ' +
        'Approved transfers (`approved`), once the receiving project enrolled the household from the referral: only the exit is left, on the new enrollment’s start. → `completed`.',
      tags,
      params: Params,
      body: z.object({
        entryDate: IsoDate.optional().describe('Required for no-approval transfers'),
        householdMoves: z.boolean().optional(),
        exitForms: z.array(z.object({ formId: z.string().min(1).max(100), answers: z.record(z.string(), z.union([z.string(), z.number(), z.array(z.string()), z.null()])) })).max(5).optional().describe('Exit forms the old project requires (e.g. the ESG RRH exit summary)'),
      }),
      response: { 200: TransferDetail, ...problemResponses },
    },
    handler: async (request) => database.transaction((tx) => completeTransfer(tx, request.ctx, services, request.params.id, request.body)),
  });

  r.post('/api/v1/transfers/:id/acknowledge', {
    config: { access: 'ce.match', clientData: true },
    schema: {
      summary: 'The matching team records the referral of a completed no-approval transfer (CES: Enrolled, outside the timeliness standards)',
      tags,
      params: Params,
      body: z.object({}).optional(),
      response: { 200: TransferDetail, ...problemResponses },
    },
    handler: async (request) => database.transaction((tx) => acknowledgeTransfer(tx, request.ctx, services, request.params.id)),
  });

  r.post('/api/v1/transfers/:id/approve', {
    config: { access: 'ce.match', clientData: true },
    schema: {
      summary: 'Approve a transfer: a referral to the target project in the initial status (CES: Matched…), which follows the normal flow',
      tags,
      params: Params,
      body: z.object({ note: z.string().trim().max(1000).nullable().optional() }).optional(),
      response: { 200: TransferDetail, ...problemResponses },
    },
    handler: async (request) => database.transaction((tx) => approveTransfer(tx, request.ctx, services, request.params.id, request.body ?? {})),
  });

  r.post('/api/v1/transfers/:id/deny', {
    config: { access: 'ce.match', clientData: true },
    schema: {
      summary: 'Deny a transfer with a reason: the household stays enrolled where it is',
      tags,
      params: Params,
      body: z.object({ reason: z.string().trim().min(1).max(2000) }),
      response: { 200: TransferDetail, ...problemResponses },
    },
    handler: async (request) => database.transaction((tx) => denyTransfer(tx, request.ctx, services, request.params.id, request.body)),
  });
}
