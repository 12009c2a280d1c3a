/**
 * The CE list's SQL (issue 7; kept as rows since issue 10). A household is listed when its head has an
 * open CE enrollment whose latest CE assessment placed it on the prioritization list (4.19 status 1), it
 * is still homeless (no permanent-housing move-in since that assessment: project types 3, 9, 10, 13) and
 * has no open referral.
 *
 * `listedRecords` reads those households from their records (the expensive query); the use case turns
 * them into `ce_list_entries` rows (`writeEntries`). `ceListPage` reads the list a user may see, filtered,
 * ordered and paged in SQL: the criteria's SQL below computes what `criterionValues` in
 * src/domain/prioritization computes (a test compares the two orders on generated households).
 */
import { sql, type Expression, type InsertObject, type RawBuilder, type SqlBool } from 'kysely';
import type { Actor } from '../../domain/access.ts';
import type { CeCandidate, CeListFacts, CriterionKey, HouseholdMemberFacts, HouseholdType, ListDayLimits, OpeningFacts, Population, PrioritizationSettings, ProjectFacts } from '../../domain/prioritization/index.ts';
import { POPULATIONS, yearsOldIfBornBy } from '../../domain/prioritization/index.ts';
import type { ChronicHomelessInputs } from '../../domain/enrollment/living-situation.ts';
import { localDateAt } from '../../domain/calendar/zoned.ts';
import type { Db, Tx } from '../db.ts';
import type { DB } from '../schema.ts';
import { consentStateSql, lockedByRecordSql, visibleClientsFilter } from '../gateway/clients.ts';

export const PERMANENT_HOUSING_TYPES = [3, 9, 10, 13] as const;
export const CE_PROJECT_TYPE = 14;

/** The earliest and the latest of some dates (ISO text), ignoring the missing ones; null when none. */
const known = (ds: readonly (string | null | undefined)[]): string[] => ds.filter((d): d is string => !!d);
const earliest = (...ds: (string | null | undefined)[]): string | null => known(ds).reduce<string | null>((a, b) => (a === null || b < a ? b : a), null);
const latest = (...ds: (string | null | undefined)[]): string | null => known(ds).reduce<string | null>((a, b) => (a === null || b > a ? b : a), null);

/** A listed household as read from its records, before chronic homelessness is decided. */
export interface ListedRecord extends Omit<CeCandidate, 'lastContact'> {
  ceEnrollmentId: string;
  householdId: string;
  lastContactDate: string;
  lastActivityAt: Date | null;
  /** Non-head members enrolled in CE with the head, with their dates of birth (their 3.917 counts once adult). */
  ceMemberDobs: (string | null)[];
  /** The head's owning agency, release on the visibility day, the first day it may change, and the record's locks. */
  ownerAgencyId: string;
  consentState: string;
  consentUntil: string | null;
  locked: boolean;
}

/**
 * The listed households among `heads` (every listed household when `heads` is null), whoever may see
 * them. `today` decides which members enrolled with the head are adults; `visibilityDay` the release.
 */
