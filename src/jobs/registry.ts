import type { Clock } from '../clock.ts';
import type { AppConfig } from '../config.ts';
import type { Database } from '../data/db.ts';
import { createMailer, type Mailer } from '../mail/mailer.ts';
import { queueDigests } from '../usecases/notifications/notify.ts';
import { sendOutbox } from '../usecases/notifications/send-outbox.ts';
import { runTimelinessSweep } from '../usecases/referrals/sweep.ts';
import { runTransferSweep } from '../usecases/transfers/transfers.ts';
import { scheduleSlot } from './queue.ts';
import { JobWorker } from './worker.ts';
import { REPORT_JOB_KIND, runReportJob } from '../usecases/reports/runs.ts';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** Every kind of background work the server does, on the durable queue. */
export const JOB_KINDS = {
  sendEmail: 'email.send',
  dailyDigest: 'notifications.digest',
  timelinessSweep: 'timeliness.sweep',
  transferSweep: 'transfers.sweep',
  reportRun: REPORT_JOB_KIND,
} as const;

export function createJobWorker(
  database: Database,
  clock: Clock,
  config: AppConfig,
  mailer: Mailer = createMailer(config.smtpUrl, config.mailFrom),
  replica?: Database,
): JobWorker {
  const worker = new JobWorker(database, clock);
  // Reports (issue 20): read from the replica when one is configured.
  worker.register(JOB_KINDS.reportRun, async ({ database, clock, payload }) => {
    await runReportJob({ primary: database, replica, clock, publicUrl: config.publicUrl }, String(payload.runId));
  });
  worker.register(JOB_KINDS.sendEmail, async ({ database, clock }) => {
    await sendOutbox(database, mailer, () => clock.now());
    await scheduleSlot(database.db, JOB_KINDS.sendEmail, MINUTE, clock.now());
  });
  worker.register(JOB_KINDS.dailyDigest, async ({ database, clock }) => {
    await database.transaction((tx) => queueDigests(tx, clock.now(), config.publicUrl));
    await scheduleSlot(database.db, JOB_KINDS.dailyDigest, DAY, clock.now());
  });
  worker.register(JOB_KINDS.timelinessSweep, async ({ database, clock }) => {
    await runTimelinessSweep(database, clock, config.publicUrl);
    await scheduleSlot(database.db, JOB_KINDS.timelinessSweep, 5 * MINUTE, clock.now());
  });
  // Transfers (issue 8): overdue CES acknowledgements go to the matching team once.
  worker.register(JOB_KINDS.transferSweep, async ({ database, clock }) => {
    await runTransferSweep(database, clock, config.publicUrl);
    await scheduleSlot(database.db, JOB_KINDS.transferSweep, 5 * MINUTE, clock.now());
  });
  return worker;
}

/** Puts the first slot of each recurring job on the queue (idempotent: every process may call it). */
export async function scheduleRecurringJobs(database: Database, now: Date): Promise<void> {
  await scheduleSlot(database.db, JOB_KINDS.sendEmail, MINUTE, new Date(now.getTime() - MINUTE));
  await scheduleSlot(database.db, JOB_KINDS.dailyDigest, DAY, now);
  await scheduleSlot(database.db, JOB_KINDS.timelinessSweep, 5 * MINUTE, now);
  await scheduleSlot(database.db, JOB_KINDS.transferSweep, 5 * MINUTE, now);
}
