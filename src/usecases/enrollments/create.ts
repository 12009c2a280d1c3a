/**
 * Project start for a household (POST /api/v1/enrollments): one enrollment per member sharing a new
 * HUD HouseholdID, each member's project-start data and a stage-1 assessment, program-entry forms,
 * and for ESG rapid re-housing the eligibility screening and the initial service. Everything in the
 * caller's transaction: all members or none.
 *
 * ESG RRH initial service: the body's `initialService` {type, amount?, note?} is recorded on the head
 * of household's enrollment, dated the project start. An ESG RRH entry without it is refused
 * ('esg-rrh.initial-service-required', pointer '/initialService').
 */
import type { Tx } from '../../data/db.ts';
import { auditClientRead, findVisibleClient, type ClientRow } from '../../data/gateway/clients.ts';
import { todayOf } from '../today.ts';
import {
  ESG_RRH_FORMS,
  RELATIONSHIP,
  checkEsgRrhScreening,
  checkInitialService,
  isEsgRrh,
  problem,
  throwIfProblems,
  validateHouseholdEntry,
  type RuleProblem,
} from '../../domain/enrollment/index.ts';
import { RuleViolation } from '../../domain/errors.ts';
import { formDefinition, getFormDefinition } from '../../domain/forms/catalog.ts';
import { pruneHiddenAnswers, validateAnswers } from '../../domain/forms/engine.ts';
import type { Answers } from '../../domain/forms/types.ts';
import { newId } from '../../domain/ids.ts';
import { markReferralEnrolled } from '../referrals/referrals.ts';
import { writeAudit } from '../audit.ts';
import { requireActor, type RequestContext } from '../context.ts';
import {
  priorLivingSituationCodeProblems,
  priorLivingSituationColumns,
  requireManage,
  requireProject,
  stagedColumns,
  collectionProblems,
  type MemberStartInput,
} from './common.ts';
import { serviceProblems, serviceRow, type ServiceInput } from './services.ts';

export interface CreateEnrollmentInput {
  projectId: string;
  entryDate: string;
  members?: MemberStartInput[] | undefined;
  forms?: { formId: string; answers: Answers }[] | undefined;
  referralId?: string | undefined;
  initialService?: Omit<ServiceInput, 'date'> | undefined;
}

/**
 * Test seam: called inside the transaction after each member's enrollment row is inserted (index from
 * 0). Integration tests use it to inject a failure mid-way; production never sets it.
 */
export const enrollmentTestHooks: { afterMemberInsert?: ((tx: Tx, info: { index: number; householdId: string }) => Promise<void>) | undefined } = {};

