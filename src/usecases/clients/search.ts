import { sql } from 'kysely';
import type { Tx } from '../../data/db.ts';
import { auditClientRead, visibilityReasonSql } from '../../data/gateway/clients.ts';
import { todayOf } from '../today.ts';
import { nameScoreSql, visibleClientsByName, visibleClientsListed, visibleClientsNarrowed, visibleClientsSharing } from '../../data/repos/client-search.ts';
import { displayName, maskSsn } from '../../domain/clients/records.ts';
import { isLocked, type ConsentState } from '../../domain/clients/consent.ts';
import { RuleViolation } from '../../domain/errors.ts';
import { requireActor, type RequestContext } from '../context.ts';

export interface SearchInput {
  q?: string | undefined;
  dateOfBirth?: string | undefined;
  ssnLast4?: string | undefined;
  clientId?: string | undefined;
  limit?: number | undefined;
  offset?: number | undefined;
}

/**
 * The total is counted up to this many, or to the end of the page asked for if further: enough to say
 * "more than 25 match — narrow the search", without deciding visibility for every match.
 */
export const SEARCH_COUNT_CAP = 25;

/**
 * Searches the clients the caller may see (visibility in SQL: items and total agree). Names are
 * typo-tolerant (pg_trgm: `%` similarity or `<%` word similarity on "first last", or the name contains
 * the query), best first; date of birth, last four of the SSN and client ID narrow the search. No
 * criteria lists every visible client by last name.
 *
 * The work is bounded whatever the number of clients: the hits are read best first and the reading
 * stops once the page and the count are filled. `total` counts up to `SEARCH_COUNT_CAP` (or the page's
 * end); `totalIsCapped` says there are more.
 */
export async function searchClients(tx: Tx, ctx: RequestContext, input: SearchInput) {
  const actor = requireActor(ctx);
  const today = await todayOf(tx, ctx);
  const q = input.q?.trim().toLowerCase().replace(/\s+/g, ' ') ?? '';
  if (input.ssnLast4 !== undefined && !/^[0-9]{4}$/.test(input.ssnLast4)) {
    throw new RuleViolation('The last four of the SSN are four digits.', [{ pointer: '/ssnLast4', message: 'Enter four digits.' }]);
  }
  const limit = Math.min(input.limit ?? 25, 100);
  const offset = input.offset ?? 0;
  const countUpTo = Math.max(SEARCH_COUNT_CAP, offset + limit);
  const narrow = { dateOfBirth: input.dateOfBirth, ssnLast4: input.ssnLast4, clientId: input.clientId };
  const hits =
    input.dateOfBirth || input.ssnLast4 || input.clientId
      ? await visibleClientsNarrowed(tx, actor, today, narrow, q, countUpTo + 1)
      : q
        ? await visibleClientsByName(tx, actor, today, q, countUpTo + 1)
        : await visibleClientsListed(tx, actor, today, countUpTo + 1);
  const rows = hits.slice(offset, offset + limit);
  const reasons: Record<string, string> = {};
  for (const r of rows) reasons[r.id] = actor.memberships.some((m) => m.role === 'hmis_admin') ? 'administrator' : (r.access_reason ?? 'unknown');
  await auditClientRead(tx, ctx, rows.map((r) => r.id), reasons, { via: 'search' });
  return {
    total: Math.min(hits.length, countUpTo),
    totalIsCapped: hits.length > countUpTo,
    items: rows.map((r) => ({
      id: r.id,
      displayName: displayName({ id: r.id, anonymous: r.anonymous, firstName: r.first_name, middleName: r.middle_name, lastName: r.last_name, suffix: r.suffix }),
      firstName: r.first_name,
      lastName: r.last_name,
      dateOfBirth: r.dob,
      ssn: maskSsn(r.ssn),
      anonymous: r.anonymous,
      ownerAgencyId: r.owner_agency_id,
      ownerAgencyName: r.owner_agency_name,
      consentState: r.consent_state as ConsentState,
      locked: isLocked({ ownerAgencyId: r.owner_agency_id, consent: r.consent_state as ConsentState, lockReasons: [...r.lock_reasons, ...r.program_locks] }),
      score: Math.round(Number(r.score) * 100) / 100,
    })),
  };
}

