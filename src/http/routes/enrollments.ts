import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { HudText, Id, IsoDate, ListOf, problemResponses } from '../schemas.ts';
import { BENEFIT_SOURCES, INCOME_SOURCES, INSURANCE_SOURCES } from '../../usecases/enrollments/common.ts';
import { createEnrollment } from '../../usecases/enrollments/create.ts';
import { addAssessment, addFormResponse, correctAssessment, addMember, changeHeadOfHousehold, editEnrollment, exitEnrollment, recordMoveIn } from '../../usecases/enrollments/changes.ts';
import { getEnrollment, listClientEnrollments, presentAssessment, presentEnrollmentRow } from '../../usecases/enrollments/read.ts';
import { addService, SERVICE_TYPE_KEYS } from '../../usecases/enrollments/services.ts';

const Code = z.number().int();
const OptCode = Code.nullable().optional();
const Money = z.number().nonnegative().max(1_000_000);
const Answers = z.record(z.string(), z.union([z.string(), z.number(), z.array(z.string()), z.null()]));
const FormIn = z.object({ formId: z.string().min(1).max(100), answers: Answers });

const StagedIn = z.object({
  incomeFromAnySource: OptCode.describe('4.02: 0, 1, 8, 9, 99'),
  totalMonthlyIncome: Money.nullable().optional(),
  incomeSources: z.partialRecord(z.enum(INCOME_SOURCES), Money).optional().describe('Monthly amount per IncomeBenefits.csv source column'),
  otherIncomeSourceIdentify: HudText('IncomeBenefits.csv', 'OtherIncomeSourceIdentify').nullable().optional(),
  benefitsFromAnySource: OptCode.describe('4.03'),
  benefits: z.array(z.enum(BENEFIT_SOURCES)).max(10).optional(),
  insuranceFromAnySource: OptCode.describe('4.04'),
  insurance: z.array(z.enum(INSURANCE_SOURCES)).max(10).optional(),
  disabilities: z
    .array(z.object({ disabilityType: Code.describe('5 physical … 10 substance use'), disabilityResponse: Code, indefiniteAndImpairs: OptCode }))
    .max(6)
    .optional()
    .describe('4.05–4.10'),
  domesticViolenceSurvivor: OptCode.describe('4.11'),
  whenOccurred: OptCode,
  currentlyFleeing: OptCode,
  custom: z
    .record(z.string().max(64), z.union([z.string().max(500), z.number(), z.null()]))
    .optional()
    .describe('Answers to the CoC’s own questions of the data collection definition (kind custom), by field: an option value, text, a number or a date'),
});
const NoYes = z.union([z.literal(0), z.literal(1), z.literal(8), z.literal(9), z.literal(99)]);
const StagedInChecked = StagedIn.extend({
  incomeFromAnySource: NoYes.nullable().optional(),
  benefitsFromAnySource: NoYes.nullable().optional(),
  insuranceFromAnySource: NoYes.nullable().optional(),
  domesticViolenceSurvivor: NoYes.nullable().optional(),
  currentlyFleeing: NoYes.nullable().optional(),
  whenOccurred: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(8), z.literal(9), z.literal(99)]).nullable().optional(),
});

const PriorIn = z.object({
  livingSituation: OptCode,
  rentalSubsidyType: OptCode,
  lengthOfStay: OptCode,
  losUnderThreshold: OptCode,
  previousStreetESSH: OptCode,
  dateToStreetESSH: IsoDate.nullable().optional(),
  timesHomelessPastThreeYears: OptCode,
  monthsHomelessPastThreeYears: OptCode,
});

const MemberIn = z.object({
  clientId: Id,
  relationshipToHoH: Code.describe('3.15: 1 head, 2 child, 3 spouse or partner, 4 other relative, 5 other, 99'),
  entryDate: IsoDate.optional().describe('Own project start; defaults to the household entry date'),
  disablingCondition: OptCode.describe('3.08'),
  enrollmentCoC: z.string().trim().max(6).nullable().optional().describe('3.16, head only; defaults to the project’s CoC'),
  priorLivingSituation: PriorIn.optional().describe('3.917'),
  assessment: StagedInChecked.optional().describe('Project start (stage 1) 4.02–4.11'),
});

