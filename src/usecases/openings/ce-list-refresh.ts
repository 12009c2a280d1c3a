/**
 * Keeps `ce_list_entries` (migration 0013) true before the list is read: the clients marked stale by the
 * triggers since the last read, and the rows due for a recheck, are computed again from their records
 * (src/data/repos/ce-list.ts `listedRecords`) with the domain's chronic-homelessness rule.
 *
 * Runs inside the reader's transaction under one advisory lock, so two readers never compute the same
 * households at once and a reader never sees a half-written list; a reader with nothing to do takes no
 * lock. After a bulk load (seed, HUD import) with more marks than `FULL_REBUILD_AT`, the whole list is
 * rebuilt with one query instead.
 */
import { sql } from 'kysely';
import type { Db, Tx } from '../../data/db.ts';
import { clearStaleMarks, listedRecords, staleMarkCount, takeStaleHeads, writeEntries, type EntryRow, type ListedRecord } from '../../data/repos/ce-list.ts';
import { firstDayAdult, isChronic } from '../../domain/prioritization/index.ts';
import type { LocalDate } from '../../domain/calendar/dates.ts';

/** pg_advisory_xact_lock key of the list's upkeep ("CEL1"). */
const REFRESH_LOCK = 0x43454c31;
export const FULL_REBUILD_AT = 5_000;
const BATCH = 2_000;

const entryRowsOf = (records: readonly ListedRecord[], today: LocalDate): EntryRow[] =>
  records.map((record) => ({ record, chronic: isChronic(record), recheckOn: firstDayAdult(record.ceMemberDobs, today) }));

export interface RefreshResult {
  marks: number;
  households: number;
  full: boolean;
}

/**
 * Brings the list up to date on `today` (the CoC's date: ages) and `visibilityDay` (the date releases
 * are read on); cheap (one query) when nothing changed.
 */
export async function refreshCeList(tx: Tx, today: LocalDate, visibilityDay: LocalDate, timeZone: string): Promise<RefreshResult> {
  const pending = await staleMarkCount(tx, today, visibilityDay, FULL_REBUILD_AT);
  if (pending.marks === 0 && pending.rechecks === 0) return { marks: 0, households: 0, full: false };
  await sql`select pg_advisory_xact_lock(${REFRESH_LOCK})`.execute(tx);
  if (pending.marks >= FULL_REBUILD_AT) return rebuildCeList(tx, today, visibilityDay, timeZone, pending.marks);
  let marks = 0;
  let households = 0;
  for (;;) {
    const { heads, marks: taken } = await takeStaleHeads(tx, today, visibilityDay, BATCH);
    if (heads.length === 0 && taken === 0) break;
    const records = await listedRecords(tx, heads, today, visibilityDay);
    await writeEntries(tx, heads, entryRowsOf(records, today), timeZone);
    marks += taken;
    households += heads.length;
    if (taken < BATCH) break;
  }
  return { marks, households, full: false };
}

/** Computes every row of the list again (after a bulk load; the caller holds the lock or is alone). */
export async function rebuildCeList(tx: Tx, today: LocalDate, visibilityDay: LocalDate, timeZone: string, marks = 0): Promise<RefreshResult> {
  await clearStaleMarks(tx);
  const records = await listedRecords(tx, null, today, visibilityDay);
  await writeEntries(tx, null, entryRowsOf(records, today), timeZone);
  return { marks, households: records.length, full: true };
}

/** For callers outside a request (the seed, the CLI): one transaction. */
export async function rebuildCeListNow(db: Db, today: LocalDate, visibilityDay: LocalDate, timeZone: string): Promise<RefreshResult> {
  return db.transaction().execute((tx) => rebuildCeList(tx, today, visibilityDay, timeZone));
}
