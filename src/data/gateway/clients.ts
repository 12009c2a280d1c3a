/**
 * The access-scoped gateway for client records: visibility in SQL, so that searches, lists, counts and
 * exports never hold a record the caller may not see (issue 4; spec §7).
 *
 * Usage, in any query on `clients as c`:
 *
 *   db.selectFrom('clients as c').selectAll('c').where(visibleClientsFilter(actor, today))
 *
 * where `today` is the CoC's date from the injected clock (`await todayOf(tx, ctx)`, src/usecases/today.ts): consents expire by it.
 * One record: `findVisibleClient(db, actor, clientId, today)` → `{ client, reason }` or NotFoundError;
 * then `auditClientRead(tx, ctx, [client.id], reason)`.
 *
 * The rules (pure mirror in src/domain/clients/consent.ts `visibilityReason`, held together by
 * test/integration/visibility-property.test.ts):
 *  - HMIS administrator: every record.
 *  - a user of the owning agency: always.
 *  - [REFERRAL BRANCH — see `referralBranch` below]
 *  - current full consent, not locked: every user with a membership.
 *  - current full or limited consent, locked (limited sharing, a lock reason, or an enrollment in a
 *    HOPWA- or RHY-funded project): the visibility group —
 *    Housing Resource Specialists whose membership covers the CE project (project type 14) and the
 *    CES matching team.
 *  - expired, revoked or no consent: the owning agency only.
 */
import { sql, type Expression, type RawBuilder, type Selectable, type SqlBool } from 'kysely';
import type { Actor } from '../../domain/access.ts';
import { HOPWA_FUNDERS, RHY_FUNDERS } from '../../domain/clients/records.ts';
import { NotFoundError } from '../../domain/errors.ts';
import type { Db, Tx } from '../db.ts';
import type { ClientTable } from '../schema.ts';
import { writeAuditMany } from '../../usecases/audit.ts';
import type { RequestContext } from '../../usecases/context.ts';

export type ClientRow = Selectable<ClientTable>;


const inList = (column: RawBuilder<unknown>, values: readonly string[]): RawBuilder<boolean> =>
  values.length === 0 ? sql<boolean>`false` : sql<boolean>`${column} in (${sql.join([...new Set(values)])})`;

/** The state of the client's current release on `today`: full | limited | none | expired | revoked. */
export function consentStateSql(today: string, clientId: RawBuilder<unknown> = sql.ref('c.id')): RawBuilder<string> {
  return sql<string>`coalesce((
    select case
      when k.sharing = 'none' then 'none'
      when k.revoked_at is not null then 'revoked'
      when k.end_date < ${today}::date then 'expired'
      else k.sharing end
    from client_consents k
    where k.client_id = ${clientId} and k.start_date <= ${today}::date
    order by k.start_date desc, k.seq desc
    limit 1), 'none')`;
}

/**
 * The record is locked by its lock reasons or because the client has a record (an enrollment) in a
 * HOPWA- or RHY-funded project (HUD funders 13–19, 22–26: domain/clients/records.ts).
 */
export function lockedByRecordSql(): RawBuilder<boolean> {
  // One probe of the client's own enrollments per row, against the funded projects computed once per
  // query (an InitPlan). `offset 0` keeps PostgreSQL from turning the EXISTS into a hashed set of every
  // enrollment in such a project (a parallel scan of all enrollments: 400 ms at Chicago's size, chosen
  // even to test a few hundred client search candidates).
  return sql<boolean>`(cardinality(c.lock_reasons) > 0 or exists (
    select 1 from enrollments le
    where le.client_id = c.id
      and le.project_id = any(array(select lf.project_id from project_funders lf where lf.funder in (${sql.join([...HOPWA_FUNDERS, ...RHY_FUNDERS])})))
    offset 0))`;
}

/** The lock reasons that come from the client's records: 'hopwa_project', 'rhy_project' (text[]). */
export function programLocksSql(): RawBuilder<string[]> {
  return sql<string[]>`array(
    select distinct case when lf.funder in (${sql.join([...HOPWA_FUNDERS])}) then 'hopwa_project' else 'rhy_project' end
    from enrollments le join project_funders lf on lf.project_id = le.project_id
    where le.client_id = c.id and lf.funder in (${sql.join([...HOPWA_FUNDERS, ...RHY_FUNDERS])}))`;
}

const isAdmin = (actor: Actor) => actor.memberships.some((m) => m.role === 'hmis_admin');

