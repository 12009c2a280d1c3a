import { sql, type Kysely } from 'kysely';

/**
 * HUD import at scale (issue 10). Forward-only.
 *
 * `hud_import_keys_local_idx (file, local_id)` goes: no query reads keys by local ID (the import looks
 * them up by source, file and source record ID — the primary key), and every imported record paid for
 * it: one more B-tree insert per key, ~20 % of the keys' cost (a 100,000-client set writes 433,000 keys).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists hud_import_keys_local_idx`.execute(db);
}