export async function listedRecords(db: Db | Tx, heads: readonly string[] | null, today: string, visibilityDay: string): Promise<ListedRecord[]> {
  if (heads !== null && heads.length === 0) return [];
  let q = db
    .selectFrom('enrollments as e')
    .innerJoin('clients as c', 'c.id', 'e.client_id')
    .innerJoinLateral(
      (eb) =>
        eb
          .selectFrom('ce_assessments as a')
          .select(['a.assessment_date', 'a.score', 'a.prioritization_status', 'a.created_at'])
          .whereRef('a.client_id', '=', 'e.client_id')
          .orderBy('a.assessment_date', 'desc')
          .orderBy('a.created_at', 'desc')
          .orderBy('a.id', 'desc')
          .limit(1)
          .as('a'),
      (join) => join.onTrue(),
    )
    .select([
      'e.id as enrollment_id',
      'e.client_id',
      'e.household_id',
      'e.entry_date',
      'e.disabling_condition',
      'e.living_situation',
      'e.rental_subsidy_type',
      'e.length_of_stay',
      'e.los_under_threshold',
      'e.previous_street_essh',
      'e.date_to_street_essh',
      'e.times_homeless_past_three_years',
      'e.months_homeless_past_three_years',
      'a.assessment_date',
      'a.score',
      'c.dob',
      'c.veteran_status',
      'c.owner_agency_id',
    ])
    .select([
      sql<string | null>`(select min(a2.assessment_date) from ce_assessments a2 where a2.enrollment_id = e.id and a2.prioritization_status = 1)`.as('listed_since'),
      sql<string | null>`(select max(cls.information_date) from current_living_situations cls where cls.client_id = e.client_id)`.as('last_cls'),
      sql<Date | null>`(select max(ca.at) from contact_attempts ca join referrals rr on rr.id = ca.referral_id where rr.client_id = e.client_id)`.as('last_attempt'),
      sql<Date | null>`(select max(e3.updated_at) from enrollments e3 where e3.client_id = e.client_id)`.as('last_enrollment_update'),
      sql<string | null>`(select max(greatest(e3.entry_date, coalesce(e3.exit_date, e3.entry_date), coalesce(e3.move_in_date, e3.entry_date))) from enrollments e3 where e3.client_id = e.client_id)`.as('last_enrollment_date'),
      consentStateSql(visibilityDay, sql.ref('e.client_id')).as('consent_state'),
      // The first day the release's state may change: a release starts, or one ends (early is harmless).
      sql<string | null>`(select min(d) from (
          select k.start_date as d from client_consents k where k.client_id = e.client_id and k.start_date > ${visibilityDay}::date
          union all
          select k.end_date + 1 from client_consents k where k.client_id = e.client_id and k.end_date >= ${visibilityDay}::date) as changes)`.as('consent_until'),
      lockedByRecordSql().as('locked'),
    ])
    .where('e.is_ce', '=', true)
    .where('e.exit_date', 'is', null)
    .where('e.relationship_to_hoh', '=', 1)
    .where('a.prioritization_status', '=', 1)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('enrollments as ph')
            .innerJoin('projects as pp', 'pp.id', 'ph.project_id')
            .select(sql`1`.as('one'))
            .whereRef('ph.client_id', '=', 'e.client_id')
            .where('pp.project_type', 'in', [...PERMANENT_HOUSING_TYPES])
            .where('ph.move_in_date', 'is not', null)
            .whereRef('ph.move_in_date', '>', 'a.assessment_date'),
        ),
      ),
    )
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('referrals as r').select(sql`1`.as('one')).whereRef('r.client_id', '=', 'e.client_id').where('r.closed_at', 'is', null))));
  if (heads !== null) q = q.where('e.client_id', '=', sql<string>`any(${[...heads]}::text[])`);
  const rows = await q.execute();
  if (rows.length === 0) return [];

  // Households: the head's current household (households/household_members), else a household of one.
  const headIds = rows.map((r) => r.client_id);
  const memberRows = await db
    .selectFrom('household_members as h0')
    .innerJoin('household_members as m', (j) => j.onRef('m.household_id', '=', 'h0.household_id').on('m.left_on', 'is', null))
    .innerJoin('clients as c', 'c.id', 'm.client_id')
    .select(['h0.client_id as head_id', 'm.client_id', 'm.relationship_to_hoh', 'c.dob', 'c.veteran_status'])
    .where('h0.client_id', '=', sql<string>`any(${headIds}::text[])`)
    .where('h0.left_on', 'is', null)
    .where('h0.relationship_to_hoh', '=', 1)
    .orderBy('m.joined_on')
    .orderBy('m.created_at')
    .orderBy('m.client_id') // members added together: one order, whichever query computes the row
    .execute();
  const membersOf = new Map<string, HouseholdMemberFacts[]>();
  for (const m of memberRows) {
    const list = membersOf.get(m.head_id) ?? [];
    if (!list.some((x) => x.clientId === m.client_id)) list.push({ clientId: m.client_id, relationshipToHoH: m.relationship_to_hoh, dob: m.dob, veteranStatus: m.veteran_status });
    membersOf.set(m.head_id, list);
  }

  // Adults enrolled with the head in CE carry their own 3.917 and disabling condition.
  const others = await db
    .selectFrom('enrollments as e')
    .innerJoin('clients as c', 'c.id', 'e.client_id')
    .select([
      'e.household_id',
      'e.client_id',
      'c.dob',
      'e.disabling_condition',
      'e.living_situation',
      'e.rental_subsidy_type',
      'e.length_of_stay',
      'e.los_under_threshold',
      'e.previous_street_essh',
      'e.date_to_street_essh',
      'e.times_homeless_past_three_years',
      'e.months_homeless_past_three_years',
    ])
    .where('e.household_id', '=', sql<string>`any(${rows.map((r) => r.household_id)}::text[])`)
    .where('e.is_ce', '=', true)
    .where('e.exit_date', 'is', null)
    .where('e.relationship_to_hoh', '!=', 1)
    .execute();
  const othersOf = new Map<string, typeof others>();
  for (const o of others) othersOf.set(o.household_id, [...(othersOf.get(o.household_id) ?? []), o]);

  type Inputs = Pick<(typeof rows)[number], 'disabling_condition' | 'living_situation' | 'rental_subsidy_type' | 'length_of_stay' | 'los_under_threshold' | 'previous_street_essh' | 'date_to_street_essh' | 'times_homeless_past_three_years' | 'months_homeless_past_three_years'>;
  const inputsOf = (e: Inputs): ChronicHomelessInputs => ({
    projectType: CE_PROJECT_TYPE,
    disablingCondition: e.disabling_condition,
    livingSituation: e.living_situation,
    rentalSubsidyType: e.rental_subsidy_type,
    lengthOfStay: e.length_of_stay,
    losUnderThreshold: e.los_under_threshold,
    previousStreetESSH: e.previous_street_essh,
    dateToStreetESSH: e.date_to_street_essh,
    timesHomelessPastThreeYears: e.times_homeless_past_three_years,
    monthsHomelessPastThreeYears: e.months_homeless_past_three_years,
  });
  const adultIfBornBy = yearsOldIfBornBy(today, 18);

  return rows.map((r) => {
    const members = membersOf.get(r.client_id) ?? [{ clientId: r.client_id, relationshipToHoH: 1, dob: r.dob, veteranStatus: r.veteran_status }];
    const enrolledWithHead = othersOf.get(r.household_id) ?? [];
    const adults = enrolledWithHead.filter((o) => o.dob === null || o.dob <= adultIfBornBy);
    const disabling = [r, ...adults].some((x) => x.disabling_condition === 1) ? 1 : r.disabling_condition;
    const activity = [r.last_attempt, r.last_enrollment_update].filter((d): d is Date => d !== null);
    return {
      clientId: r.client_id,
      ceEnrollmentId: r.enrollment_id,
      householdId: r.household_id,
      members: [...members.filter((m) => m.relationshipToHoH === 1 && m.clientId === r.client_id), ...members.filter((m) => m.clientId !== r.client_id)],
      chronicInputs: [inputsOf(r), ...adults.map(inputsOf)],
      ceEntryDate: r.entry_date,
      disablingCondition: disabling,
      assessmentDate: r.assessment_date,
      score: r.score === null ? null : Number(r.score),
      dateToStreetEssh: r.date_to_street_essh,
      monthsHomelessCode: r.months_homeless_past_three_years,
      listedSince: r.listed_since ?? r.assessment_date,
      lastContactDate: latest(r.assessment_date, r.last_cls, r.last_enrollment_date) ?? r.assessment_date,
      lastActivityAt: activity.length === 0 ? null : new Date(Math.max(...activity.map((d) => d.getTime()))),
      ceMemberDobs: enrolledWithHead.map((o) => o.dob),
      ownerAgencyId: r.owner_agency_id,
      consentState: r.consent_state,
      consentUntil: r.consent_until,
      locked: r.locked,
    };
  });
}

