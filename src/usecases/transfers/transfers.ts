/**
 * Transfers under the CE transfer policy (issue 8; spec ces-workflow.md §8). The rules are in
 * src/domain/transfers; this file loads, asks them, and writes each change with its timeline event,
 * audit row and notifications in the caller's transaction.
 *
 * - request (`requestTransfer`): the provider of the household's current project. Kind and approval come
 *   from the rules and the configuration's `transfers` block. Without approval the request doubles as the
 *   transfer notification (due `notifyWithin` business days after the decision; whether it was filed on
 *   time is recorded) and starts the matching team's clock (`cesReferralWithin` business days after it).
 * - complete (`completeTransfer`): in the caller's ONE transaction, exits the moving members' old
 *   enrollments on the new entry date (destination and subsidy type after the target) through the
 *   enrollment use cases, then enrolls them in the target project (move-in per the rule). An approved
 *   transfer completes the same way once the receiving project enrolled the household from the referral:
 *   only the exit is left to do.
 * - acknowledge / approve / deny: the matching team (or an HMIS administrator). Acknowledging records a
 *   referral already `CES: Enrolled`, outside the timeliness standards; approving records a referral in the
 *   configuration's initial status that follows the normal flow.
 */
import { sql } from 'kysely';
import type { Database, Db, Tx } from '../../data/db.ts';
import { auditClientRead, visibilityReasonSql } from '../../data/gateway/clients.ts';
import { todayOf } from '../today.ts';
import { householdEnrollments, loadProjectForEnrollment } from '../../data/repos/enrollments.ts';
import { matchingTeam, providerProjectIds, referralContacts, seesAllReferrals } from '../../data/repos/referrals.ts';
import type { TransferTable } from '../../data/schema.ts';
import { can, type Actor } from '../../domain/access.ts';
import { businessDaysBetween } from '../../domain/calendar/business-days.ts';
import { localDateAt } from '../../domain/calendar/zoned.ts';
import { cocToday } from '../../domain/calendar/today.ts';
import { ConflictError, ForbiddenError, NotFoundError, RuleViolation, StaleVersionError, type FieldProblem } from '../../domain/errors.ts';
import { newId } from '../../domain/ids.ts';
import {
  acknowledgementOverdue,
  checkMovingMembers,
  decideTransition,
  exitDestinationFor,
  filedOnTime,
  initialState,
  median,
  noApprovalRuleFor,
  outcomeOf,
  parseNoApprovalRules,
  priorLivingSituationFor,
  transferKind,
  transferMoveInDate,
  TRANSFER_STATE_LABELS,
  type TransferAction,
  type TransferOutcome,
  type TransferState,
} from '../../domain/transfers/index.ts';
import type { Selectable } from 'kysely';
import { writeAudit } from '../audit.ts';
import { requireActor, type RequestContext } from '../context.ts';
import { exitEnrollment, recordMoveIn } from '../enrollments/changes.ts';
import { createEnrollment } from '../enrollments/create.ts';
import { loadVisibleEnrollment, requireManage } from '../enrollments/common.ts';
import { notify } from '../notifications/notify.ts';
import { loadReferralSettings } from '../referrals/config-store.ts';
import { recordTransferReferral, referralNumber, type ReferralServices } from '../referrals/referrals.ts';

export type TransferRow = Selectable<TransferTable>;

export const transferNumber = (n: number): string => `T-${n}`;

/**
 * Test seam: called inside the completing transaction after the old enrollments are exited and before
 * the household is enrolled in the target project. Integration tests inject a failure here to show that
 * completing is all or nothing; production never sets it.
 */
export const transferTestHooks: { afterExit?: ((tx: Tx, info: { transferId: string }) => Promise<void>) | undefined } = {};

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

/** The matching team's role for transfers: the CES matching team and HMIS administrators (`ce.match`). */
const isMatchingTeam = (actor: Actor) => can(actor, 'ce.match');

/** Providers see the transfers of their projects, both sides; the matching team and administrators all. */
function canSeeTransfer(actor: Actor, t: { from_project_id: string; target_project_id: string }) {
  if (seesAllReferrals(actor)) return true;
  const mine = providerProjectIds(actor);
  return mine.includes(t.from_project_id) || mine.includes(t.target_project_id);
}

async function loadTransfer(tx: Tx | Db, actor: Actor, id: string, forUpdate = false): Promise<TransferRow> {
  let q = tx.selectFrom('transfers').selectAll().where('id', '=', id);
  if (forUpdate) q = q.forUpdate();
  const t = await q.executeTakeFirst();
  if (!t || !canSeeTransfer(actor, t)) throw new NotFoundError('transfer');
  return t;
}

async function projectFacts(db: Tx | Db, id: string) {
  return db.selectFrom('projects').select(['id', 'name', 'agency_id', 'program_model', 'project_type', 'receives_referrals', 'operating_end']).where('id', '=', id).executeTakeFirst();
}

async function addEvent(tx: Tx, t: { id: string }, kind: 'requested' | 'approved' | 'denied' | 'completed' | 'acknowledged' | 'overdue' | 'referral_enrolled', at: Date, by: string | null, note: string | null, details: Record<string, unknown> = {}) {
  await tx
    .insertInto('transfer_events')
    .values({ id: newId(), transfer_id: t.id, kind, at, by_user: by, by_system: by === null, note, details: JSON.stringify(details) })
    .execute();
}

/** Both sides and the matching team: the requesting provider, the two projects' contacts, the CES team. */
async function everyoneConcerned(tx: Tx, t: Pick<TransferRow, 'from_project_id' | 'target_project_id' | 'requested_by'>): Promise<string[]> {
  return [
    ...(t.requested_by ? [t.requested_by] : []),
    ...(await referralContacts(tx, t.from_project_id)),
    ...(await referralContacts(tx, t.target_project_id)),
    ...(await matchingTeam(tx)),
  ];
}

