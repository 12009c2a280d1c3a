import type { Database, Tx } from '../../data/db.ts';
import { ConflictError, RuleViolation } from '../../domain/errors.ts';
import { checkTotp, newTotpSecret, totpUri } from '../../domain/totp.ts';
import { writeAudit } from '../audit.ts';
import { requireActor, type RequestContext } from '../context.ts';
import { revokeUserSessions } from './sessions.ts';
import { managedUser } from './user-scope.ts';

export interface Enrollment {
  secret: string;
  otpauthUri: string;
}

/**
 * Starts (or restarts) enrolment: a new secret, kept pending until a code from it is confirmed. A user
 * who already has MFA cannot replace it this way (an administrator resets it first).
 */
export async function enrollMfa(tx: Tx, ctx: RequestContext, issuer: string): Promise<Enrollment> {
  const actor = requireActor(ctx);
  const user = await tx.selectFrom('users').select(['username', 'mfa_enabled']).where('id', '=', actor.userId).executeTakeFirstOrThrow();
  if (user.mfa_enabled) throw new ConflictError('Two-step verification is already set up. Ask an administrator to reset it if you lost your device.');
  const secret = newTotpSecret();
  await tx.updateTable('users').set({ mfa_secret: secret, mfa_last_step: null }).where('id', '=', actor.userId).execute();
  await writeAudit(tx, ctx, { action: 'auth.mfa_enrollment_started', entityType: 'user', entityId: actor.userId });
  return { secret, otpauthUri: totpUri(secret, issuer, user.username) };
}

/**
 * Confirms enrolment with a code from the new secret; the current session counts as verified, the
 * user's other sessions end. A wrong code is audited (outside the refused change) and answers 422.
 */
export async function confirmMfa(database: Database, ctx: RequestContext, code: string, sessionIdHash: string): Promise<void> {
  const actor = requireActor(ctx);
  const now = ctx.clock.now();
  const failure = await database.transaction(async (tx) => {
    const user = await tx.selectFrom('users').select(['mfa_secret', 'mfa_enabled']).where('id', '=', actor.userId).forUpdate().executeTakeFirstOrThrow();
    if (user.mfa_enabled) throw new ConflictError('Two-step verification is already set up.');
    if (!user.mfa_secret) throw new ConflictError('Start the set-up first: no enrolment is pending.');
    const check = checkTotp(user.mfa_secret, code, now, null);
    if (!check.ok) return check.reason;
    await tx.updateTable('users').set({ mfa_enabled: true, mfa_last_step: check.step, updated_at: now }).where('id', '=', actor.userId).execute();
    await tx.updateTable('sessions').set({ mfa_verified: true }).where('id_hash', '=', sessionIdHash).execute();
    await revokeUserSessions(tx, actor.userId, now, sessionIdHash);
    await writeAudit(tx, ctx, { action: 'auth.mfa_enrolled', entityType: 'user', entityId: actor.userId });
    return null;
  });
  if (failure !== null) {
    await writeAudit(database.db, ctx, { action: 'auth.mfa_failed', entityType: 'user', entityId: actor.userId, details: { reason: failure, during: 'enrolment' } });
    throw new RuleViolation('The code is not right.', [
      { pointer: '/code', message: 'Enter the 6-digit code your authenticator app shows now for Hearth.' },
    ]);
  }
}

/** An administrator removes a user's second factor (lost device); the user enrols again at next sign-in. */
export async function resetMfa(tx: Tx, ctx: RequestContext, userId: string): Promise<void> {
  const actor = requireActor(ctx);
  const target = await managedUser(tx, actor, userId, 'mfa.reset');
  await tx.updateTable('users').set({ mfa_enabled: false, mfa_secret: null, mfa_last_step: null, updated_at: ctx.clock.now() }).where('id', '=', target.id).execute();
  await revokeUserSessions(tx, target.id, ctx.clock.now());
  await writeAudit(tx, ctx, { action: 'auth.mfa_reset', entityType: 'user', entityId: target.id, before: { mfaEnabled: target.mfaEnabled }, after: { mfaEnabled: false } });
}
