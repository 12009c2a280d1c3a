import type { Db, Tx } from '../../data/db.ts';
import { THROTTLE, throttleWaitMs } from '../../domain/security-settings.ts';

export const usernameKey = (username: string): string => username.trim().toLowerCase();

/**
 * How many seconds until this username and this address may try again (0: now). Known and unknown
 * usernames are counted alike, so the answer reveals nothing about which accounts exist.
 */
export async function throttleWaitSeconds(db: Db | Tx, username: string, address: string | null, now: Date): Promise<number> {
  const since = new Date(now.getTime() - THROTTLE.windowMs);
  const byUser = await db
    .selectFrom('login_failures')
    .select('at')
    .where('username_key', '=', usernameKey(username))
    .where('cleared', '=', false)
    .where('at', '>', since)
    .execute();
  const byAddress = address === null ? [] : await db.selectFrom('login_failures').select('at').where('address', '=', address).where('at', '>', since).execute();
  const wait = Math.max(throttleWaitMs(byUser.map((r) => r.at), now), throttleWaitMs(byAddress.map((r) => r.at), now));
  return wait <= 0 ? 0 : Math.ceil(wait / 1000);
}

export async function recordLoginFailure(db: Db | Tx, username: string, address: string | null, now: Date): Promise<void> {
  await db.insertInto('login_failures').values({ at: now, username_key: usernameKey(username), address }).execute();
  // Keep the table small: failures older than a day serve no purpose (the audit log keeps the history).
  await db.deleteFrom('login_failures').where('at', '<', new Date(now.getTime() - 86_400_000)).execute();
}

/** A successful sign-in forgives the username's earlier failures (the address count stays). */
export async function clearUsernameFailures(db: Db | Tx, username: string): Promise<void> {
  await db.updateTable('login_failures').set({ cleared: true }).where('username_key', '=', usernameKey(username)).where('cleared', '=', false).execute();
}
