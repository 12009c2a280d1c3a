import type { Db, Tx } from '../db.ts';
import type { Role } from '../../domain/access.ts';

export interface MembershipRow {
  id: string;
  agencyId: string;
  role: Role;
  /** Assigned projects (case managers, HRS); for an agency administrator every project of the agency. */
  projectIds: string[];
}

export interface UserRow {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  active: boolean;
  mfaEnabled: boolean;
  lastLoginAt: Date | null;
  version: number;
  memberships: MembershipRow[];
}

/** Users with their memberships; `agencyIds` keeps users holding a membership in one of those agencies. */
export async function listUsers(db: Db | Tx, filter: { agencyIds?: string[]; ids?: string[] } = {}): Promise<UserRow[]> {
  let q = db
    .selectFrom('users')
    .select(['id', 'username', 'display_name', 'email', 'active', 'mfa_enabled', 'last_login_at', 'version'])
    .orderBy('display_name')
    .orderBy('id');
  if (filter.agencyIds) {
    if (filter.agencyIds.length === 0) return [];
    q = q.where('id', 'in', db.selectFrom('memberships').select('user_id').where('agency_id', 'in', filter.agencyIds));
  }
  if (filter.ids) {
    if (filter.ids.length === 0) return [];
    q = q.where('id', 'in', filter.ids);
  }
  const users = await q.execute();
  if (users.length === 0) return [];
  const memberships = await membershipsOf(db, users.map((u) => u.id));
  return users.map((u) => ({
    id: u.id,
    username: u.username,
    displayName: u.display_name,
    email: u.email,
    active: u.active,
    mfaEnabled: u.mfa_enabled,
    lastLoginAt: u.last_login_at,
    version: u.version,
    memberships: memberships.filter((m) => m.userId === u.id).map(({ userId: _u, ...m }) => m),
  }));
}

export async function getUser(db: Db | Tx, id: string): Promise<UserRow | undefined> {
  return (await listUsers(db, { ids: [id] }))[0];
}

export async function membershipsOf(db: Db | Tx, userIds: string[]): Promise<(MembershipRow & { userId: string })[]> {
  if (userIds.length === 0) return [];
  const rows = await db
    .selectFrom('memberships as m')
    .leftJoin('membership_projects as mp', 'mp.membership_id', 'm.id')
    .select(['m.id', 'm.user_id', 'm.agency_id', 'm.role', 'mp.project_id'])
    .where('m.user_id', 'in', userIds)
    .orderBy('m.created_at')
    .orderBy('m.id')
    .execute();
  const agencyIds = [...new Set(rows.filter((r) => r.role === 'agency_admin').map((r) => r.agency_id))];
  const agencyProjects =
    agencyIds.length === 0 ? [] : await db.selectFrom('projects').select(['id', 'agency_id']).where('agency_id', 'in', agencyIds).orderBy('name').execute();
  const byId = new Map<string, MembershipRow & { userId: string }>();
  for (const r of rows) {
    let m = byId.get(r.id);
    if (!m) {
      m = { id: r.id, userId: r.user_id, agencyId: r.agency_id, role: r.role as Role, projectIds: [] };
      byId.set(r.id, m);
    }
    if (r.project_id && m.role !== 'agency_admin') m.projectIds.push(r.project_id);
  }
  for (const m of byId.values()) {
    if (m.role === 'agency_admin') m.projectIds = agencyProjects.filter((p) => p.agency_id === m.agencyId).map((p) => p.id);
    else m.projectIds.sort();
  }
  return [...byId.values()];
}
