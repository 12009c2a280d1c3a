import type { Tx } from '../../data/db.ts';
import { auditClientRead, findVisibleClient } from '../../data/gateway/clients.ts';
import { todayOf } from '../today.ts';
import { currentMembersForUpdate, findVisibleHousehold, householdIdOfClient, type HouseholdMemberRow } from '../../data/gateway/households.ts';
import { displayName } from '../../domain/clients/records.ts';
import { ConflictError, NotFoundError, RuleViolation, type FieldProblem } from '../../domain/errors.ts';
import { newId } from '../../domain/ids.ts';
import { writeAudit } from '../audit.ts';
import { requireActor, type RequestContext } from '../context.ts';

export const HEAD = 1;
export interface MemberInput {
  clientId: string;
  relationshipToHoH: number;
  joinedOn: string;
}

function presentHousehold(household: { id: string; version: number }, members: HouseholdMemberRow[], today: string) {
  return {
    id: household.id,
    version: household.version,
    members: members.map((m) => ({
      membershipId: m.id,
      clientId: m.client_id,
      displayName: displayName({ id: m.client_id, anonymous: m.anonymous, firstName: m.first_name, middleName: m.middle_name, lastName: m.last_name, suffix: m.suffix }),
      dateOfBirth: m.dob,
      relationshipToHoH: m.relationship_to_hoh,
      joinedOn: m.joined_on,
      leftOn: m.left_on,
      current: m.left_on === null || m.left_on > today,
      consentState: m.consent_state,
      accessReason: m.access_reason ?? 'unknown',
    })),
  };
}

/** The household as the API shows it (the access reasons go to the audit only). */
const strip = (h: ReturnType<typeof presentHousehold>) => ({ ...h, members: h.members.map(({ accessReason: _r, ...m }) => m) });

async function loadHousehold(tx: Tx, ctx: RequestContext, householdId: string) {
  const actor = requireActor(ctx);
  const today = await todayOf(tx, ctx);
  const { household, members } = await findVisibleHousehold(tx, actor, householdId, today);
  return presentHousehold(household, members, today);
}

async function bump(tx: Tx, householdId: string) {
  await tx.updateTable('households').set((eb) => ({ version: eb('version', '+', 1) })).where('id', '=', householdId).execute();
}

async function assertNotInOpenHousehold(tx: Tx, clientId: string, pointer: string, exceptHousehold?: string) {
  let q = tx.selectFrom('household_members').select('household_id').where('client_id', '=', clientId).where('left_on', 'is', null);
  if (exceptHousehold) q = q.where('household_id', '!=', exceptHousehold);
  if (await q.executeTakeFirst()) {
    throw new ConflictError('This client is a current member of another household; record that they left it first.', [{ pointer, message: 'Record that this client left their current household first.' }]);
  }
}

/** A new household: exactly one head of household (relationship 1), every member visible to the caller. */
export async function createHousehold(tx: Tx, ctx: RequestContext, members: MemberInput[]) {
  const actor = requireActor(ctx);
  const today = await todayOf(tx, ctx);
  const problems: FieldProblem[] = [];
  const heads = members.map((m, i) => (m.relationshipToHoH === HEAD ? i : -1)).filter((i) => i >= 0);
  if (heads.length !== 1) {
    throw new RuleViolation(
      heads.length === 0 ? 'A household has a head of household: mark one member as "Self (head of household)".' : 'A household has exactly one head of household.',
      (heads.length === 0 ? members.map((_, i) => i) : heads.slice(1)).map((i) => ({ pointer: `/members/${i}/relationshipToHoH`, message: 'Make exactly one member the head of household (Self).' })),
      'one-head-of-household',
    );
  }
  const seen = new Set<string>();
  members.forEach((m, i) => {
    if (seen.has(m.clientId)) problems.push({ pointer: `/members/${i}/clientId`, message: 'This client is listed twice.' });
    seen.add(m.clientId);
    if (m.joinedOn > today) problems.push({ pointer: `/members/${i}/joinedOn`, message: 'The date joined cannot be in the future.' });
  });
  if (problems.length) throw new RuleViolation('Some members need attention.', problems);
  for (const [i, m] of members.entries()) {
    await findVisibleClient(tx, actor, m.clientId, today);
    await assertNotInOpenHousehold(tx, m.clientId, `/members/${i}/clientId`);
  }
  const now = ctx.clock.now();
  const id = newId();
  await tx.insertInto('households').values({ id, created_at: now, created_by: actor.userId }).execute();
  for (const m of members) {
    await tx
      .insertInto('household_members')
      .values({ id: newId(), household_id: id, client_id: m.clientId, relationship_to_hoh: m.relationshipToHoH, joined_on: m.joinedOn, created_at: now, created_by: actor.userId })
      .execute();
  }
  const out = strip(await loadHousehold(tx, ctx, id));
  await writeAudit(tx, ctx, { action: 'household.create', entityType: 'household', entityId: id, after: out });
  return out;
}