// ------------------------------------------------------------------------------------------ upkeep

/**
 * Takes the stale marks (the clients whose facts changed) and returns the heads whose rows must be
 * computed again: the marked clients, the heads of the households they are in or were listed with, and
 * the rows due for a recheck on `today`. The caller holds the list's refresh lock.
 */
export async function takeStaleHeads(tx: Tx, today: string, visibilityDay: string, limit: number): Promise<{ heads: string[]; marks: number }> {
  const marked = await sql<{ client_id: string }>`
    delete from ce_list_stale where client_id in (select client_id from ce_list_stale limit ${limit}) returning client_id
  `.execute(tx);
  const ids = marked.rows.map((r) => r.client_id);
  const heads = await sql<{ client_id: string }>`
    select ids.id as client_id from unnest(${ids}::text[]) as ids(id)
    union
    select h.client_id from household_members m
      join household_members h on h.household_id = m.household_id and h.relationship_to_hoh = 1 and h.left_on is null
     where m.client_id = any(${ids}::text[])
    union
    select l.client_id from ce_list_households l where l.member_ids && ${ids}::text[]
    union
    select l.client_id from ce_list_entries l where l.recheck_on <= ${today}::date
    union
    select l.client_id from ce_list_entries l where l.consent_until <= ${visibilityDay}::date
  `.execute(tx);
  return { heads: heads.rows.map((r) => r.client_id), marks: ids.length };
}