export async function createEnrollment(tx: Tx, ctx: RequestContext, input: CreateEnrollmentInput) {
  const actor = requireActor(ctx);
  const today = await todayOf(tx, ctx);
  const project = await requireProject(tx, input.projectId);
  requireManage(actor, project, 'Only the staff of this project may enroll clients in it.');

  // A referral brings the household (its snapshot) when the members are not given.
  let members = input.members;
  let referral: { id: string; project_id: string; client_id: string } | undefined;
  if (input.referralId) {
    referral = await tx.selectFrom('referrals').select(['id', 'project_id', 'client_id', 'household_snapshot', 'closed_at']).where('id', '=', input.referralId).executeTakeFirst();
    if (!referral) throw new RuleViolation('This referral does not exist.', [{ pointer: '/referralId', message: 'Choose a referral that exists: this one does not.' }], 'enrollment.referral');
    if (referral.project_id !== project.id) {
      throw new RuleViolation('The referral is to another project: enroll the household in the project it was referred to.', [{ pointer: '/projectId', message: 'Choose the project the household was referred to.' }], 'enrollment.referral');
    }
    if (!members || members.length === 0) {
      const snap = (referral as unknown as { household_snapshot: { clientId: string; relationshipToHoH: number }[] }).household_snapshot;
      members = snap.map((m) => ({ clientId: m.clientId, relationshipToHoH: m.relationshipToHoH }));
    }
  }
  members ??= [];

  // Every member must be a client the actor may see (404 otherwise, as for any client).
  const clients: ClientRow[] = [];
  const reasons: Record<string, string> = {};
  for (const m of members) {
    const { client, reason } = await findVisibleClient(tx, actor, m.clientId, today);
    clients.push(client);
    reasons[client.id] = reason;
  }

  const defaultCoc = project.cocCodes.length === 1 ? project.cocCodes[0]! : null;
  const withCoc = members.map((m) => (m.relationshipToHoH === RELATIONSHIP.head && !m.enrollmentCoC && defaultCoc ? { ...m, enrollmentCoC: defaultCoc } : m));
  const problems: RuleProblem[] = validateHouseholdEntry({
    entryDate: input.entryDate,
    members: withCoc.map((m, i) => ({ clientId: m.clientId, relationshipToHoH: m.relationshipToHoH, entryDate: m.entryDate ?? null, dob: clients[i]?.dob ?? null, enrollmentCoC: m.enrollmentCoC ?? null })),
    projectCocCodes: project.cocCodes,
  });
  if (input.entryDate > today) problems.push(problem('enrollment.future-start', '/entryDate', 'The project start date cannot be in the future.'));
  withCoc.forEach((m, i) => {
    if ((m.entryDate ?? input.entryDate) > today) problems.push(problem('enrollment.future-start', `/members/${i}/entryDate`, 'The project start date cannot be in the future.'));
    if (m.relationshipToHoH !== RELATIONSHIP.head && m.enrollmentCoC) problems.push(problem('household.enrollment-coc-head-only', `/members/${i}/enrollmentCoC`, 'The Enrollment CoC is recorded for the head of household only.'));
    const prior = m.priorLivingSituation;
    if (prior?.dateToStreetESSH && prior.dateToStreetESSH > (m.entryDate ?? input.entryDate)) problems.push(problem('enrollment.date-to-street', `/members/${i}/priorLivingSituation/dateToStreetESSH`, 'The date homelessness started cannot be after the project start.'));
    problems.push(...priorLivingSituationCodeProblems(prior, `/members/${i}/priorLivingSituation`));
    problems.push(
      ...collectionProblems(
        project.projectType,
        { relationshipToHoH: m.relationshipToHoH, dob: clients[i]?.dob ?? null, entryDate: m.entryDate ?? input.entryDate },
        'projectStart',
        { enrollment: { disablingCondition: m.disablingCondition, priorLivingSituation: prior }, staged: m.assessment },
        { enrollment: `/members/${i}`, staged: `/members/${i}/assessment` },
      ),
    );
  });

  // Already enrolled in this project (an open stay)?
  if (members.length > 0) {
    const open = await tx
      .selectFrom('enrollments')
      .select('client_id')
      .where('project_id', '=', project.id)
      .where('exit_date', 'is', null)
      .where('client_id', 'in', members.map((m) => m.clientId))
      .execute();
    const openIds = new Set(open.map((o) => o.client_id));
    members.forEach((m, i) => {
      if (openIds.has(m.clientId)) problems.push(problem('enrollment.already-enrolled', `/members/${i}/clientId`, 'This person is already enrolled in this project. Exit that enrollment first.'));
    });
  }

  // Program-entry forms: known definitions, complete answers.
  const forms = input.forms ?? [];
  forms.forEach((f, i) => {
    const def = getFormDefinition(f.formId);
    if (!def) {
      problems.push(problem('form.unknown', `/forms/${i}/formId`, 'This form does not exist.'));
      return;
    }
    if (def.id === ESG_RRH_FORMS.screening) return; // checked below with its own rule
    for (const p of validateAnswers(def, f.answers, { pointerPrefix: `/forms/${i}/answers` })) problems.push(problem('form.incomplete', p.pointer, p.message));
  });

  const esg = isEsgRrh(project, input.entryDate);
  if (esg) {
    // The screening's refusal comes first: it names the rule of the 422.
    problems.unshift(...checkEsgRrhScreening(forms, formDefinition(ESG_RRH_FORMS.screening)));
    if (!input.initialService) {
      problems.push(...checkInitialService([], input.entryDate).map((p) => ({ ...p, pointer: '/initialService' })));
    }
  }
  if (input.initialService) problems.push(...serviceProblems({ ...input.initialService, date: input.entryDate }, { entryDate: input.entryDate, exitDate: null, today }, '/initialService'));
  throwIfProblems(problems);

  const now = ctx.clock.now();
  const householdId = newId();
  const created: { id: string; clientId: string; relationshipToHoH: number; entryDate: string }[] = [];
  for (const [index, m] of withCoc.entries()) {
    const id = newId();
    const entryDate = m.entryDate ?? input.entryDate;
    await tx
      .insertInto('enrollments')
      .values({
        id,
        client_id: m.clientId,
        project_id: project.id,
        household_id: householdId,
        relationship_to_hoh: m.relationshipToHoH,
        entry_date: entryDate,
        exit_date: null,
        destination: null,
        destination_subsidy_type: null,
        move_in_date: null,
        enrollment_coc: m.relationshipToHoH === RELATIONSHIP.head ? (m.enrollmentCoC ?? null) : null,
        disabling_condition: m.disablingCondition ?? 99,
        ...priorLivingSituationColumns(project.projectType, m.priorLivingSituation),
        referral_id: referral?.id ?? null,
        created_at: now,
        created_by: actor.userId,
        updated_at: now,
        updated_by: actor.userId,
      })
      .execute();
    await tx
      .insertInto('enrollment_assessments')
      .values({ id: newId(), enrollment_id: id, client_id: m.clientId, data_collection_stage: 1, information_date: entryDate, ...stagedColumns(m.assessment), created_at: now, created_by: actor.userId, updated_at: now, updated_by: actor.userId })
      .execute();
    created.push({ id, clientId: m.clientId, relationshipToHoH: m.relationshipToHoH, entryDate });
    await enrollmentTestHooks.afterMemberInsert?.(tx, { index, householdId });
  }
  const head = created.find((c) => c.relationshipToHoH === RELATIONSHIP.head)!;

  for (const f of forms) {
    const def = formDefinition(f.formId);
    await tx
      .insertInto('form_responses')
      .values({ id: newId(), enrollment_id: head.id, client_id: head.clientId, form_id: def.id, form_version: def.version, purpose: 'entry', information_date: input.entryDate, answers: JSON.stringify(pruneHiddenAnswers(def, f.answers)), created_at: now, created_by: actor.userId })
      .execute();
  }
  if (input.initialService) {
    await tx.insertInto('enrollment_services').values(serviceRow({ ...input.initialService, date: input.entryDate }, head.id, head.clientId, esg, actor.userId, now)).execute();
  }

  await writeAudit(tx, ctx, {
    action: 'enrollment.create',
    entityType: 'household_stay',
    entityId: householdId,
    clientId: head.clientId,
    after: { projectId: project.id, entryDate: input.entryDate, members: created, forms: forms.map((f) => f.formId), initialService: input.initialService ?? null, referralId: referral?.id ?? null },
  });
  for (const c of created) {
    if (c.clientId === head.clientId) continue;
    await writeAudit(tx, ctx, { action: 'enrollment.create', entityType: 'enrollment', entityId: c.id, clientId: c.clientId, after: { householdId, projectId: project.id, entryDate: c.entryDate, relationshipToHoH: c.relationshipToHoH } });
  }
  await auditClientRead(tx, ctx, clients.map((c) => c.id), reasons, { purpose: 'enrollment' });

  if (referral) {
    if (referral.client_id !== head.clientId) {
      throw new RuleViolation('The referred client must be the head of household of the enrollment.', [{ pointer: '/members', message: 'Make the referred client the head of household.' }], 'enrollment.referral');
    }
    await markReferralEnrolled(tx, ctx, referral.id, head.id);
  }
  return { householdId, enrollments: created };
}
