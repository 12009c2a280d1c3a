/**
 * The CoC row's settings (`coc.settings`, the demo flag) read with the configuration version, and kept in
 * the per-process cache while that version holds (src/usecases/settings-cache.ts). Each area derives its
 * own part from it (security, prioritization) with the domain's defaults.
 */
import { sql } from 'kysely';
import type { Db, Tx } from '../data/db.ts';
import type { SettingsSnapshot, Versioned } from './settings-cache.ts';

export interface CocSettings {
  /** No CoC row yet: every area uses its defaults. */
  exists: boolean;
  demo: boolean;
  settings: Record<string, unknown>;
}

async function readCoc(db: Db | Tx): Promise<Versioned<CocSettings>> {
  const { rows } = await sql<{ demo: boolean | null; settings: Record<string, unknown> | null; version: number }>`
    select c.demo, c.settings, v.version
      from settings_version v
      left join lateral (select demo, settings from coc order by created_at limit 1) c on true
     where v.id = 1`.execute(db);
  const row = rows[0]!;
  return { value: { exists: row.settings !== null, demo: Boolean(row.demo), settings: row.settings ?? {} }, version: Number(row.version) };
}

/** The CoC's settings: from the request's snapshot when there is one (read only when they changed), else read. */
export async function loadCocSettings(db: Db | Tx, snapshot?: SettingsSnapshot): Promise<CocSettings> {
  if (snapshot) return snapshot.cache.get('coc', snapshot.version, () => readCoc(db));
  return (await readCoc(db)).value;
}
