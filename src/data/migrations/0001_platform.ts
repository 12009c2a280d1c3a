import { sql, type Kysely } from 'kysely';

/** Platform, accounts, organisation and audit. Forward-only: never edit a migration that has shipped. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create extension if not exists pg_trgm;

    create table coc (
      id text primary key check (length(id) <= 32),
      code text not null check (code ~ '^[A-Z]{2}-[0-9]{3}$'),
      name text not null,
      demo boolean not null default false,
      settings jsonb not null default '{}',
      created_at timestamptz not null default now()
    );

    create table agencies (
      id text primary key check (length(id) <= 32),
      name text not null,
      victim_service_provider boolean not null default false,
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create unique index agencies_name_key on agencies (lower(name));

    create table projects (
      id text primary key check (length(id) <= 32),
      agency_id text not null references agencies (id),
      name text not null,
      hmis_project_number text unique,
      project_type integer not null,
      rrh_subtype integer,
      housing_type integer,
      target_population integer,
      operating_start date not null,
      operating_end date,
      continuum_project boolean not null default true,
      program_model text not null,
      populations text[] not null default '{}',
      receives_referrals boolean not null default false,
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check (operating_end is null or operating_end >= operating_start)
    );
    create index projects_agency_idx on projects (agency_id);

    create table project_funders (
      id text primary key,
      project_id text not null references projects (id),
      funder integer not null,
      other_funder text,
      grant_id text not null default '',
      start_date date not null,
      end_date date
    );
    create index project_funders_project_idx on project_funders (project_id);

    create table users (
      id text primary key check (length(id) <= 32),
      username text not null,
      display_name text not null,
      email text,
      password_hash text not null,
      active boolean not null default true,
      mfa_secret text,
      mfa_enabled boolean not null default false,
      mfa_last_step bigint,
      agreement_accepted_at timestamptz,
      password_changed_at timestamptz,
      last_login_at timestamptz,
      last_seen_at timestamptz,
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create unique index users_username_key on users (lower(username));

    create table memberships (
      id text primary key,
      user_id text not null references users (id),
      agency_id text not null references agencies (id),
      role text not null check (role in ('hmis_admin', 'ces_matcher', 'housing_resource_specialist', 'agency_admin', 'case_manager')),
      created_at timestamptz not null default now()
    );
    create index memberships_user_idx on memberships (user_id);

    create table membership_projects (
      membership_id text not null references memberships (id) on delete cascade,
      project_id text not null references projects (id),
      primary key (membership_id, project_id)
    );

    create table sessions (
      id_hash text primary key,
      user_id text not null references users (id),
      csrf_token text not null,
      mfa_verified boolean not null default false,
      created_at timestamptz not null,
      last_seen_at timestamptz not null,
      expires_at timestamptz not null,
      revoked_at timestamptz
    );
    create index sessions_user_idx on sessions (user_id) where revoked_at is null;

    create table idempotency_keys (
      scope text not null,
      key text not null,
      method text not null,
      path text not null,
      request_hash text not null,
      status integer,
      response jsonb,
      created_at timestamptz not null default now(),
      primary key (scope, key)
    );

    create table audit_log (
      id bigint generated always as identity primary key,
      at timestamptz not null default now(),
      user_id text,
      action text not null,
      entity_type text,
      entity_id text,
      client_id text,
      before jsonb,
      after jsonb,
      reason text,
      request_id text,
      address text,
      details jsonb
    );
    create index audit_log_at_idx on audit_log (at);
    create index audit_log_user_idx on audit_log (user_id, at);
    create index audit_log_client_idx on audit_log (client_id, at) where client_id is not null;

    -- The audit log is append-only, whoever asks: privileges are revoked from the application role
    -- and this trigger refuses changes even from the owner.
    create function audit_log_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'audit_log is append-only' using errcode = '42501';
    end;
    $$;
    create trigger audit_log_no_update before update or delete on audit_log
      for each row execute function audit_log_append_only();
    create trigger audit_log_no_truncate before truncate on audit_log
      for each statement execute function audit_log_append_only();
  `.execute(db);
}
