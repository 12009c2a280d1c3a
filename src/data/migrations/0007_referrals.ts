import { sql, type Kysely } from 'kysely';

/**
 * Referrals (issue 6) and openings (issue 7): the referral with its household snapshot and status,
 * its history and contact attempts, the escalation record that makes each miss act once, the CoC's
 * editable referral configuration and holiday calendar. Forward-only.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- A unit or subsidy slot of a project that is free or about to be.
    create table openings (
      id text primary key check (length(id) <= 32),
      project_id text not null references projects (id),
      kind text not null default 'unit' check (kind in ('unit', 'subsidy')),
      bedrooms integer check (bedrooms between 0 and 10),
      household_size integer check (household_size between 1 and 20),
      population text,
      available_on date not null,
      note text,
      state text not null default 'open' check (state in ('open', 'filled', 'closed')),
      filled_by_referral_id text,
      closed_at timestamptz,
      version integer not null default 1,
      created_at timestamptz not null,
      created_by text references users (id),
      check ((state = 'filled') = (filled_by_referral_id is not null))
    );
    create index openings_project_idx on openings (project_id, state);

    -- The CoC's referral statuses and timeliness standards, as data (one current row).
    create table referral_config (
      id integer primary key check (id = 1),
      config jsonb not null,
      version integer not null default 1,
      updated_at timestamptz not null,
      updated_by text references users (id)
    );

    -- Business-day calendar edits on top of the shipped US federal holidays.
    create table holidays (
      day date primary key,
      name text not null,
      -- 'closed': a day off added by the CoC; 'open': a shipped holiday the CoC works.
      kind text not null check (kind in ('closed', 'open')),
      updated_at timestamptz not null,
      updated_by text references users (id)
    );

    create table referrals (
      id text primary key check (length(id) <= 32),
      -- The number people say and e-mails carry (R-1001): never a name.
      number bigint generated always as identity unique,
      client_id text not null references clients (id),
      household_snapshot jsonb not null check (jsonb_typeof(household_snapshot) = 'array'),
      project_id text not null references projects (id),
      opening_id text references openings (id),
      ce_enrollment_id text references enrollments (id),
      referral_date date not null,
      status_code text not null,
      status_label text not null,
      status_changed_at timestamptz not null,
      -- Set when a terminal status is reached: open referrals are those with closed_at null.
      closed_at timestamptz,
      enrollment_id text references enrollments (id),
      -- Steps the sweep flagged as missed (later steps only flag).
      flagged_steps text[] not null default '{}',
      -- Transfer referrals are recorded already enrolled, outside the timeliness standards.
      outside_timeliness boolean not null default false,
      source text not null default 'match' check (source in ('match', 'rematch', 'transfer')),
      note text,
      version integer not null default 1,
      created_at timestamptz not null,
      created_by text references users (id),
      updated_at timestamptz not null
    );
    create index referrals_project_idx on referrals (project_id, referral_date);
    create index referrals_open_project_idx on referrals (project_id, referral_date) where closed_at is null;
    create index referrals_client_idx on referrals (client_id);
    -- "A referral opens the door" looks referrals up by any member of the household snapshot.
    create index referrals_snapshot_idx on referrals using gin (household_snapshot jsonb_path_ops);
    create index referrals_opening_idx on referrals (opening_id) where opening_id is not null;
    -- An opening is filled by exactly one referral: concurrent enrollments cannot both succeed.
    create unique index referrals_one_enrolled_per_opening on referrals (opening_id) where opening_id is not null and status_code = 'enrolled';

    alter table openings add constraint openings_filled_by_fkey foreign key (filled_by_referral_id) references referrals (id);
    create unique index openings_filled_by_key on openings (filled_by_referral_id) where filled_by_referral_id is not null;

    create table referral_status_history (
      id text primary key,
      -- Insertion order: several changes may share a timestamp (the system closing referrals together).
      seq bigint generated always as identity,
      referral_id text not null references referrals (id),
      from_code text,
      to_code text not null,
      -- The label as it read when the status was set: a later rename does not rewrite history.
      label text not null,
      changed_at timestamptz not null,
      changed_by text references users (id),
      by_system boolean not null default false,
      correction boolean not null default false,
      note text
    );
    create index referral_status_history_referral_idx on referral_status_history (referral_id, seq);

    create table contact_attempts (
      id text primary key,
      referral_id text not null references referrals (id),
      at timestamptz not null,
      method text not null check (method in ('phone', 'text', 'email', 'in_person', 'via_contact')),
      outcome text not null check (outcome in ('reached', 'left_message', 'no_answer', 'wrong_number', 'other')),
      note text,
      recorded_at timestamptz not null,
      recorded_by text references users (id)
    );
    create index contact_attempts_referral_idx on contact_attempts (referral_id, at);

    -- What the timeliness sweep did about a missed step: the primary key makes each miss act once,
    -- however often and from however many processes the sweep runs.
    create table referral_step_misses (
      referral_id text not null references referrals (id),
      step text not null,
      action text not null check (action in ('setStatus', 'flag')),
      due_at timestamptz not null,
      acted_at timestamptz not null,
      primary key (referral_id, step)
    );

    -- Openings sent back to the matching team after a rematch status.
    create table rematch_requests (
      id text primary key,
      opening_id text references openings (id),
      project_id text not null references projects (id),
      from_referral_id text not null unique references referrals (id),
      referrals_needed integer not null check (referrals_needed > 0),
      created_at timestamptz not null,
      resolved_at timestamptz
    );
    create index rematch_requests_open_idx on rematch_requests (created_at) where resolved_at is null;

    -- "Due soon" notices the sweep sent: the primary key makes each (referral, step) notice go out once.
    create table referral_due_soon_notices (
      referral_id text not null references referrals (id),
      step text not null,
      notified_at timestamptz not null,
      primary key (referral_id, step)
    );
  `.execute(db);
}
