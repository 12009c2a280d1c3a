import type { Db, Tx } from '../../data/db.ts';
import { THROTTLE, throttleWaitMs } from '../../domain/throttle.ts';
import { writeAudit } from '../audit.ts';
import { requireActor, type RequestContext } from '../context.ts';
import { managedUser } from './user-scope.ts';

/** Bad password-reset links are counted under this key (no username can be it: usernames hold no space or #). */
export const RESET_LINK_KEY = '#password-reset link';

export const usernameKey = (username: string): string => username.trim().toLowerCase();

const windowStart = (now: Date) => new Date(now.getTime() - THROTTLE.windowMs);

/** The account's uncleared failures in the window, from every address. */
async function accountFailures(db: Db | Tx, username: string, now: Date) {
  return db
    .selectFrom('login_failures')
    .select(['at', 'address'])
    .where('username_key', '=', usernameKey(username))
    .where('cleared', '=', false)
    .where('at', '>', windowStart(now))
    .execute();
}

/**
 * How many seconds until this username may be tried from this address (0: now), after the rule of
 * `domain/throttle.ts`. Known and unknown usernames are counted alike, so the answer reveals nothing
 * about which accounts exist.
 */
export async function throttleWaitSeconds(db: Db | Tx, username: string, address: string | null, now: Date): Promise<number> {
  const account = await accountFailures(db, username, now);
  const byAddress =
    address === null ? [] : await db.selectFrom('login_failures').select('at').where('address', '=', address).where('at', '>', windowStart(now)).execute();
  const wait = throttleWaitMs({ account, address: byAddress.map((r) => r.at) }, address, now);
  return wait <= 0 ? 0 : Math.ceil(wait / 1000);
}

/** Records a failure; answers the account's uncleared failures in the window, this one included. */
export async function recordLoginFailure(db: Db | Tx, username: string, address: string | null, now: Date): Promise<number> {
  await db.insertInto('login_failures').values({ at: now, username_key: usernameKey(username), address }).execute();
  // Keep the table small: failures older than a day serve no purpose (the audit log keeps the history).
  await db.deleteFrom('login_failures').where('at', '<', new Date(now.getTime() - 86_400_000)).execute();
  return (await accountFailures(db, username, now)).length;
}

/**
 * A successful sign-in forgives the failures from its own address (the user's typing). Failures from
 * other addresses stay counted: signing in does not hand an attacker elsewhere a fresh allowance.
 */
export async function clearFailuresFrom(db: Db | Tx, username: string, address: string | null): Promise<void> {
  await db
    .updateTable('login_failures')
    .set({ cleared: true })
    .where('username_key', '=', usernameKey(username))
    .where('cleared', '=', false)
    .where((eb) => (address === null ? eb('address', 'is', null) : eb('address', '=', address)))
    .execute();
}

/** An administrator's clearing: every failure of the username stops counting for it (the addresses' counts stay). */
export async function clearAccountFailures(db: Db | Tx, username: string): Promise<number> {
  const r = await db.updateTable('login_failures').set({ cleared: true }).where('username_key', '=', usernameKey(username)).where('cleared', '=', false).executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export interface SignInFailures {
  /** Uncleared failed sign-ins in the last 15 minutes, from every address. */
  recent: number;
  lastAt: Date | null;
}

/** For the user administration screen: each username's recent failures. */
export async function signInFailuresOf(db: Db | Tx, usernames: readonly string[], now: Date): Promise<Map<string, SignInFailures>> {
  const out = new Map<string, SignInFailures>();
  if (usernames.length === 0) return out;
  const rows = await db
    .selectFrom('login_failures')
    .select(['username_key', (eb) => eb.fn.countAll<string>().as('n'), (eb) => eb.fn.max('at').as('last')])
    .where('username_key', 'in', usernames.map(usernameKey))
    .where('cleared', '=', false)
    .where('at', '>', windowStart(now))
    .groupBy('username_key')
    .execute();
  for (const r of rows) out.set(r.username_key, { recent: Number(r.n), lastAt: r.last === null ? null : new Date(r.last as Date) });
  return out;
}

/**
 * An administrator clears a user's sign-in throttle (the account's failures stop counting: no delay,
 * no per-address wait for this username). Same account rule as every other action on a user. Audited.
 */
export async function clearSignInThrottle(tx: Tx, ctx: RequestContext, userId: string): Promise<number> {
  const target = await managedUser(tx, requireActor(ctx), userId, 'throttle.clear');
  const cleared = await clearAccountFailures(tx, target.username);
  await writeAudit(tx, ctx, { action: 'auth.throttle_cleared', entityType: 'user', entityId: target.id, details: { failuresCleared: cleared } });
  return cleared;
}
