import { sql, type Kysely } from 'kysely';

/**
 * One counter for the CoC's configuration (issue 10): the security settings (`coc`), the referral
 * configuration (`referral_config`) and the holiday calendar (`holidays`). Each server process keeps
 * those parsed in memory and reads this counter in the same query as the session, so a change made by
 * any process — an administrator's request, the CLI, plain SQL — is seen by the very next request.
 *
 * Statement-level triggers bump it in the writer's transaction, so the new number becomes visible
 * exactly when the change does (and a rolled-back change leaves it as it was).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table settings_version (
      id integer primary key default 1 check (id = 1),
      version bigint not null default 0
    );
    insert into settings_version (id, version) values (1, 0);

    create function bump_settings_version() returns trigger language plpgsql as $$
    begin
      update settings_version set version = version + 1 where id = 1;
      return null;
    end $$;

    create trigger coc_settings_version after insert or update or delete or truncate on coc
      for each statement execute function bump_settings_version();
    create trigger referral_config_settings_version after insert or update or delete or truncate on referral_config
      for each statement execute function bump_settings_version();
    create trigger holidays_settings_version after insert or update or delete or truncate on holidays
      for each statement execute function bump_settings_version();
  `.execute(db);
}
