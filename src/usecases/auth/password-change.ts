import { randomBytes } from 'node:crypto';
import type { Database, Tx } from '../../data/db.ts';
import { NotFoundError, RuleViolation, TooManyRequestsError } from '../../domain/errors.ts';
import { passwordProblem } from '../../domain/passwords.ts';
import { writeAudit } from '../audit.ts';
import { requireActor, type RequestContext } from '../context.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { hashToken, revokeUserSessions } from './sessions.ts';
import { RESET_LINK_KEY, recordLoginFailure, throttleWaitSeconds } from './throttle.ts';
import { managedUser } from './user-scope.ts';

/** A reset link is valid for 24 hours and once. */
export const RESET_LINK_HOURS = 24;

/**
 * The signed-in user changes their password: the current one is checked, the new one follows the
 * rules; every other session of the user ends, this one stays.
 */
export async function changePassword(
  database: Database,
  ctx: RequestContext,
  input: { currentPassword: string; newPassword: string },
  sessionIdHash: string,
): Promise<void> {
  const actor = requireActor(ctx);
  const now = ctx.clock.now();
  const user = await database.db.selectFrom('users').select(['password_hash', 'username', 'display_name', 'email']).where('id', '=', actor.userId).executeTakeFirstOrThrow();
  if (!(await verifyPassword(user.password_hash, input.currentPassword))) {
    await writeAudit(database.db, ctx, { action: 'auth.password_change_failed', entityType: 'user', entityId: actor.userId, details: { reason: 'wrong current password' } });
    throw new RuleViolation('Your current password is not right.', [{ pointer: '/currentPassword', message: 'This is not your current password.' }]);
  }
  const problem =
    passwordProblem(input.newPassword, { username: user.username, displayName: user.display_name, email: user.email }) ??
    (input.newPassword === input.currentPassword ? 'Choose a password different from your current one.' : null);
  if (problem) throw new RuleViolation(problem, [{ pointer: '/newPassword', message: problem }]);
  const passwordHash = await hashPassword(input.newPassword);
  await database.transaction(async (tx) => {
    await tx.updateTable('users').set({ password_hash: passwordHash, password_changed_at: now, updated_at: now }).where('id', '=', actor.userId).execute();
    await revokeUserSessions(tx, actor.userId, now, sessionIdHash);
    await writeAudit(tx, ctx, { action: 'auth.password_changed', entityType: 'user', entityId: actor.userId });
  });
}

export interface ResetLink {
  token: string;
  expiresAt: Date;
}

/**
 * An administrator creates a one-time link for a user (earlier unused links stop working). Only the
 * token's hash is stored; the administrator hands the link over.
 */
export async function issuePasswordReset(tx: Tx, ctx: RequestContext, userId: string): Promise<ResetLink> {
  const actor = requireActor(ctx);
  const target = await managedUser(tx, actor, userId, 'password.reset');
  const now = ctx.clock.now();
  await tx.updateTable('password_reset_tokens').set({ used_at: now }).where('user_id', '=', target.id).where('used_at', 'is', null).execute();
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + RESET_LINK_HOURS * 3_600_000);
  await tx.insertInto('password_reset_tokens').values({ token_hash: hashToken(token), user_id: target.id, created_by: actor.userId, created_at: now, expires_at: expiresAt }).execute();
  await writeAudit(tx, ctx, { action: 'auth.password_reset_issued', entityType: 'user', entityId: target.id, details: { expiresAt: expiresAt.toISOString() } });
  return { token, expiresAt };
}

/** Sets a new password from a reset link (public: the link is the credential); every session of the user ends. */
export async function completePasswordReset(database: Database, ctx: RequestContext, input: { token: string; newPassword: string }): Promise<void> {
  const now = ctx.clock.now();
  // Guessing links is throttled per address like sign-in (5 bad links, then a wait; 20 with sign-in failures).
  const wait = await throttleWaitSeconds(database.db, RESET_LINK_KEY, ctx.address, now);
  if (wait > 0) {
    await writeAudit(database.db, ctx, { action: 'auth.throttled', entityType: 'user', userId: null, details: { retryAfterSeconds: wait, attempted: 'password reset' } });
    throw new TooManyRequestsError(wait);
  }
  const tokenHash = hashToken(input.token);
  const link = await database.db
    .selectFrom('password_reset_tokens as t')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .select(['t.user_id', 't.expires_at', 't.used_at', 'u.username', 'u.display_name', 'u.email'])
    .where('t.token_hash', '=', tokenHash)
    .executeTakeFirst();
  if (!link || link.used_at !== null || link.expires_at.getTime() <= now.getTime()) {
    await recordLoginFailure(database.db, RESET_LINK_KEY, ctx.address, now);
    await writeAudit(database.db, ctx, {
      action: 'auth.password_reset_failed',
      entityType: 'user',
      userId: link?.user_id ?? null,
      ...(link ? { entityId: link.user_id } : {}),
      details: { reason: !link ? 'unknown link' : link.used_at ? 'link already used' : 'link expired' },
    });
    throw new NotFoundError('password reset link (it may have been used already or expired; ask your administrator for a new one)');
  }
  const problem = passwordProblem(input.newPassword, { username: link.username, displayName: link.display_name, email: link.email });
  if (problem) throw new RuleViolation(problem, [{ pointer: '/newPassword', message: problem }]);
  const passwordHash = await hashPassword(input.newPassword);
  await database.transaction(async (tx) => {
    // Single use even under concurrent submissions: only the request that marks the link used proceeds.
    const claimed = await tx.updateTable('password_reset_tokens').set({ used_at: now }).where('token_hash', '=', tokenHash).where('used_at', 'is', null).executeTakeFirst();
    if (Number(claimed.numUpdatedRows) === 0) throw new NotFoundError('password reset link');
    await tx.updateTable('users').set({ password_hash: passwordHash, password_changed_at: now, updated_at: now }).where('id', '=', link.user_id).execute();
    await revokeUserSessions(tx, link.user_id, now);
    await writeAudit(tx, ctx, { action: 'auth.password_reset', entityType: 'user', entityId: link.user_id, userId: link.user_id });
  });
}