/**
 * The stale marks, counted up to `cap` (enough to choose between a full rebuild and the marked rows: the
 * count stops there), and the rows due for a recheck.
 */
export async function staleMarkCount(db: Db | Tx, today: string, visibilityDay: string, cap: number): Promise<{ marks: number; rechecks: number }> {
  const r = await sql<{ marks: string; rechecks: string }>`
    select (select count(*) from (select 1 from ce_list_stale limit ${cap}) as m) as marks,
           (select count(*) from ce_list_entries where recheck_on <= ${today}::date)
             + (select count(*) from ce_list_entries where consent_until <= ${visibilityDay}::date) as rechecks
  `.execute(db);
  return { marks: Number(r.rows[0]!.marks), rechecks: Number(r.rows[0]!.rechecks) };
}

/** Drops every stale mark (a full rebuild computes everything). */
export async function clearStaleMarks(tx: Tx): Promise<void> {
  await sql`delete from ce_list_stale`.execute(tx);
}

/** The later of the dated contacts and the timestamped ones, as a date in `timeZone`. */
function lastContactOf(r: Pick<ListedRecord, 'lastContactDate' | 'lastActivityAt'>, timeZone: string): string {
  const activity = r.lastActivityAt ? localDateAt(r.lastActivityAt, timeZone) : null;
  return activity && activity > r.lastContactDate ? activity : r.lastContactDate;
}

export interface EntryRow {
  record: ListedRecord;
  chronic: boolean;
  recheckOn: string | null;
}

/** The members' dates of birth as the list's rules compare them (migration 0017). */
function birthDatesOf(members: readonly HouseholdMemberFacts[]) {
  const dobs = members.map((m) => m.dob);
  const veterans = members.filter((m) => m.veteranStatus === 1);
  return {
    youngest_dob: latest(...dobs),
    eldest_dob: earliest(...dobs),
    dobs_known: known(dobs).length,
    // A veteran whose date of birth is unknown counts as an adult.
    eldest_veteran_dob: veterans.some((m) => m.dob === null) ? '-infinity' : earliest(...veterans.map((m) => m.dob)),
  };
}

/**
 * Replaces the rows of `heads` (all rows when null) by `entries`: heads no longer listed lose their row
 * (and their members' row with it). Rows are written in client-ID order so that two writers lock them
 * in the same order.
 */
