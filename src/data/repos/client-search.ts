/**
 * The queries of client search (issue 10: bounded work at any number of clients). Every query keeps only
 * the clients the actor may see (`visibleClientsFilter`), and each reads at most a bounded number of
 * candidates in relevance order, so visibility is decided for a few hundred rows, never for every match.
 *
 * Names are typo-tolerant through pg_trgm over the distinct names (`client_search_names`, migration
 * 0014): a name matches when `%` (similarity ≥ pg_trgm.similarity_threshold, 0.3), `<%` (word
 * similarity ≥ pg_trgm.word_similarity_threshold, 0.6) or it contains the query; its score is the greater
 * of the two similarities. Order: score, then the name, then the client id.
 */
import { sql, type RawBuilder } from 'kysely';
import type { Actor } from '../../domain/access.ts';
import type { Db, Tx } from '../db.ts';
import { consentStateSql, programLocksSql, visibilityReasonSql, visibleClientsFilter } from '../gateway/clients.ts';

export interface NarrowCriteria {
  dateOfBirth?: string | undefined;
  ssnLast4?: string | undefined;
  clientId?: string | undefined;
}

export interface NameMatch {
  name: string;
  score: number;
}

const likePattern = (q: string) => '%' + q.replace(/[\\%_]/g, (m) => '\\' + m) + '%';

/**
 * The name in `column` matches `q` (the trigram index answers it); `contains`: also a name that holds
 * `q` as it is. `name %> q` is `q <% name` written with the column first, as the index scan uses it: so
 * the planner does not test it a second time.
 */
export const nameMatchSql = (q: string, column: RawBuilder<unknown>, contains = true): RawBuilder<boolean> =>
  contains ? sql<boolean>`(${column} % ${q} or ${column} %> ${q} or ${column} like ${likePattern(q)})` : sql<boolean>`(${column} % ${q} or ${column} %> ${q})`;

/** The relevance of a name for `q` (0–1). */
export const nameScoreSql = (q: string, column: RawBuilder<unknown>): RawBuilder<number> =>
  sql<number>`greatest(similarity(${column}, ${q}), word_similarity(${q}, ${column}))`;

/**
 * Distinct names matching `q`, best first (score, then name), a page of them: through the trigram index,
 * in `client_search_names_matching` (migration 0014; the same conditions as `nameMatchSql`). With the
 * planner's estimate of clients per name (NULL before the tables were first analyzed).
 */
export async function matchingNames(db: Db | Tx, q: string, limit: number, offset = 0, contains = true): Promise<{ names: NameMatch[]; clientsPerName: number | null }> {
  const { rows } = await sql<{ search_name: string; score: number; per_name: number | null }>`
    select m.search_name, m.score,
      (select c.reltuples / n.reltuples from pg_class c, pg_class n
        where c.oid = 'clients'::regclass and n.oid = 'client_search_names'::regclass and c.reltuples > 0 and n.reltuples > 0) as per_name
    from client_search_names_matching(${q}, ${contains}, ${limit}, ${offset}) m
    order by m.score desc, m.search_name`.execute(db);
  const perName = rows[0]?.per_name;
  return { names: rows.map((r) => ({ name: r.search_name, score: Number(r.score) })), clientsPerName: perName === null || perName === undefined ? null : Number(perName) };
}

/** Names read per query; the share of a name's clients a first batch counts on seeing. */
const NAME_PAGE = 500;
const EXPECTED_VISIBLE = 0.2;

/**
 * The visible clients whose name matches `q`, best first, at most `want`: the matching names best
 * first, then their clients a batch of names at a time until `want` are found. The first batch is sized
 * from the clients per name (statistics) and one client in five visible; the next ones from the hits per
 * name seen so far, with a margin. At Chicago's size one batch does for a common "first last".
 */
export async function visibleClientsByName(db: Db | Tx, actor: Actor, today: string, q: string, want: number, contains = true): Promise<SearchRow[]> {
  const hits: SearchRow[] = [];
  let tried = 0;
  for (let offset = 0; hits.length < want; offset += NAME_PAGE) {
    const { names, clientsPerName } = await matchingNames(db, q, NAME_PAGE, offset, contains);
    const first = Math.min(NAME_PAGE, Math.max(8, Math.ceil(want / ((clientsPerName ?? 1) * EXPECTED_VISIBLE))));
    for (let i = 0; i < names.length && hits.length < want; ) {
      const perName = tried === 0 ? 0 : hits.length / tried;
      const batch = tried === 0 ? first : perName > 0 ? Math.ceil(((want - hits.length) / perName) * 1.5) : 4 * tried;
      const slice = names.slice(i, i + batch).map((n) => n.name);
      hits.push(...(await visibleClientsNamed(db, actor, today, q, slice, want - hits.length)));
      i += slice.length;
      tried += slice.length;
    }
    if (names.length < NAME_PAGE) break;
  }
  return hits;
}

