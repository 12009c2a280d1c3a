import { sql } from 'kysely';
import type { Db, Tx } from '../data/db.ts';

/**
 * A durable job queue in the database: jobs survive restarts, several server processes may work the
 * queue at once (claims use FOR UPDATE SKIP LOCKED), and a job with a dedupe key exists once.
 */
export interface JobSpec {
  kind: string;
  payload?: Record<string, unknown>;
  runAt: Date;
  /** Makes the job unique per kind: enqueueing it again changes nothing. */
  dedupeKey?: string;
  maxAttempts?: number;
}

export interface ClaimedJob {
  id: number;
  kind: string;
  payload: Record<string, unknown>;
  attempts: number;
  maxAttempts: number;
}

/** Returns true when the job was added, false when one with the same kind and key already exists. */
export async function enqueue(db: Db | Tx, job: JobSpec): Promise<boolean> {
  const row = await db
    .insertInto('jobs')
    .values({
      kind: job.kind,
      payload: JSON.stringify(job.payload ?? {}),
      run_at: job.runAt,
      dedupe_key: job.dedupeKey ?? null,
      max_attempts: job.maxAttempts ?? 5,
    })
    .onConflict((oc) => oc.columns(['kind', 'dedupe_key']).where('dedupe_key', 'is not', null).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

const LEASE_MS = 5 * 60_000;

/** Claims up to `limit` due jobs for this worker; a crashed worker's lease runs out and the job is claimed again. */
export async function claimDue(db: Db, workerId: string, now: Date, limit = 10, kinds?: string[]): Promise<ClaimedJob[]> {
  const leaseUntil = new Date(now.getTime() + LEASE_MS);
  const kindFilter = kinds && kinds.length ? sql`and kind in (${sql.join(kinds)})` : sql``;
  const result = await sql<{ id: number; kind: string; payload: Record<string, unknown>; attempts: number; max_attempts: number }>`
    update jobs set locked_by = ${workerId}, locked_until = ${leaseUntil}, attempts = attempts + 1
    where id in (
      select id from jobs
      where done_at is null and failed_at is null and run_at <= ${now}
        and (locked_until is null or locked_until < ${now}) ${kindFilter}
      order by run_at, id
      limit ${limit}
      for update skip locked
    )
    returning id, kind, payload, attempts, max_attempts`.execute(db);
  return result.rows.map((r) => ({ id: r.id, kind: r.kind, payload: r.payload, attempts: r.attempts, maxAttempts: r.max_attempts }));
}

export async function completeJob(db: Db | Tx, id: number, now: Date): Promise<void> {
  await db.updateTable('jobs').set({ done_at: now, locked_by: null, locked_until: null }).where('id', '=', id).execute();
}

/** Retries with exponential back-off until the job's attempts are spent, then marks it failed. */
export async function failJob(db: Db, job: ClaimedJob, error: unknown, now: Date): Promise<void> {
  const message = error instanceof Error ? error.message : String(error);
  if (job.attempts >= job.maxAttempts) {
    await db.updateTable('jobs').set({ failed_at: now, last_error: message, locked_by: null, locked_until: null }).where('id', '=', job.id).execute();
    return;
  }
  const retryAt = new Date(now.getTime() + Math.min(60 * 60_000, 30_000 * 2 ** (job.attempts - 1)));
  await db.updateTable('jobs').set({ run_at: retryAt, last_error: message, locked_by: null, locked_until: null }).where('id', '=', job.id).execute();
}

/**
 * Recurring work (the timeliness sweep, the daily digest) is one job per time slot: the key is the
 * slot, so every process may schedule it and it still runs once per slot.
 */
export async function scheduleSlot(db: Db | Tx, kind: string, slotMs: number, after: Date): Promise<Date> {
  const runAt = new Date(Math.floor(after.getTime() / slotMs) * slotMs + slotMs);
  await enqueue(db, { kind, runAt, dedupeKey: runAt.toISOString() });
  return runAt;
}
