/**
 * Set-based writes for the HUD import: a chunk of records is decided in memory (import.ts), then
 * written with a handful of statements whatever its size — rows travel as one JSON parameter and are
 * expanded by `json_populate_recordset`, which works the same on PostgreSQL and PGlite (PGlite has no
 * COPY over the wire). Statement-level triggers (the CE list's staleness marks) fire once per
 * statement, not once per row.
 */
import { sql } from 'kysely';
import type { Tx } from '../../data/db.ts';
import type { DB } from '../../data/schema.ts';
import { newId } from '../../domain/ids.ts';

export type Values = Record<string, unknown>;
export type TableName = keyof DB & string;

/** A row to insert; `id` changes when the preferred one turns out to be taken (then `make` runs again). */
export interface InsertOp {
  id: string;
  readonly make: (id: string) => Values;
}

const ident = (name: string) => sql.id(name);

/** Every key of the rows (they mostly share one set: checked without building arrays per row). */
function columnsOf(rows: readonly Values[]): string[] {
  const set = new Set<string>();
  for (const r of rows) for (const k in r) if (!set.has(k)) set.add(k);
  return [...set];
}

/** `insert … select … from json_populate_recordset(null::table, $rows)` for rows that share their columns. */
export async function insertJson(tx: Tx, table: TableName, rows: readonly Values[], onConflictId: boolean): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const columns = columnsOf(rows);
  const cols = sql.join(columns.map(ident));
  const conflict = onConflictId ? sql`on conflict (id) do nothing` : sql``;
  const res = await sql<{ id: string }>`
    insert into ${sql.table(table)} (${cols})
    select ${cols} from json_populate_recordset(null::${sql.table(table)}, ${JSON.stringify(rows)}::json)
    ${conflict} returning id`.execute(tx);
  return new Set(res.rows.map((r) => r.id));
}

/** `update … from json_populate_recordset(…)`: one statement per set of columns. */
export async function updateJson(tx: Tx, table: TableName, updates: ReadonlyMap<string, Values>, key = 'id'): Promise<void> {
  const groups = new Map<string, Values[]>();
  for (const [id, values] of updates) {
    let sig = '';
    for (const k in values) sig += sig === '' ? k : `,${k}`;
    let g = groups.get(sig);
    if (!g) groups.set(sig, (g = []));
    values[key] = id;
    g.push(values);
  }
  for (const [sig, rows] of groups) {
    if (sig === '') continue;
    const set = sql.join(sig.split(',').map((c) => sql`${ident(c)} = v.${ident(c)}`));
    await sql`
      update ${sql.table(table)} as t set ${set}
      from json_populate_recordset(null::${sql.table(table)}, ${JSON.stringify(rows)}::json) as v
      where t.${ident(key)} = v.${ident(key)}`.execute(tx);
  }
}

/**
 * The writes of one chunk to one table: inserts (a taken preferred ID gets a new one, as a single
 * insert would have), updates merged per row in the order they were decided (later values win),
 * and removals done by the caller's set-based function.
 */
export class TableBatch {
  readonly table: TableName;
  readonly inserts: InsertOp[] = [];
  readonly updates = new Map<string, Values>();
  readonly removes: string[] = [];
  readonly #ids = new Set<string>();

  constructor(table: TableName) {
    this.table = table;
  }

