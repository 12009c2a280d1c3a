import { sql, type Kysely } from 'kysely';

/**
 * Counts reports (issue 7; spec §6): the provider's dashboard tiles. Each tile counts the referrals of
 * one receiving project (never an agency) by referral-date range and status filter. `counts_report_seeds`
 * records that a user's default tiles were made (one per receiving project they cover, on their first
 * visit), so deleting every tile does not bring them back. Forward-only.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table counts_reports (
      id text primary key check (length(id) <= 32),
      user_id text not null references users (id),
      name text not null default 'Outstanding Incoming Referrals' check (length(name) between 1 and 120),
      project_id text not null references projects (id),
      -- "all" | "thisQuarter" | "thisMonth" | {"from": "YYYY-MM-DD", "to": "YYYY-MM-DD"}
      date_range jsonb not null default '"all"',
      -- "open" | "all" | ["status_code", …]
      status_filter jsonb not null default '"open"',
      position integer not null default 0,
      version integer not null default 1,
      created_at timestamptz not null,
      updated_at timestamptz not null
    );
    create index counts_reports_user_idx on counts_reports (user_id, position);

    create table counts_report_seeds (
      user_id text primary key references users (id),
      seeded_at timestamptz not null
    );
  `.execute(db);
}