export async function writeEntries(tx: Tx, heads: readonly string[] | null, entries: readonly EntryRow[], timeZone: string): Promise<void> {
  const listed = entries.map((e) => e.record.clientId);
  if (heads === null) await sql`delete from ce_list_entries where not (client_id = any(${listed}::text[]))`.execute(tx);
  else await sql`delete from ce_list_entries where client_id = any(${[...heads]}::text[]) and not (client_id = any(${listed}::text[]))`.execute(tx);
  const sorted = [...entries].sort((a, b) => (a.record.clientId < b.record.clientId ? -1 : 1));
  for (let i = 0; i < sorted.length; i += 500) {
    const values = sorted.slice(i, i + 500).map(({ record: r, chronic, recheckOn }) => ({
      client_id: r.clientId,
      enrollment_id: r.ceEnrollmentId,
      household_id: r.householdId,
      assessment_date: r.assessmentDate,
      score: r.score,
      listed_since: r.listedSince,
      last_contact_date: r.lastContactDate,
      last_activity_at: r.lastActivityAt,
      last_contact: lastContactOf(r, timeZone),
      contact_zone: timeZone,
      chronic,
      disabling_condition: r.disablingCondition,
      date_to_street_essh: r.dateToStreetEssh,
      months_homeless_code: r.monthsHomelessCode,
      household_size: r.members.length,
      head_dob: r.members[0]?.dob ?? null,
      ...birthDatesOf(r.members),
      owner_agency_id: r.ownerAgencyId,
      consent_state: r.consentState,
      consent_until: r.consentUntil,
      locked: r.locked,
      recheck_on: recheckOn,
      refreshed_at: sql<Date>`now()`,
    }));
    await upsert(tx, 'ce_list_entries', values);
    const households = sorted.slice(i, i + 500).map(({ record: r }) => ({ client_id: r.clientId, member_ids: r.members.map((m) => m.clientId), members: JSON.stringify(r.members) }));
    await upsert(tx, 'ce_list_households', households);
  }
}

type ListTable = 'ce_list_entries' | 'ce_list_households';

/** Inserts `values`, every column but the key taking the new value where the row exists. */
async function upsert<T extends ListTable>(tx: Tx, table: T, values: readonly InsertObject<DB, T>[]): Promise<void> {
  const set = Object.fromEntries(Object.keys(values[0]!).filter((k) => k !== 'client_id').map((k) => [k, sql.ref(`excluded.${k}`)]));
  // Kysely cannot type a table chosen by a parameter: the values were checked against `T` by the caller.
  await tx
    .insertInto(table as ListTable)
    .values(values as never)
    .onConflict((oc) => oc.column('client_id').doUpdateSet(set as never))
    .execute();
}

// -------------------------------------------------------------------------------------------- read

/** The rules of the list that depend on the day, in SQL over `ce_list_entries as l`. */
function listSql(limits: ListDayLimits) {
  // No minor: the youngest known date of birth is an adult's; only minors: every date known, the eldest a minor's.
  const type = sql<HouseholdType>`(case when l.youngest_dob is null or l.youngest_dob <= ${limits.minorIfBornAfter}::date then 'single'
    when l.dobs_known = l.household_size and l.eldest_dob > ${limits.minorIfBornAfter}::date then 'childOnly' else 'family' end)`;
  const veteran = sql<SqlBool>`coalesce(l.eldest_veteran_dob <= ${limits.minorIfBornAfter}::date, false)`;
  const population = (p: Population): RawBuilder<SqlBool> => {
    switch (p) {
      case 'singles':
        return sql<SqlBool>`${type} = 'single'`;
      case 'families':
        return sql<SqlBool>`${type} = 'family'`;
      case 'youth':
        return sql<SqlBool>`(${type} = 'childOnly' or l.head_dob > ${limits.youthIfBornAfter}::date)`;
      case 'veterans':
        return veteran;
    }
  };
  return { type, veteran, population };
}

/** Visibility from the facts the row keeps (the gateway's rules; see `VisibilityFacts`). */
const visibleEntry = (actor: Actor, visibilityDay: string) =>
  visibleClientsFilter(actor, visibilityDay, {
    consentState: sql<string>`l.consent_state`,
    locked: sql<boolean>`l.locked`,
    clientId: sql`l.client_id`,
    ownerAgencyId: sql`l.owner_agency_id`,
  });

