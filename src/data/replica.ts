/**
 * The read replica (issue 20 point 8): with `DATABASE_REPLICA_URL`, reports and HUD exports read from a
 * PostgreSQL streaming replica, and say how far behind the primary it is when they read.
 *
 * How far behind: the WAL the replica has not replayed yet (bytes, from the primary's current position),
 * and — when it is behind at all — the time since the last transaction it replayed was committed on the
 * primary: an upper bound of how old what it shows may be (0 when it has replayed everything).
 */
import { sql } from 'kysely';
import type { Database } from './db.ts';

export interface ReadSource {
  database: 'primary' | 'replica';
  /** Seconds behind the primary (0 when caught up); null on the primary. */
  lagSeconds: number | null;
  /** WAL bytes not yet replayed; null on the primary. */
  lagBytes: number | null;
  measuredAt: string;
}

export interface ReadDatabases {
  primary: Database;
  /** The replica, when configured. */
  replica?: Database | undefined;
}

/** Where reads go, and how far behind that is now. */
export async function readSource(dbs: ReadDatabases, now: Date): Promise<{ read: Database; source: ReadSource }> {
  if (!dbs.replica) return { read: dbs.primary, source: { database: 'primary', lagSeconds: null, lagBytes: null, measuredAt: now.toISOString() } };
  const lag = await replicaLag(dbs.primary, dbs.replica);
  return { read: dbs.replica, source: { database: 'replica', ...lag, measuredAt: now.toISOString() } };
}

export async function replicaLag(primary: Database, replica: Database): Promise<{ lagSeconds: number; lagBytes: number }> {
  const r = await sql<{ recovering: boolean; replay_lsn: string | null; replayed_at: Date | null; now: Date }>`
    select pg_is_in_recovery() as recovering, pg_last_wal_replay_lsn()::text as replay_lsn,
           pg_last_xact_replay_timestamp() as replayed_at, now() as now`.execute(replica.db);
  const row = r.rows[0]!;
  if (!row.recovering || row.replay_lsn === null) return { lagSeconds: 0, lagBytes: 0 };
  const p = await sql<{ behind: string | number }>`select greatest(0, pg_wal_lsn_diff(pg_current_wal_lsn(), ${row.replay_lsn}::pg_lsn)) as behind`.execute(primary.db);
  const lagBytes = Number(p.rows[0]!.behind);
  const lagSeconds = lagBytes > 0 && row.replayed_at ? Math.max(0, Math.round((row.now.getTime() - row.replayed_at.getTime()) / 100) / 10) : 0;
  return { lagSeconds, lagBytes };
}
