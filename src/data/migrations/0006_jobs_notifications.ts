import { sql, type Kysely } from 'kysely';

/** The durable job queue, in-app notifications and the e-mail outbox. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table jobs (
      id bigint generated always as identity primary key,
      kind text not null,
      -- A job that must act once (an escalation of one referral step) carries a key: a second
      -- enqueue with the same kind and key is a no-op, wherever and however often it runs.
      dedupe_key text,
      payload jsonb not null default '{}',
      run_at timestamptz not null,
      attempts integer not null default 0,
      max_attempts integer not null default 5,
      locked_by text,
      locked_until timestamptz,
      done_at timestamptz,
      failed_at timestamptz,
      last_error text,
      created_at timestamptz not null default now()
    );
    create unique index jobs_dedupe_key on jobs (kind, dedupe_key) where dedupe_key is not null;
    create index jobs_due_idx on jobs (run_at) where done_at is null and failed_at is null;

    alter table users add column notification_delivery text not null default 'immediate'
      check (notification_delivery in ('immediate', 'daily_digest', 'in_app_only'));

    create table notifications (
      id text primary key,
      user_id text not null references users (id),
      kind text not null,
      title text not null,
      body text not null default '',
      link text,
      entity_type text,
      entity_id text,
      created_at timestamptz not null,
      read_at timestamptz,
      email_state text not null default 'none' check (email_state in ('none', 'queued', 'digest', 'sent')),
      emailed_at timestamptz
    );
    create index notifications_user_idx on notifications (user_id, created_at desc);
    create index notifications_digest_idx on notifications (user_id) where email_state = 'digest';

    create table email_outbox (
      id text primary key,
      to_address text not null,
      subject text not null,
      body_text text not null,
      created_at timestamptz not null,
      sent_at timestamptz,
      attempts integer not null default 0,
      last_error text
    );
    create index email_outbox_unsent_idx on email_outbox (created_at) where sent_at is null;
  `.execute(db);
}