/** The kept last contact, or computed again when the CoC's zone is not the one it was kept in. */
const lastContactSql = (timeZone: string) =>
  sql<string>`(case when l.contact_zone = ${timeZone} then l.last_contact else greatest(l.last_contact_date, (l.last_activity_at at time zone ${timeZone})::date) end)`;

function criterionSql(key: CriterionKey, today: string, s: ReturnType<typeof listSql>): RawBuilder<unknown> {
  switch (key) {
    case 'chronic':
      return sql`(case when l.chronic then 1 else 0 end)`;
    case 'score':
      return sql`l.score`;
    case 'lengthOfTimeHomeless':
      return sql`(case when l.date_to_street_essh <= ${today}::date then ${today}::date - l.date_to_street_essh
                       when l.months_homeless_code between 101 and 113 then (l.months_homeless_code - 100) * 30 end)`;
    case 'assessmentDate':
      return sql`l.assessment_date`;
    case 'veteran':
      return sql`(case when ${s.veteran} then 1 else 0 end)`;
    case 'withChildren':
      return sql`(case when ${s.type} = 'family' then 1 else 0 end)`;
    case 'daysOnList':
      return sql`(${today}::date - l.listed_since)`;
  }
}

/** A household on the list as read for a page: the ranking's facts, its CE enrollment and its name. */
export interface ListedEntry extends CeListFacts {
  ceEnrollmentId: string;
  firstName: string | null;
  lastName: string | null;
  anonymous: boolean;
}

export interface ListFilter {
  includeInactive: boolean;
  population?: Population | undefined;
  householdType?: HouseholdType | undefined;
  /** Eligibility for a project (and an opening of it): the rules of `ineligibilityFor`. */
  project?: ProjectFacts | null;
  opening?: OpeningFacts | null;
}

function filterSql(f: ListFilter, limits: ListDayLimits, settings: PrioritizationSettings, timeZone: string): Expression<SqlBool>[] {
  const s = listSql(limits);
  const out: Expression<SqlBool>[] = [];
  if (!f.includeInactive) out.push(sql<SqlBool>`${lastContactSql(timeZone)} >= ${limits.activeIfContactOnOrAfter}::date`);
  if (f.population) out.push(s.population(f.population));
  if (f.householdType) out.push(sql<SqlBool>`${s.type} = ${f.householdType}`);
  if (f.project) {
    if (settings.disabilityRequiredProjectTypes.includes(f.project.projectType)) out.push(sql<SqlBool>`l.disabling_condition = 1`);
    const served = f.project.populations.filter((p): p is Population => (POPULATIONS as readonly string[]).includes(p));
    if (served.length > 0) out.push(sql<SqlBool>`(${sql.join(served.map(s.population), sql` or `)})`);
  }
  if (f.opening) {
    if (f.opening.householdSize !== null) out.push(sql<SqlBool>`l.household_size <= ${f.opening.householdSize}`);
    const p = f.opening.population;
    if (p && (POPULATIONS as readonly string[]).includes(p)) out.push(s.population(p as Population));
  }
  return out;
}

const entryColumns = (timeZone: string) => sql`
  l.client_id, l.enrollment_id, l.chronic, l.disabling_condition,
  l.assessment_date, l.score, l.date_to_street_essh, l.months_homeless_code, l.listed_since, ${lastContactSql(timeZone)} as last_contact`;

type RankedSqlRow = Omit<EntrySqlRow, 'first_name' | 'last_name' | 'anonymous' | 'members'>;

/**
 * The members and names of the page's households, read for the page only: the list itself is ranked
 * from its narrow rows and never touches `clients`.
 */
async function withHouseholds(db: Db | Tx, rows: readonly RankedSqlRow[]): Promise<EntrySqlRow[]> {
  if (rows.length === 0) return [];
  const found = await db
    .selectFrom('ce_list_households as h')
    .innerJoin('clients as c', 'c.id', 'h.client_id')
    .select(['h.client_id', 'h.members', 'c.first_name', 'c.last_name', 'c.anonymous'])
    .where('h.client_id', '=', sql<string>`any(${rows.map((r) => r.client_id)}::text[])`)
    .execute();
  const byId = new Map(found.map((n) => [n.client_id, n]));
  return rows.map((r) => {
    const n = byId.get(r.client_id);
    return { ...r, members: (n?.members ?? []) as HouseholdMemberFacts[] | string, first_name: n?.first_name ?? null, last_name: n?.last_name ?? null, anonymous: n?.anonymous ?? true };
  });
}