/** HRS membership covering a project of type 14 (the CE project): decided in SQL from the project ids. */
function ceHrsSql(actor: Actor): RawBuilder<boolean> {
  const projectIds = actor.memberships.filter((m) => m.role === 'housing_resource_specialist').flatMap((m) => m.projectIds);
  if (projectIds.length === 0) return sql<boolean>`false`;
  return sql<boolean>`exists (select 1 from projects cep where ${inList(sql.ref('cep.id'), projectIds)} and cep.project_type = 14)`;
}

/**
 * ▼▼▼ REFERRAL BRANCH (issue: referrals) ▼▼▼
 * "A referral opens the door": the reason text ('referral R-<number>') when a referral of this client's
 * household (any member of its snapshot) goes to a project of one of the actor's agencies and is open,
 * or an enrollment resulted from it; NULL otherwise. Checked right after the owning agency, whatever the
 * consent or locks (spec §7). Mirrored by the domain's `visibilityReason` (`referralAgencyIds`).
 */
function referralBranch(actor: Actor, _today: string): RawBuilder<string | null> | null {
  // (Issue 6.) The reason text names the referral ("referral R-1042") so the read audit records it.
  // A referral opens the door to every member of its household snapshot, for the agency of the
  // receiving project, while it is open or once an enrollment resulted from it — locks and consent
  // notwithstanding. (The HRS-only social-service contacts are decided elsewhere and stay hidden.)
  const agencyIds = actor.memberships.map((m) => m.agencyId);
  if (agencyIds.length === 0) return null;
  // Measured (issue 10, BENCHMARKS.md): joined to projects, the planner walked every project of the
  // actor's agencies and each one's referrals for every candidate row (client search at 100k clients:
  // 268 ms). The agencies' project ids as an array computed once (an InitPlan) keep the lookup driven by
  // the client's own referrals (49 ms); same rows, same reason.
  // `offset 0` keeps the project test out of the client's index lookups: otherwise the planner ANDs in
  // the project index and reads every referral of the actor's projects (≈ 1,000 at Chicago's size) for
  // each row whose household has any referral (0.2 ms a row in the client search's reasons).
  return sql<string | null>`(select 'referral R-' || r.number from (
      select r.number, r.project_id, r.closed_at, r.enrollment_id from referrals r
      where r.client_id = c.id or r.household_snapshot @> jsonb_build_array(jsonb_build_object('clientId', c.id))
      offset 0) r
    where r.project_id = any(array(select rp.id from projects rp where ${inList(sql.ref('rp.agency_id'), agencyIds)}))
      and (r.closed_at is null or r.enrollment_id is not null)
    order by r.closed_at is null desc, r.number desc limit 1)`;
}
/** ▲▲▲ REFERRAL BRANCH ▲▲▲ */

/**
 * What the visibility rules need of the client besides `c.id` and `c.owner_agency_id`: the state of its
 * release on the day, and whether the record is locked. By default read from the records; a caller that
 * keeps them (the CE list's rows, src/data/repos/ce-list.ts) passes its columns instead.
 */
export interface VisibilityFacts {
  consentState: RawBuilder<string>;
  locked: RawBuilder<boolean>;
  /** Where the client's id and owning agency are read (default `c.id`, `c.owner_agency_id`). */
  clientId?: RawBuilder<unknown>;
  ownerAgencyId?: RawBuilder<unknown>;
}

const factsFromRecords = (today: string): VisibilityFacts => ({ consentState: consentStateSql(today), locked: lockedByRecordSql() });

/** The consent-and-group part of the rules: the reason, or NULL. */
function consentBranchSql(actor: Actor, facts: VisibilityFacts): RawBuilder<string | null> {
  const member = actor.memberships.length > 0;
  const matcher = actor.memberships.some((m) => m.role === 'ces_matcher');
  const groupBranches = sql`when ${ceHrsSql(actor)} then 'visibility group: CE project' ${matcher ? sql`when true then 'visibility group: matching team'` : sql``}`;
  return sql<string | null>`(case ${facts.consentState}
      when 'full' then (case ${member ? sql`when not ${facts.locked} then 'full consent'` : sql``} ${groupBranches} else null end)
      when 'limited' then (case ${groupBranches} else null end)
      else null end)`;
}

/**
 * Why the actor may see `c` (a text naming the reason for the read audit), or NULL when they may not.
 * Only the branches that can apply to this actor are put into the SQL.
 */
