import type { Database } from '../../data/db.ts';
import type { Mailer } from '../../mail/mailer.ts';

/** Sends unsent e-mails; each is marked sent on success, its error kept for a retry otherwise. */
export async function sendOutbox(database: Database, mailer: Mailer, now: () => Date, limit = 100): Promise<{ sent: number; failed: number }> {
  if (!mailer.configured) return { sent: 0, failed: 0 };
  const rows = await database.db
    .selectFrom('email_outbox')
    .selectAll()
    .where('sent_at', 'is', null)
    .where('attempts', '<', 10)
    .orderBy('created_at')
    .limit(limit)
    .execute();
  let sent = 0;
  let failed = 0;
  for (const r of rows) {
    try {
      await mailer.send({ to: r.to_address, subject: r.subject, text: r.body_text });
      await database.db.updateTable('email_outbox').set({ sent_at: now(), attempts: r.attempts + 1, last_error: null }).where('id', '=', r.id).execute();
      sent++;
    } catch (e) {
      await database.db.updateTable('email_outbox').set({ attempts: r.attempts + 1, last_error: (e as Error).message }).where('id', '=', r.id).execute();
      failed++;
    }
  }
  return { sent, failed };
}
