/**
 * The CoC's configuration (security settings, referral configuration, holiday calendar) kept parsed in
 * memory, per process and per database, and keyed by `settings_version` (migration 0016): a counter
 * that triggers bump in the same transaction as any change to those tables. Every request reads the
 * counter in the same query as its session, so a change committed by any process is seen by the next
 * request, and reading the configuration itself costs nothing while it does not change.
 */
import type { Db } from '../data/db.ts';

/** What a request learned with its session: the committed configuration version, and where it is kept. */
export interface SettingsSnapshot {
  version: number;
  cache: SettingsCache;
}

/** A value read from the database together with the configuration version it was read at. */
export interface Versioned<T> {
  value: T;
  version: number;
}

export class SettingsCache {
  readonly #entries = new Map<string, { version: number; value: Promise<unknown> }>();

  /**
   * The value of `key` at the committed `version`. `load` reads it with the version in one statement;
   * only a value read at exactly `version` is kept, so nothing uncommitted (a change in the caller's own
   * transaction) nor newer than what the request saw is ever served under the wrong version.
   */
  get<T>(key: string, version: number, load: () => Promise<Versioned<T>>): Promise<T> {
    const hit = this.#entries.get(key);
    if (hit && hit.version === version) return hit.value as Promise<T>;
    // A request that started before a change others have already seen: read, keep nothing.
    if (hit && hit.version > version) return load().then((r) => r.value);
    const forget = () => {
      if (this.#entries.get(key)?.value === value) this.#entries.delete(key);
    };
    const value: Promise<T> = load().then((r) => {
      if (r.version !== version) forget();
      return r.value;
    });
    value.catch(forget);
    this.#entries.set(key, { version, value });
    return value;
  }
}

const caches = new WeakMap<Db, SettingsCache>();

/** The cache of one database handle (the application's pool): tests open several in one process. */
export function settingsCacheFor(db: Db): SettingsCache {
  let c = caches.get(db);
  if (!c) {
    c = new SettingsCache();
    caches.set(db, c);
  }
  return c;
}