interface EntrySqlRow {
  client_id: string;
  enrollment_id: string;
  first_name: string | null;
  last_name: string | null;
  anonymous: boolean;
  members: HouseholdMemberFacts[] | string;
  chronic: boolean;
  disabling_condition: number | null;
  assessment_date: string;
  score: string | null;
  date_to_street_essh: string | null;
  months_homeless_code: number | null;
  listed_since: string;
  last_contact: string;
}

const entryOf = (r: EntrySqlRow): ListedEntry => ({
  clientId: r.client_id,
  ceEnrollmentId: r.enrollment_id,
  firstName: r.first_name,
  lastName: r.last_name,
  anonymous: r.anonymous,
  members: typeof r.members === 'string' ? (JSON.parse(r.members) as HouseholdMemberFacts[]) : r.members,
  chronic: r.chronic,
  disablingCondition: r.disabling_condition,
  assessmentDate: r.assessment_date,
  score: r.score === null ? null : Number(r.score),
  dateToStreetEssh: r.date_to_street_essh,
  monthsHomelessCode: r.months_homeless_code,
  listedSince: r.listed_since,
  lastContact: r.last_contact,
});

export interface PageQuery {
  today: string;
  /** The date visibility is decided on (consents expire by it). */
  visibilityDay: string;
  timeZone: string;
  limits: ListDayLimits;
  settings: PrioritizationSettings;
  filter: ListFilter;
  offset: number;
  limit: number;
}

/**
 * One page of the list the actor may see, in list order, with the household just before the page (for
 * the "why here" reason) and the total.
 */
export async function ceListPage(db: Db | Tx, actor: Actor, q: PageQuery): Promise<{ rows: ListedEntry[]; above: ListedEntry | null; total: number }> {
  const s = listSql(q.limits);
  const where = [visibleEntry(actor, q.visibilityDay), ...filterSql(q.filter, q.limits, q.settings, q.timeZone)];
  const order = sql.join(
    [...q.settings.criteria.map((cr) => sql`${criterionSql(cr.key, q.today, s)} ${sql.raw(cr.direction)} nulls last`), sql`l.client_id collate "C"`],
    sql`, `,
  );
  const from = Math.max(q.offset - 1, 0);
  const result = await sql<RankedSqlRow & { total: string }>`
    select ${entryColumns(q.timeZone)}, count(*) over () as total
      from ce_list_entries l
     where ${sql.join(where, sql` and `)}
     order by ${order}
     limit ${q.limit + (q.offset - from)} offset ${from}
  `.execute(db);
  let total = result.rows.length > 0 ? Number(result.rows[0]!.total) : 0;
  if (result.rows.length === 0 && q.offset > 0) {
    const c = await sql<{ n: string }>`select count(*) as n from ce_list_entries l where ${sql.join(where, sql` and `)}`.execute(db);
    total = Number(c.rows[0]!.n);
  }
  const rows = (await withHouseholds(db, result.rows)).map(entryOf);
  const above = q.offset > 0 && rows.length > 0 ? rows.shift()! : null;
  return { rows, above, total };
}

/** One household on the list, if the actor may see it. */
export async function ceListEntry(db: Db | Tx, actor: Actor, clientId: string, visibilityDay: string, timeZone: string): Promise<ListedEntry | null> {
  const r = await sql<RankedSqlRow>`
    select ${entryColumns(timeZone)} from ce_list_entries l
     where l.client_id = ${clientId} and ${visibleEntry(actor, visibilityDay)}
  `.execute(db);
  const [row] = await withHouseholds(db, r.rows);
  return row ? entryOf(row) : null;
}
