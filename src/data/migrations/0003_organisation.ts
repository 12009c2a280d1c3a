import { sql, type Kysely } from 'kysely';

/**
 * HUD project descriptors 2.03 (ProjectCoC), 2.07 (Inventory), 2.08 (HMIS participation) and 2.09
 * (CE participation), edited with the project. Forward-only.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table project_funders add column created_at timestamptz not null default now();
    alter table project_funders add column updated_at timestamptz not null default now();
    alter table project_funders add constraint project_funders_dates check (end_date is null or end_date >= start_date);

    create table project_cocs (
      id text primary key check (length(id) <= 32),
      project_id text not null references projects (id),
      coc_code text not null check (coc_code ~ '^[A-Z]{2}-[0-9]{3}$'),
      geocode text not null check (geocode ~ '^[0-9]{6}$'),
      address1 text,
      address2 text,
      city text,
      state text check (state is null or state ~ '^[A-Z]{2}$'),
      zip text check (zip is null or zip ~ '^[0-9]{5}$'),
      geography_type integer,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index project_cocs_project_idx on project_cocs (project_id);

    create table project_inventory (
      id text primary key check (length(id) <= 32),
      project_id text not null references projects (id),
      coc_code text not null,
      household_type integer not null,
      availability integer,
      unit_inventory integer not null check (unit_inventory >= 0),
      bed_inventory integer not null check (bed_inventory >= 0),
      ch_vet_bed_inventory integer check (ch_vet_bed_inventory >= 0),
      youth_vet_bed_inventory integer check (youth_vet_bed_inventory >= 0),
      vet_bed_inventory integer check (vet_bed_inventory >= 0),
      ch_youth_bed_inventory integer check (ch_youth_bed_inventory >= 0),
      youth_bed_inventory integer check (youth_bed_inventory >= 0),
      ch_bed_inventory integer check (ch_bed_inventory >= 0),
      other_bed_inventory integer check (other_bed_inventory >= 0),
      es_bed_type integer,
      start_date date not null,
      end_date date,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check (end_date is null or end_date >= start_date)
    );
    create index project_inventory_project_idx on project_inventory (project_id);

    create table project_hmis_participation (
      id text primary key check (length(id) <= 32),
      project_id text not null references projects (id),
      participation_type integer not null,
      start_date date not null,
      end_date date,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check (end_date is null or end_date >= start_date)
    );
    create index project_hmis_participation_project_idx on project_hmis_participation (project_id);

    create table project_ce_participation (
      id text primary key check (length(id) <= 32),
      project_id text not null references projects (id),
      access_point boolean not null,
      prevention_assessment boolean,
      crisis_assessment boolean,
      housing_assessment boolean,
      direct_services boolean,
      receives_referrals boolean not null,
      start_date date not null,
      end_date date,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check (end_date is null or end_date >= start_date)
    );
    create index project_ce_participation_project_idx on project_ce_participation (project_id);

    create index memberships_agency_idx on memberships (agency_id);
    create index audit_log_action_idx on audit_log (action, id);
  `.execute(db);
}
