import type { Database } from '../../data/db.ts';
import { UnauthenticatedError } from '../../domain/errors.ts';
import { writeAudit } from '../audit.ts';
import type { RequestContext } from '../context.ts';
import { verifyPassword } from './passwords.ts';
import { createSession, type NewSession, type SessionPolicy } from './sessions.ts';

export interface LoginInput {
  username: string;
  password: string;
  totpCode?: string | undefined;
}

export interface LoginResult {
  session: NewSession;
  userId: string;
}

/** Checks the credentials and opens a session. Every outcome is audited. */
export async function login(database: Database, ctx: RequestContext, input: LoginInput, policy: SessionPolicy): Promise<LoginResult> {
  const { db } = database;
  const now = ctx.clock.now();
  const user = await db
    .selectFrom('users')
    .select(['id', 'password_hash', 'active'])
    .where((eb) => eb(eb.fn('lower', ['username']), '=', input.username.toLowerCase()))
    .executeTakeFirst();
  const ok = await verifyPassword(user?.password_hash ?? null, input.password);
  if (!user || !ok || !user.active) {
    await writeAudit(db, ctx, {
      action: 'auth.login_failed',
      entityType: 'user',
      userId: user?.id ?? null,
      ...(user ? { entityId: user.id } : {}),
      details: { reason: !user ? 'unknown user' : !ok ? 'wrong password' : 'account disabled' },
    });
    throw new UnauthenticatedError('The username or password is not right.');
  }
  return database.transaction(async (tx) => {
    const session = await createSession(tx, user.id, now, policy, false);
    await tx.updateTable('users').set({ last_login_at: now, last_seen_at: now }).where('id', '=', user.id).execute();
    await writeAudit(tx, ctx, { action: 'auth.login', entityType: 'user', entityId: user.id, userId: user.id });
    return { session, userId: user.id };
  });
}
