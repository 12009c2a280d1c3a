import { sql, type Kysely } from 'kysely';

/**
 * Clients (HUD universal data elements), consents (releases of information), households with their
 * membership history, and contact information. Forward-only.
 *
 * Visibility is NOT stored: it is computed in SQL by the gateway (src/data/gateway/clients.ts) from
 * the owning agency, the current consent and the lock reasons.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table clients (
      id text primary key check (length(id) <= 32),
      first_name text,
      middle_name text,
      last_name text,
      suffix text,
      name_data_quality integer not null default 99 check (name_data_quality in (1, 2, 8, 9, 99)),
      -- 9 characters, digits or 'x' for unknown digits; placeholders (000000000, 123456789 …) are NULL.
      ssn text check (ssn ~ '^[0-9x]{9}$'),
      ssn_data_quality integer not null default 99 check (ssn_data_quality in (1, 2, 8, 9, 99)),
      dob date,
      dob_data_quality integer not null default 99 check (dob_data_quality in (1, 2, 8, 9, 99)),
      -- HUD 3.04 (FY2026): the Client.csv column names of the categories that apply.
      race text[] not null default '{}' check (race <@ array['AmIndAKNative', 'Asian', 'BlackAfAmerican', 'HispanicLatinao', 'MidEastNAfrican', 'NativeHIPacific', 'White']::text[]),
      -- HUD 1.6 RaceNone: only when no category applies.
      race_none integer check (race_none in (8, 9, 99)),
      sex integer not null default 99 check (sex in (0, 1, 8, 9, 99)),
      veteran_status integer not null default 99 check (veteran_status in (0, 1, 8, 9, 99)),
      owner_agency_id text not null references agencies (id),
      anonymous boolean not null default false,
      -- Why the record is locked to the owning agency and its visibility group (empty: not locked).
      lock_reasons text[] not null default '{}' check (lock_reasons <@ array['fleeing_dv', 'trafficking', 'hiv_aids', 'unaccompanied_minor', 'hopwa_project', 'rhy_project']::text[]),
      search_name text generated always as (lower(coalesce(first_name, '') || ' ' || coalesce(last_name, ''))) stored,
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      created_by text references users (id),
      check (not anonymous or (first_name is null and last_name is null and middle_name is null and ssn is null and dob is null)),
      check (race_none is null or cardinality(race) = 0)
    );
    create index clients_search_name_trgm on clients using gin (search_name gin_trgm_ops);
    create index clients_dob_idx on clients (dob);
    create index clients_ssn_last4_idx on clients (right(ssn, 4));
    create index clients_owner_idx on clients (owner_agency_id);

    create table client_consents (
      id text primary key check (length(id) <= 32),
      client_id text not null references clients (id),
      -- Order of recording: among releases starting the same day, the one recorded last is current.
      seq bigint generated always as identity,
      sharing text not null check (sharing in ('full', 'limited', 'none')),
      start_date date not null,
      end_date date not null,
      witness text,
      signed_by text not null default 'self' check (signed_by in ('self', 'guardian', 'authorized_representative')),
      signer_name text,
      revoked_at timestamptz,
      revoked_by text references users (id),
      revoke_reason text,
      created_at timestamptz not null default now(),
      created_by text references users (id),
      check (end_date >= start_date)
    );
    create index client_consents_client_idx on client_consents (client_id, start_date desc, seq desc);

    create table households (
      id text primary key check (length(id) <= 32),
      version integer not null default 1,
      created_at timestamptz not null default now(),
      created_by text references users (id)
    );

    -- Membership history: rows are added and closed (left_on), never rewritten or deleted.
    -- A member's stay is [joined_on, left_on).
    create table household_members (
      id text primary key check (length(id) <= 32),
      household_id text not null references households (id),
      client_id text not null references clients (id),
      relationship_to_hoh integer not null check (relationship_to_hoh in (1, 2, 3, 4, 5, 99)),
      joined_on date not null,
      left_on date,
      created_at timestamptz not null default now(),
      created_by text references users (id),
      ended_at timestamptz,
      ended_by text references users (id),
      check (left_on is null or left_on >= joined_on)
    );
    create index household_members_household_idx on household_members (household_id);
    create index household_members_client_idx on household_members (client_id);
    -- At most one current head per household, one current household per client.
    create unique index household_members_one_head on household_members (household_id) where relationship_to_hoh = 1 and left_on is null;
    create unique index household_members_one_current on household_members (client_id) where left_on is null;

    create table client_contacts (
      id text primary key check (length(id) <= 32),
      client_id text not null references clients (id),
      kind text not null check (kind in ('phone', 'email', 'address')),
      -- phone: mobile | home | work | other; email: personal | work | other; address: home | mailing | shelter | other
      type text not null default 'other',
      -- The phone number or e-mail address (null for an address).
      value text,
      line1 text,
      line2 text,
      city text,
      state text,
      zip text,
      ok_to_leave_message boolean not null default false,
      preferred boolean not null default false,
      last_confirmed_on date,
      notes text,
      created_at timestamptz not null default now(),
      created_by text references users (id),
      updated_at timestamptz not null default now(),
      removed_at timestamptz,
      removed_by text references users (id),
      check (kind = 'address' or value is not null)
    );
    create index client_contacts_client_idx on client_contacts (client_id) where removed_at is null;
  `.execute(db);
}
