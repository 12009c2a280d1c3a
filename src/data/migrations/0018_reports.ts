import { sql, type Kysely } from 'kysely';

/**
 * Reports (issue 20): each run of a report is a row — its kind, who ran it, its filters, its state while
 * the durable job queue works it, and its result (the tables). `report_run_items` keeps the records each
 * counted cell was made of (a person, a referral's step, an enrollment, an audit entry), once per record
 * with the numbers of the cells it is counted in, so a cell drills down to exactly the list behind its
 * number; the list is read through the client gateway when it is opened.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table report_runs (
      id text primary key,
      kind text not null,
      user_id text not null references users (id),
      params jsonb not null,
      status text not null check (status in ('queued', 'running', 'done', 'failed')),
      progress integer not null default 0 check (progress between 0 and 100),
      progress_note text,
      result jsonb,
      source jsonb,
      error text,
      rerun_of text references report_runs (id) on delete set null,
      created_at timestamptz not null,
      started_at timestamptz,
      finished_at timestamptz
    );
    create index report_runs_user_idx on report_runs (user_id, created_at desc);

    create table report_run_items (
      run_id text not null references report_runs (id) on delete cascade,
      seq integer not null,
      item_kind text not null,
      item_id text not null,
      client_id text,
      info jsonb not null default '{}',
      cells integer[] not null,
      primary key (run_id, seq)
    );
  `.execute(db);
}
