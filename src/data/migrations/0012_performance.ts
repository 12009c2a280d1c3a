import { sql, type Kysely } from 'kysely';

/**
 * Performance (issue 10), each change justified by a measurement recorded in BENCHMARKS.md. Forward-only.
 *
 * - JIT off for this database: PostgreSQL compiles any plan whose estimated cost passes `jit_above_cost`
 *   (100,000) — the CE list's candidate query, the client search — and the compilation alone took
 *   150 ms of a 247 ms CE list query on the small profile (EXPLAIN ANALYZE "JIT: Timing … Total
 *   151.6 ms"). Hearth's queries are short OLTP reads where JIT never pays back. Set per database (new
 *   connections; needs the migration to run as the database's owner, else it is skipped).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    do $$ begin
      execute format('alter database %I set jit = off', current_database());
    exception when others then null; -- not the database's owner, or no such setting: keep the server's
    end $$;
  `.execute(db);
}