/** How many likely duplicates are shown. */
const DUPLICATES = 10;

export interface DuplicateInput {
  firstName?: string | undefined;
  lastName?: string | undefined;
  dateOfBirth?: string | undefined;
  ssn?: string | undefined;
}

/**
 * Likely duplicates before a new record is saved: visible clients whose name is similar, or who share
 * the date of birth and a similar name, or the last four of the SSN and the date of birth. Those that
 * share the date of birth or the last four come first (found through those indexes), then the best
 * name matches (found as in the search: a bounded number of candidates).
 */
export async function findDuplicates(tx: Tx, ctx: RequestContext, input: DuplicateInput) {
  const actor = requireActor(ctx);
  const today = await todayOf(tx, ctx);
  const name = `${input.firstName ?? ''} ${input.lastName ?? ''}`.trim().toLowerCase().replace(/\s+/g, ' ');
  const last4 = input.ssn?.replace(/[^0-9x]/gi, '').slice(-4);
  const ssnOk = last4 !== undefined && /^[0-9]{4}$/.test(last4);
  const shared = { dateOfBirth: input.dateOfBirth, ssnLast4: ssnOk ? last4 : undefined };
  if (!name && !(shared.dateOfBirth && shared.ssnLast4)) return { items: [], total: 0 };
  const ids = new Set(await visibleClientsSharing(tx, actor, today, shared, name));
  if (name) for (const r of await visibleClientsByName(tx, actor, today, name, DUPLICATES, false)) ids.add(r.id);
  if (ids.size === 0) return { items: [], total: 0 };
  const nameScore = name ? nameScoreSql(name, sql.ref('c.search_name')) : sql<number>`0`;
  const dobMatch = input.dateOfBirth ? sql<boolean>`coalesce(c.dob = ${input.dateOfBirth}::date, false)` : sql<boolean>`false`;
  const ssnMatch = ssnOk ? sql<boolean>`coalesce(right(c.ssn, 4) = ${last4}, false)` : sql<boolean>`false`;
  const rows = await tx
    .selectFrom('clients as c')
    .innerJoin('agencies as a', 'a.id', 'c.owner_agency_id')
    .where('c.id', 'in', [...ids])
    .select(['c.id', 'c.first_name', 'c.middle_name', 'c.last_name', 'c.suffix', 'c.dob', 'c.ssn', 'c.anonymous', 'a.name as owner_agency_name'])
    .select([nameScore.as('name_score'), dobMatch.as('dob_match'), ssnMatch.as('ssn_match'), visibilityReasonSql(actor, today).as('access_reason')])
    .orderBy(sql`(${dobMatch})::int + (${ssnMatch})::int`, 'desc')
    .orderBy('name_score', 'desc')
    .orderBy('c.search_name')
    .orderBy('c.id')
    .limit(DUPLICATES)
    .execute();
  const isAdmin = actor.memberships.some((m) => m.role === 'hmis_admin');
  const reasons = Object.fromEntries(rows.map((r) => [r.id, isAdmin ? 'administrator' : (r.access_reason ?? 'unknown')]));
  await auditClientRead(tx, ctx, rows.map((r) => r.id), reasons, { via: 'duplicate check' });
  const items = rows.map((r) => ({
    id: r.id,
    displayName: displayName({ id: r.id, anonymous: r.anonymous, firstName: r.first_name, middleName: r.middle_name, lastName: r.last_name, suffix: r.suffix }),
    dateOfBirth: r.dob,
    ssn: maskSsn(r.ssn),
    ownerAgencyName: r.owner_agency_name,
    matches: [...(Number(r.name_score) >= 0.3 ? ['name'] : []), ...(r.dob_match ? ['dateOfBirth'] : []), ...(r.ssn_match ? ['ssnLast4'] : [])],
    score: Math.round(Number(r.name_score) * 100) / 100,
  }));
  return { items, total: items.length };
}
