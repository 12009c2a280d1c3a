import type { Db, Tx } from '../../data/db.ts';
import { DEFAULT_SECURITY, securitySettingsFrom, type SecuritySettings } from '../../domain/security-settings.ts';

export interface SecurityConfig {
  /** The demo CoC: MFA is never required there. */
  demo: boolean;
  settings: SecuritySettings;
}

/** The one place the CoC's security settings are read (from `coc.settings.security`, with defaults). */
export async function loadSecurity(db: Db | Tx): Promise<SecurityConfig> {
  const coc = await db.selectFrom('coc').select(['demo', 'settings']).orderBy('created_at').limit(1).executeTakeFirst();
  if (!coc) return { demo: false, settings: DEFAULT_SECURITY };
  return { demo: coc.demo, settings: securitySettingsFrom(coc.settings) };
}
