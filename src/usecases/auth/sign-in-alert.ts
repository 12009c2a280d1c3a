import type { Db, Tx } from '../../data/db.ts';
import { THROTTLE } from '../../domain/throttle.ts';
import { notify } from '../notifications/notify.ts';

export const SIGN_IN_ALERT_KIND = 'security.sign_in_failures';

/**
 * Tells the account's holder of repeated failed sign-ins (in the app and by e-mail at once), once per
 * throttle window: when the account's failures reach `THROTTLE.alertAt` and no alert went out in the
 * last 15 minutes. The message says what to do and that the account is not locked; it names no address.
 */
export async function alertRepeatedFailures(db: Db | Tx, userId: string, accountFailures: number, now: Date, publicUrl: string): Promise<boolean> {
  if (accountFailures < THROTTLE.alertAt) return false;
  const recent = await db
    .selectFrom('notifications')
    .select('id')
    .where('user_id', '=', userId)
    .where('kind', '=', SIGN_IN_ALERT_KIND)
    .where('created_at', '>', new Date(now.getTime() - THROTTLE.windowMs))
    .executeTakeFirst();
  if (recent) return false;
  const sent = await notify(db, now, publicUrl, {
    userIds: [userId],
    kind: SIGN_IN_ALERT_KIND,
    title: 'Repeated failed sign-ins to your Hearth account',
    body: [
      `There were ${accountFailures} failed attempts to sign in to your account in the last 15 minutes.`,
      'If that was you, nothing needs doing: your account is not locked, and signing in from your usual browser still works.',
      'If it was not you, tell your HMIS administrator, and change your password once you are signed in.',
    ].join(' '),
    link: '/profile',
    entityType: 'user',
    entityId: userId,
    emailAtOnce: true,
  });
  return sent > 0;
}
