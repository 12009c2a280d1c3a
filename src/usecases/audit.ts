import { executeDeferred, type Tx, type Db } from '../data/db.ts';
import type { RequestContext } from './context.ts';

export interface AuditEntry {
  action: string;
  entityType?: string;
  entityId?: string;
  clientId?: string;
  before?: unknown;
  after?: unknown;
  /** Why the access was allowed (for reads of client data) or why the change was made. */
  reason?: string;
  details?: Record<string, unknown>;
  /** For events without a signed-in actor (failed sign-ins): the user concerned, if known. */
  userId?: string | null;
}

const json = (v: unknown) => (v === undefined ? null : JSON.stringify(v));

/** Appends to the audit log in the caller's transaction: the change and its record commit together. */
export async function writeAudit(tx: Tx | Db, ctx: RequestContext, entry: AuditEntry): Promise<void> {
  await writeAuditMany(tx, ctx, [entry]);
}

/**
 * One multi-row insert. Inside a transaction it is not waited for (nothing reads its result): it goes
 * to PostgreSQL with the transaction's next statement or its COMMIT, and a failure still fails the
 * transaction (src/data/pipelined-driver.ts).
 */
export async function writeAuditMany(tx: Tx | Db, ctx: RequestContext, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const at = ctx.clock.now();
  const insert = tx
    .insertInto('audit_log')
    .values(
      entries.map((e) => ({
        at,
        user_id: e.userId !== undefined ? e.userId : (ctx.actor?.userId ?? null),
        action: e.action,
        entity_type: e.entityType ?? null,
        entity_id: e.entityId ?? null,
        client_id: e.clientId ?? null,
        before: json(e.before),
        after: json(e.after),
        reason: e.reason ?? null,
        request_id: ctx.requestId,
        address: ctx.address,
        details: json(e.details),
      })),
    );
  await executeDeferred(tx, insert);
}