function refuse(message: string, pointer = '', rule = 'transfer-state'): never {
  throw new RuleViolation(message, pointer ? [{ pointer, message }] : [], rule);
}

function transition(t: TransferRow, action: TransferAction): TransferState {
  const d = decideTransition(t.state, action, { approvalRequired: t.approval_required });
  if (!d.ok) refuse(d.message);
  return d.to;
}

async function update(tx: Tx, t: TransferRow, now: Date, set: Partial<Record<keyof TransferRow, unknown>>): Promise<TransferRow> {
  const row = await tx
    .updateTable('transfers')
    .set({ ...(set as object), version: t.version + 1, updated_at: now })
    .where('id', '=', t.id)
    .where('version', '=', t.version)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw new StaleVersionError();
  return row;
}

// ------------------------------------------------------------------------------------------- present

export interface DeadlinesOut {
  notificationDue: { dueDate: string; dueAt: string } | null;
  notifiedOn: string;
  notifiedOnTime: boolean | null;
  acknowledgementDue: { dueDate: string; dueAt: string } | null;
  acknowledgementOverdue: boolean;
}

async function deadlinesOf(db: Tx | Db, ctx: RequestContext, t: TransferRow, now: Date): Promise<DeadlinesOut> {
  const { engine } = await loadReferralSettings(db, ctx);
  const tz = engine.timeZone;
  const notifiedOn = localDateAt(t.created_at, tz);
  const due = engine.transferDeadlines(t.decided_on, notifiedOn);
  return {
    notificationDue: t.approval_required ? null : { dueDate: due.notificationDue.dueDate, dueAt: due.notificationDue.dueAtIso },
    notifiedOn,
    notifiedOnTime: t.approval_required ? null : t.notified_on_time,
    acknowledgementDue: t.approval_required || !t.ces_referral_due_at ? null : { dueDate: due.cesReferralDue.dueDate, dueAt: due.cesReferralDue.dueAtIso },
    acknowledgementOverdue: acknowledgementOverdue({ state: t.state, approvalRequired: t.approval_required, cesReferralDueAt: t.ces_referral_due_at }, now),
  };
}

function presentSummary(t: TransferRow, names: Map<string, string>) {
  return {
    id: t.id,
    number: transferNumber(t.number),
    kind: t.kind,
    approvalRequired: t.approval_required,
    state: t.state,
    stateLabel: TRANSFER_STATE_LABELS[t.state],
    enrollmentId: t.enrollment_id,
    householdId: t.household_id,
    fromProject: { id: t.from_project_id, name: names.get(t.from_project_id) ?? '' },
    targetProject: { id: t.target_project_id, name: names.get(t.target_project_id) ?? '' },
    reason: t.reason,
    decidedOn: t.decided_on,
    memberClientIds: t.member_client_ids,
    householdSize: t.member_client_ids.length,
    householdMoves: t.household_moves,
    denyReason: t.deny_reason,
    completedEntryDate: t.completed_entry_date,
    newEnrollmentIds: t.new_enrollment_ids,
    referralId: t.referral_id,
    requestedAt: t.created_at.toISOString(),
    approvedAt: iso(t.approved_at),
    deniedAt: iso(t.denied_at),
    completedAt: iso(t.completed_at),
    acknowledgedAt: iso(t.acknowledged_at),
    version: t.version,
  };
}

