import type { Database } from '../../data/db.ts';
import { writeAuditMany } from '../audit.ts';
import type { RequestContext } from '../context.ts';
import { revokeUserSessions } from './sessions.ts';
import { loadSecurity } from './settings.ts';

/**
 * Disables accounts nobody has used for the CoC's `inactiveDays` (default 90): the last sign-in or
 * activity, or the creation for accounts never used. Their sessions end; each is audited. Run by the
 * scheduler; an administrator re-activates an account when its user comes back.
 */
export async function disableInactiveAccounts(database: Database, ctx: RequestContext): Promise<string[]> {
  const now = ctx.clock.now();
  return database.transaction(async (tx) => {
    const { settings } = await loadSecurity(tx);
    const cutoff = new Date(now.getTime() - settings.inactiveDays * 86_400_000);
    const stale = await tx
      .selectFrom('users')
      .select(['id', 'username', 'last_login_at', 'last_seen_at', 'created_at'])
      .where('active', '=', true)
      .where((eb) => eb(eb.fn.coalesce('last_seen_at', 'last_login_at', 'created_at'), '<', cutoff))
      .orderBy('id')
      .forUpdate()
      .execute();
    if (stale.length === 0) return [];
    const ids = stale.map((u) => u.id);
    await tx.updateTable('users').set({ active: false, updated_at: now }).set((eb) => ({ version: eb('version', '+', 1) })).where('id', 'in', ids).execute();
    for (const id of ids) await revokeUserSessions(tx, id, now);
    await writeAuditMany(
      tx,
      ctx,
      stale.map((u) => ({
        action: 'user.disabled_inactive',
        entityType: 'user',
        entityId: u.id,
        userId: null,
        before: { active: true },
        after: { active: false },
        reason: `not used for ${settings.inactiveDays} days`,
        details: { lastActivity: (u.last_seen_at ?? u.last_login_at ?? u.created_at).toISOString() },
      })),
    );
    return ids;
  });
}
