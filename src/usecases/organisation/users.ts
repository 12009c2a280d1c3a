import type { Tx } from '../../data/db.ts';
import { getUser, listUsers, type UserRow } from '../../data/repos/users.ts';
import { administeredAgencies, can, isAdmin } from '../../domain/access.ts';
import { ConflictError, ForbiddenError, NotFoundError, RuleViolation, StaleVersionError } from '../../domain/errors.ts';
import { managedUser } from '../auth/user-scope.ts';
import { newId } from '../../domain/ids.ts';
import { revokeUserSessions } from '../auth/sessions.ts';
import { writeAudit } from '../audit.ts';
import { requireActor, type RequestContext } from '../context.ts';
import { insertMembership, type MembershipInput } from './memberships.ts';

/** No password can match this: the user sets one through the one-time link an administrator sends. */
export const NO_PASSWORD = '!unset';

export interface UserInput {
  username: string;
  displayName: string;
  email?: string | null | undefined;
  memberships?: MembershipInput[] | undefined;
}

export interface UserChanges {
  displayName?: string | undefined;
  email?: string | null | undefined;
  active?: boolean | undefined;
}

/** What the audit keeps of a user: never the password hash or the MFA secret. */
export const userAuditView = (u: UserRow) => ({
  id: u.id,
  username: u.username,
  displayName: u.displayName,
  email: u.email,
  active: u.active,
  memberships: u.memberships.map((m) => ({ agencyId: m.agencyId, role: m.role, projectIds: m.projectIds })),
});

/** Administrators see every user; agency administrators the users with a membership in their agency. */
export async function listVisibleUsers(tx: Tx, ctx: RequestContext): Promise<UserRow[]> {
  const actor = requireActor(ctx);
  if (!can(actor, 'user.manage')) throw new ForbiddenError();
  return isAdmin(actor) ? listUsers(tx) : listUsers(tx, { agencyIds: administeredAgencies(actor) });
}

export async function getVisibleUser(tx: Tx, ctx: RequestContext, id: string): Promise<UserRow> {
  return managedUser(tx, requireActor(ctx), id, 'view');
}

export async function createUser(tx: Tx, ctx: RequestContext, input: UserInput): Promise<UserRow> {
  const actor = requireActor(ctx);
  if (!can(actor, 'user.manage')) throw new ForbiddenError();
  const memberships = input.memberships ?? [];
  if (memberships.some((m) => !can(actor, 'membership.grant', { agencyId: m.agencyId, role: m.role }))) {
    throw new ForbiddenError('You may give memberships only in an agency you administer, and not CoC-wide roles.');
  }
  if (!isAdmin(actor) && !memberships.some((m) => administeredAgencies(actor).includes(m.agencyId))) {
    throw new RuleViolation('Give the new user a membership in your agency.', [{ pointer: '/memberships', message: 'Give the user at least one membership in your agency.' }]);
  }
  const username = input.username.trim();
  const taken = await tx.selectFrom('users').select('id').where((eb) => eb(eb.fn('lower', ['username']), '=', username.toLowerCase())).executeTakeFirst();
  if (taken) throw new ConflictError(`The username "${username}" is already used.`, [{ pointer: '/username', message: 'Choose another user name: this one is already used.' }]);
  const id = newId();
  const now = ctx.clock.now();
  await tx
    .insertInto('users')
    .values({ id, username, display_name: input.displayName.trim(), email: input.email?.trim() || null, password_hash: NO_PASSWORD, created_at: now, updated_at: now })
    .execute();
  for (const [i, m] of memberships.entries()) await insertMembership(tx, ctx, id, m, `/memberships/${i}`);
  const user = (await getUser(tx, id))!;
  await writeAudit(tx, ctx, { action: 'user.create', entityType: 'user', entityId: id, after: userAuditView(user) });
  return user;
}

export async function updateUser(tx: Tx, ctx: RequestContext, id: string, version: number, input: UserChanges): Promise<UserRow> {
  const actor = requireActor(ctx);
  const locked = await tx.selectFrom('users').select(['id', 'version']).where('id', '=', id).forUpdate().executeTakeFirst();
  if (!locked) throw new NotFoundError('user');
  const before = await managedUser(tx, actor, id, input.active !== undefined ? 'deactivate' : 'edit');
  if (locked.version !== version) throw new StaleVersionError(locked.version);
  if (input.active === false && id === actor.userId) {
    throw new RuleViolation('You cannot deactivate your own account.', [{ pointer: '/active', message: 'Ask another administrator: you cannot deactivate your own account.' }]);
  }
  const now = ctx.clock.now();
  await tx
    .updateTable('users')
    .set({
      ...(input.displayName !== undefined ? { display_name: input.displayName.trim() } : {}),
      ...(input.email !== undefined ? { email: input.email?.trim() || null } : {}),
      ...(input.active !== undefined ? { active: input.active } : {}),
      version: version + 1,
      updated_at: now,
    })
    .where('id', '=', id)
    .where('version', '=', version)
    .execute();
  const deactivated = before.active && input.active === false;
  // Deactivation ends every session at once, in the same transaction as the change.
  if (deactivated) await revokeUserSessions(tx, id, now);
  const after = (await getUser(tx, id))!;
  const action = deactivated ? 'user.deactivate' : !before.active && input.active === true ? 'user.reactivate' : 'user.update';
  await writeAudit(tx, ctx, { action, entityType: 'user', entityId: id, before: userAuditView(before), after: userAuditView(after) });
  return after;
}
