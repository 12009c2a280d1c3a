import { sql, type Kysely } from 'kysely';

/**
 * Transfers under the CE transfer policy (issue 8; spec §8). Forward-only.
 *
 * `transfers` — one request to move an enrolled household (its head's current enrollment) to another
 * project, with what the rules derived (kind, approval), the two transfer-policy deadlines, the state,
 * who decided what and when, and what completing it produced (the new enrollments, the referral).
 * `transfer_events` — the request's timeline (append-only by convention: rows are only inserted).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table transfers (
      id text primary key check (length(id) <= 32),
      -- The number people say and e-mails carry (T-12): never a name.
      number bigint generated always as identity unique,
      enrollment_id text not null references enrollments (id),
      household_id text not null,
      head_client_id text not null references clients (id),
      from_project_id text not null references projects (id),
      target_project_id text not null references projects (id),
      kind text not null check (kind in ('internal', 'external')),
      approval_required boolean not null,
      reason text not null check (length(reason) between 1 and 2000),
      decided_on date not null,
      member_client_ids text[] not null check (cardinality(member_client_ids) between 1 and 20),
      household_moves boolean not null default false,
      state text not null check (state in ('awaiting_approval', 'approved', 'denied', 'awaiting_completion', 'completed', 'acknowledged')),
      deny_reason text check (length(deny_reason) <= 2000),
      -- The request is the transfer notification: due by notification_due_at, filed at created_at.
      notification_due_at timestamptz not null,
      notified_on_time boolean not null,
      -- The matching team records the transfer's referral (acknowledges) by then (no-approval transfers).
      ces_referral_due_at timestamptz,
      completed_entry_date date,
      new_household_id text,
      new_enrollment_ids text[] not null default '{}',
      old_exit_destination integer,
      old_exit_subsidy_type integer,
      new_move_in_date date,
      referral_id text references referrals (id),
      overdue_notified_at timestamptz,
      requested_by text references users (id),
      approved_by text references users (id),
      approved_at timestamptz,
      denied_by text references users (id),
      denied_at timestamptz,
      completed_by text references users (id),
      completed_at timestamptz,
      acknowledged_by text references users (id),
      acknowledged_at timestamptz,
      version integer not null default 1,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      check (from_project_id <> target_project_id),
      check ((state = 'denied') = (deny_reason is not null))
    );
    create index transfers_state_idx on transfers (state, created_at);
    create index transfers_from_idx on transfers (from_project_id);
    create index transfers_target_idx on transfers (target_project_id);
    create index transfers_enrollment_idx on transfers (enrollment_id);
    -- One open request per household stay at a time.
    create unique index transfers_one_open_per_enrollment on transfers (enrollment_id)
      where state in ('awaiting_approval', 'awaiting_completion');

    create table transfer_events (
      id text primary key check (length(id) <= 32),
      seq bigint generated always as identity,
      transfer_id text not null references transfers (id),
      kind text not null check (kind in ('requested', 'approved', 'denied', 'completed', 'acknowledged', 'overdue', 'referral_enrolled')),
      at timestamptz not null,
      by_user text references users (id),
      by_system boolean not null default false,
      note text check (length(note) <= 2000),
      details jsonb not null default '{}'
    );
    create index transfer_events_transfer_idx on transfer_events (transfer_id, seq);
  `.execute(db);
}
