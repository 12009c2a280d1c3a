import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  CURRENT_LIVING_SITUATIONS,
  LENGTHS_OF_STAY,
  MONTHS_HOMELESS,
  NO_YES_MISSING,
  NO_YES_REASONS,
  PRIOR_LIVING_SITUATIONS,
  RENTAL_SUBSIDY_TYPES,
  TIMES_HOMELESS,
} from '../../domain/ce/living-situation.ts';
import { latestCeAssessment, listCeAssessments, recordCeAssessment } from '../../usecases/ce/assessment.ts';
import { createCeEnrollment, getCeEnrollment, updateCeEnrollment } from '../../usecases/ce/enrollment.ts';
import { listCurrentLivingSituations, recordCurrentLivingSituation } from '../../usecases/ce/living-situations.ts';
import { HudText, Id, IsoDate, ListOf, problemResponses } from '../schemas.ts';

const code = (values: readonly number[], description: string) => z.literal([...values] as [number, ...number[]]).describe(description);

/** HUD 3.917 prior living situation: the chronic-homelessness inputs. */
export const PriorLivingSituationIn = z.object({
  livingSituation: code(PRIOR_LIVING_SITUATIONS, 'HUD 3.917.1 prior living situation (list 3.12.1)').nullish(),
  rentalSubsidyType: code(RENTAL_SUBSIDY_TYPES, 'HUD 3.12.A, only with living situation 435').nullish(),
  lengthOfStay: code(LENGTHS_OF_STAY, 'HUD 3.917.2').nullish(),
  losUnderThreshold: code(NO_YES_MISSING, 'HUD 3.917 LOSUnderThreshold (derived from the length of stay when omitted)').nullish(),
  previousStreetEssh: code(NO_YES_MISSING, 'HUD 3.917 PreviousStreetESSH: on the streets, in ES or SH the night before').nullish(),
  dateToStreetEssh: IsoDate.nullish().describe('HUD 3.917.3 approximate date this episode of homelessness started'),
  timesHomelessPastThreeYears: code(TIMES_HOMELESS, 'HUD 3.917.4').nullish(),
  monthsHomelessPastThreeYears: code(MONTHS_HOMELESS, 'HUD 3.917.5 (101–112 months, 113 more than 12)').nullish(),
});

const DisablingCondition = code(NO_YES_REASONS, 'HUD 3.08 disabling condition (0 no, 1 yes, 8, 9, 99)');

const ChronicOut = z.object({ status: z.enum(['yes', 'no', 'unknown']), explanation: z.string() });

const PriorOut = {
  livingSituation: z.number().int().nullable(),
  rentalSubsidyType: z.number().int().nullable(),
  lengthOfStay: z.number().int().nullable(),
  losUnderThreshold: z.number().int().nullable(),
  previousStreetEssh: z.number().int().nullable(),
  dateToStreetEssh: z.string().nullable(),
  timesHomelessPastThreeYears: z.number().int().nullable(),
  monthsHomelessPastThreeYears: z.number().int().nullable(),
};

