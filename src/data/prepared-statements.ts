/**
 * Named prepared statements for the few queries every request runs (issue 10): PostgreSQL parses and
 * plans them once per connection instead of on every execution (planning was more than half of the
 * session query's time). Only for simple lookups whose plan does not depend on the parameters — a
 * generic plan for a query with skewed filters could be worse than a fresh one.
 */
import type { CompiledQuery, PostgresPool, PostgresPoolClient } from 'kysely';
import type pg from 'pg';

const names = new Map<string, string>();

/** Marks a compiled statement to run as the named prepared statement `name` (its text must never change). */
export function markPrepared<R>(query: CompiledQuery<R>, name: string): CompiledQuery<R> {
  const known = names.get(query.sql);
  if (known === undefined) {
    if ([...names.values()].includes(name)) throw new Error(`prepared statement ${name} already names another query`);
    names.set(query.sql, name);
  } else if (known !== name) throw new Error(`query already prepared as ${known}`);
  return query;
}

/** The pool as kysely sees it: marked statements go to PostgreSQL by name, everything else as before. */
export function preparingPool(pool: pg.Pool): PostgresPool {
  const clients = new WeakMap<pg.PoolClient, PostgresPoolClient>();
  const wrap = (client: pg.PoolClient): PostgresPoolClient => {
    let w = clients.get(client);
    if (!w) {
      w = {
        get processID() {
          return (client as unknown as { processID?: number }).processID;
        },
        query: ((text: unknown, values?: unknown[]) => {
          const name = typeof text === 'string' ? names.get(text) : undefined;
          if (name) return client.query({ name, text: text as string, values: values ?? [] });
          return (client.query as (...a: unknown[]) => unknown)(text, values);
        }) as PostgresPoolClient['query'],
        release: (destroy?: boolean) => client.release(destroy),
      };
      clients.set(client, w);
    }
    return w;
  };
  return {
    get options() {
      return pool.options;
    },
    connect: async () => wrap(await pool.connect()),
    end: () => pool.end(),
  };
}