  insert(id: string, make: (id: string) => Values): InsertOp {
    // Two new records of one chunk with the same preferred ID: the second would have found it taken.
    const op: InsertOp = { id: this.#ids.has(id) ? newId() : id, make };
    this.#ids.add(op.id);
    this.inserts.push(op);
    return op;
  }

  update(id: string, values: Values): void {
    const cur = this.updates.get(id);
    if (cur) Object.assign(cur, values);
    else this.updates.set(id, { ...values });
  }

  remove(id: string): void {
    this.removes.push(id);
  }

  /** Removals, then inserts, then updates (an update may target a row inserted by this chunk). */
  async flush(tx: Tx, remove?: (tx: Tx, ids: string[]) => Promise<void>): Promise<void> {
    if (this.removes.length > 0) {
      if (!remove) throw new Error(`${this.table}: no removal for this table`);
      await remove(tx, this.removes);
    }
    if (this.inserts.length > 0) {
      const row = (op: InsertOp) => {
        const values = op.make(op.id);
        values.id = op.id;
        return values;
      };
      const inserted = await insertJson(tx, this.table, this.inserts.map(row), true);
      const retry = this.inserts.filter((op) => !inserted.has(op.id));
      for (const op of retry) op.id = newId();
      await insertJson(tx, this.table, retry.map(row), false);
    }
    await updateJson(tx, this.table, this.updates);
  }
}

/** The IDs among `ids` that a table already holds. */
export async function takenIds(tx: Tx, table: TableName, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const res = await sql<{ id: string }>`select id from ${sql.table(table)} where id = any(${ids}::text[])`.execute(tx);
  return new Set(res.rows.map((r) => r.id));
}

export interface ImportKey {
  local_id: string;
  date_updated: Date | null;
  deleted: boolean;
}

/** The keys already recorded for records of one file of a source. */
export async function fetchKeys(tx: Tx, sourceId: string, file: string, ids: readonly string[]): Promise<Map<string, ImportKey>> {
  const res = await sql<ImportKey & { source_record_id: string }>`
    select source_record_id, local_id, date_updated, deleted from hud_import_keys
    where source_id = ${sourceId} and file = ${file} and source_record_id = any(${ids}::text[])`.execute(tx);
  return new Map(res.rows.map((r) => [r.source_record_id, r]));
}

export interface KeyWrite {
  sid: string;
  /** The local ID, or the insert whose final ID it is. */
  local: string | InsertOp;
  /** DateUpdated as PostgreSQL reads it. */
  updated: string | null;
  deleted: boolean;
}

/** Records (or moves) the keys of a chunk: one upsert. */
export async function writeKeys(tx: Tx, sourceId: string, file: string, keys: readonly KeyWrite[]): Promise<void> {
  if (keys.length === 0) return;
  const rows = keys.map((k) => ({ sid: k.sid, local: typeof k.local === 'string' ? k.local : k.local.id, updated: k.updated, deleted: k.deleted }));
  await sql`
    insert into hud_import_keys (source_id, file, source_record_id, local_id, date_updated, deleted)
    select ${sourceId}, ${file}, k.sid, k.local, k.updated, k.deleted
    from json_to_recordset(${JSON.stringify(rows)}::json) as k(sid text, local text, updated timestamptz, deleted boolean)
    on conflict (source_id, file, source_record_id)
      do update set local_id = excluded.local_id, date_updated = excluded.date_updated, deleted = excluded.deleted`.execute(tx);
}

/** What this import left for the records of parent files: source ID → local ID (null: not stored). */
export type ParentMemo = Map<string, Map<string, string | null>>;

/**
 * Source ID → local ID of parent records (organizations, users, projects, clients, enrollments,
 * assessments) for one chunk. Parents imported by this run are answered from `memo` (the validator
 * made sure every reference but UserID points into the set, so that is nearly all of them); the rest
 * are asked for in one query — none when the source was never imported before (no key to find).
 * Null: not imported, or deleted.
 */
export class ParentLookup {
  readonly #memo: ParentMemo;
  readonly #sourceKnown: boolean;
  readonly #wanted = new Map<string, Set<string>>();
  readonly #found = new Map<string, Map<string, string | null>>();

  constructor(memo: ParentMemo, sourceKnown: boolean) {
    this.#memo = memo;
    this.#sourceKnown = sourceKnown;
  }

  want(file: string, id: string | undefined): void {
    if (!id || this.#memo.get(file)?.has(id)) return;
    let s = this.#wanted.get(file);
    if (!s) this.#wanted.set(file, (s = new Set()));
    s.add(id);
  }

  async resolve(tx: Tx, sourceId: string): Promise<void> {
    const files: string[] = [];
    const ids: string[] = [];
    for (const [file, set] of this.#wanted) {
      let m = this.#found.get(file);
      if (!m) this.#found.set(file, (m = new Map()));
      for (const id of set) {
        m.set(id, null);
        files.push(file);
        ids.push(id);
      }
    }
    this.#wanted.clear();
    if (ids.length === 0 || !this.#sourceKnown) return;
    // One primary-key probe per reference (LIMIT 1 keeps it a probe): a join would be planned from the
    // table's statistics, which lag behind a table this very import is filling (a scan per chunk).
    const res = await sql<{ file: string; id: string; local_id: string; deleted: boolean }>`
      select w.file, w.id, k.local_id, k.deleted
      from unnest(${files}::text[], ${ids}::text[]) as w(file, id)
      cross join lateral (
        select k.local_id, k.deleted from hud_import_keys k
        where k.source_id = ${sourceId} and k.file = w.file and k.source_record_id = w.id limit 1
      ) k`.execute(tx);
    for (const r of res.rows) if (!r.deleted) this.#found.get(r.file)!.set(r.id, r.local_id);
  }

  get(file: string, id: string | undefined): string | null {
    if (!id) return null;
    const memo = this.#memo.get(file);
    if (memo) {
      const m = memo.get(id);
      if (m !== undefined) return m;
    }
    const v = this.#found.get(file)?.get(id);
    if (v === undefined) throw new Error(`${file} ${id} was not looked up`);
    return v;
  }
}
