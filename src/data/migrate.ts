import { sql, type Kysely } from 'kysely';
import { Migrator, type Migration } from 'kysely/migration';
import * as m0001 from './migrations/0001_platform.ts';
import * as m0002 from './migrations/0002_accounts.ts';
import * as m0003 from './migrations/0003_organisation.ts';
import * as m0004 from './migrations/0004_clients.ts';
import * as m0005 from './migrations/0005_coordinated_entry.ts';
import * as m0006 from './migrations/0006_jobs_notifications.ts';
import * as m0007 from './migrations/0007_referrals.ts';
import * as m0008 from './migrations/0008_enrollment.ts';
import * as m0009 from './migrations/0009_counts_reports.ts';
import * as m0010 from './migrations/0010_transfers.ts';
import * as m0011 from './migrations/0011_hud_import.ts';
import * as m0012 from './migrations/0012_performance.ts';
import * as m0013 from './migrations/0013_ce_list_entries.ts';
import * as m0014 from './migrations/0014_client_search.ts';
import * as m0015 from './migrations/0015_hud_import_keys.ts';
import * as m0016 from './migrations/0016_settings_version.ts';
import * as m0017 from './migrations/0017_ce_list_narrow.ts';
import * as m0018 from './migrations/0018_reports.ts';
import * as m0019 from './migrations/0019_coc_questions.ts';

/** Forward-only: migrations only ever have `up`. New files are appended here in order. */
const migrations: Record<string, Migration> = {
  '0001_platform': m0001,
  '0002_accounts': m0002,
  '0003_organisation': m0003,
  '0004_clients': m0004,
  '0005_coordinated_entry': m0005,
  '0006_jobs_notifications': m0006,
  '0007_referrals': m0007,
  '0008_enrollment': m0008,
  '0009_counts_reports': m0009,
  '0010_transfers': m0010,
  '0011_hud_import': m0011,
  '0012_performance': m0012,
  '0013_ce_list_entries': m0013,
  '0014_client_search': m0014,
  '0015_hud_import_keys': m0015,
  '0016_settings_version': m0016,
  '0017_ce_list_narrow': m0017,
  '0018_reports': m0018,
  '0019_coc_questions': m0019,
};

export const latestMigration = Object.keys(migrations).at(-1)!;

export async function migrateToLatest(db: Kysely<unknown>): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    migrationTableName: 'schema_migrations',
    migrationLockTableName: 'schema_migrations_lock',
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/**
 * The application connects through a role without superuser or ownership, so privileges mean
 * something: it may not change the audit log, nor the schema. Run by the migration tooling after
 * each migration (idempotent).
 */
export async function ensureAppRole(db: Kysely<unknown>, role: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(role)) throw new Error(`invalid application role name "${role}"`);
  await sql
    .raw(
      `
    do $$ begin
      if not exists (select from pg_roles where rolname = '${role}') then
        create role ${role} nologin nosuperuser nocreatedb nocreaterole noinherit;
      end if;
    end $$;
    do $$ begin
      if not exists (
        select from pg_auth_members m join pg_roles r on r.oid = m.roleid join pg_roles u on u.oid = m.member
        where r.rolname = '${role}' and u.rolname = current_user
      ) and not (select rolsuper from pg_roles where rolname = current_user) then
        execute format('grant ${role} to %I', current_user);
      end if;
    end $$;
    grant usage on schema public to ${role};
    grant select, insert, update, delete on all tables in schema public to ${role};
    grant usage, select on all sequences in schema public to ${role};
    revoke update, delete, truncate on audit_log from ${role};
    revoke insert, update, delete, truncate on schema_migrations, schema_migrations_lock from ${role};
  `,
    )
    .execute(db);
}