async function projectNames(db: Tx | Db, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('projects').select(['id', 'name']).where('id', 'in', [...new Set(ids)]).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

// ------------------------------------------------------------------------------------------- request

export interface RequestTransferInput {
  enrollmentId: string;
  targetProjectId: string;
  reason: string;
  decidedOn: string;
  memberClientIds: string[];
  householdMoves?: boolean | undefined;
}

export async function requestTransfer(tx: Tx, ctx: RequestContext, services: ReferralServices, input: RequestTransferInput) {
  const actor = requireActor(ctx);
  const now = ctx.clock.now();
  const today = await todayOf(tx, ctx);
  // The enrollment named, then its household's head enrollment: the household's current stay.
  const { enrollment: given, project: from } = await loadVisibleEnrollment(tx, ctx, input.enrollmentId, true);
  requireManage(actor, from, 'Only the staff of the household’s current project may request its transfer.');
  const household = await householdEnrollments(tx, given.household_id, true);
  const head = household.find((m) => m.relationship_to_hoh === 1) ?? given;
  if (head.exit_date !== null) refuse('This household has left the project: there is nothing to transfer.', '/enrollmentId', 'transfer.enrollment-open');

  const problems: FieldProblem[] = [];
  const target = await projectFacts(tx, input.targetProjectId);
  const fromFacts = (await projectFacts(tx, from.id))!;
  if (!target) problems.push({ pointer: '/targetProjectId', message: 'Choose a project that exists.' });
  else if (target.id === from.id) problems.push({ pointer: '/targetProjectId', message: 'Choose another project than the one the household is in.' });
  else if (target.operating_end !== null && target.operating_end < today) problems.push({ pointer: '/targetProjectId', message: `${target.name} has stopped operating.` });
  if (!input.reason.trim()) problems.push({ pointer: '/reason', message: 'Say why the household transfers.' });
  if (input.decidedOn > today) problems.push({ pointer: '/decidedOn', message: 'The transfer decision cannot be dated in the future.' });
  else if (input.decidedOn < head.entry_date) problems.push({ pointer: '/decidedOn', message: 'The transfer decision cannot be before the household entered the project.' });
  const open = household.filter((m) => m.exit_date === null).map((m) => ({ clientId: m.client_id, relationshipToHoH: m.relationship_to_hoh }));
  problems.push(...checkMovingMembers(open, input.memberClientIds));
  if (problems.length) throw new RuleViolation(problems[0]!.message, problems, 'transfer.request');

  const settings = await loadReferralSettings(tx, ctx);
  const fromP = { agencyId: fromFacts.agency_id, programModel: fromFacts.program_model, projectType: fromFacts.project_type };
  const toP = { agencyId: target!.agency_id, programModel: target!.program_model, projectType: target!.project_type };
  const kind = transferKind(fromP, toP);
  const rule = noApprovalRuleFor(fromP, toP, parseNoApprovalRules(settings.config.transfers.noApprovalNeeded).rules);
  const approvalNeeded = rule === null;
  if (approvalNeeded && !target!.receives_referrals) {
    refuse(`${target!.name} does not receive referrals, and this transfer needs CES approval and a referral.`, '/targetProjectId', 'transfer.target-receives-referrals');
  }
  const pending = await tx.selectFrom('transfers').select('number').where('enrollment_id', '=', head.id).where('state', 'in', ['awaiting_approval', 'awaiting_completion']).executeTakeFirst();
  if (pending) throw new ConflictError(`Transfer ${transferNumber(pending.number)} for this household is still open: finish or withdraw it first.`, [{ pointer: '/enrollmentId', message: 'Finish or withdraw the open transfer of this household first.' }]);

  const filedOn = cocToday(ctx.clock, settings.engine.timeZone);
  const due = settings.engine.transferDeadlines(input.decidedOn, filedOn);
  const onTime = filedOnTime(now, due.notificationDue.dueAt);
  const state = initialState(approvalNeeded);
  const id = newId();
  const row = await tx
    .insertInto('transfers')
    .values({
      id,
      enrollment_id: head.id,
      household_id: head.household_id,
      head_client_id: head.client_id,
      from_project_id: from.id,
      target_project_id: target!.id,
      kind,
      approval_required: approvalNeeded,
      reason: input.reason.trim(),
      decided_on: input.decidedOn,
      member_client_ids: input.memberClientIds,
      household_moves: input.householdMoves ?? false,
      state,
      deny_reason: null,
      notification_due_at: due.notificationDue.dueAt,
      notified_on_time: onTime,
      ces_referral_due_at: approvalNeeded ? null : due.cesReferralDue.dueAt,
      completed_entry_date: null,
      new_household_id: null,
      old_exit_destination: null,
      old_exit_subsidy_type: null,
      new_move_in_date: null,
      referral_id: null,
      overdue_notified_at: null,
      requested_by: actor.userId,
      approved_by: null,
      approved_at: null,
      denied_by: null,
      denied_at: null,
      completed_by: null,
      completed_at: null,
      acknowledged_by: null,
      acknowledged_at: null,
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const ruleText = rule ? (rule.kind === 'same-model' ? 'same program model' : `${rule.a} ↔ ${rule.b}`) : null;
  await addEvent(tx, row, 'requested', now, actor.userId, row.reason, { kind, approvalRequired: approvalNeeded, noApprovalRule: ruleText, notifiedOnTime: approvalNeeded ? null : onTime, members: input.memberClientIds.length });
  await writeAudit(tx, ctx, {
    action: 'transfer.request',
    entityType: 'transfer',
    entityId: id,
    clientId: head.client_id,
    after: { number: transferNumber(row.number), enrollmentId: head.id, from: from.id, target: target!.id, kind, approvalRequired: approvalNeeded, decidedOn: input.decidedOn, members: input.memberClientIds, state },
  });
  const number = transferNumber(row.number);
  await notify(tx, now, services.publicUrl, {
    userIds: await everyoneConcerned(tx, row),
    kind: 'transfer.requested',
    title: approvalNeeded ? `Transfer ${number} from ${from.name} to ${target!.name} needs CES approval` : `Transfer ${number} from ${from.name} to ${target!.name} filed (no approval needed)`,
    body: approvalNeeded
      ? `An ${kind} transfer request is waiting on the matching team's queue. Household of ${input.memberClientIds.length}.`
      : `Internal transfer notification${onTime ? '' : `, filed after its due date (${due.notificationDue.dueDate})`}. The matching team records its referral by ${due.cesReferralDue.dueDate}. Household of ${input.memberClientIds.length}.`,
    link: `/transfers/${id}`,
    entityType: 'transfer',
    entityId: id,
  });
  return { ...presentSummary(row, await projectNames(tx, [from.id, target!.id])), deadlines: await deadlinesOf(tx, ctx, row, now) };
}

// ------------------------------------------------------------------------------------------ complete

export interface CompleteTransferInput {
  /** The new project start; also the old enrollments' exit date. Approved transfers: the start of the enrollment made from the referral (default). */
  entryDate?: string | undefined;
  /** Overrides the request's `householdMoves` (does the household move to another unit?). */
  householdMoves?: boolean | undefined;
  /** Exit forms the old project requires (e.g. the ESG RRH exit summary). */
  exitForms?: { formId: string; answers: Record<string, string | number | string[] | null> }[] | undefined;
}

export async function completeTransfer(tx: Tx, ctx: RequestContext, services: ReferralServices, id: string, input: CompleteTransferInput) {
  const actor = requireActor(ctx);
  const now = ctx.clock.now();
  const t = await loadTransfer(tx, actor, id, true);
  const from = (await loadProjectForEnrollment(tx, t.from_project_id))!;
  if (!can(actor, 'enrollment.manage', { projectId: from.id, agencyId: from.agencyId })) throw new ForbiddenError('Only the staff of the household’s current project complete its transfer.');
  const to = transition(t, 'complete');
  const target = (await projectFacts(tx, t.target_project_id))!;
  const household = await householdEnrollments(tx, t.household_id, true);
  const head = household.find((m) => m.id === t.enrollment_id)!;
  if (head.exit_date !== null) refuse('The household already left the project: this transfer can no longer be completed.', '', 'transfer.enrollment-open');
  const moving = household.filter((m) => m.exit_date === null && t.member_client_ids.includes(m.client_id));
  const memberProblems = checkMovingMembers(
    household.filter((m) => m.exit_date === null).map((m) => ({ clientId: m.client_id, relationshipToHoH: m.relationship_to_hoh })),
    moving.map((m) => m.client_id),
  );
  if (memberProblems.length) throw new RuleViolation(`The household changed since the request: ${memberProblems[0]!.message}`, memberProblems.map((p) => ({ ...p, pointer: '' })), 'transfer.members');

  // What the new stay is: made here (no approval), or by the receiving project from the referral (approved).
  let entryDate: string;
  let newEnrollments: { id: string; clientId: string }[] = [];
  let newHouseholdId: string | null = null;
  let newHeadEnrollmentId: string;
  if (t.state === 'approved') {
    const referral = t.referral_id ? await tx.selectFrom('referrals').select(['status_code', 'enrollment_id']).where('id', '=', t.referral_id).executeTakeFirst() : undefined;
    if (!referral?.enrollment_id) refuse(`${target.name} has not enrolled the household from the transfer's referral yet: complete the transfer once it has.`, '', 'transfer.referral-enrolled');
    const newHead = await tx.selectFrom('enrollments').select(['id', 'household_id', 'entry_date']).where('id', '=', referral!.enrollment_id!).executeTakeFirstOrThrow();
    entryDate = newHead.entry_date;
    if (input.entryDate && input.entryDate !== entryDate) refuse(`The household started in ${target.name} on ${entryDate}: complete the transfer on that date.`, '/entryDate', 'transfer.entry-date');
    newHouseholdId = newHead.household_id;
    newHeadEnrollmentId = newHead.id;
    newEnrollments = (await tx.selectFrom('enrollments').select(['id', 'client_id']).where('household_id', '=', newHead.household_id).execute()).map((e) => ({ id: e.id, clientId: e.client_id }));
  } else {
    if (!input.entryDate) refuse('Give the date the household starts in the new project.', '/entryDate', 'transfer.entry-date');
    entryDate = input.entryDate!;
    newHeadEnrollmentId = '';
  }

  // 1. Exit the moving members' old enrollments on the new entry date.
  const exit = exitDestinationFor({ programModel: target.program_model, projectType: target.project_type });
  await exitEnrollment(tx, ctx, head.id, {
    exitDate: entryDate,
    destination: exit.destination,
    destinationSubsidyType: exit.destinationSubsidyType,
    exitHousehold: moving.length > 1,
    forms: input.exitForms,
  }).catch((err: unknown) => {
    // The exit's own pointers name the exit: say that it is the transfer's entry date.
    if (err instanceof RuleViolation) throw new RuleViolation(`The old enrollment cannot be exited on that date: ${err.message}`, err.errors.map((e) => ({ pointer: e.pointer === '/exitDate' ? '/entryDate' : e.pointer, message: e.message })), (err.extra.rule as string | undefined) ?? 'transfer.exit');
    throw err;
  });
  await transferTestHooks.afterExit?.(tx, { transferId: t.id });

  // 2. Enroll them in the target project (no-approval transfers), with move-in per the rule.
  const householdMoves = input.householdMoves ?? t.household_moves;
  let moveIn: string | null = null;
  if (t.state !== 'approved') {
    const housed = head.move_in_date !== null;
    const fromModel = (await projectFacts(tx, from.id))!.program_model;
    const prior = priorLivingSituationFor({ programModel: fromModel, projectType: from.projectType }, housed);
    const created = await createEnrollment(tx, ctx, {
      projectId: target.id,
      entryDate,
      members: moving.map((m) => ({
        clientId: m.client_id,
        relationshipToHoH: m.relationship_to_hoh,
        disablingCondition: m.disabling_condition,
        // The Enrollment CoC stays the household's (the target may have no single CoC of its own).
        ...(m.relationship_to_hoh === 1 && m.enrollment_coc ? { enrollmentCoC: m.enrollment_coc } : {}),
        ...(prior && m.relationship_to_hoh !== 2 ? { priorLivingSituation: { livingSituation: prior.livingSituation, rentalSubsidyType: prior.rentalSubsidyType } } : {}),
      })),
    });
    newHouseholdId = created.householdId;
    newEnrollments = created.enrollments.map((e) => ({ id: e.id, clientId: e.clientId }));
    newHeadEnrollmentId = created.enrollments.find((e) => e.relationshipToHoH === 1)!.id;
    moveIn = transferMoveInDate({ targetProjectType: target.project_type, oldMoveInDate: head.move_in_date, householdMoves, entryDate });
    if (moveIn) await recordMoveIn(tx, ctx, newHeadEnrollmentId, { moveInDate: moveIn });
  }

  const row = await update(tx, t, now, {
    state: to,
    completed_entry_date: entryDate,
    new_household_id: newHouseholdId,
    new_enrollment_ids: newEnrollments.map((e) => e.id),
    old_exit_destination: exit.destination,
    old_exit_subsidy_type: exit.destinationSubsidyType,
    new_move_in_date: moveIn,
    household_moves: householdMoves,
    completed_by: actor.userId,
    completed_at: now,
  });
  await addEvent(tx, row, 'completed', now, actor.userId, null, { entryDate, destination: exit.destination, destinationSubsidyType: exit.destinationSubsidyType, moveInDate: moveIn, newEnrollmentIds: row.new_enrollment_ids });
  await writeAudit(tx, ctx, {
    action: 'transfer.complete',
    entityType: 'transfer',
    entityId: t.id,
    clientId: t.head_client_id,
    before: { state: t.state },
    after: { state: to, entryDate, exit, moveInDate: moveIn, newEnrollmentIds: row.new_enrollment_ids, newHeadEnrollmentId },
  });
  const number = transferNumber(row.number);
  await notify(tx, now, services.publicUrl, {
    userIds: await everyoneConcerned(tx, row),
    kind: 'transfer.completed',
    title: `Transfer ${number} to ${target.name} completed`,
    body: row.approval_required
      ? `The household started in ${target.name} on ${entryDate}; the old enrollment was exited the same day.`
      : `The household started in ${target.name} on ${entryDate}. The matching team records the transfer's referral by the acknowledgement due date.`,
    link: `/transfers/${t.id}`,
    entityType: 'transfer',
    entityId: t.id,
  });
  return getTransfer(tx, ctx, t.id);
}

// --------------------------------------------------------------------------------------- acknowledge

export async function acknowledgeTransfer(tx: Tx, ctx: RequestContext, services: ReferralServices, id: string) {
  const actor = requireActor(ctx);
  const now = ctx.clock.now();
  const t = await loadTransfer(tx, actor, id, true);
  if (!isMatchingTeam(actor)) throw new ForbiddenError('Only the CES matching team acknowledges a transfer.');
  const to = transition(t, 'acknowledge');
  const members = await tx.selectFrom('enrollments').select(['id', 'client_id', 'relationship_to_hoh']).where('id', 'in', t.new_enrollment_ids).execute();
  const head = members.find((m) => m.relationship_to_hoh === 1);
  if (!head) refuse('The transfer has no new enrollment to link the referral to.', '', 'transfer.new-enrollment');
  const number = transferNumber(t.number);
  const referral = await recordTransferReferral(tx, ctx, services, {
    clientId: head!.client_id,
    projectId: t.target_project_id,
    referralDate: t.decided_on,
    household: [head!, ...members.filter((m) => m !== head)].map((m) => ({ clientId: m.client_id, relationshipToHoH: m.relationship_to_hoh })),
    as: 'enrolled',
    enrollmentId: head!.id,
    note: `Transfer ${number} (recorded by the matching team, outside the timeliness standards).`,
  });
  // The new enrollments came from this referral.
  await tx.updateTable('enrollments').set({ referral_id: referral.id, version: sql`version + 1`, updated_at: now, updated_by: actor.userId }).where('id', 'in', t.new_enrollment_ids).where('referral_id', 'is', null).execute();
  const row = await update(tx, t, now, { state: to, referral_id: referral.id, acknowledged_by: actor.userId, acknowledged_at: now });
  const late = t.ces_referral_due_at !== null && now.getTime() > t.ces_referral_due_at.getTime();
  await addEvent(tx, row, 'acknowledged', now, actor.userId, null, { referralId: referral.id, referralNumber: referral.number, onTime: !late });
  await writeAudit(tx, ctx, { action: 'transfer.acknowledge', entityType: 'transfer', entityId: t.id, clientId: t.head_client_id, before: { state: t.state }, after: { state: to, referralId: referral.id, onTime: !late } });
  const target = (await projectFacts(tx, t.target_project_id))!;
  await notify(tx, now, services.publicUrl, {
    userIds: await everyoneConcerned(tx, row),
    kind: 'transfer.acknowledged',
    title: `Transfer ${number} to ${target.name} acknowledged by CES`,
    body: `Referral ${referral.number} records the transfer (CES: Enrolled).`,
    link: `/transfers/${t.id}`,
    entityType: 'transfer',
    entityId: t.id,
  });
  return getTransfer(tx, ctx, t.id);
}

// ----------------------------------------------------------------------------------- approve / deny

export async function approveTransfer(tx: Tx, ctx: RequestContext, services: ReferralServices, id: string, input: { note?: string | null | undefined } = {}) {
  const actor = requireActor(ctx);
  const now = ctx.clock.now();
  const t = await loadTransfer(tx, actor, id, true);
  if (!isMatchingTeam(actor)) throw new ForbiddenError('Only the CES matching team approves a transfer.');
  const to = transition(t, 'approve');
  const settings = await loadReferralSettings(tx, ctx);
  const household = await householdEnrollments(tx, t.household_id);
  const moving = household.filter((m) => t.member_client_ids.includes(m.client_id));
  const head = moving.find((m) => m.relationship_to_hoh === 1) ?? moving[0]!;
  const number = transferNumber(t.number);
  const referral = await recordTransferReferral(tx, ctx, services, {
    clientId: head.client_id,
    projectId: t.target_project_id,
    referralDate: cocToday(ctx.clock, settings.engine.timeZone),
    household: [head, ...moving.filter((m) => m !== head)].map((m) => ({ clientId: m.client_id, relationshipToHoH: m.relationship_to_hoh })),
    as: 'initial',
    note: `Transfer ${number} approved by CES.${input.note?.trim() ? ` ${input.note.trim()}` : ''}`,
  });
  const row = await update(tx, t, now, { state: to, referral_id: referral.id, approved_by: actor.userId, approved_at: now });
  await addEvent(tx, row, 'approved', now, actor.userId, input.note?.trim() || null, { referralId: referral.id, referralNumber: referral.number });
  await writeAudit(tx, ctx, { action: 'transfer.approve', entityType: 'transfer', entityId: t.id, clientId: t.head_client_id, before: { state: t.state }, after: { state: to, referralId: referral.id } });
  const target = (await projectFacts(tx, t.target_project_id))!;
  await notify(tx, now, services.publicUrl, {
    userIds: await everyoneConcerned(tx, row),
    kind: 'transfer.approved',
    title: `Transfer ${number} to ${target.name} approved`,
    body: `CES sent referral ${referral.number} to ${target.name}. The household stays enrolled where it is until it is enrolled there.`,
    link: `/transfers/${t.id}`,
    entityType: 'transfer',
    entityId: t.id,
  });
  return getTransfer(tx, ctx, t.id);
}

export async function denyTransfer(tx: Tx, ctx: RequestContext, services: ReferralServices, id: string, input: { reason: string }) {
  const actor = requireActor(ctx);
  const now = ctx.clock.now();
  const t = await loadTransfer(tx, actor, id, true);
  if (!isMatchingTeam(actor)) throw new ForbiddenError('Only the CES matching team denies a transfer.');
  const reason = input.reason.trim();
  if (!reason) refuse('Say why the transfer is denied.', '/reason', 'transfer.deny-reason');
  const to = transition(t, 'deny');
  const row = await update(tx, t, now, { state: to, deny_reason: reason, denied_by: actor.userId, denied_at: now });
  await addEvent(tx, row, 'denied', now, actor.userId, reason);
  await writeAudit(tx, ctx, { action: 'transfer.deny', entityType: 'transfer', entityId: t.id, clientId: t.head_client_id, before: { state: t.state }, after: { state: to, reason } });
  const target = (await projectFacts(tx, t.target_project_id))!;
  await notify(tx, now, services.publicUrl, {
    userIds: await everyoneConcerned(tx, row),
    kind: 'transfer.denied',
    title: `Transfer ${transferNumber(t.number)} to ${target.name} denied`,
    body: 'The household stays enrolled where it is. The reason is on the transfer.',
    link: `/transfers/${t.id}`,
    entityType: 'transfer',
    entityId: t.id,
  });
  return getTransfer(tx, ctx, t.id);
}

// ------------------------------------------------------------------------------------------------ read

export async function getTransfer(tx: Tx, ctx: RequestContext, id: string) {
  const actor = requireActor(ctx);
  const now = ctx.clock.now();
  const today = await todayOf(tx, ctx);
  const t = await loadTransfer(tx, actor, id);
  const names = await projectNames(tx, [t.from_project_id, t.target_project_id]);
  const head = await tx
    .selectFrom('clients as c')
    .select(['c.first_name', 'c.last_name', 'c.anonymous'])
    .select(visibilityReasonSql(actor, today).as('access_reason'))
    .where('c.id', '=', t.head_client_id)
    .executeTakeFirstOrThrow();
  const visible = head.access_reason !== null;
  if (visible) await auditClientRead(tx, ctx, [t.head_client_id], head.access_reason!, { via: 'transfer', transferId: t.id });
  const events = await tx
    .selectFrom('transfer_events as e')
    .leftJoin('users as u', 'u.id', 'e.by_user')
    .select(['e.id', 'e.kind', 'e.at', 'e.by_system', 'e.note', 'e.details', 'u.display_name'])
    .where('e.transfer_id', '=', t.id)
    .orderBy('e.seq')
    .execute();
  const referral = t.referral_id
    ? await tx.selectFrom('referrals').select(['id', 'number', 'status_code', 'status_label', 'enrollment_id', 'outside_timeliness']).where('id', '=', t.referral_id).executeTakeFirst()
    : undefined;
  const from = (await loadProjectForEnrollment(tx, t.from_project_id))!;
  const managesFrom = can(actor, 'enrollment.manage', { projectId: from.id, agencyId: from.agencyId });
  const matching = isMatchingTeam(actor);
  // Completing without approval also enrolls the household in the target: the completer must be its staff too.
  const target = (await loadProjectForEnrollment(tx, t.target_project_id))!;
  const managesTarget = can(actor, 'enrollment.manage', { projectId: target.id, agencyId: target.agencyId });
  const canComplete = managesFrom && ((t.state === 'awaiting_completion' && managesTarget) || (t.state === 'approved' && Boolean(referral?.enrollment_id)));
  return {
    ...presentSummary(t, names),
    headName: visible && !head.anonymous ? [head.first_name, head.last_name].filter(Boolean).join(' ') || null : null,
    deadlines: await deadlinesOf(tx, ctx, t, now),
    oldExit: t.old_exit_destination === null ? null : { destination: t.old_exit_destination, destinationSubsidyType: t.old_exit_subsidy_type },
    newMoveInDate: t.new_move_in_date,
    referral: referral ? { id: referral.id, number: referralNumber(referral.number), status: { code: referral.status_code, label: referral.status_label }, enrollmentId: referral.enrollment_id, outsideTimeliness: referral.outside_timeliness } : null,
    timeline: events.map((e) => ({ id: e.id, kind: e.kind, at: e.at.toISOString(), by: e.by_system ? 'system' : (e.display_name ?? null), note: e.note, details: e.details })),
    capabilities: {
      canApprove: matching && t.state === 'awaiting_approval',
      canDeny: matching && t.state === 'awaiting_approval',
      canComplete,
      canAcknowledge: matching && t.state === 'completed' && !t.approval_required,
    },
  };
}

export interface ListTransfersInput {
  state?: TransferState | undefined;
  /** The queue's filters: `overdue` (acknowledgement overdue or notification filed late). */
  overdue?: boolean | undefined;
  /** Transfers of the household of this enrollment (its old or its new stay). */
  enrollmentId?: string | undefined;
}

export async function listTransfers(tx: Tx, ctx: RequestContext, input: ListTransfersInput) {
  const actor = requireActor(ctx);
  const now = ctx.clock.now();
  const today = await todayOf(tx, ctx);
  let q = tx.selectFrom('transfers as t').innerJoin('clients as c', 'c.id', 't.head_client_id').selectAll('t').select(['c.first_name', 'c.last_name', 'c.anonymous']).select(visibilityReasonSql(actor, today).as('access_reason'));
  if (!seesAllReferrals(actor)) {
    const mine = providerProjectIds(actor);
    if (mine.length === 0) return { items: [], counts: emptyCounts() };
    q = q.where((eb) => eb.or([eb('t.from_project_id', 'in', mine), eb('t.target_project_id', 'in', mine)]));
  }
  if (input.enrollmentId) {
    const e = await tx.selectFrom('enrollments').select('household_id').where('id', '=', input.enrollmentId).executeTakeFirst();
    if (!e) return { items: [], counts: emptyCounts() };
    q = q.where((eb) => eb.or([eb('t.household_id', '=', e.household_id), eb('t.new_household_id', '=', e.household_id)]));
  }
  const rows = await q.orderBy('t.created_at', 'desc').orderBy('t.id').execute();
  const names = await projectNames(tx, rows.flatMap((r) => [r.from_project_id, r.target_project_id]));
  const all = await Promise.all(
    rows.map(async (r) => {
      const deadlines = await deadlinesOf(tx, ctx, r, now);
      const visible = r.access_reason !== null;
      return {
        ...presentSummary(r, names),
        headName: visible && !r.anonymous ? [r.first_name, r.last_name].filter(Boolean).join(' ') || null : null,
        deadlines,
        overdue: deadlines.acknowledgementOverdue,
        filedLate: deadlines.notifiedOnTime === false,
      };
    }),
  );
  const counts = emptyCounts();
  for (const i of all) {
    if (i.state === 'awaiting_approval') counts.awaitingApproval++;
    if (!i.approvalRequired && (i.state === 'awaiting_completion' || i.state === 'completed')) counts.awaitingAcknowledgement++;
    if (i.overdue) counts.overdue++;
    if (i.filedLate) counts.filedLate++;
  }
  let items = all;
  if (input.state) items = items.filter((i) => i.state === input.state);
  if (input.overdue) items = items.filter((i) => i.overdue || (i.filedLate && !['acknowledged', 'denied'].includes(i.state)));
  const shown = rows.filter((r) => r.access_reason !== null && !r.anonymous && items.some((i) => i.id === r.id));
  if (shown.length > 0) {
    await auditClientRead(tx, ctx, [...new Set(shown.map((r) => r.head_client_id))], Object.fromEntries(shown.map((r) => [r.head_client_id, r.access_reason!])), { via: 'transfer list' });
  }
  return { items, counts };
}

const emptyCounts = () => ({ awaitingApproval: 0, awaitingAcknowledgement: 0, overdue: 0, filedLate: 0 });

// ------------------------------------------------------------------------------------------------- log

/**
 * The transfer log (matching team, administrators): the transfers requested between `from` and `to`
 * (request dates, CoC time zone), counted by kind and outcome, with the median business days from the
 * request to the CES decision (approval-needed transfers: approved or denied) and to the acknowledgement
 * (no-approval transfers), and how many were filed or acknowledged late.
 */
export async function transferLog(tx: Tx, ctx: RequestContext, input: { from?: string | undefined; to?: string | undefined }) {
  const actor = requireActor(ctx);
  if (!isMatchingTeam(actor)) throw new ForbiddenError('The transfer log is for the matching team and administrators.');
  const settings = await loadReferralSettings(tx, ctx);
  const tz = settings.engine.timeZone;
  const rows = await tx.selectFrom('transfers').selectAll().orderBy('created_at').execute();
  const day = (d: Date) => localDateAt(d, tz);
  const inRange = rows.filter((r) => (!input.from || day(r.created_at) >= input.from) && (!input.to || day(r.created_at) <= input.to));
  const names = await projectNames(tx, inRange.flatMap((r) => [r.from_project_id, r.target_project_id]));
  const outcomes: TransferOutcome[] = ['pending', 'approved', 'denied', 'completed', 'acknowledged'];
  const byKind = (['internal', 'external'] as const).map((kind) => {
    const mine = inRange.filter((r) => r.kind === kind);
    return { kind, total: mine.length, outcomes: Object.fromEntries(outcomes.map((o) => [o, mine.filter((r) => outcomeOf(r.state) === o).length])) as Record<TransferOutcome, number> };
  });
  const toDecision: number[] = [];
  const toAck: number[] = [];
  let ackLate = 0;
  for (const r of inRange) {
    const decidedAt = r.approved_at ?? r.denied_at;
    if (r.approval_required && decidedAt) toDecision.push(businessDaysBetween(day(r.created_at), day(decidedAt), settings.holidays));
    if (!r.approval_required && r.acknowledged_at) {
      toAck.push(businessDaysBetween(day(r.created_at), day(r.acknowledged_at), settings.holidays));
      if (r.ces_referral_due_at && r.acknowledged_at.getTime() > r.ces_referral_due_at.getTime()) ackLate++;
    }
  }
  return {
    from: input.from ?? null,
    to: input.to ?? null,
    total: inRange.length,
    byKind,
    byOutcome: Object.fromEntries(outcomes.map((o) => [o, inRange.filter((r) => outcomeOf(r.state) === o).length])) as Record<TransferOutcome, number>,
    approvalRequired: inRange.filter((r) => r.approval_required).length,
    medianBusinessDaysToDecision: median(toDecision),
    decided: toDecision.length,
    medianBusinessDaysToAcknowledgement: median(toAck),
    acknowledged: toAck.length,
    filedLate: inRange.filter((r) => !r.approval_required && !r.notified_on_time).length,
    acknowledgedLate: ackLate,
    items: inRange
      .slice()
      .reverse()
      .map((r) => ({
        id: r.id,
        number: transferNumber(r.number),
        kind: r.kind,
        approvalRequired: r.approval_required,
        state: r.state,
        outcome: outcomeOf(r.state),
        fromProjectName: names.get(r.from_project_id) ?? '',
        targetProjectName: names.get(r.target_project_id) ?? '',
        requestedOn: day(r.created_at),
        decidedOn: r.decided_on,
        businessDaysToDecision: r.approval_required && (r.approved_at ?? r.denied_at) ? businessDaysBetween(day(r.created_at), day((r.approved_at ?? r.denied_at)!), settings.holidays) : null,
      })),
  };
}

// ------------------------------------------------------------------------------------------- sweep

/**
 * The transfers job. Overdue acknowledgements: each no-approval transfer whose CES referral is past its
 * due time and not yet recorded is put on the matching team's queue (it is listed as overdue anyway)
 * and the matching team is told — once (`overdue_notified_at`, set with a conditional update so that
 * several processes notify once).
 */
export async function runTransferSweep(database: Database, clock: { now(): Date }, publicUrl: string): Promise<{ overdue: number; readyToComplete: number }> {
  const now = clock.now();
  const due = await database.db
    .selectFrom('transfers')
    .select('id')
    .where('approval_required', '=', false)
    .where('state', 'in', ['awaiting_completion', 'completed'])
    .where('ces_referral_due_at', '<', now)
    .where('overdue_notified_at', 'is', null)
    .execute();
  let overdue = 0;
  for (const { id } of due) {
    await database.transaction(async (tx) => {
      const row = await tx.updateTable('transfers').set({ overdue_notified_at: now }).where('id', '=', id).where('overdue_notified_at', 'is', null).returningAll().executeTakeFirst();
      if (!row) return;
      overdue++;
      await addEvent(tx, row, 'overdue', now, null, 'The CES acknowledgement is overdue.', { dueAt: row.ces_referral_due_at?.toISOString() ?? null });
      const names = await projectNames(tx, [row.target_project_id]);
      await notify(tx, now, publicUrl, {
        userIds: await matchingTeam(tx),
        kind: 'transfer.overdue',
        title: `Transfer ${transferNumber(row.number)} to ${names.get(row.target_project_id) ?? 'a project'}: CES acknowledgement overdue`,
        body: `Record the transfer's referral: it was due ${row.ces_referral_due_at?.toISOString() ?? ''}.`,
        link: `/transfers/${row.id}`,
        entityType: 'transfer',
        entityId: row.id,
      });
    });
  }
  // Approved transfers whose referral the receiving project enrolled: the requesting side completes
  // the transfer (exits the old stay) — tell it once (the `referral_enrolled` timeline event).
  const enrolled = await database.db
    .selectFrom('transfers as t')
    .innerJoin('referrals as r', 'r.id', 't.referral_id')
    .select('t.id')
    .where('t.state', '=', 'approved')
    .where('r.enrollment_id', 'is not', null)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('transfer_events as e').select('e.id').whereRef('e.transfer_id', '=', 't.id').where('e.kind', '=', 'referral_enrolled'))))
    .execute();
  let readyToComplete = 0;
  for (const { id } of enrolled) {
    await database.transaction(async (tx) => {
      const row = await tx.selectFrom('transfers').selectAll().where('id', '=', id).forUpdate().executeTakeFirstOrThrow();
      const seen = await tx.selectFrom('transfer_events').select('id').where('transfer_id', '=', id).where('kind', '=', 'referral_enrolled').executeTakeFirst();
      if (seen || row.state !== 'approved') return;
      readyToComplete++;
      await addEvent(tx, row, 'referral_enrolled', now, null, 'The receiving project enrolled the household from the referral: complete the transfer to exit the old enrollment.');
      const names = await projectNames(tx, [row.from_project_id, row.target_project_id]);
      await notify(tx, now, publicUrl, {
        userIds: [...(row.requested_by ? [row.requested_by] : []), ...(await referralContacts(tx, row.from_project_id))],
        kind: 'transfer.ready_to_complete',
        title: `Transfer ${transferNumber(row.number)}: enrolled in ${names.get(row.target_project_id) ?? 'the new project'}, complete it`,
        body: `Complete the transfer to exit the household from ${names.get(row.from_project_id) ?? 'the old project'}.`,
        link: `/transfers/${row.id}`,
        entityType: 'transfer',
        entityId: row.id,
      });
    });
  }
  return { overdue, readyToComplete };
}

