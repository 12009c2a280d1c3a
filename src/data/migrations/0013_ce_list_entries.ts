import { sql, type Kysely } from 'kysely';

/**
 * The CE list kept as one row per listed household (issue 10). Ranking the list used to load every
 * listed household with six correlated subqueries and rank them in JavaScript (3.3 s at Chicago's
 * 20,000 listed households); the list is now read and paged in SQL from these rows.
 *
 * - `ce_list_entries` holds the facts the ranking, the eligibility rules and visibility need that do
 *   not depend on who reads, and change with the day only on known days (the rest is applied when the
 *   list is read: ages, days homeless, inactivity, the reader's agencies). `recheck_on`: the day a
 *   member enrolled in CE with the head turns 18 (adults' 3.917 answers count towards chronic
 *   homelessness); `consent_until`: the day the release's state may change (a release starts or ends);
 *   the row is computed again then.
 * - `ce_list_stale` names the clients whose facts changed. Statement-level triggers on every table the
 *   facts come from add them there, so no writer (use case, HUD import, seed, an administrator's SQL)
 *   can leave the list out of date; the list's reader recomputes the affected households first
 *   (src/usecases/openings/ce-list-refresh.ts). Statement-level with transition tables: one insert per
 *   statement, also for a COPY of a million rows.
 */
const SOURCES: { table: string; clients: string }[] = [
  { table: 'clients', clients: 'select id from changed' },
  { table: 'client_consents', clients: 'select client_id from changed' },
  { table: 'household_members', clients: 'select client_id from changed' },
  { table: 'enrollments', clients: 'select client_id from changed' },
  { table: 'ce_assessments', clients: 'select client_id from changed' },
  { table: 'current_living_situations', clients: 'select client_id from changed' },
  { table: 'referrals', clients: 'select client_id from changed' },
  { table: 'contact_attempts', clients: 'select r.client_id from changed join referrals r on r.id = changed.referral_id' },
  // A funder decides whether the project's clients are locked (HOPWA, RHY): rare, and then every listed client of the project.
  { table: 'project_funders', clients: 'select e.client_id from changed join enrollments e on e.project_id = changed.project_id join ce_list_entries l on l.client_id = e.client_id' },
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table ce_list_entries (
      client_id text primary key,
      enrollment_id text not null,
      household_id text not null,
      assessment_date date not null,
      score numeric,
      listed_since date not null,
      -- the latest dated contact, and the latest timestamped one; last_contact is the later of the two
      -- as a date in contact_zone (the CoC's zone when computed; another zone recomputes it when read)
      last_contact_date date not null,
      last_activity_at timestamptz,
      last_contact date not null,
      contact_zone text not null,
      chronic boolean not null,
      disabling_condition integer,
      date_to_street_essh date,
      months_homeless_code integer,
      household_size integer not null,
      head_dob date,
      -- every member's date of birth that is known (a member without one is never a minor)
      member_dobs date[] not null,
      -- veterans' dates of birth, '-infinity' when unknown (an adult for the veteran rule)
      veteran_dobs date[] not null,
      member_ids text[] not null,
      members jsonb not null,
      -- what visibility needs that does not depend on who reads: the release on the day computed
      -- (consentStateSql) until consent_until (exclusive), and the record's locks (lockedByRecordSql)
      owner_agency_id text not null,
      consent_state text not null,
      consent_until date,
      locked boolean not null,
      recheck_on date,
      refreshed_at timestamptz not null default now()
    );
    create index ce_list_entries_member_ids_idx on ce_list_entries using gin (member_ids);
    create index ce_list_entries_recheck_idx on ce_list_entries (recheck_on) where recheck_on is not null;
    create index ce_list_entries_consent_until_idx on ce_list_entries (consent_until) where consent_until is not null;

    create table ce_list_stale (client_id text primary key);

    create function ce_list_mark_stale() returns trigger language plpgsql as $$
    begin
      execute format('insert into ce_list_stale (client_id) select distinct x from (%s) as s(x) where x is not null on conflict do nothing', tg_argv[0]);
      return null;
    end $$;
  `.execute(db);
  for (const { table, clients } of SOURCES) {
    const arg = sql.lit(clients);
    const t = sql.table(table);
    await sql`
      create trigger ${sql.raw(`${table}_ce_list_insert`)} after insert on ${t} referencing new table as changed
        for each statement execute function ce_list_mark_stale(${arg});
      create trigger ${sql.raw(`${table}_ce_list_update`)} after update on ${t} referencing new table as changed
        for each statement execute function ce_list_mark_stale(${arg});
      create trigger ${sql.raw(`${table}_ce_list_delete`)} after delete on ${t} referencing old table as changed
        for each statement execute function ce_list_mark_stale(${arg});
    `.execute(db);
  }
  // Existing data: every client with an open CE enrollment is computed on the list's first read.
  await sql`insert into ce_list_stale (client_id) select distinct client_id from enrollments where is_ce and exit_date is null on conflict do nothing`.execute(db);
}
