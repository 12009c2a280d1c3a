/**
 * Counts reports' SQL (issue 7; spec §6). One query builder serves both a tile's count and its list, so
 * the two always agree; both are scoped by the referral visibility filter (a user never counts a referral
 * they may not see — e.g. after losing the project assignment). "Open" tiles read through the partial
 * index on open referrals (`referrals_open_project_idx`), others through (project_id, referral_date);
 * the overdue count only ever looks at open referrals and their history.
 */
import { sql } from 'kysely';
import type { Actor } from '../../domain/access.ts';
import type { Db, Tx } from '../db.ts';
import type { CountsStatusFilter } from '../schema.ts';
import { visibleReferralsFilter } from './referrals.ts';

export interface TileFilter {
  projectId: string;
  /** Inclusive referral-date bounds, or null for all dates. */
  range: { from: string; to: string } | null;
  status: CountsStatusFilter;
}

/** The referrals of a tile the actor may see (`referrals as r`). */
export function tileReferrals(db: Db | Tx, actor: Actor, f: TileFilter) {
  let q = db.selectFrom('referrals as r').where('r.project_id', '=', f.projectId).where(visibleReferralsFilter(actor));
  if (f.range) q = q.where('r.referral_date', '>=', f.range.from).where('r.referral_date', '<=', f.range.to);
  if (f.status === 'open') q = q.where('r.closed_at', 'is', null);
  else if (Array.isArray(f.status)) q = f.status.length === 0 ? q.where(sql<boolean>`false`) : q.where('r.status_code', 'in', f.status);
  return q;
}

export async function countTile(db: Db | Tx, actor: Actor, f: TileFilter): Promise<number> {
  const row = await tileReferrals(db, actor, f).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The tile's open referrals within timeliness with their status history (for the overdue count). */
export async function openTileReferralsWithHistory(db: Db | Tx, actor: Actor, f: TileFilter) {
  const rows = await tileReferrals(db, actor, f)
    .where('r.closed_at', 'is', null)
    .where('r.outside_timeliness', '=', false)
    .select(['r.id', 'r.referral_date', 'r.status_code'])
    .execute();
  if (rows.length === 0) return [];
  const history = await db
    .selectFrom('referral_status_history')
    .select(['referral_id', 'to_code', 'changed_at'])
    .where('referral_id', 'in', rows.map((r) => r.id))
    .orderBy('changed_at')
    .execute();
  const by = new Map<string, { to: string; at: Date }[]>();
  for (const h of history) by.set(h.referral_id, [...(by.get(h.referral_id) ?? []), { to: h.to_code, at: h.changed_at }]);
  return rows.map((r) => ({ id: r.id, referralDate: r.referral_date, status: r.status_code, history: by.get(r.id) ?? [] }));
}
