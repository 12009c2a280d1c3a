/**
 * The matching team's rematch queue (issue 7; spec §3 steps 8–9): an opening whose referral ended with a
 * rematch status comes back asking for the configured number of new referrals (two after a provider
 * rematch, one after "did not respond"). Per opening, the queue asks for the sum of its open requests
 * minus the referrals already sent for the opening since the earliest of them; a request is resolved once
 * enough new referrals exist (`resolveRematchRequests`, called after each referral made from an opening),
 * or when the opening is filled or closed.
 */
import type { Db, Tx } from '../../data/db.ts';
import { hasRole, isAdmin } from '../../domain/access.ts';
import { ForbiddenError } from '../../domain/errors.ts';
import { requireActor, type RequestContext } from '../context.ts';

interface QueueRow {
  opening_id: string | null;
  project_id: string;
  project_name: string;
  opening_state: string | null;
  kind: 'unit' | 'subsidy' | null;
  available_on: string | null;
  household_size: number | null;
  bedrooms: number | null;
  population: string | null;
  needed: number;
  since: Date;
  sent: number;
  from_referral_ids: string[];
}

/**
 * Open rematch requests grouped by opening (or by project, for referrals without an opening). Requests
 * are served in the order they were made: each takes the referrals sent for its opening after it was
 * made that an earlier request did not already take.
 */
async function queueRows(db: Db | Tx, openingId?: string): Promise<QueueRow[]> {
  let rq = db
    .selectFrom('rematch_requests as rr')
    .innerJoin('projects as p', 'p.id', 'rr.project_id')
    .leftJoin('openings as o', 'o.id', 'rr.opening_id')
    .select(['rr.id', 'rr.opening_id', 'rr.project_id', 'rr.referrals_needed', 'rr.created_at', 'rr.from_referral_id', 'p.name as project_name', 'o.state as opening_state', 'o.kind', 'o.available_on', 'o.household_size', 'o.bedrooms', 'o.population'])
    .where('rr.resolved_at', 'is', null);
  if (openingId) rq = rq.where('rr.opening_id', '=', openingId);
  const requests = await rq.orderBy('rr.created_at').orderBy('rr.id').execute();
  if (requests.length === 0) return [];
  const earliest = requests[0]!.created_at;
  const openingIds = [...new Set(requests.map((r) => r.opening_id).filter((x): x is string => x !== null))];
  const projectIds = [...new Set(requests.filter((r) => r.opening_id === null).map((r) => r.project_id))];
  const referrals = await db
    .selectFrom('referrals as r')
    .select(['r.id', 'r.opening_id', 'r.project_id', 'r.created_at'])
    .where('r.created_at', '>=', earliest)
    .where((eb) =>
      eb.or([
        ...(openingIds.length ? [eb('r.opening_id', 'in', openingIds)] : []),
        ...(projectIds.length ? [eb.and([eb('r.opening_id', 'is', null), eb('r.project_id', 'in', projectIds)])] : []),
      ]),
    )
    .orderBy('r.created_at')
    .execute();
  const groups = new Map<string, QueueRow>();
  // The referrals that ended with the rematch never count as new ones.
  const taken = new Set<string>(requests.map((r) => r.from_referral_id));
  for (const req of requests) {
    const key = req.opening_id ?? `project:${req.project_id}`;
    let g = groups.get(key);
    if (!g) {
      g = { ...req, needed: 0, since: req.created_at, sent: 0, from_referral_ids: [] };
      groups.set(key, g);
    }
    g.needed += req.referrals_needed;
    g.from_referral_ids.push(req.from_referral_id);
    const mine = referrals.filter(
      (r) => !taken.has(r.id) && r.created_at.getTime() >= req.created_at.getTime() && (req.opening_id ? r.opening_id === req.opening_id : r.opening_id === null && r.project_id === req.project_id),
    );
    for (const r of mine.slice(0, req.referrals_needed)) {
      taken.add(r.id);
      g.sent += 1;
    }
  }
  return [...groups.values()];
}

export async function rematchQueue(db: Db | Tx, ctx: RequestContext) {
  const actor = requireActor(ctx);
  if (!hasRole(actor, 'ces_matcher') && !isAdmin(actor)) throw new ForbiddenError('The rematch queue is the CES matching team’s.');
  const rows = await queueRows(db);
  return rows
    .filter((r) => (r.opening_id === null || r.opening_state === 'open') && r.needed - r.sent > 0)
    .map((r) => ({
      openingId: r.opening_id,
      projectId: r.project_id,
      projectName: r.project_name,
      referralsNeeded: r.needed - r.sent,
      requested: r.needed,
      sentSince: r.sent,
      since: new Date(r.since).toISOString(),
      fromReferralIds: r.from_referral_ids,
      opening: r.opening_id ? { kind: r.kind ?? 'unit', availableOn: r.available_on, householdSize: r.household_size, bedrooms: r.bedrooms, population: r.population } : null,
    }));
}

/** Marks an opening's open requests resolved when enough new referrals were sent (or the opening is no longer open). */
export async function resolveRematchRequests(tx: Tx, now: Date, openingId: string): Promise<void> {
  const [row] = await queueRows(tx, openingId);
  if (!row) return;
  if (row.opening_state !== 'open' || row.needed - row.sent <= 0) {
    await tx.updateTable('rematch_requests').set({ resolved_at: now }).where('opening_id', '=', openingId).where('resolved_at', 'is', null).execute();
  }
}
