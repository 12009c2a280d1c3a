import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../../data/db.ts';
import { markPrepared } from '../../data/prepared-statements.ts';
import type { Actor, Membership } from '../../domain/access.ts';
import { agreementCurrent, mfaRequiredFor, passwordExpired } from '../../domain/security-settings.ts';
import { settingsCacheFor, type SettingsSnapshot } from '../settings-cache.ts';
import { loadSecurity } from './settings.ts';

export interface SessionPolicy {
  idleMinutes: number;
  maxHours: number;
}

/**
 * A session that may only do one thing before it becomes a full session: enrol a second factor (the
 * user's role requires MFA and they have none yet), or change an expired password (only when the CoC
 * configures `passwordMaxAgeDays`). Everything else answers 403.
 */
export type SessionRestriction = 'mfaEnrollment' | 'passwordChange';

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');
const newToken = () => randomBytes(32).toString('base64url');

export interface NewSession {
  token: string;
  csrfToken: string;
  expiresAt: Date;
}

/** A new session id at every sign-in (no fixation); only its hash is stored. */
export async function createSession(db: Db, userId: string, now: Date, policy: SessionPolicy, mfaVerified: boolean): Promise<NewSession> {
  const token = newToken();
  const csrfToken = newToken();
  const expiresAt = new Date(now.getTime() + policy.maxHours * 3_600_000);
  await db
    .insertInto('sessions')
    .values({ id_hash: hashToken(token), user_id: userId, csrf_token: csrfToken, mfa_verified: mfaVerified, created_at: now, last_seen_at: now, expires_at: expiresAt })
    .execute();
  return { token, csrfToken, expiresAt };
}

export interface ActiveSession {
  idHash: string;
  userId: string;
  csrfToken: string;
  idleExpiresAt: Date;
  expiresAt: Date;
  actor: Actor;
  /** The user accepted the current user agreement recently enough to open client data (the CoC's `agreementDays`). */
  agreementCurrent: boolean;
  /** The user's roles require a second factor (never in demo mode). */
  mfaRequired: boolean;
  restriction: SessionRestriction | null;
  /** The CoC configuration version this request saw, for the use cases' cached reads of it. */
  settings: SettingsSnapshot;
  user: { id: string; username: string; displayName: string; email: string | null; agreementAcceptedAt: Date | null; mfaEnabled: boolean };
}

/**
 * The user's memberships (oldest first) with the projects each covers, as JSON: an agency administrator
 * covers every project of the agency (by name), others the projects assigned to the membership.
 */
const membershipsJson = sql<Membership[]>`coalesce((
  select json_agg(json_build_object(
           'agencyId', m.agency_id,
           'role', m.role,
           'projectIds', case when m.role = 'agency_admin'
             then coalesce((select json_agg(p.id order by p.name, p.id) from projects p where p.agency_id = m.agency_id), '[]'::json)
             else coalesce((select json_agg(mp.project_id order by mp.project_id) from membership_projects mp where mp.membership_id = m.id), '[]'::json)
           end)
         order by m.created_at, m.id)
    from memberships m
   where m.user_id = s.user_id), '[]'::json)`;

/**
 * Resolves a session token: null when unknown, revoked, idle too long, past its absolute lifetime or
 * when the user is deactivated — and when the user's role now requires MFA, the user has it, but the
 * session was opened without a code (the user signs in again with one). `last seen` is written at most
 * once a minute, and not at all when `touch` is false (the idle warning asking how long is left must
 * not itself keep the session alive).
 *
 * One statement per request: the session, its user, the memberships with their projects and the CoC
 * configuration version. Nothing about the session is remembered between requests, so revocation,
 * deactivation and membership changes take effect on the very next one; the security settings come
 * from the per-process cache, checked against that version (src/usecases/settings-cache.ts).
 */