async function lockHousehold(tx: Tx, ctx: RequestContext, householdId: string) {
  // Visible to the caller at all? (404 otherwise) — then lock its current members.
  await findVisibleHousehold(tx, requireActor(ctx), householdId, await todayOf(tx, ctx));
  await tx.selectFrom('households').select('id').where('id', '=', householdId).forUpdate().execute();
  return currentMembersForUpdate(tx, householdId);
}

/** Adds a member (not the head: change the head with `changeHead`). */
export async function addMember(tx: Tx, ctx: RequestContext, householdId: string, m: MemberInput) {
  const actor = requireActor(ctx);
  const today = await todayOf(tx, ctx);
  const current = await lockHousehold(tx, ctx, householdId);
  if (m.relationshipToHoH === HEAD) {
    throw new RuleViolation('This household already has a head of household; to change it, use "change head".', [{ pointer: '/relationshipToHoH', message: 'Choose another relationship: the household already has a head (use “change head” to change it).' }], 'one-head-of-household');
  }
  if (m.joinedOn > today) throw new RuleViolation('The date joined cannot be in the future.', [{ pointer: '/joinedOn', message: 'Enter a date joined of today or earlier.' }]);
  await findVisibleClient(tx, actor, m.clientId, today);
  if (current.some((c) => c.client_id === m.clientId)) throw new ConflictError('This client is already a member of the household.', [{ pointer: '/clientId', message: 'Choose another client: this one is already a member of the household.' }]);
  await assertNotInOpenHousehold(tx, m.clientId, '/clientId');
  const now = ctx.clock.now();
  await tx
    .insertInto('household_members')
    .values({ id: newId(), household_id: householdId, client_id: m.clientId, relationship_to_hoh: m.relationshipToHoH, joined_on: m.joinedOn, created_at: now, created_by: actor.userId })
    .execute();
  await bump(tx, householdId);
  await writeAudit(tx, ctx, { action: 'household.member.add', entityType: 'household', entityId: householdId, clientId: m.clientId, after: m });
  return strip(await loadHousehold(tx, ctx, householdId));
}

/** A member leaves on `leftOn`. The head may leave only as the last member (change the head first). */
export async function leaveHousehold(tx: Tx, ctx: RequestContext, householdId: string, clientId: string, leftOn: string) {
  const actor = requireActor(ctx);
  const today = await todayOf(tx, ctx);
  const current = await lockHousehold(tx, ctx, householdId);
  await findVisibleClient(tx, actor, clientId, today);
  const row = current.find((c) => c.client_id === clientId);
  if (!row) throw new NotFoundError('current member of this household');
  if (leftOn < row.joined_on) throw new RuleViolation('A member cannot leave before they joined.', [{ pointer: '/leftOn', message: `Enter a date left on or after ${row.joined_on}, when they joined.` }]);
  if (row.relationship_to_hoh === HEAD && current.length > 1) {
    throw new RuleViolation('The head of household cannot leave while others stay: make another member the head first.', [{ pointer: '/clientId', message: 'Make another member the head of household first.' }], 'one-head-of-household');
  }
  const now = ctx.clock.now();
  await tx.updateTable('household_members').set({ left_on: leftOn, ended_at: now, ended_by: actor.userId }).where('id', '=', row.id).execute();
  await bump(tx, householdId);
  await writeAudit(tx, ctx, { action: 'household.member.leave', entityType: 'household', entityId: householdId, clientId, after: { leftOn } });
  return strip(await loadHousehold(tx, ctx, householdId));
}