export const EnrollmentOut = z.object({
  id: z.string(),
  clientId: z.string(),
  projectId: z.string(),
  projectName: z.string().nullable(),
  householdId: z.string().describe('HUD HouseholdID for this stay'),
  relationshipToHoH: z.number().int(),
  entryDate: z.string(),
  exitDate: z.string().nullable(),
  destination: z.number().int().nullable(),
  destinationSubsidyType: z.number().int().nullable(),
  enrollmentCoc: z.string().nullable(),
  disablingCondition: z.number().int(),
  ...PriorOut,
  chronic: ChronicOut.describe('chronic homelessness at project start, from 3.917 and the disabling condition'),
  members: z.array(z.object({ clientId: z.string(), enrollmentId: z.string(), relationshipToHoH: z.number().int() })),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

const SocialServiceContactIn = z.object({
  name: z.string().trim().min(1, 'Enter the contact’s name.').max(200),
  organization: z.string().trim().min(1, 'Enter the organisation.').max(200),
  role: z.string().trim().max(100).nullish(),
  phone: z.string().trim().max(40).nullish(),
  email: z.union([z.literal(''), z.email('Enter an e-mail address like name@example.org.')]).nullish(),
  notes: z.string().trim().max(1000).nullish(),
});

const SocialServiceContactOut = z.object({
  name: z.string(),
  organization: z.string(),
  role: z.string().nullish(),
  phone: z.string().nullish(),
  email: z.string().nullish(),
  notes: z.string().nullish(),
});

const AnswerIn = z.object({
  group: z.string().trim().max(250).nullish(),
  question: z.string().trim().min(1).max(250),
  answer: z.string().trim().max(500).nullable(),
});

export const CeAssessmentOut = z.object({
  id: z.string(),
  enrollmentId: z.string(),
  clientId: z.string(),
  assessmentDate: z.string(),
  assessmentLocation: z.string(),
  assessmentType: z.number().int().describe('HUD 4.19.3: 1 phone, 2 virtual, 3 in person'),
  assessmentLevel: z.number().int().describe('HUD 4.19.4: 1 crisis needs, 2 housing needs'),
  prioritizationStatus: z.number().int().describe('HUD 4.19.7: 1 placed on prioritization list, 2 not placed'),
  score: z.number().nullable().describe('vulnerability score'),
  answers: z.array(z.object({ group: z.string().nullable(), question: z.string(), answer: z.string().nullable() })),
  chronicInputs: z.object({ ...PriorOut, disablingCondition: z.number().int(), entryDate: z.string() }).nullable(),
  chronic: ChronicOut.nullable(),
  assessedBy: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  socialServiceContacts: z
    .array(SocialServiceContactOut)
    .optional()
    .describe('Present ONLY for a Housing Resource Specialist with access to the CE project; absent (not empty) for everyone else'),
  socialServiceContactsHiddenReason: z.string().optional().describe('why the contacts are not shown (when they are absent)'),
  askHrs: z.string().optional().describe('whom to ask for them (when they are absent)'),
});

const ClsOut = z.object({
  id: z.string(),
  enrollmentId: z.string(),
  clientId: z.string(),
  informationDate: z.string(),
  currentLivingSituation: z.number().int(),
  clsSubsidyType: z.number().int().nullable(),
  verifiedBy: z.string().nullable(),
  leaveSituation14Days: z.number().int().nullable(),
  subsequentResidence: z.number().int().nullable(),
  resourcesToObtain: z.number().int().nullable(),
  leaseOwn60Day: z.number().int().nullable(),
  movedTwoOrMore: z.number().int().nullable(),
  locationDetails: z.string().nullable(),
  recordedBy: z.string().nullable(),
  createdAt: z.string(),
});

const ClientParams = z.object({ id: Id });
const tags = ['coordinated entry'];

/** Drops `undefined` and turns `null` into "not answered" for the 3.917 inputs. */
function prior(body: z.infer<typeof PriorLivingSituationIn>) {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body)) if (v !== undefined && k in PriorLivingSituationIn.shape) out[k] = v;
  return out as { [K in keyof z.infer<typeof PriorLivingSituationIn>]?: Exclude<z.infer<typeof PriorLivingSituationIn>[K], undefined> };
}