export async function resolveSession(db: Db, token: string, now: Date, policy: SessionPolicy, touch = true): Promise<ActiveSession | null> {
  const idHash = hashToken(token);
  const query = db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select([
      's.id_hash', 's.user_id', 's.csrf_token', 's.last_seen_at', 's.expires_at', 's.revoked_at', 's.mfa_verified',
      'u.username', 'u.display_name', 'u.email', 'u.active', 'u.agreement_accepted_at', 'u.agreement_version', 'u.mfa_enabled',
      'u.password_changed_at',
    ])
    .select([membershipsJson.as('memberships'), sql<number>`(select version from settings_version where id = 1)`.as('settings_version')])
    .where('s.id_hash', '=', idHash);
  // Every request runs it: prepared once per connection (a primary-key lookup, one plan fits all).
  const row = (await db.executeQuery(markPrepared(query.compile(), 'hearth_resolve_session'))).rows[0];
  if (!row || row.revoked_at || !row.active) return null;
  const idleMs = policy.idleMinutes * 60_000;
  if (now.getTime() >= row.expires_at.getTime()) return null;
  if (now.getTime() - row.last_seen_at.getTime() >= idleMs) return null;
  const memberships = row.memberships;
  const settings: SettingsSnapshot = { version: Number(row.settings_version), cache: settingsCacheFor(db) };
  const security = await loadSecurity(db, settings);
  const mfaRequired = mfaRequiredFor(memberships.map((m) => m.role), security.settings, security.demo);
  if (mfaRequired && row.mfa_enabled && !row.mfa_verified) return null;
  const restriction: SessionRestriction | null =
    mfaRequired && !row.mfa_verified ? 'mfaEnrollment' : passwordExpired(row.password_changed_at, now, security.settings) ? 'passwordChange' : null;
  let lastSeen = row.last_seen_at;
  if (touch && now.getTime() - lastSeen.getTime() >= 60_000) {
    lastSeen = now;
    // The session and its user in one statement (one commit).
    await db
      .with('touched', (q) => q.updateTable('sessions').set({ last_seen_at: now }).where('id_hash', '=', idHash).returning('user_id'))
      .updateTable('users')
      .set({ last_seen_at: now })
      .where('id', 'in', (eb) => eb.selectFrom('touched').select('touched.user_id'))
      .execute();
  }
  return {
    idHash,
    userId: row.user_id,
    csrfToken: row.csrf_token,
    idleExpiresAt: new Date(Math.min(lastSeen.getTime() + idleMs, row.expires_at.getTime())),
    expiresAt: row.expires_at,
    actor: { userId: row.user_id, username: row.username, memberships },
    agreementCurrent: agreementCurrent(row.agreement_accepted_at, row.agreement_version, now, security.settings),
    mfaRequired,
    restriction,
    settings,
    user: {
      id: row.user_id,
      username: row.username,
      displayName: row.display_name,
      email: row.email,
      agreementAcceptedAt: row.agreement_accepted_at,
      mfaEnabled: row.mfa_enabled,
    },
  };
}

export async function revokeSession(db: Db, idHash: string, now: Date): Promise<void> {
  await db.updateTable('sessions').set({ revoked_at: now }).where('id_hash', '=', idHash).where('revoked_at', 'is', null).execute();
}

/** Ends every session of a user at once (password change, deactivation, MFA reset). */
export async function revokeUserSessions(db: Db, userId: string, now: Date, exceptIdHash?: string): Promise<void> {
  let q = db.updateTable('sessions').set({ revoked_at: now }).where('user_id', '=', userId).where('revoked_at', 'is', null);
  if (exceptIdHash) q = q.where('id_hash', '!=', exceptIdHash);
  await q.execute();
}

/**
 * The actor a user is now (their current memberships, as a session would give them), for work done on
 * their behalf outside a request (a report run on the job queue); null when deactivated or unknown.
 */
export async function actorOfUser(db: Db, userId: string): Promise<Actor | null> {
  const r = await sql<{ username: string; active: boolean; memberships: Membership[] }>`
    select u.username, u.active, ${membershipsJson} as memberships
    from users u cross join lateral (select u.id as user_id) s
    where u.id = ${userId}`.execute(db);
  const row = r.rows[0];
  if (!row || !row.active) return null;
  return { userId, username: row.username, memberships: row.memberships };
}
