import { sql } from 'kysely';
import type { Db, Tx } from '../db.ts';

export interface AuditFilter {
  userId?: string | undefined;
  clientId?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  action?: string | undefined;
  /** Keyset pagination: only rows with a smaller id. */
  beforeId?: number | undefined;
  limit: number;
}

export interface AuditRow {
  id: number;
  at: Date;
  userId: string | null;
  username: string | null;
  action: string;
  entityType: string | null;
  entityId: string | null;
  clientId: string | null;
  before: unknown;
  after: unknown;
  reason: string | null;
  requestId: string | null;
  address: string | null;
  details: unknown;
}

/** Newest first, keyset-paginated on id; fetches one extra row to know whether there is a next page. */
export async function searchAudit(db: Db | Tx, f: AuditFilter): Promise<{ items: AuditRow[]; nextCursor: string | null }> {
  let q = db
    .selectFrom('audit_log as a')
    .leftJoin('users as u', 'u.id', 'a.user_id')
    .select([
      'a.id', 'a.at', 'a.user_id', 'u.username', 'a.action', 'a.entity_type', 'a.entity_id', 'a.client_id',
      'a.before', 'a.after', 'a.reason', 'a.request_id', 'a.address', 'a.details',
    ])
    .orderBy('a.id', 'desc')
    .limit(f.limit + 1);
  if (f.userId) q = q.where('a.user_id', '=', f.userId);
  if (f.clientId) q = q.where('a.client_id', '=', f.clientId);
  if (f.from) q = q.where('a.at', '>=', f.from);
  if (f.to) q = q.where('a.at', '<', f.to);
  if (f.action) {
    // "project" finds project.create and project.update; "project.create" only that action.
    const a = f.action;
    q = q.where((eb) => eb.or([eb('a.action', '=', a), eb('a.action', 'like', sql<string>`${a.replaceAll('\\', '\\\\').replaceAll('%', '\\%').replaceAll('_', '\\_') + '.%'}`)]));
  }
  if (f.beforeId !== undefined) q = q.where('a.id', '<', f.beforeId);
  const rows = await q.execute();
  const page = rows.slice(0, f.limit);
  return {
    items: page.map((r) => ({
      id: Number(r.id),
      at: r.at,
      userId: r.user_id,
      username: r.username ?? null,
      action: r.action,
      entityType: r.entity_type,
      entityId: r.entity_id,
      clientId: r.client_id,
      before: r.before,
      after: r.after,
      reason: r.reason,
      requestId: r.request_id,
      address: r.address,
      details: r.details,
    })),
    nextCursor: rows.length > f.limit ? String(page.at(-1)!.id) : null,
  };
}
