import type { Database } from '../../data/db.ts';
import type { Role } from '../../domain/access.ts';
import { TooManyRequestsError, UnauthenticatedError } from '../../domain/errors.ts';
import { mfaRequiredFor } from '../../domain/security-settings.ts';
import { checkTotp } from '../../domain/totp.ts';
import { writeAudit } from '../audit.ts';
import type { RequestContext } from '../context.ts';
import { verifyPassword } from './passwords.ts';
import { createSession, type NewSession, type SessionPolicy } from './sessions.ts';
import { loadSecurity } from './settings.ts';
import { alertRepeatedFailures } from './sign-in-alert.ts';
import { clearFailuresFrom, recordLoginFailure, throttleWaitSeconds } from './throttle.ts';

export interface LoginInput {
  username: string;
  password: string;
  totpCode?: string | undefined;
}

export interface LoginResult {
  session: NewSession;
  userId: string;
  /** The session may only enrol a second factor: the user's role requires one and they have none yet. */
  mfaEnrollmentRequired: boolean;
}

const NOT_RIGHT = 'The username or password is not right.';

/**
 * Checks the credentials and opens a session. Every outcome is audited.
 *
 * Order matters: the throttle is checked first (so even the right password answers 429 while this
 * address must wait for this username or for all — never because of failures from other addresses,
 * see domain/throttle.ts), then the password (unknown users cost the same argon2 time),
 * then the second factor. A user who has enrolled MFA always needs a code; a user whose role requires
 * MFA but has not enrolled gets a session limited to enrolment (the forced-enrolment flow HMIS vendors
 * use: the administrator creates the account, the user enrols at first sign-in).
 */
export async function login(database: Database, ctx: RequestContext, input: LoginInput, policy: SessionPolicy, publicUrl: string): Promise<LoginResult> {
  const { db } = database;
  const now = ctx.clock.now();

  const wait = await throttleWaitSeconds(db, input.username, ctx.address, now);
  if (wait > 0) {
    const known = await db.selectFrom('users').select('id').where((eb) => eb(eb.fn('lower', ['username']), '=', input.username.trim().toLowerCase())).executeTakeFirst();
    await writeAudit(db, ctx, {
      action: 'auth.throttled',
      entityType: 'user',
      userId: known?.id ?? null,
      ...(known ? { entityId: known.id } : {}),
      details: { retryAfterSeconds: wait },
    });
    throw new TooManyRequestsError(wait);
  }

  const user = await db
    .selectFrom('users')
    .select(['id', 'password_hash', 'active', 'mfa_enabled', 'mfa_secret', 'mfa_last_step'])
    .where((eb) => eb(eb.fn('lower', ['username']), '=', input.username.trim().toLowerCase()))
    .executeTakeFirst();
  const ok = await verifyPassword(user?.password_hash ?? null, input.password);
  /** A failure counts for the throttle; the account's holder hears of repeated ones. */
  const failed = async (userId: string | null) => {
    const failures = await recordLoginFailure(db, input.username, ctx.address, now);
    if (userId !== null) await alertRepeatedFailures(db, userId, failures, now, publicUrl);
  };
  if (!user || !ok || !user.active) {
    await failed(user?.active ? user.id : null);
    await writeAudit(db, ctx, {
      action: 'auth.login_failed',
      entityType: 'user',
      userId: user?.id ?? null,
      ...(user ? { entityId: user.id } : {}),
      details: { reason: !user ? 'unknown user' : !ok ? 'wrong password' : 'account disabled' },
    });
    throw new UnauthenticatedError(NOT_RIGHT);
  }

  let mfaVerified = false;
  if (user.mfa_enabled && user.mfa_secret) {
    if (!input.totpCode) {
      throw new UnauthenticatedError('Enter the 6-digit code from your authenticator app.', { mfaRequired: true });
    }
    const check = checkTotp(user.mfa_secret, input.totpCode, now, user.mfa_last_step);
    // The step is stored only if no other request stored it (or a later one) first: a code is used once.
    const claimed = check.ok
      ? await db
          .updateTable('users')
          .set({ mfa_last_step: check.step })
          .where('id', '=', user.id)
          .where((eb) => eb.or([eb('mfa_last_step', 'is', null), eb('mfa_last_step', '<', check.step)]))
          .executeTakeFirst()
      : null;
    if (!check.ok || Number(claimed?.numUpdatedRows ?? 0) === 0) {
      await failed(user.id);
      await writeAudit(db, ctx, {
        action: 'auth.mfa_failed',
        entityType: 'user',
        entityId: user.id,
        userId: user.id,
        details: { reason: check.ok ? 'reused' : check.reason },
      });
      const detail = !check.ok && check.reason !== 'reused' ? 'That code is not right. Enter the current code from your authenticator app.' : 'That code was already used. Wait for the next code and enter it.';
      throw new UnauthenticatedError(detail, { mfaRequired: true });
    }
    mfaVerified = true;
  }

  const security = await loadSecurity(db);
  const roles = await db.selectFrom('memberships').select('role').where('user_id', '=', user.id).execute();
  const mfaEnrollmentRequired = !mfaVerified && mfaRequiredFor(roles.map((r) => r.role as Role), security.settings, security.demo);

  return database.transaction(async (tx) => {
    await clearFailuresFrom(tx, input.username, ctx.address);
    const session = await createSession(tx, user.id, now, policy, mfaVerified);
    await tx.updateTable('users').set({ last_login_at: now, last_seen_at: now }).where('id', '=', user.id).execute();
    await writeAudit(tx, ctx, {
      action: 'auth.login',
      entityType: 'user',
      entityId: user.id,
      userId: user.id,
      details: { mfa: mfaVerified, ...(mfaEnrollmentRequired ? { mfaEnrollmentRequired: true } : {}) },
    });
    return { session, userId: user.id, mfaEnrollmentRequired };
  });
}
