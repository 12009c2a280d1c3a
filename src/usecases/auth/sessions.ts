import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../../data/db.ts';
import type { Actor, Membership, Role } from '../../domain/access.ts';
import { agreementCurrent, mfaRequiredFor, passwordExpired } from '../../domain/security-settings.ts';
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
  user: { id: string; username: string; displayName: string; email: string | null; agreementAcceptedAt: Date | null; mfaEnabled: boolean };
}

/**
 * Resolves a session token: null when unknown, revoked, idle too long, past its absolute lifetime or
 * when the user is deactivated — and when the user's role now requires MFA, the user has it, but the
 * session was opened without a code (the user signs in again with one). `last seen` is written at most
 * once a minute, and not at all when `touch` is false (the idle warning asking how long is left must
 * not itself keep the session alive).
 */
export async function resolveSession(db: Db, token: string, now: Date, policy: SessionPolicy, touch = true): Promise<ActiveSession | null> {
  const idHash = hashToken(token);
  const row = await db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select([
      's.id_hash', 's.user_id', 's.csrf_token', 's.last_seen_at', 's.expires_at', 's.revoked_at', 's.mfa_verified',
      'u.username', 'u.display_name', 'u.email', 'u.active', 'u.agreement_accepted_at', 'u.agreement_version', 'u.mfa_enabled',
      'u.password_changed_at',
    ])
    .where('s.id_hash', '=', idHash)
    .executeTakeFirst();
  if (!row || row.revoked_at || !row.active) return null;
  const idleMs = policy.idleMinutes * 60_000;
  if (now.getTime() >= row.expires_at.getTime()) return null;
  if (now.getTime() - row.last_seen_at.getTime() >= idleMs) return null;
  const memberships = await loadMemberships(db, row.user_id);
  const security = await loadSecurity(db);
  const mfaRequired = mfaRequiredFor(memberships.map((m) => m.role), security.settings, security.demo);
  if (mfaRequired && row.mfa_enabled && !row.mfa_verified) return null;
  const restriction: SessionRestriction | null =
    mfaRequired && !row.mfa_verified ? 'mfaEnrollment' : passwordExpired(row.password_changed_at, now, security.settings) ? 'passwordChange' : null;
  let lastSeen = row.last_seen_at;
  if (touch && now.getTime() - lastSeen.getTime() >= 60_000) {
    lastSeen = now;
    await db.updateTable('sessions').set({ last_seen_at: now }).where('id_hash', '=', idHash).execute();
    await db.updateTable('users').set({ last_seen_at: now }).where('id', '=', row.user_id).execute();
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

/** Memberships with the projects each covers; an agency administrator covers every project of the agency. */
export async function loadMemberships(db: Db, userId: string): Promise<Membership[]> {
  const rows = await db
    .selectFrom('memberships as m')
    .leftJoin('membership_projects as mp', 'mp.membership_id', 'm.id')
    .select(['m.id', 'm.agency_id', 'm.role', 'mp.project_id'])
    .where('m.user_id', '=', userId)
    .orderBy('m.created_at')
    .orderBy('m.id')
    .execute();
  const agencyProjects = await db
    .selectFrom('projects')
    .select(['id', 'agency_id'])
    .where('agency_id', 'in', db.selectFrom('memberships').select('agency_id').where('user_id', '=', userId).where('role', '=', 'agency_admin'))
    .orderBy('name')
    .execute();
  const byId = new Map<string, Membership>();
  for (const r of rows) {
    let m = byId.get(r.id);
    if (!m) {
      m = { agencyId: r.agency_id, role: r.role as Role, projectIds: [] };
      byId.set(r.id, m);
    }
    if (r.project_id && m.role !== 'agency_admin') m.projectIds.push(r.project_id);
  }
  for (const m of byId.values()) {
    if (m.role === 'agency_admin') m.projectIds = agencyProjects.filter((p) => p.agency_id === m.agencyId).map((p) => p.id);
  }
  return [...byId.values()];
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
