import type { Tx } from '../../data/db.ts';
import { findVisibleClient, auditClientRead } from '../../data/gateway/clients.ts';
import { todayOf } from '../today.ts';
import { checkPriorLivingSituation, EMPTY_PRIOR_LIVING_SITUATION, type PriorLivingSituation } from '../../domain/ce/living-situation.ts';
import { ConflictError, NotFoundError, RuleViolation, StaleVersionError, type FieldProblem } from '../../domain/errors.ts';
import { newId } from '../../domain/ids.ts';
import { writeAudit } from '../audit.ts';
import { requireActor, type RequestContext } from '../context.ts';
import {
  assertNoProblems,
  isUniqueViolation,
  loadCeProjectIds,
  mergePrior,
  openCeEnrollment,
  presentEnrollment,
  priorLivingSituationColumns,
  priorLivingSituationOf,
  requireCeHrs,
  type EnrollmentMemberOut,
  type EnrollmentRow,
} from './common.ts';
import { can } from '../../domain/access.ts';

export interface CeEnrollmentInput extends Partial<PriorLivingSituation> {
  entryDate: string;
  disablingCondition?: number | undefined;
  /** Only when the HRS works in several CE projects. */
  projectId?: string | undefined;
  /** For a family: the other members enrolled with the head. */
  householdMembers?: { clientId: string; relationshipToHoH: number }[] | undefined;
}

async function projectName(tx: Tx, projectId: string): Promise<string | null> {
  return (await tx.selectFrom('projects').select('name').where('id', '=', projectId).executeTakeFirst())?.name ?? null;
}

async function membersOf(tx: Tx, e: EnrollmentRow): Promise<EnrollmentMemberOut[]> {
  const rows = await tx
    .selectFrom('enrollments')
    .select(['id', 'client_id', 'relationship_to_hoh'])
    .where('household_id', '=', e.household_id)
    .where('id', '!=', e.id)
    .orderBy('relationship_to_hoh')
    .orderBy('created_at')
    .execute();
  return rows.map((r) => ({ clientId: r.client_id, enrollmentId: r.id, relationshipToHoH: r.relationship_to_hoh }));
}

async function enrollmentCoc(tx: Tx, projectId: string): Promise<string | null> {
  const pc = await tx.selectFrom('project_cocs').select('coc_code').where('project_id', '=', projectId).orderBy('created_at').executeTakeFirst();
  if (pc) return pc.coc_code;
  return (await tx.selectFrom('coc').select('code').executeTakeFirst())?.code ?? null;
}

