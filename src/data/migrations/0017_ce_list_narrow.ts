import { sql, type Kysely } from 'kysely';

/**
 * The CE list's rows made narrow (issue 10). Reading a page filters, orders and counts every listed
 * household (20,000 at Chicago's size), so the row it scans should hold only what that needs: the
 * household's members (jsonb, shown for the page's 25 rows only) and their ids (to find the heads a
 * changed member belongs to) move to `ce_list_households`, and the members' dates of birth, which the
 * page searched with `unnest` on every row, are kept as the four dates the rules compare:
 *
 * - `youngest_dob`, `eldest_dob`, `dobs_known`: a household has no minor when its youngest known date of
 *   birth is an adult's; it is children only when every member's date is known and its eldest is a minor's;
 * - `eldest_veteran_dob`: a household has an adult veteran when its eldest veteran is an adult
 *   ('-infinity' when a veteran's date of birth is unknown, as before).
 *
 * Both tables are derived data: they are made again empty and every CE head is marked stale, so the
 * list's next read rebuilds them (src/usecases/openings/ce-list-refresh.ts).
 *
 * A referral's update marks its client only when what the list reads of it changed (its client, whether
 * it is closed): a status change between open statuses — most of a provider's updates — left a mark that
 * made the next list read take the refresh lock (measured at Chicago's size: CE list readers queued
 * behind it under load).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table ce_list_entries;
    create table ce_list_entries (
      client_id text primary key,
      owner_agency_id text not null,
      consent_state text not null,
      locked boolean not null,
      last_contact date not null,
      contact_zone text not null,
      last_contact_date date not null,
      last_activity_at timestamptz,
      chronic boolean not null,
      score numeric,
      date_to_street_essh date,
      months_homeless_code integer,
      assessment_date date not null,
      listed_since date not null,
      disabling_condition integer,
      household_size integer not null,
      head_dob date,
      youngest_dob date,
      eldest_dob date,
      dobs_known integer not null,
      eldest_veteran_dob date,
      enrollment_id text not null,
      household_id text not null,
      consent_until date,
      recheck_on date,
      refreshed_at timestamptz not null default now()
    );
    create index ce_list_entries_recheck_idx on ce_list_entries (recheck_on) where recheck_on is not null;
    create index ce_list_entries_consent_until_idx on ce_list_entries (consent_until) where consent_until is not null;

    create table ce_list_households (
      client_id text primary key references ce_list_entries (client_id) on delete cascade,
      member_ids text[] not null,
      members jsonb not null
    );
    create index ce_list_households_member_ids_idx on ce_list_households using gin (member_ids);

    drop trigger referrals_ce_list_update on referrals;
    create trigger referrals_ce_list_update after update on referrals referencing old table as before_update new table as changed
      for each statement execute function ce_list_mark_stale('
        select x from changed n join before_update o on o.id = n.id, lateral (values (n.client_id), (o.client_id)) as v(x)
         where n.closed_at is distinct from o.closed_at or n.client_id is distinct from o.client_id');

    delete from ce_list_stale;
    insert into ce_list_stale (client_id) select distinct client_id from enrollments where is_ce and exit_date is null on conflict do nothing;
  `.execute(db);
}