export async function ceRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { database } = app.deps;

  r.get('/api/v1/clients/:id/ce-enrollment', {
    config: { access: 'client.read', clientData: true },
    schema: {
      summary: "The client's Coordinated Entry enrollment (the open one, else the last), with what the caller may do",
      tags,
      params: ClientParams,
      response: { 200: z.object({ enrollment: EnrollmentOut.nullable(), capabilities: z.object({ canEnroll: z.boolean(), canEdit: z.boolean(), canAssess: z.boolean() }) }), ...problemResponses },
    },
    handler: async (request) => database.transaction((tx) => getCeEnrollment(tx, request.ctx, request.params.id)),
  });

  r.post('/api/v1/clients/:id/ce-enrollment', {
    config: { access: 'ce.assess', clientData: true },
    schema: {
      summary: 'Enroll the client (for a family, the head) in the Coordinated Entry project (HRS of the CE project)',
      description: 'One open CE enrollment per client: while one is open → 409; later changes are PATCH /api/v1/ce-enrollments/{id}.',
      tags,
      params: ClientParams,
      body: PriorLivingSituationIn.extend({
        entryDate: IsoDate.describe('project start date'),
        disablingCondition: DisablingCondition.optional(),
        projectId: Id.optional().describe('the CE project, when the HRS works in several'),
        householdMembers: z
          .array(z.object({ clientId: Id, relationshipToHoH: z.literal([2, 3, 4, 5, 99]).describe('HUD 3.15') }))
          .max(20)
          .optional()
          .describe('for a family: the other members enrolled with the head'),
      }),
      response: { 201: EnrollmentOut, ...problemResponses },
    },
    handler: async (request, reply) => {
      const b = request.body;
      const out = await database.transaction((tx) =>
        createCeEnrollment(tx, request.ctx, request.params.id, {
          ...prior(b),
          entryDate: b.entryDate,
          disablingCondition: b.disablingCondition,
          projectId: b.projectId,
          householdMembers: b.householdMembers,
        }),
      );
      return reply.code(201).send(out);
    },
  });

  r.patch('/api/v1/ce-enrollments/:id', {
    config: { access: 'ce.assess', clientData: true },
    schema: {
      summary: 'Change a CE enrollment: interim updates, corrections, the exit (HRS of the CE project)',
      tags,
      params: z.object({ id: Id }),
      body: PriorLivingSituationIn.extend({
        version: z.number().int().positive(),
        entryDate: IsoDate.optional(),
        disablingCondition: DisablingCondition.optional(),
        exitDate: IsoDate.nullish(),
        destination: z.number().int().nullish().describe('HUD 3.12 destination (with the exit date)'),
        destinationSubsidyType: code(RENTAL_SUBSIDY_TYPES, 'HUD 3.12.A').nullish(),
      }),
      response: { 200: EnrollmentOut, ...problemResponses },
    },
    handler: async (request) => {
      const { version, entryDate, disablingCondition, exitDate, destination, destinationSubsidyType } = request.body;
      return database.transaction((tx) =>
        updateCeEnrollment(tx, request.ctx, request.params.id, version, { ...prior(request.body), entryDate, disablingCondition, exitDate, destination, destinationSubsidyType }),
      );
    },
  });

  r.get('/api/v1/clients/:id/current-living-situations', {
    config: { access: 'client.read', clientData: true },
    schema: { summary: 'Current living situation contacts (HUD 4.12), newest first', tags, params: ClientParams, response: { 200: ListOf(ClsOut), ...problemResponses } },
    handler: async (request) => database.transaction((tx) => listCurrentLivingSituations(tx, request.ctx, request.params.id)),
  });

  r.post('/api/v1/clients/:id/current-living-situations', {
    config: { access: 'ce.assess', clientData: true },
    schema: {
      summary: 'Record a current living situation contact (HUD 4.12) on the open CE enrollment (HRS of the CE project)',
      tags,
      params: ClientParams,
      body: z.object({
        informationDate: IsoDate,
        currentLivingSituation: code(CURRENT_LIVING_SITUATIONS, 'HUD 4.12 (list 3.12.1)'),
        clsSubsidyType: code(RENTAL_SUBSIDY_TYPES, 'HUD 3.12.A, only with 435').nullish(),
        verifiedBy: HudText('CurrentLivingSituation.csv', 'VerifiedBy').nullish(),
        leaveSituation14Days: code(NO_YES_REASONS, 'must leave within 14 days').nullish(),
        subsequentResidence: code(NO_YES_REASONS, 'a subsequent residence identified').nullish(),
        resourcesToObtain: code(NO_YES_REASONS, 'resources to obtain permanent housing').nullish(),
        leaseOwn60Day: code(NO_YES_REASONS, 'lease or ownership in the past 60 days').nullish(),
        movedTwoOrMore: code(NO_YES_REASONS, 'moved two or more times in the past 60 days').nullish(),
        locationDetails: HudText('CurrentLivingSituation.csv', 'LocationDetails').nullish(),
      }),
      response: { 201: ClsOut, ...problemResponses },
    },
    handler: async (request, reply) => {
      const out = await database.transaction((tx) => recordCurrentLivingSituation(tx, request.ctx, request.params.id, request.body));
      return reply.code(201).send(out);
    },
  });

  r.post('/api/v1/clients/:id/ce-assessments', {
    config: { access: 'ce.assess', clientData: true },
    schema: {
      summary: 'Record the CE assessment (HUD 4.19) with the standardized answers, score and social-service contacts (HRS of the CE project)',
      description: 'Needs an open CE enrollment (else 422). The 3.917 inputs and the disabling condition, when given, update the CE enrollment.',
      tags,
      params: ClientParams,
      body: PriorLivingSituationIn.extend({
        assessmentDate: IsoDate,
        assessmentLocation: HudText('Assessment.csv', 'AssessmentLocation').optional().describe('default: the CE project'),
        assessmentType: z.literal([1, 2, 3]).describe('HUD 4.19.3: 1 phone, 2 virtual, 3 in person'),
        assessmentLevel: z.literal([1, 2]).describe('HUD 4.19.4: 1 crisis needs, 2 housing needs'),
        prioritizationStatus: z.literal([1, 2]).describe('HUD 4.19.7: 1 placed on prioritization list, 2 not placed'),
        score: z.number().min(-999999).max(999999).nullish().describe('vulnerability score'),
        disablingCondition: DisablingCondition.optional(),
        answers: z.array(AnswerIn).max(200).optional().describe("the CoC's standardized assessment answers, in order"),
        socialServiceContacts: z.array(SocialServiceContactIn).max(30).default([]),
      }),
      response: { 201: CeAssessmentOut, ...problemResponses },
    },
    handler: async (request, reply) => {
      const b = request.body;
      const out = await database.transaction((tx) =>
        recordCeAssessment(tx, request.ctx, request.params.id, {
          ...prior(b),
          assessmentDate: b.assessmentDate,
          assessmentLocation: b.assessmentLocation,
          assessmentType: b.assessmentType,
          assessmentLevel: b.assessmentLevel,
          prioritizationStatus: b.prioritizationStatus,
          score: b.score,
          disablingCondition: b.disablingCondition,
          answers: b.answers,
          socialServiceContacts: b.socialServiceContacts.map((c) => ({ ...c, email: c.email || null })),
        }),
      );
      return reply.code(201).send(out);
    },
  });

  r.get('/api/v1/clients/:id/ce-assessment', {
    config: { access: 'client.read', clientData: true },
    schema: {
      summary: 'The latest CE assessment; socialServiceContacts only for an HRS of the CE project',
      description: 'For everyone else `socialServiceContacts` is absent and `socialServiceContactsHiddenReason` and `askHrs` say whom to ask. 404 when the client has no CE assessment.',
      tags,
      params: ClientParams,
      response: { 200: CeAssessmentOut, ...problemResponses },
    },
    handler: async (request) => database.transaction((tx) => latestCeAssessment(tx, request.ctx, request.params.id)),
  });

  r.get('/api/v1/clients/:id/ce-assessments', {
    config: { access: 'client.read', clientData: true },
    schema: { summary: 'Every CE assessment of the client, newest first (same contacts rule)', tags, params: ClientParams, response: { 200: ListOf(CeAssessmentOut), ...problemResponses } },
    handler: async (request) => database.transaction((tx) => listCeAssessments(tx, request.ctx, request.params.id)),
  });
}
