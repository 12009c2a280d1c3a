/**
 * Drill-down (issue 20): the records behind one counted cell of a run, as kept when the run was made,
 * read through the client gateway — a client the caller may not see now is left out (and counted as
 * such), one they may see is named and the read audited like any list.
 */
import { sql } from 'kysely';
import type { Tx } from '../../data/db.ts';
import { auditClientRead, visibilityReasonSql } from '../../data/gateway/clients.ts';
import { todayOf } from '../today.ts';
import { ConflictError } from '../../domain/errors.ts';
import { requireActor, type RequestContext } from '../context.ts';
import { getReportRun } from './runs.ts';

export interface DrillEntry {
  kind: string;
  id: string;
  clientId: string | null;
  /** The client's name where the caller may see the client. */
  clientName: string | null;
  info: Record<string, unknown>;
}

export interface DrillPage {
  items: DrillEntry[];
  total: number;
  /** Records of the cell whose client the caller may not see now (left out of `items`). */
  notVisible: number;
  offset: number;
  limit: number;
}

export async function drillDown(tx: Tx, ctx: RequestContext, runId: string, drill: number, page: { offset: number; limit: number }): Promise<DrillPage> {
  const actor = requireActor(ctx);
  const run = await getReportRun(tx, ctx, runId);
  if (run.status !== 'done') throw new ConflictError('The report has not finished.');
  const today = await todayOf(tx, ctx);
  const rows = await tx
    .selectFrom('report_run_items as i')
    .leftJoin('clients as c', 'c.id', 'i.client_id')
    .select(['i.seq', 'i.item_kind', 'i.item_id', 'i.client_id', 'i.info', 'c.first_name', 'c.last_name', 'c.anonymous'])
    .select(sql<string | null>`case when i.client_id is null then 'no client' else ${visibilityReasonSql(actor, today)} end`.as('access_reason'))
    .where('i.run_id', '=', runId)
    .where(sql<boolean>`${drill}::int = any(i.cells)`)
    .orderBy('i.seq')
    .execute();
  const visible = rows.filter((r) => r.access_reason !== null);
  const shown = visible.slice(page.offset, page.offset + page.limit);
  const clients = shown.filter((r) => r.client_id !== null && r.access_reason !== 'no client');
  await auditClientRead(
    tx,
    ctx,
    [...new Set(clients.map((r) => r.client_id!))],
    Object.fromEntries(clients.map((r) => [r.client_id!, r.access_reason!])),
    { via: 'report drill-down', reportRunId: runId, drill },
  );
  return {
    items: shown.map((r) => ({
      kind: r.item_kind,
      id: r.item_id,
      clientId: r.client_id,
      clientName: r.client_id === null ? null : r.anonymous ? 'Anonymous client' : [r.first_name, r.last_name].filter(Boolean).join(' ') || '(no name)',
      info: r.info,
    })),
    total: visible.length,
    notVisible: rows.length - visible.length,
    offset: page.offset,
    limit: page.limit,
  };
}