/**
 * A new head from `effectiveOn`: the old and new heads' memberships (and those of members whose
 * relationship is restated) are closed on that date and reopened with the new relationships, so the
 * history keeps who was head when.
 */
export async function changeHead(
  tx: Tx,
  ctx: RequestContext,
  householdId: string,
  input: { clientId: string; effectiveOn: string; formerHeadRelationship?: number | undefined; relationships?: { clientId: string; relationshipToHoH: number }[] | undefined },
) {
  const actor = requireActor(ctx);
  const today = await todayOf(tx, ctx);
  const current = await lockHousehold(tx, ctx, householdId);
  await findVisibleClient(tx, actor, input.clientId, today);
  const next = current.find((c) => c.client_id === input.clientId);
  if (!next) throw new RuleViolation('The new head must be a current member of the household.', [{ pointer: '/clientId', message: 'Choose a current member of the household as the new head.' }]);
  const head = current.find((c) => c.relationship_to_hoh === HEAD);
  if (next === head) throw new ConflictError('This client is already the head of household.');
  const restated = new Map<string, number>();
  if (head) restated.set(head.client_id, input.formerHeadRelationship ?? 99);
  for (const r of input.relationships ?? []) {
    if (r.relationshipToHoH === HEAD) throw new RuleViolation('Only the new head is "Self (head of household)".', [{ pointer: '/relationships', message: 'Give “Self (head of household)” to the new head only.' }], 'one-head-of-household');
    if (!current.some((c) => c.client_id === r.clientId)) throw new RuleViolation('Restated relationships are for current members only.', [{ pointer: '/relationships', message: 'Restate relationships for current members only.' }]);
    restated.set(r.clientId, r.relationshipToHoH);
  }
  restated.set(next.client_id, HEAD);
  const affected = current.filter((c) => restated.has(c.client_id));
  for (const c of affected) {
    if (input.effectiveOn < c.joined_on) throw new RuleViolation(`The change cannot take effect before ${c.joined_on}, when a member joined.`, [{ pointer: '/effectiveOn', message: `Enter an effective date on or after ${c.joined_on}, when a member joined.` }]);
  }
  if (input.effectiveOn > today) throw new RuleViolation('The change cannot take effect in the future.', [{ pointer: '/effectiveOn', message: 'Enter an effective date of today or earlier.' }]);
  const now = ctx.clock.now();
  for (const c of affected) {
    await tx.updateTable('household_members').set({ left_on: input.effectiveOn, ended_at: now, ended_by: actor.userId }).where('id', '=', c.id).execute();
  }
  for (const c of affected) {
    await tx
      .insertInto('household_members')
      .values({ id: newId(), household_id: householdId, client_id: c.client_id, relationship_to_hoh: restated.get(c.client_id)!, joined_on: input.effectiveOn, created_at: now, created_by: actor.userId })
      .execute();
  }
  await bump(tx, householdId);
  await writeAudit(tx, ctx, { action: 'household.head.change', entityType: 'household', entityId: householdId, clientId: input.clientId, before: { head: head?.client_id ?? null }, after: { head: input.clientId, effectiveOn: input.effectiveOn } });
  return strip(await loadHousehold(tx, ctx, householdId));
}

export async function getHousehold(tx: Tx, ctx: RequestContext, householdId: string) {
  const out = await loadHousehold(tx, ctx, householdId);
  await auditClientRead(tx, ctx, [...new Set(out.members.map((m) => m.clientId))], Object.fromEntries(out.members.map((m) => [m.clientId, m.accessReason])), { householdId, via: 'household' });
  return strip(out);
}

/** The client's household (current, else the last one), or null. */
export async function getClientHousehold(tx: Tx, ctx: RequestContext, clientId: string) {
  const actor = requireActor(ctx);
  const { client, reason } = await findVisibleClient(tx, actor, clientId, await todayOf(tx, ctx));
  await auditClientRead(tx, ctx, [client.id], reason, { part: 'household' });
  const id = await householdIdOfClient(tx, clientId);
  if (!id) return { household: null };
  const household = await loadHousehold(tx, ctx, id);
  const reasons = Object.fromEntries(household.members.filter((m) => m.clientId !== client.id).map((m) => [m.clientId, m.accessReason]));
  await auditClientRead(tx, ctx, Object.keys(reasons), reasons, { householdId: id, via: 'household' });
  return { household: strip(household) };
}
