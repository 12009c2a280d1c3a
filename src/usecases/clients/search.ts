import { sql } from 'kysely';
import type { Tx } from '../../data/db.ts';
import { auditClientRead, consentStateSql, programLocksSql, todayOf, visibilityReasonSql, visibleClientsFilter } from '../../data/gateway/clients.ts';
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
 * Searches the clients the caller may see (visibility in SQL: items and total agree). Names are
 * typo-tolerant (pg_trgm: `%` similarity or `<%` word similarity on "first last"); date of birth,
 * last four of the SSN and client ID narrow the search. No criteria lists every visible client.
 */
export async function searchClients(tx: Tx, ctx: RequestContext, input: SearchInput) {
  const actor = requireActor(ctx);
  const today = todayOf(ctx);
  const q = input.q?.trim().toLowerCase().replace(/\s+/g, ' ') ?? '';
  if (input.ssnLast4 !== undefined && !/^[0-9]{4}$/.test(input.ssnLast4)) {
    throw new RuleViolation('The last four of the SSN are four digits.', [{ pointer: '/ssnLast4', message: 'Enter four digits.' }]);
  }
  let base = tx.selectFrom('clients as c').where(visibleClientsFilter(actor, today));
  if (q) base = base.where(sql<boolean>`(c.search_name % ${q} or ${q} <% c.search_name or c.search_name like ${'%' + q.replace(/[\\%_]/g, (m) => '\\' + m) + '%'})`);
  if (input.dateOfBirth) base = base.where('c.dob', '=', input.dateOfBirth);
  if (input.ssnLast4) base = base.where(sql<boolean>`right(c.ssn, 4) = ${input.ssnLast4}`);
  if (input.clientId) base = base.where('c.id', '=', input.clientId);
  const limit = Math.min(input.limit ?? 25, 100);
  const offset = input.offset ?? 0;
  const [{ total }] = (await base.select((eb) => eb.fn.countAll<number>().as('total')).execute()) as [{ total: number }];
  const score = q ? sql<number>`greatest(similarity(c.search_name, ${q}), word_similarity(${q}, c.search_name))` : sql<number>`0`;
  const rows = await base
    .innerJoin('agencies as a', 'a.id', 'c.owner_agency_id')
    .select(['c.id', 'c.first_name', 'c.middle_name', 'c.last_name', 'c.suffix', 'c.dob', 'c.ssn', 'c.anonymous', 'c.lock_reasons', 'c.owner_agency_id', 'a.name as owner_agency_name'])
    .select([score.as('score'), visibilityReasonSql(actor, today).as('access_reason'), consentStateSql(today).as('consent_state'), programLocksSql().as('program_locks')])
    .orderBy('score', 'desc')
    .orderBy(sql`lower(c.last_name)`)
    .orderBy(sql`lower(c.first_name)`)
    .orderBy('c.id')
    .limit(limit)
    .offset(offset)
    .execute();
  const reasons: Record<string, string> = {};
  for (const r of rows) reasons[r.id] = actor.memberships.some((m) => m.role === 'hmis_admin') ? 'administrator' : (r.access_reason ?? 'unknown');
  await auditClientRead(tx, ctx, rows.map((r) => r.id), reasons, { via: 'search' });
  return {
    total,
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

export interface DuplicateInput {
  firstName?: string | undefined;
  lastName?: string | undefined;
  dateOfBirth?: string | undefined;
  ssn?: string | undefined;
}

/**
 * Likely duplicates before a new record is saved: visible clients whose name is similar, or who share
 * the date of birth and a similar name, or the last four of the SSN and the date of birth.
 */
export async function findDuplicates(tx: Tx, ctx: RequestContext, input: DuplicateInput) {
  const actor = requireActor(ctx);
  const today = todayOf(ctx);
  const name = `${input.firstName ?? ''} ${input.lastName ?? ''}`.trim().toLowerCase().replace(/\s+/g, ' ');
  const last4 = input.ssn?.replace(/[^0-9x]/gi, '').slice(-4);
  const ssnOk = last4 !== undefined && /^[0-9]{4}$/.test(last4);
  if (!name && !input.dateOfBirth && !ssnOk) return { items: [], total: 0 };
  const conds = [];
  if (name) conds.push(sql<boolean>`(c.search_name % ${name} or ${name} <% c.search_name)`);
  if (input.dateOfBirth && ssnOk) conds.push(sql<boolean>`(c.dob = ${input.dateOfBirth}::date and right(c.ssn, 4) = ${last4})`);
  const nameScore = name ? sql<number>`greatest(similarity(c.search_name, ${name}), word_similarity(${name}, c.search_name))` : sql<number>`0`;
  const dobMatch = input.dateOfBirth ? sql<boolean>`coalesce(c.dob = ${input.dateOfBirth}::date, false)` : sql<boolean>`false`;
  const ssnMatch = ssnOk ? sql<boolean>`coalesce(right(c.ssn, 4) = ${last4}, false)` : sql<boolean>`false`;
  if (conds.length === 0) return { items: [], total: 0 };
  const rows = await tx
    .selectFrom('clients as c')
    .innerJoin('agencies as a', 'a.id', 'c.owner_agency_id')
    .where(visibleClientsFilter(actor, today))
    .where(sql<boolean>`(${sql.join(conds, sql` or `)})`)
    .select(['c.id', 'c.first_name', 'c.middle_name', 'c.last_name', 'c.suffix', 'c.dob', 'c.ssn', 'c.anonymous', 'a.name as owner_agency_name'])
    .select([nameScore.as('name_score'), dobMatch.as('dob_match'), ssnMatch.as('ssn_match'), visibilityReasonSql(actor, today).as('access_reason')])
    .orderBy(sql`(${dobMatch})::int + (${ssnMatch})::int`, 'desc')
    .orderBy('name_score', 'desc')
    .limit(10)
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