/** An HRS enrolls the client (for a family, the head, with the members given) in the CE project. */
export async function createCeEnrollment(tx: Tx, ctx: RequestContext, clientId: string, input: CeEnrollmentInput) {
  const actor = requireActor(ctx);
  const today = await todayOf(tx, ctx);
  const { client } = await findVisibleClient(tx, actor, clientId, today);
  const ceProjects = await loadCeProjectIds(tx);
  const mine = requireCeHrs(actor, ceProjects);
  const errors: FieldProblem[] = [];
  let projectId = mine[0]!;
  if (input.projectId !== undefined) {
    if (!mine.includes(input.projectId)) errors.push({ pointer: '/projectId', message: 'Choose a Coordinated Entry project you work in.' });
    else projectId = input.projectId;
  }
  if (input.entryDate > today) errors.push({ pointer: '/entryDate', message: 'The project start date cannot be in the future.' });

  // For a family, the head is enrolled; the members come with them.
  const membership = await tx.selectFrom('household_members').select(['household_id', 'relationship_to_hoh']).where('client_id', '=', client.id).where('left_on', 'is', null).executeTakeFirst();
  if (membership && membership.relationship_to_hoh !== 1) {
    throw new RuleViolation('This client belongs to a household: enroll the head of household, with this client as a member.', [{ pointer: '/', message: 'Enroll the head of household, with this client as a member.' }], 'ce.enroll_head');
  }
  const members = input.householdMembers ?? [];
  const seen = new Set<string>([client.id]);
  for (const [i, m] of members.entries()) {
    if (seen.has(m.clientId)) {
      errors.push({ pointer: `/householdMembers/${i}/clientId`, message: 'This person is already in the enrollment.' });
      continue;
    }
    seen.add(m.clientId);
    if (m.relationshipToHoH === 1) errors.push({ pointer: `/householdMembers/${i}/relationshipToHoH`, message: 'A household has one head: choose how this member is related to the head.' });
    try {
      await findVisibleClient(tx, actor, m.clientId, today);
    } catch (e) {
      if (!(e instanceof NotFoundError)) throw e;
      errors.push({ pointer: `/householdMembers/${i}/clientId`, message: 'No such client.' });
      continue;
    }
    if (membership) {
      const inHousehold = await tx.selectFrom('household_members').select('id').where('household_id', '=', membership.household_id).where('client_id', '=', m.clientId).where('left_on', 'is', null).executeTakeFirst();
      if (!inHousehold) errors.push({ pointer: `/householdMembers/${i}/clientId`, message: "This person is not a current member of the head's household." });
    }
  }
  const prior = checkPriorLivingSituation(mergePrior(EMPTY_PRIOR_LIVING_SITUATION, input), input.entryDate);
  errors.push(...prior.errors);
  assertNoProblems(errors);

  for (const id of seen) {
    const open = await openCeEnrollment(tx, id);
    if (open) {
      throw new ConflictError(
        id === client.id
          ? `This client already has an open Coordinated Entry enrollment (started ${open.entry_date}). Change that enrollment instead of enrolling again.`
          : `A household member already has an open Coordinated Entry enrollment (started ${open.entry_date}).`,
        [{ pointer: id === client.id ? '/' : `/householdMembers/${members.findIndex((m) => m.clientId === id)}/clientId`, message: 'This client is already enrolled in Coordinated Entry: remove them or exit that enrollment first.' }],
      );
    }
  }

  const now = ctx.clock.now();
  const householdId = newId();
  const coc = await enrollmentCoc(tx, projectId);
  const base = { project_id: projectId, household_id: householdId, entry_date: input.entryDate, created_at: now, updated_at: now, created_by: actor.userId, updated_by: actor.userId };
  let head: EnrollmentRow;
  const memberOut: EnrollmentMemberOut[] = [];
  try {
    head = await tx
      .insertInto('enrollments')
      .values({
        ...base,
        id: newId(),
        client_id: client.id,
        relationship_to_hoh: 1,
        enrollment_coc: coc,
        disabling_condition: input.disablingCondition ?? 99,
        ...priorLivingSituationColumns(prior.value),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    for (const m of members) {
      const row = await tx
        .insertInto('enrollments')
        .values({ ...base, id: newId(), client_id: m.clientId, relationship_to_hoh: m.relationshipToHoH })
        .returning(['id', 'client_id', 'relationship_to_hoh'])
        .executeTakeFirstOrThrow();
      memberOut.push({ clientId: row.client_id, enrollmentId: row.id, relationshipToHoH: row.relationship_to_hoh });
    }
  } catch (e) {
    if (isUniqueViolation(e)) throw new ConflictError('This client already has an open Coordinated Entry enrollment. Change that enrollment instead of enrolling again.');
    throw e;
  }
  const out = presentEnrollment(head, await projectName(tx, projectId), memberOut);
  await writeAudit(tx, ctx, { action: 'ce_enrollment.create', entityType: 'enrollment', entityId: head.id, clientId: client.id, after: out });
  for (const m of memberOut) {
    await writeAudit(tx, ctx, { action: 'ce_enrollment.create', entityType: 'enrollment', entityId: m.enrollmentId, clientId: m.clientId, after: { householdId, relationshipToHoH: m.relationshipToHoH, entryDate: input.entryDate, headEnrollmentId: head.id } });
  }
  return out;
}

export interface CeEnrollmentChanges extends Partial<PriorLivingSituation> {
  entryDate?: string | undefined;
  disablingCondition?: number | undefined;
  exitDate?: string | null | undefined;
  destination?: number | null | undefined;
  destinationSubsidyType?: number | null | undefined;
}

/** Changes a CE enrollment (interim updates, corrections, the exit): never a new enrollment. */
export async function updateCeEnrollment(tx: Tx, ctx: RequestContext, enrollmentId: string, version: number, input: CeEnrollmentChanges) {
  const actor = requireActor(ctx);
  const today = await todayOf(tx, ctx);
  const before = await tx.selectFrom('enrollments').selectAll().where('id', '=', enrollmentId).where('is_ce', '=', true).forUpdate().executeTakeFirst();
  if (!before) throw new NotFoundError('CE enrollment');
  await findVisibleClient(tx, actor, before.client_id, today);
  requireCeHrs(actor, await loadCeProjectIds(tx));
  if (before.version !== version) throw new StaleVersionError(before.version);

  const errors: FieldProblem[] = [];
  const entryDate = input.entryDate ?? before.entry_date;
  const exitDate = input.exitDate !== undefined ? input.exitDate : before.exit_date;
  const destination = input.destination !== undefined ? input.destination : before.destination;
  if (input.entryDate !== undefined && input.entryDate > today) errors.push({ pointer: '/entryDate', message: 'The project start date cannot be in the future.' });
  if (exitDate !== null && exitDate < entryDate) errors.push({ pointer: '/exitDate', message: 'The exit date cannot be before the project start date.' });
  if (exitDate !== null && exitDate > today) errors.push({ pointer: '/exitDate', message: 'The exit date cannot be in the future.' });
  if (exitDate !== null && destination === null) errors.push({ pointer: '/destination', message: 'Choose where the client went (destination) when the enrollment ends.' });
  if (exitDate === null && input.destination !== undefined && input.destination !== null) errors.push({ pointer: '/exitDate', message: 'A destination is recorded with an exit date.' });
  const prior = checkPriorLivingSituation(mergePrior(priorLivingSituationOf(before), input), entryDate);
  errors.push(...prior.errors);
  assertNoProblems(errors);

  const now = ctx.clock.now();
  if (exitDate === null && before.exit_date !== null && (await openCeEnrollment(tx, before.client_id))) {
    throw new ConflictError('This client has another open Coordinated Entry enrollment: this one cannot be reopened.', [{ pointer: '/exitDate', message: 'Leave the exit date: another Coordinated Entry enrollment of this client is open.' }]);
  }
  const row = await tx
    .updateTable('enrollments')
    .set({
      entry_date: entryDate,
      exit_date: exitDate,
      destination: exitDate === null ? null : destination,
      destination_subsidy_type: exitDate === null ? null : input.destinationSubsidyType !== undefined ? input.destinationSubsidyType : before.destination_subsidy_type,
      disabling_condition: input.disablingCondition ?? before.disabling_condition,
      ...priorLivingSituationColumns(prior.value),
      version: before.version + 1,
      updated_at: now,
      updated_by: actor.userId,
    })
    .where('id', '=', enrollmentId)
    .where('version', '=', version)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw new StaleVersionError();
  // The head's exit (or a changed start) carries the household members along.
  if (before.relationship_to_hoh === 1 && (exitDate !== before.exit_date || entryDate !== before.entry_date)) {
    await tx
      .updateTable('enrollments')
      .set((eb) => ({ entry_date: entryDate, exit_date: exitDate, destination: exitDate === null ? null : destination, version: eb('version', '+', 1), updated_at: now, updated_by: actor.userId }))
      .where('household_id', '=', before.household_id)
      .where('id', '!=', before.id)
      .where((eb) => (before.exit_date === null ? eb('exit_date', 'is', null) : eb('exit_date', '=', before.exit_date)))
      .execute();
  }
  const name = await projectName(tx, row.project_id);
  const out = presentEnrollment(row, name, await membersOf(tx, row));
  await writeAudit(tx, ctx, { action: 'ce_enrollment.update', entityType: 'enrollment', entityId: row.id, clientId: row.client_id, before: presentEnrollment(before, name), after: out });
  return out;
}

/** The client's open CE enrollment (or the last one), with what the caller may do. Audited read. */
export async function getCeEnrollment(tx: Tx, ctx: RequestContext, clientId: string) {
  const actor = requireActor(ctx);
  const { client, reason } = await findVisibleClient(tx, actor, clientId, await todayOf(tx, ctx));
  const ceProjects = await loadCeProjectIds(tx);
  const row =
    (await openCeEnrollment(tx, client.id)) ??
    (await tx.selectFrom('enrollments').selectAll().where('client_id', '=', client.id).where('is_ce', '=', true).orderBy('exit_date', 'desc').orderBy('created_at', 'desc').executeTakeFirst());
  await auditClientRead(tx, ctx, [client.id], reason, { what: 'ce_enrollment' });
  const canAssess = can(actor, 'ce.assess', { ceProjectIds: ceProjects });
  const open = row !== undefined && row.exit_date === null;
  return {
    enrollment: row ? presentEnrollment(row, await projectName(tx, row.project_id), await membersOf(tx, row)) : null,
    capabilities: {
      canEnroll: canAssess && !open,
      canEdit: canAssess && row !== undefined,
      canAssess: canAssess && open && row.relationship_to_hoh === 1,
    },
  };
}