const ServiceIn = z.object({
  date: IsoDate,
  type: z.enum(SERVICE_TYPE_KEYS as [string, ...string[]]),
  amount: Money.nullable().optional().describe('Financial assistance: one payment per record'),
  funder: OptCode.describe('HUD funder code (2.06)'),
  note: z.string().trim().max(1000).nullable().optional(),
  recordType: OptCode.describe('HUD Services.csv RecordType, when a HUD service'),
  typeProvided: OptCode,
});

const EnrollmentOut = z.object({
  id: z.string(),
  clientId: z.string(),
  projectId: z.string(),
  householdId: z.string(),
  relationshipToHoH: z.number(),
  entryDate: z.string(),
  exitDate: z.string().nullable(),
  destination: z.number().nullable(),
  destinationSubsidyType: z.number().nullable(),
  otherDestination: z.string().nullable(),
  moveInDate: z.string().nullable(),
  enrollmentCoC: z.string().nullable(),
  disablingCondition: z.number(),
  priorLivingSituation: PriorIn,
  referralId: z.string().nullable(),
  version: z.number(),
});

const Loose = z.object({}).loose();
const EnrollmentDetailOut = EnrollmentOut.extend({
  projectName: z.string(),
  projectType: z.number(),
  agencyId: z.string(),
  isEsgRrh: z.boolean(),
  displayName: z.string(),
  effectiveMoveInDate: z.string().nullable(),
  members: z.array(z.unknown()),
  assessments: z.array(Loose),
  services: z.array(Loose),
  forms: z.array(Loose),
  dataQuality: z.array(
    z.object({
      kind: z.string(),
      element: z.string(),
      pointer: z.string(),
      message: z.string(),
      enrollmentId: z.string().optional().describe('The member whose answer it is'),
      stage: z.number().optional().describe('5.03 data collection stage of the answer'),
      assessmentId: z.string().nullable().optional().describe('The stage record to correct (null: not recorded yet)'),
      field: z.string().optional().describe('The question in the data collection definition'),
    }),
  ),
  annual: z.unknown().describe('Annual assessment status: not_yet_due | open | completed | overdue, with the window'),
  followUps: z.array(z.object({ key: z.string(), label: z.string(), dueDate: z.string(), opens: z.string(), closes: z.string(), status: z.string(), informationDate: z.string().optional() })),
  followUpsRequired: z.boolean(),
  reevaluation: z.object({ last: z.string().nullable(), dueBy: z.string(), status: z.string() }).nullable(),
  headCandidates: z.array(z.object({ clientId: z.string(), ageAtEntry: z.number() })),
  capabilities: z.record(z.string(), z.boolean()),
});

const ClientEnrollmentOut = EnrollmentOut.extend({
  projectName: z.string(),
  projectType: z.number(),
  isEsgRrh: z.boolean(),
  status: z.enum(['active', 'not_yet_housed', 'exited']),
  capabilities: z.object({ canManage: z.boolean() }),
});

const Params = z.object({ id: Id });

