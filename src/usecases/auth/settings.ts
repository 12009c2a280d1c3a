import { sql } from 'kysely';
import type { Db, Tx } from '../../data/db.ts';
import { DEFAULT_SECURITY, securitySettingsFrom, type SecuritySettings } from '../../domain/security-settings.ts';
import type { SettingsSnapshot, Versioned } from '../settings-cache.ts';

export interface SecurityConfig {
  /** The demo CoC: MFA is never required there. */
  demo: boolean;
  settings: SecuritySettings;
}

/** The one place the CoC's security settings are read (from `coc.settings.security`, with defaults). */
export async function loadSecurity(db: Db | Tx): Promise<SecurityConfig> {
  return (await readSecurity(db)).value;
}

/** The security settings from the request's configuration snapshot (read only when they changed). */
export function cachedSecurity(db: Db | Tx, snapshot: SettingsSnapshot): Promise<SecurityConfig> {
  return snapshot.cache.get('security', snapshot.version, () => readSecurity(db));
}

async function readSecurity(db: Db | Tx): Promise<Versioned<SecurityConfig>> {
  const { rows } = await sql<{ demo: boolean | null; settings: Record<string, unknown> | null; version: number }>`
    select c.demo, c.settings, v.version
      from settings_version v
      left join lateral (select demo, settings from coc order by created_at limit 1) c on true
     where v.id = 1`.execute(db);
  const row = rows[0]!;
  const value = row.settings === null ? { demo: false, settings: DEFAULT_SECURITY } : { demo: Boolean(row.demo), settings: securitySettingsFrom(row.settings) };
  return { value, version: Number(row.version) };
}
