import type { Db, Tx } from '../../data/db.ts';
import { DEFAULT_SECURITY, securitySettingsFrom, type SecuritySettings } from '../../domain/security-settings.ts';
import type { SettingsSnapshot } from '../settings-cache.ts';
import { loadCocSettings, type CocSettings } from '../coc-settings.ts';

export interface SecurityConfig {
  /** The demo CoC: MFA is never required there. */
  demo: boolean;
  settings: SecuritySettings;
}

const securityOf = (coc: CocSettings): SecurityConfig =>
  coc.exists ? { demo: coc.demo, settings: securitySettingsFrom(coc.settings) } : { demo: false, settings: DEFAULT_SECURITY };

/**
 * The one place the CoC's security settings are read (from `coc.settings.security`, with defaults): from
 * the request's configuration snapshot when there is one (read only when they changed).
 */
export async function loadSecurity(db: Db | Tx, snapshot?: SettingsSnapshot): Promise<SecurityConfig> {
  return securityOf(await loadCocSettings(db, snapshot));
}