export async function enrollmentRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tx = <T>(fn: Parameters<typeof app.deps.database.transaction<T>>[0]) => app.deps.database.transaction(fn);

  r.post('/api/v1/enrollments', {
    config: { access: 'enrollment.manage', clientData: true },
    schema: {
      summary: 'Enroll a household in a project (project start)',
      description:
        'One enrollment per member sharing a new HUD HouseholdID, all in one transaction. Exactly one head of household (422 otherwise). ' +
        'Program-entry forms go in `forms`. ESG rapid re-housing (funder 10 at the entry date) needs the `esg-rrh-eligibility-screening` form with every screening question answered "no" ' +
        '(422 with rule esg-rrh.screening-required / esg-rrh.screening-ineligible naming the question) and `initialService` (recorded on the head, dated the project start). ' +
        'With `referralId` and no `members`, the household comes from the referral; the referral becomes CES: Enrolled in the same transaction.',
      tags: ['enrollments'],
      body: z.object({
        projectId: Id,
        entryDate: IsoDate,
        members: z.array(MemberIn).max(20).optional(),
        forms: z.array(FormIn).max(10).optional(),
        referralId: Id.optional(),
        initialService: ServiceIn.omit({ date: true }).optional(),
      }),
      response: {
        201: z.object({ householdId: z.string(), enrollments: z.array(z.object({ id: z.string(), clientId: z.string(), relationshipToHoH: z.number(), entryDate: z.string() })) }),
        ...problemResponses,
      },
    },
    handler: async (request, reply) => {
      const out = await tx((t) => createEnrollment(t, request.ctx, request.body));
      return reply.code(201).send(out);
    },
  });

  r.get('/api/v1/enrollments/:id', {
    config: { access: 'client.read', clientData: true },
    schema: {
      summary: 'An enrollment with its household, assessments by stage, services, data quality, annual window and follow-ups',
      tags: ['enrollments'],
      params: Params,
      response: { 200: EnrollmentDetailOut, ...problemResponses },
    },
    handler: async (request) => tx((t) => getEnrollment(t, request.ctx, request.params.id)),
  });

  r.patch('/api/v1/enrollments/:id', {
    config: { access: 'enrollment.manage', clientData: true },
    schema: {
      summary: 'Correct project-start data; administrators amend an exited enrollment (with a reason, audited)',
      tags: ['enrollments'],
      params: Params,
      body: z.object({
        version: z.number().int().positive(),
        disablingCondition: Code.optional(),
        enrollmentCoC: z.string().trim().max(6).nullable().optional(),
        priorLivingSituation: PriorIn.optional(),
        exitDate: IsoDate.optional(),
        destination: Code.optional(),
        destinationSubsidyType: OptCode,
        otherDestination: HudText('Exit.csv', 'OtherDestination').nullable().optional(),
        reason: z.string().trim().max(500).optional(),
      }),
      response: { 200: EnrollmentOut, ...problemResponses },
    },
    handler: async (request) => presentEnrollmentRow(await tx((t) => editEnrollment(t, request.ctx, request.params.id, request.body))),
  });

  r.get('/api/v1/clients/:id/enrollments', {
    config: { access: 'client.read', clientData: true },
    schema: { summary: "A client's enrollments in every project", tags: ['enrollments'], params: Params, response: { 200: ListOf(ClientEnrollmentOut), ...problemResponses } },
    handler: async (request) => ({ items: await tx((t) => listClientEnrollments(t, request.ctx, request.params.id)) }),
  });

  r.post('/api/v1/enrollments/:id/move-in', {
    config: { access: 'enrollment.manage', clientData: true },
    schema: {
      summary: 'Record (or with `correct`, correct) the Housing Move-in Date',
      description: 'Project types 3, 9, 10, 13 only; head of household only; on or after project start, on or before exit; once per enrollment (then corrected, never removed). Each violation is a 422.',
      tags: ['enrollments'],
      params: Params,
      body: z.object({ moveInDate: IsoDate, correct: z.boolean().optional() }),
      response: { 200: EnrollmentOut, ...problemResponses },
    },
    handler: async (request) => presentEnrollmentRow(await tx((t) => recordMoveIn(t, request.ctx, request.params.id, request.body))),
  });

  r.post('/api/v1/enrollments/:id/exit', {
    config: { access: 'enrollment.manage', clientData: true },
    schema: {
      summary: 'Exit a member, or with `exitHousehold` the head and every member still enrolled',
      description: 'Destination from the HUD list (subsidy type for 435). ESG RRH: the head’s exit needs the `rrh-exit-summary` form. Creates the exit (stage 3) assessment.',
      tags: ['enrollments'],
      params: Params,
      body: z.object({
        exitDate: IsoDate,
        destination: Code,
        destinationSubsidyType: OptCode,
        otherDestination: HudText('Exit.csv', 'OtherDestination').nullable().optional(),
        exitHousehold: z.boolean().optional(),
        assessment: StagedInChecked.optional().describe('The exit (stage 3) answers of this member'),
        memberAssessments: z
          .array(z.object({ enrollmentId: Id, assessment: StagedInChecked }))
          .max(50)
          .optional()
          .describe('A household exit: the exit answers of each other member leaving (only what HUD collects for that member)'),
        forms: z.array(FormIn).max(10).optional(),
      }),
      response: { 200: EnrollmentOut, ...problemResponses },
    },
    handler: async (request) => presentEnrollmentRow(await tx((t) => exitEnrollment(t, request.ctx, request.params.id, request.body))),
  });

  r.post('/api/v1/enrollments/:id/members', {
    config: { access: 'enrollment.manage', clientData: true },
    schema: { summary: 'A member joins the household stay with their own project start', tags: ['enrollments'], params: Params, body: MemberIn, response: { 201: EnrollmentOut, ...problemResponses } },
    handler: async (request, reply) => reply.code(201).send(presentEnrollmentRow(await tx((t) => addMember(t, request.ctx, request.params.id, request.body)))),
  });

  r.post('/api/v1/enrollments/:id/head', {
    config: { access: 'enrollment.manage', clientData: true },
    schema: {
      summary: 'Make another adult member head of household for the whole stay (the head is leaving)',
      tags: ['enrollments'],
      params: Params,
      body: z.object({ newHeadClientId: Id, formerHeadRelationship: Code, leavingDate: IsoDate }),
      response: { 204: z.null(), ...problemResponses },
    },
    handler: async (request, reply) => {
      await tx((t) => changeHeadOfHousehold(t, request.ctx, request.params.id, request.body));
      return reply.code(204).send(null);
    },
  });

  r.post('/api/v1/enrollments/:id/assessments', {
    config: { access: 'enrollment.manage', clientData: true },
    schema: {
      summary: 'Record an assessment at a data collection stage (2 update, 3 exit, 5 annual, 6 post-exit follow-up)',
      tags: ['enrollments'],
      params: Params,
      body: StagedInChecked.extend({ stage: Code.describe('5.03'), informationDate: IsoDate }),
      response: { 201: Loose, ...problemResponses },
    },
    handler: async (request, reply) => reply.code(201).send(presentAssessment(await tx((t) => addAssessment(t, request.ctx, request.params.id, request.body)))),
  });

  r.put('/api/v1/enrollments/:id/assessments/:assessmentId', {
    config: { access: 'enrollment.manage', clientData: true },
    schema: {
      summary: 'Correct the answers of a stage record (its stage and information date stay)',
      description: 'Every answer is replaced by the body (an answer left out is cleared). The same refusals as recording it: an element HUD does not collect for this member or stage is a 422 naming the field.',
      tags: ['enrollments'],
      params: z.object({ id: Id, assessmentId: Id }),
      body: StagedInChecked,
      response: { 200: Loose, ...problemResponses },
    },
    handler: async (request) => presentAssessment(await tx((t) => correctAssessment(t, request.ctx, request.params.id, request.params.assessmentId, request.body))),
  });

  r.post('/api/v1/enrollments/:id/services', {
    config: { access: 'enrollment.manage', clientData: true },
    schema: { summary: 'Record a service (financial assistance: one payment per record)', tags: ['enrollments'], params: Params, body: ServiceIn, response: { 201: Loose, ...problemResponses } },
    handler: async (request, reply) => reply.code(201).send(await tx((t) => addService(t, request.ctx, request.params.id, request.body))),
  });

  r.post('/api/v1/enrollments/:id/forms', {
    config: { access: 'enrollment.manage', clientData: true },
    schema: {
      summary: 'Record a custom assessment (e.g. the ESG RRH re-evaluation, checked against 30% of area median income)',
      tags: ['enrollments'],
      params: Params,
      body: z.object({ formId: z.string().min(1).max(100), informationDate: IsoDate, answers: Answers }),
      response: { 201: z.object({ id: z.string(), formId: z.string(), informationDate: z.string() }), ...problemResponses },
    },
    handler: async (request, reply) => {
      const row = await tx((t) => addFormResponse(t, request.ctx, request.params.id, request.body));
      return reply.code(201).send({ id: row.id, formId: row.form_id, informationDate: row.information_date });
    },
  });
}