/** Projects a provider may pick as a transfer's target: every operating project but the current one. */
export async function transferTargets(tx: Tx, ctx: RequestContext, enrollmentId: string) {
  const actor = requireActor(ctx);
  const { project: from } = await loadVisibleEnrollment(tx, ctx, enrollmentId);
  requireManage(actor, from, 'Only the staff of the household’s current project may request its transfer.');
  const settings = await loadReferralSettings(tx, ctx);
  const fromFacts = (await projectFacts(tx, from.id))!;
  const today = await todayOf(tx, ctx);
  const rows = await tx
    .selectFrom('projects as p')
    .innerJoin('agencies as a', 'a.id', 'p.agency_id')
    .select(['p.id', 'p.name', 'p.agency_id', 'p.program_model', 'p.project_type', 'p.receives_referrals', 'a.name as agency_name'])
    .where('p.id', '!=', from.id)
    .where('p.project_type', '!=', 14)
    .where((eb) => eb.or([eb('p.operating_end', 'is', null), eb('p.operating_end', '>=', today)]))
    .orderBy('a.name')
    .orderBy('p.name')
    .execute();
  const rules = parseNoApprovalRules(settings.config.transfers.noApprovalNeeded).rules;
  const fromP = { agencyId: fromFacts.agency_id, programModel: fromFacts.program_model, projectType: fromFacts.project_type };
  return rows
    .map((p) => {
      const toP = { agencyId: p.agency_id, programModel: p.program_model, projectType: p.project_type };
      const approval = noApprovalRuleFor(fromP, toP, rules) === null;
      // A transfer that needs approval goes through a referral: the target must receive referrals.
      return { id: p.id, name: p.name, agencyName: p.agency_name, programModel: p.program_model, kind: transferKind(fromP, toP), approvalRequired: approval, available: !approval || p.receives_referrals };
    });
}