export function visibilityReasonSql(actor: Actor, today: string, facts: VisibilityFacts = factsFromRecords(today)): RawBuilder<string | null> {
  if (isAdmin(actor)) return sql<string>`'administrator'`;
  const agencyIds = actor.memberships.map((m) => m.agencyId);
  const referral = referralBranch(actor, today);
  return sql<string | null>`(case
    when ${inList(sql.ref('c.owner_agency_id'), agencyIds)} then 'owning agency'
    ${referral ? sql`when ${referral} is not null then ${referral}` : sql``}
    else ${consentBranchSql(actor, facts)}
    end)`;
}

/**
 * The clients of the referral branch as one set (computed once per query and hashed): the members of
 * every open or enrolled referral's household to a project of the actor's agencies.
 */
function referralClientsSql(actor: Actor): RawBuilder<unknown> | null {
  const agencyIds = actor.memberships.map((m) => m.agencyId);
  if (agencyIds.length === 0) return null;
  // The head and the members of the snapshot, as one array per referral: a lateral function scan per
  // referral cost ten times more (measured at Chicago's size: 24 ms against 2.4 for an agency's referrals).
  return sql`(select unnest(r.client_id || array(select s->>'clientId' from jsonb_array_elements(r.household_snapshot) s)) from referrals r
    where r.project_id = any(array(select rp.id from projects rp where ${inList(sql.ref('rp.agency_id'), agencyIds)}))
      and (r.closed_at is null or r.enrollment_id is not null))`;
}

/**
 * Keeps only the clients (`clients as c`) the actor may see on `today`: the same rules as
 * `visibilityReasonSql` as a yes/no, its cheapest branches first and the referral branch as a set —
 * for lists that test many clients (measured in BENCHMARKS.md: the CE list at Chicago scale).
 */
export function visibleClientsFilter(actor: Actor, today: string, facts: VisibilityFacts = factsFromRecords(today)): Expression<SqlBool> {
  if (isAdmin(actor)) return sql<SqlBool>`true`;
  if (actor.memberships.length === 0) return sql<SqlBool>`false`;
  const agencyIds = actor.memberships.map((m) => m.agencyId);
  const referralClients = referralClientsSql(actor);
  return sql<SqlBool>`(${inList(facts.ownerAgencyId ?? sql.ref('c.owner_agency_id'), agencyIds)}
    or ${consentBranchSql(actor, facts)} is not null
    ${referralClients ? sql`or ${facts.clientId ?? sql.ref('c.id')} in ${referralClients}` : sql``})`;
}

/**
 * One client the actor may see, with the reason; NotFoundError when absent or not visible. The row's
 * `lock_reasons` also holds 'hopwa_project' / 'rhy_project' when the client's records put them there.
 */
export async function findVisibleClient(db: Db | Tx, actor: Actor, clientId: string, today: string): Promise<{ client: ClientRow; reason: string; consentState: string }> {
  const row = await db
    .selectFrom('clients as c')
    .selectAll('c')
    .select([visibilityReasonSql(actor, today).as('access_reason'), consentStateSql(today).as('consent_state'), programLocksSql().as('program_locks')])
    .where('c.id', '=', clientId)
    .executeTakeFirst();
  if (!row || row.access_reason === null) throw new NotFoundError('client');
  const { access_reason, consent_state, program_locks, ...client } = row;
  // lock_reasons as read here includes those that come from the client's records (HOPWA/RHY).
  const lock_reasons = [...new Set([...client.lock_reasons, ...program_locks])];
  return { client: { ...client, lock_reasons } as ClientRow, reason: access_reason, consentState: consent_state };
}

/** The ids among `clientIds` the actor may see (order kept). */
export async function filterVisibleClientIds(db: Db | Tx, actor: Actor, clientIds: readonly string[], today: string): Promise<string[]> {
  if (clientIds.length === 0) return [];
  const rows = await db.selectFrom('clients as c').select('c.id').where('c.id', 'in', [...clientIds]).where(visibleClientsFilter(actor, today)).execute();
  const visible = new Set(rows.map((r) => r.id));
  return clientIds.filter((id) => visible.has(id));
}

/**
 * Writes the read audit: one `client.read` row per client, with why access was allowed. `reason` is
 * one text for all, or a text per client id.
 */
export async function auditClientRead(
  tx: Db | Tx,
  ctx: RequestContext,
  clientIds: readonly string[],
  reason: string | Readonly<Record<string, string>>,
  details?: Record<string, unknown>,
): Promise<void> {
  await writeAuditMany(
    tx,
    ctx,
    clientIds.map((id) => ({
      action: 'client.read',
      entityType: 'client',
      entityId: id,
      clientId: id,
      reason: typeof reason === 'string' ? reason : (reason[id] ?? 'unknown'),
      ...(details ? { details } : {}),
    })),
  );
}
