import fs from 'node:fs';
import { Kysely, PostgresDialect, type Compilable, type Driver, type Transaction } from 'kysely';
import pg from 'pg';
import { PGlite, types as pgliteTypes } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { PGliteDialect, runHolding } from './pglite-dialect.ts';
import { markDeferred, PipelinedDriver } from './pipelined-driver.ts';
import { preparingPool } from './prepared-statements.ts';
import type { DB } from './schema.ts';

export type Db = Kysely<DB>;
export type Tx = Transaction<DB>;

export interface Database {
  db: Db;
  kind: 'postgres' | 'pglite';
  /** Runs `fn` in one transaction; every multi-row change goes through here. */
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** A cheap round trip, used by /readyz and the availability probe. */
  ping(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

const OID = { int8: 20, date: 1082, numeric: 1700 } as const;

/** Both drivers parse the same way: int8 → number (counts), date → 'YYYY-MM-DD', numeric → string. */
const parseInt8 = (v: string) => Number(v);
const parseDate = (v: string) => v;

export interface PostgresOptions {
  url: string;
  /** Non-superuser role the application switches to on every connection; none for the migration tooling. */
  role?: string;
  max?: number;
  applicationName?: string;
}

export function connectPostgres(options: PostgresOptions): Database {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.max ?? 10,
    // Fail fast when the server is unreachable: requests answer 503 within 2 seconds.
    connectionTimeoutMillis: 1500,
    idleTimeoutMillis: 30_000,
    application_name: options.applicationName ?? 'hearth',
    // Statements may be written before the previous one is answered (see pipelined-driver.ts).
    pipeline: true,
    // The role is a start-up parameter, so no query can ever run before the switch.
    ...(options.role ? { options: `-c role=${options.role}` } : {}),
    types: {
      getTypeParser(oid: number, format?: 'text' | 'binary') {
        if (oid === OID.int8) return parseInt8;
        if (oid === OID.date) return parseDate;
        return pg.types.getTypeParser(oid, format);
      },
    },
  });
  // A dropped connection must not crash the process; the next request gets a 503 instead.
  pool.on('error', () => {});
  // A checked-out client whose server goes away emits 'error' with no listener, which would end the
  // process; the query in flight (if any) still fails and the request answers 503.
  pool.on('connect', (client) => client.on('error', () => {}));
  const db = new Kysely<DB>({ dialect: new PipelinedPostgresDialect({ pool: preparingPool(pool) }) });
  return {
    db,
    kind: 'postgres',
    transaction: (fn) => db.transaction().execute(fn),
    async ping(timeoutMs = 1500) {
      const client = await pool.connect();
      let failure: Error | undefined;
      try {
        await client.query({ text: 'select 1', query_timeout: timeoutMs } as pg.QueryConfig);
      } catch (e) {
        failure = e as Error;
        throw e;
      } finally {
        // A connection whose probe failed (or timed out mid-query) is not given back to the pool.
        client.release(failure);
      }
    },
    close: () => db.destroy(),
  };
}

class PipelinedPostgresDialect extends PostgresDialect {
  override createDriver(): Driver {
    return new PipelinedDriver(super.createDriver());
  }
}

/**
 * Runs a write whose result nobody reads (an audit row). Inside a transaction on PostgreSQL it is not
 * waited for: it travels with the next statement or the COMMIT, and its failure still fails the
 * transaction. Elsewhere (no transaction, PGlite) it is simply executed.
 */
export async function executeDeferred(db: Db | Tx, query: Compilable): Promise<void> {
  await db.executeQuery(markDeferred(query.compile()));
}

export interface PGliteOptions {
  /** A directory, or undefined for an in-memory database (tests). */
  dataDir?: string;
  role?: string;
  loadDataDir?: Blob;
}

export async function openPGlite(options: PGliteOptions): Promise<Database & { pglite: PGlite; switchRole(role: string): Promise<void> }> {
  if (options.dataDir) fs.mkdirSync(options.dataDir, { recursive: true });
  const pglite = await PGlite.create({
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    extensions: { pg_trgm },
    parsers: {
      [pgliteTypes.INT8]: parseInt8,
      [pgliteTypes.DATE]: parseDate,
    },
  });
  const switchRole = (role: string) => pglite.exec(`set role "${role.replaceAll('"', '""')}"`).then(() => {});
  if (options.role) await switchRole(options.role);
  const db = new Kysely<DB>({ dialect: new PGliteDialect(pglite) });
  return {
    db,
    pglite,
    switchRole,
    kind: 'pglite',
    transaction: (fn) => runHolding(() => db.transaction().execute(fn)),
    async ping() {
      await pglite.query('select 1');
    },
    close: () => db.destroy(),
  };
}
