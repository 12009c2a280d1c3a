import type { Db, Tx } from '../../data/db.ts';
import { newId } from '../../domain/ids.ts';

export interface NotificationInput {
  userIds: string[];
  kind: string;
  /**
   * Title and body are written to e-mail as they are: they must never hold a client's name, date of
   * birth or SSN — only what the work is and a number (e.g. "Referral R-1042 is overdue").
   */
  title: string;
  body?: string;
  /** Path inside Hearth, e.g. /referrals/abc: e-mails carry it as a link. */
  link?: string;
  entityType?: string;
  entityId?: string;
  /** Security notices go by e-mail at once, whatever the user's delivery preference (when they have an address). */
  emailAtOnce?: boolean;
}

/**
 * Records in-app notifications and, for users who want them at once, queues the e-mail in the
 * caller's transaction (the outbox is sent after commit by the e-mail job).
 */
export async function notify(tx: Tx | Db, now: Date, publicUrl: string, input: NotificationInput): Promise<number> {
  const userIds = [...new Set(input.userIds)];
  if (userIds.length === 0) return 0;
  const users = await tx.selectFrom('users').select(['id', 'email', 'notification_delivery', 'active']).where('id', 'in', userIds).execute();
  let count = 0;
  for (const u of users) {
    if (!u.active) continue;
    const emailState = !u.email
      ? 'none'
      : input.emailAtOnce
        ? 'queued'
        : u.notification_delivery === 'in_app_only'
          ? 'none'
          : u.notification_delivery === 'daily_digest'
            ? 'digest'
            : 'queued';
    await tx
      .insertInto('notifications')
      .values({
        id: newId(),
        user_id: u.id,
        kind: input.kind,
        title: input.title,
        body: input.body ?? '',
        link: input.link ?? null,
        entity_type: input.entityType ?? null,
        entity_id: input.entityId ?? null,
        created_at: now,
        email_state: emailState,
      })
      .execute();
    if (emailState === 'queued') {
      await tx
        .insertInto('email_outbox')
        .values({ id: newId(), to_address: u.email!, subject: `[Hearth] ${input.title}`, body_text: emailText(publicUrl, [input]), created_at: now })
        .execute();
    }
    count++;
  }
  return count;
}

export function emailText(publicUrl: string, items: { title: string; body?: string; link?: string }[]): string {
  const lines = items.map((i) => [i.title, i.body ?? '', i.link ? new URL(i.link, publicUrl).toString() : ''].filter(Boolean).join('\n'));
  return `${lines.join('\n\n')}\n\nSign in to Hearth to see the details. Client information is never sent by e-mail.\n`;
}

/** Gathers each digest user's unsent notifications into one e-mail. */
export async function queueDigests(tx: Tx, now: Date, publicUrl: string): Promise<number> {
  const pending = await tx
    .selectFrom('notifications as n')
    .innerJoin('users as u', 'u.id', 'n.user_id')
    .select(['n.id', 'n.user_id', 'n.title', 'n.body', 'n.link', 'u.email'])
    .where('n.email_state', '=', 'digest')
    .where('u.active', '=', true)
    .orderBy('n.user_id')
    .orderBy('n.created_at')
    .execute();
  const byUser = new Map<string, typeof pending>();
  for (const p of pending) {
    if (!p.email) continue;
    const list = byUser.get(p.user_id) ?? [];
    list.push(p);
    byUser.set(p.user_id, list);
  }
  for (const [, items] of byUser) {
    await tx
      .insertInto('email_outbox')
      .values({
        id: newId(),
        to_address: items[0]!.email!,
        subject: `[Hearth] Daily digest: ${items.length} notification${items.length === 1 ? '' : 's'}`,
        body_text: emailText(publicUrl, items.map((i) => ({ title: i.title, body: i.body, ...(i.link ? { link: i.link } : {}) }))),
        created_at: now,
      })
      .execute();
    await tx.updateTable('notifications').set({ email_state: 'sent', emailed_at: now }).where('id', 'in', items.map((i) => i.id)).execute();
  }
  return byUser.size;
}
