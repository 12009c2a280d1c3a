/**
 * Households through the client gateway: a household is visible only with its members' visibility —
 * members the actor may not see are left out, and a household with no visible member is "not found".
 */
import { sql } from 'kysely';
import type { Actor } from '../../domain/access.ts';
import { NotFoundError } from '../../domain/errors.ts';
import type { Db, Tx } from '../db.ts';
import { consentStateSql, visibilityReasonSql, visibleClientsFilter } from './clients.ts';

export interface HouseholdMemberRow {
  id: string;
  household_id: string;
  client_id: string;
  relationship_to_hoh: number;
  joined_on: string;
  left_on: string | null;
  first_name: string | null;
  middle_name: string | null;
  last_name: string | null;
  suffix: string | null;
  anonymous: boolean;
  dob: string | null;
  consent_state: string;
  /** Why the actor may see this member (for the read audit). */
  access_reason: string | null;
}

/** Every membership row (history included) of the household whose client the actor may see. */
export async function visibleHouseholdMembers(db: Db | Tx, actor: Actor, householdId: string, today: string): Promise<HouseholdMemberRow[]> {
  const rows = await db
    .selectFrom('household_members as m')
    .innerJoin('clients as c', 'c.id', 'm.client_id')
    .select(['m.id', 'm.household_id', 'm.client_id', 'm.relationship_to_hoh', 'm.joined_on', 'm.left_on', 'c.first_name', 'c.middle_name', 'c.last_name', 'c.suffix', 'c.anonymous', 'c.dob'])
    .select([consentStateSql(today).as('consent_state'), visibilityReasonSql(actor, today).as('access_reason')])
    .where('m.household_id', '=', householdId)
    .where(visibleClientsFilter(actor, today))
    .orderBy('m.joined_on')
    .orderBy('m.created_at')
    .execute();
  return rows;
}

/** The household (with its visible members) or NotFoundError when it has none the actor may see. */
export async function findVisibleHousehold(db: Db | Tx, actor: Actor, householdId: string, today: string) {
  const household = await db.selectFrom('households').selectAll().where('id', '=', householdId).executeTakeFirst();
  if (!household) throw new NotFoundError('household');
  const members = await visibleHouseholdMembers(db, actor, householdId, today);
  if (members.length === 0) throw new NotFoundError('household');
  return { household, members };
}

/** The client's current household (open membership), else the one they were in last; null if none. */
export async function householdIdOfClient(db: Db | Tx, clientId: string): Promise<string | null> {
  const row = await db
    .selectFrom('household_members')
    .select('household_id')
    .where('client_id', '=', clientId)
    .orderBy(sql`(left_on is null)`, 'desc')
    .orderBy('joined_on', 'desc')
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.household_id ?? null;
}

/** The open membership rows of a household, locked for a change. */
export async function currentMembersForUpdate(tx: Tx, householdId: string) {
  return tx.selectFrom('household_members').selectAll().where('household_id', '=', householdId).where('left_on', 'is', null).orderBy('created_at').forUpdate().execute();
}
