import { sql, type Kysely } from 'kysely';

/**
 * HUD CSV import (issue 9). Forward-only.
 *
 * `hud_import_keys` — which local record an imported source record became, per source (Export.csv's
 * SourceID, else its ImplementationID) and file: re-importing the same export changes nothing, a newer
 * DateUpdated wins, a DateDeleted removes the local record.
 *
 * `hud_import_records` — records of files Hearth keeps no table for (Affiliation, EmploymentEducation,
 * YouthEducationStatus, imported CE events): kept as sent (FY2026 shape) and carried by later exports.
 *
 * `hud_import_runs` — one uploaded or CLI import: its validation report and outcome.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table hud_import_keys (
      source_id text not null,
      file text not null,
      source_record_id text not null,
      local_id text not null,
      date_updated timestamptz,
      deleted boolean not null default false,
      primary key (source_id, file, source_record_id)
    );
    create index hud_import_keys_local_idx on hud_import_keys (file, local_id);

    create table hud_import_records (
      file text not null,
      source_record_id text not null check (length(source_record_id) <= 32),
      enrollment_id text,
      project_id text,
      data jsonb not null check (jsonb_typeof(data) = 'object'),
      deleted_at timestamptz,
      primary key (file, source_record_id)
    );

    create table hud_import_runs (
      id text primary key check (length(id) <= 32),
      created_at timestamptz not null,
      created_by text references users (id),
      file_name text,
      storage_path text,
      version text,
      accepted boolean not null,
      report jsonb not null,
      applied_at timestamptz,
      applied_by text references users (id),
      result jsonb
    );
  `.execute(db);
}
