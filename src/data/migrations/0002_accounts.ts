import { sql, type Kysely } from 'kysely';

/** Account security: sign-in throttling, one-time password-reset links, the accepted agreement version. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- Failed sign-in attempts (wrong password, unknown user, wrong code), counted per username and per
    -- address over a sliding 15 minutes. Kept short-lived: the audit log holds the history.
    create table login_failures (
      id bigint generated always as identity primary key,
      at timestamptz not null,
      username_key text not null,
      address text,
      cleared boolean not null default false
    );
    create index login_failures_username_idx on login_failures (username_key, at) where not cleared;
    create index login_failures_address_idx on login_failures (address, at);

    -- One-time links an administrator hands to a user; only the token's SHA-256 is stored.
    create table password_reset_tokens (
      token_hash text primary key,
      user_id text not null references users (id),
      created_by text references users (id),
      created_at timestamptz not null,
      expires_at timestamptz not null,
      used_at timestamptz
    );
    create index password_reset_tokens_user_idx on password_reset_tokens (user_id) where used_at is null;

    alter table users add column agreement_version text;
  `.execute(db);
}
