import { sql, type Kysely } from 'kysely';

/**
 * CoC questions (issue 17): the answers to the CoC's own questions of the data collection definition
 * (config/forms/hud-data-collection.json, kind `custom`), per member and stage on the stage record,
 * keyed by the question's field. Not part of the HUD CSV, which has no place for them. Forward-only.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table enrollment_assessments add column custom_answers jsonb not null default '{}' check (jsonb_typeof(custom_answers) = 'object');
  `.execute(db);
}