/**
 * What a search shows of a client and what its read audit needs, for the visible clients only. The
 * select list's subqueries (reason, consent, locks) are evaluated after the sort and the limit, for the
 * rows returned only (PostgreSQL postpones costly output columns past a LIMIT).
 */
function searchSelect(db: Db | Tx, actor: Actor, today: string, q: string) {
  const score = q ? nameScoreSql(q, sql.ref('c.search_name')) : sql<number>`0`;
  return db
    .selectFrom('clients as c')
    .innerJoin('agencies as a', 'a.id', 'c.owner_agency_id')
    .select(['c.id', 'c.first_name', 'c.middle_name', 'c.last_name', 'c.suffix', 'c.dob', 'c.ssn', 'c.anonymous', 'c.lock_reasons', 'c.owner_agency_id', 'a.name as owner_agency_name'])
    .select([score.as('score'), visibilityReasonSql(actor, today).as('access_reason'), consentStateSql(today).as('consent_state'), programLocksSql().as('program_locks')])
    .where(visibleClientsFilter(actor, today));
}

/** A search's row: the client, its owning agency's name, the score, why the caller may see it, consent and locks. */
export type SearchRow = Awaited<ReturnType<ReturnType<typeof searchSelect>['execute']>>[number];

/** The visible clients bearing one of `names` (in that order, then by id), at most `limit`. */
export async function visibleClientsNamed(db: Db | Tx, actor: Actor, today: string, q: string, names: readonly string[], limit: number): Promise<SearchRow[]> {
  if (names.length === 0 || limit <= 0) return [];
  const list = sql`${[...names]}::text[]`;
  return searchSelect(db, actor, today, q)
    .where(sql<boolean>`c.search_name = any(${list})`)
    .orderBy(sql`array_position(${list}, c.search_name)`)
    .orderBy('c.id')
    .limit(limit)
    .execute();
}

/**
 * The visible clients that a date of birth, the last four of the SSN or a client id select (an index
 * each), and whose name matches `q` when given; best first; at most `limit`.
 */
export async function visibleClientsNarrowed(db: Db | Tx, actor: Actor, today: string, criteria: NarrowCriteria, q: string, limit: number): Promise<SearchRow[]> {
  const name = sql.ref('c.search_name');
  let query = searchSelect(db, actor, today, q);
  if (criteria.dateOfBirth) query = query.where('c.dob', '=', criteria.dateOfBirth);
  if (criteria.ssnLast4) query = query.where(sql<boolean>`right(c.ssn, 4) = ${criteria.ssnLast4}`);
  if (criteria.clientId) query = query.where('c.id', '=', criteria.clientId);
  if (q) query = query.where(nameMatchSql(q, name)).orderBy(nameScoreSql(q, name), 'desc').orderBy('c.search_name');
  else query = query.orderBy(sql`lower(c.last_name)`).orderBy(sql`lower(c.first_name)`);
  return query.orderBy('c.id').limit(limit).execute();
}

/**
 * The visible clients that share the date of birth or the last four of the SSN (an index each) and have
 * a name like `name` (without `contains`) — or share both. The likely duplicates that rank first.
 */
export async function visibleClientsSharing(db: Db | Tx, actor: Actor, today: string, shared: { dateOfBirth?: string | undefined; ssnLast4?: string | undefined }, name: string): Promise<string[]> {
  const dob = shared.dateOfBirth ? sql<boolean>`c.dob = ${shared.dateOfBirth}::date` : null;
  const ssn = shared.ssnLast4 ? sql<boolean>`right(c.ssn, 4) = ${shared.ssnLast4}` : null;
  const any = [dob, ssn].filter((x) => x !== null);
  if (any.length === 0) return [];
  const similar = [...(name ? [nameMatchSql(name, sql.ref('c.search_name'), false)] : []), ...(dob && ssn ? [sql<boolean>`(${dob} and ${ssn})`] : [])];
  if (similar.length === 0) return [];
  const rows = await db
    .selectFrom('clients as c')
    .select('c.id')
    .where(sql<boolean>`(${sql.join(any, sql` or `)})`)
    .where(sql<boolean>`(${sql.join(similar, sql` or `)})`)
    .where(visibleClientsFilter(actor, today))
    .execute();
  return rows.map((r) => r.id);
}

/**
 * The visible clients in list order (last name, first name, id), at most `limit`: read in the order of
 * `clients_list_order_idx`, stopping once `limit` are found.
 */
export async function visibleClientsListed(db: Db | Tx, actor: Actor, today: string, limit: number): Promise<SearchRow[]> {
  return searchSelect(db, actor, today, '').orderBy(sql`lower(c.last_name)`).orderBy(sql`lower(c.first_name)`).orderBy('c.id').limit(limit).execute();
}
