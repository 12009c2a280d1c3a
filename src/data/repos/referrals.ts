/**
 * Referral SQL: who sees which referrals (in SQL, so lists and counts never hold others'), who is told
 * about them, and the rows the use cases read.
 */
import { sql, type Expression, type SqlBool } from 'kysely';
import type { Actor } from '../../domain/access.ts';
import type { Db, Tx } from '../db.ts';

const PROVIDER_ROLES = ['case_manager', 'agency_admin'] as const;

/** Projects whose referrals the actor handles as the receiving provider (case manager or agency administrator). */
export function providerProjectIds(actor: Actor): string[] {
  return [...new Set(actor.memberships.filter((m) => (PROVIDER_ROLES as readonly string[]).includes(m.role)).flatMap((m) => m.projectIds))];
}

/** True when the actor sees every referral (HMIS administrator, CES matching team). */
export const seesAllReferrals = (actor: Actor): boolean => actor.memberships.some((m) => m.role === 'hmis_admin' || m.role === 'ces_matcher');

/**
 * Keeps the referrals (`referrals as r`) the actor may see: administrators and the matching team all;
 * providers those of their projects; everyone else none.
 */
export function visibleReferralsFilter(actor: Actor): Expression<SqlBool> {
  if (seesAllReferrals(actor)) return sql<SqlBool>`true`;
  const projects = providerProjectIds(actor);
  if (projects.length === 0) return sql<SqlBool>`false`;
  return sql<SqlBool>`r.project_id in (${sql.join(projects)})`;
}

/**
 * The receiving project's referral contacts: active users whose memberships cover the project — case
 * managers assigned to it and the agency's administrators.
 */
export async function referralContacts(db: Db | Tx, projectId: string): Promise<string[]> {
  const project = await db.selectFrom('projects').select('agency_id').where('id', '=', projectId).executeTakeFirst();
  if (!project) return [];
  const rows = await db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select('m.user_id')
    .distinct()
    .where('u.active', '=', true)
    .where((eb) =>
      eb.or([
        eb.and([eb('m.role', '=', 'agency_admin'), eb('m.agency_id', '=', project.agency_id)]),
        eb.and([
          eb('m.role', '=', 'case_manager'),
          eb.exists(eb.selectFrom('membership_projects as mp').select('mp.project_id').whereRef('mp.membership_id', '=', 'm.id').where('mp.project_id', '=', projectId)),
        ]),
      ]),
    )
    .execute();
  return rows.map((r) => r.user_id);
}

/** The CES matching team (active users with the role). */
export async function matchingTeam(db: Db | Tx): Promise<string[]> {
  const rows = await db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select('m.user_id')
    .distinct()
    .where('m.role', '=', 'ces_matcher')
    .where('u.active', '=', true)
    .execute();
  return rows.map((r) => r.user_id);
}

export async function historyOf(db: Db | Tx, referralIds: readonly string[]) {
  if (referralIds.length === 0) return [];
  return db
    .selectFrom('referral_status_history as h')
    .leftJoin('users as u', 'u.id', 'h.changed_by')
    .select(['h.id', 'h.referral_id', 'h.from_code', 'h.to_code', 'h.label', 'h.changed_at', 'h.changed_by', 'h.by_system', 'h.correction', 'h.note', 'u.display_name'])
    .where('h.referral_id', 'in', [...referralIds])
    .orderBy('h.seq')
    .execute();
}

export async function contactAttemptsOf(db: Db | Tx, referralId: string) {
  return db
    .selectFrom('contact_attempts as a')
    .leftJoin('users as u', 'u.id', 'a.recorded_by')
    .select(['a.id', 'a.at', 'a.method', 'a.outcome', 'a.note', 'a.recorded_at', 'u.display_name'])
    .where('a.referral_id', '=', referralId)
    .orderBy('a.at')
    .orderBy('a.id')
    .execute();
}
