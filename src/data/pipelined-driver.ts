/**
 * Fewer round trips per transaction on PostgreSQL, with the same transactions (issue 10). The pool's
 * connections run in pg's pipeline mode (a statement is written without waiting for the previous
 * one's answer; answers come back in order), and this driver uses it in two places only:
 *
 * - `BEGIN` is written and the transaction's first statement follows it at once (one round trip for both).
 * - A statement marked with `executeDeferred` inside a transaction (the audit row) is written and not
 *   waited for: it travels with the next statement or the `COMMIT`. Its failure aborts the transaction
 *   like any other (the statements after it fail, the `COMMIT` rolls back) and is the error reported.
 *
 * Everything else is awaited as before, and outside a transaction nothing changes.
 */
import { CompiledQuery, type AbortableOperationOptions, type DatabaseConnection, type Driver, type QueryCompiler, type QueryResult, type TransactionSettings } from 'kysely';

const deferred = new WeakSet<CompiledQuery>();

/** Marks a compiled statement whose result nobody reads, so a transaction need not wait for it. */
export function markDeferred(query: CompiledQuery): CompiledQuery {
  deferred.add(query);
  return query;
}

class PipelinedConnection implements DatabaseConnection {
  readonly inner: DatabaseConnection;
  inTransaction = false;
  /** Statements written and not yet waited for (BEGIN, deferred writes), and the first of them to fail. */
  #pending: Promise<unknown>[] = [];
  #failure: { error: unknown } | null = null;

  constructor(inner: DatabaseConnection) {
    this.inner = inner;
  }

  /** After ROLLBACK TO SAVEPOINT the transaction is usable again: forget what failed before. */
  async recover(): Promise<void> {
    await this.settle().catch(() => {});
    this.#failure = null;
  }

  reset(): void {
    this.inTransaction = false;
    this.#pending = [];
    this.#failure = null;
  }

  /** Writes a statement without waiting for its answer (its failure is remembered). */
  submit(query: CompiledQuery): Promise<unknown> {
    const p = this.inner.executeQuery(query);
    p.catch((error: unknown) => {
      this.#failure ??= { error };
    });
    this.#pending.push(p);
    return p;
  }

  /** Waits for everything written so far; throws the first failure among the unawaited statements. */
  async settle(): Promise<void> {
    const pending = this.#pending;
    this.#pending = [];
    await Promise.allSettled(pending);
    if (this.#failure) throw this.#failure.error;
  }

  async executeQuery<R>(query: CompiledQuery, options?: AbortableOperationOptions): Promise<QueryResult<R>> {
    if (this.inTransaction && deferred.has(query)) {
      this.submit(query);
      return { rows: [] };
    }
    if (this.#pending.length === 0 && !this.#failure) return this.inner.executeQuery<R>(query, options);
    const result = this.inner.executeQuery<R>(query, options);
    try {
      const r = await result;
      await this.settle();
      return r;
    } catch (error) {
      // A failed earlier statement makes this one fail too ("current transaction is aborted"): report the cause.
      await this.settle();
      throw error;
    }
  }

  streamQuery<R>(query: CompiledQuery, chunkSize: number, options?: AbortableOperationOptions): AsyncIterableIterator<QueryResult<R>> {
    return this.inner.streamQuery<R>(query, chunkSize, options);
  }
}

export class PipelinedDriver implements Driver {
  readonly #inner: Driver;
  readonly #wrappers = new WeakMap<DatabaseConnection, PipelinedConnection>();

  constructor(inner: Driver) {
    this.#inner = inner;
  }

  init(options?: AbortableOperationOptions): Promise<void> {
    return this.#inner.init(options);
  }

  async acquireConnection(options?: AbortableOperationOptions): Promise<DatabaseConnection> {
    const inner = await this.#inner.acquireConnection(options);
    let c = this.#wrappers.get(inner);
    if (!c) {
      c = new PipelinedConnection(inner);
      this.#wrappers.set(inner, c);
    }
    c.reset();
    return c;
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const c = connection as PipelinedConnection;
    // Written, not awaited: the first statement of the transaction follows it on the wire.
    c.submit(CompiledQuery.raw(beginSql(settings)));
    c.inTransaction = true;
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    const c = connection as PipelinedConnection;
    c.inTransaction = false;
    // COMMIT goes out behind any deferred statement; a failure among them is the error to report.
    const commit = this.#inner.commitTransaction(c.inner);
    try {
      await c.settle();
    } catch (error) {
      await commit.catch(() => {});
      throw error;
    }
    await commit;
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    const c = connection as PipelinedConnection;
    c.inTransaction = false;
    await c.settle().catch(() => {});
    c.reset();
    await this.#inner.rollbackTransaction(c.inner);
  }

  // Savepoints run through the wrapper, so they wait for what was written before them.
  async savepoint(connection: DatabaseConnection, name: string, compileQuery: QueryCompiler['compileQuery']): Promise<void> {
    await this.#inner.savepoint!(connection, name, compileQuery);
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string, compileQuery: QueryCompiler['compileQuery']): Promise<void> {
    await (connection as PipelinedConnection).recover();
    await this.#inner.rollbackToSavepoint!(connection, name, compileQuery);
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string, compileQuery: QueryCompiler['compileQuery']): Promise<void> {
    await this.#inner.releaseSavepoint!(connection, name, compileQuery);
  }

  async releaseConnection(connection: DatabaseConnection, options?: AbortableOperationOptions): Promise<void> {
    const c = connection as PipelinedConnection;
    c.reset();
    await this.#inner.releaseConnection(c.inner, options);
  }

  destroy(options?: AbortableOperationOptions): Promise<void> {
    return this.#inner.destroy(options);
  }
}

function beginSql(settings: TransactionSettings): string {
  if (!settings.isolationLevel && !settings.accessMode) return 'begin';
  let s = 'start transaction';
  if (settings.isolationLevel) s += ` isolation level ${settings.isolationLevel}`;
  if (settings.accessMode) s += ` ${settings.accessMode}`;
  return s;
}
