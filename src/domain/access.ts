/**
 * The one access module: who may do what. Pure decisions from the caller's memberships; the data
 * gateway turns the same facts into SQL so that lists and searches never hold what a caller may not see.
 * Deny by default: an action not listed here is allowed to nobody.
 */
export type Role = 'hmis_admin' | 'ces_matcher' | 'housing_resource_specialist' | 'agency_admin' | 'case_manager';

export const ROLES: readonly Role[] = ['hmis_admin', 'ces_matcher', 'housing_resource_specialist', 'agency_admin', 'case_manager'];

export const ROLE_LABELS: Record<Role, string> = {
  hmis_admin: 'HMIS administrator',
  ces_matcher: 'CES matching team',
  housing_resource_specialist: 'Housing Resource Specialist',
  agency_admin: 'Agency administrator',
  case_manager: 'Case manager',
};

export interface Membership {
  agencyId: string;
  role: Role;
  /** The projects the membership covers (for an agency administrator: every project of the agency). */
  projectIds: string[];
}

export interface Actor {
  userId: string;
  username: string;
  memberships: Membership[];
}

/** Every action a route can declare. */
export type Action =
  | 'coc.read' // agencies, projects and descriptors: not client data
  | 'agency.create'
  | 'agency.update'
  | 'project.create'
  | 'project.update'
  | 'user.manage'
  | 'membership.grant' // scope: agencyId and role of the membership granted, changed or removed
  | 'audit.read'
  | 'config.manage'
  | 'client.read' // open, search and list client records (per record: the gateway's visibility)
  | 'client.create'
  | 'client.ssn.reveal' // scope: agencyId = the client's owning agency, ceProjectIds
  | 'ce.assess' // CE enrollment, assessment, current living situation; scope: ceProjectIds
  | 'enrollment.manage' // enroll, assess, services, move-in, exit in a project; scope: projectId, agencyId
  | 'ce.match' // the CE list, matching from openings, the rematch queue (CES matching team, HMIS administrators)
  | 'hud.export' // HUD CSV export; scope: agencyId of the project exported (HMIS admins: all; agency admins: their agencies)
  | 'hud.import'; // HUD CSV import (HMIS administrators only: it writes across agencies)

export interface Scope {
  agencyId?: string;
  projectId?: string;
  role?: Role;
  /** The CoC's CE projects (project type 14): rules for "the CE project's staff". */
  ceProjectIds?: readonly string[];
}

/** A Housing Resource Specialist whose membership covers one of the CE projects. */
export const isCeHrs = (actor: Actor, ceProjectIds: readonly string[]): boolean =>
  actor.memberships.some((m) => m.role === 'housing_resource_specialist' && m.projectIds.some((p) => ceProjectIds.includes(p)));

/** Roles only an HMIS administrator may grant: they reach across the whole CoC. */
export const COC_WIDE_ROLES: readonly Role[] = ['hmis_admin', 'ces_matcher'];

export const hasRole = (actor: Actor, role: Role): boolean => actor.memberships.some((m) => m.role === role);
export const isAdmin = (actor: Actor): boolean => hasRole(actor, 'hmis_admin');

/** Agencies the actor administers (agency administrator memberships). */
export const administeredAgencies = (actor: Actor): string[] =>
  actor.memberships.filter((m) => m.role === 'agency_admin').map((m) => m.agencyId);

export function can(actor: Actor, action: Action, scope: Scope = {}): boolean {
  switch (action) {
    case 'coc.read':
      return actor.memberships.length > 0;
    case 'agency.create':
    case 'audit.read':
    case 'config.manage':
      return isAdmin(actor);
    case 'client.read':
    case 'client.create':
      return actor.memberships.length > 0;
    case 'client.ssn.reveal':
      // The full SSN: HMIS administrators, the CE project's Housing Resource Specialists (they match
      // records across agencies) and the users of the agency that owns the record. Case managers of
      // other agencies see the last four only.
      if (isAdmin(actor)) return true;
      if (isCeHrs(actor, scope.ceProjectIds ?? [])) return true;
      return scope.agencyId !== undefined && actor.memberships.some((m) => m.agencyId === scope.agencyId);
    case 'ce.assess':
      // Only the CE project's Housing Resource Specialists (an HMIS administrator is not one). Without
      // the CE projects in the scope this asks "could the actor assess at all?" (the route's check).
      return scope.ceProjectIds === undefined ? hasRole(actor, 'housing_resource_specialist') : isCeHrs(actor, scope.ceProjectIds);
    case 'ce.match':
      return hasRole(actor, 'ces_matcher') || isAdmin(actor);
    case 'hud.export':
      // The whole CoC for HMIS administrators; an agency administrator exports their agencies' projects.
      if (isAdmin(actor)) return true;
      if (scope.agencyId === undefined) return administeredAgencies(actor).length > 0;
      return administeredAgencies(actor).includes(scope.agencyId);
    case 'hud.import':
      return isAdmin(actor);
    case 'enrollment.manage':
      // The project's staff: case managers whose membership covers the project, the agency's
      // administrators, and HMIS administrators. Without a project this asks "could they enroll at all?".
      if (isAdmin(actor)) return true;
      if (scope.projectId === undefined) return actor.memberships.some((m) => m.role === 'case_manager' || m.role === 'agency_admin');
      return actor.memberships.some(
        (m) => (m.role === 'agency_admin' && m.agencyId === scope.agencyId) || (m.role === 'case_manager' && m.projectIds.includes(scope.projectId!)),
      );
    case 'membership.grant':
      if (isAdmin(actor)) return true;
      if (scope.role !== undefined && COC_WIDE_ROLES.includes(scope.role)) return false;
      if (scope.agencyId === undefined) return administeredAgencies(actor).length > 0;
      return administeredAgencies(actor).includes(scope.agencyId);
    case 'agency.update':
    case 'project.create':
    case 'project.update':
    case 'user.manage':
      if (isAdmin(actor)) return true;
      // Without a scope this asks "may the actor do this anywhere?" (e.g. to open the screen).
      if (scope.agencyId === undefined) return administeredAgencies(actor).length > 0;
      return administeredAgencies(actor).includes(scope.agencyId);
    default: {
      const unknown: never = action;
      void unknown;
      return false;
    }
  }
}

/** Home screens and navigation are chosen by role; the server decides every action anyway. */
export function navigationFor(actor: Actor): string[] {
  const items = ['dashboard', 'notifications'];
  if (actor.memberships.length > 0) items.push('projects', 'reports');
  if (can(actor, 'client.read')) items.push('clients');
  if (can(actor, 'ce.match')) items.push('ce-list', 'openings', 'rematch-queue');
  else if (actor.memberships.some((m) => (m.role === 'case_manager' || m.role === 'agency_admin') && m.projectIds.length > 0)) items.push('openings');
  if (can(actor, 'user.manage')) items.push('admin', 'admin.agencies', 'admin.projects', 'admin.users');
  if (can(actor, 'audit.read')) items.push('audit');
  if (can(actor, 'config.manage')) items.push('outbox');
  // Referrals: the receiving providers (case managers, agency administrators), the matching team, administrators.
  if (actor.memberships.some((m) => m.role !== 'housing_resource_specialist')) items.push('referrals');
  if (can(actor, 'config.manage')) items.push('admin.referral-statuses', 'admin.holidays');
  if (can(actor, 'hud.export')) items.push('admin.hud-export');
  if (can(actor, 'hud.import')) items.push('admin.hud-import');
  // Transfers (issue 8): the matching team's queue and log; providers see their projects' transfers.
  if (can(actor, 'ce.match')) items.push('transfers', 'transfers.log');
  else if (actor.memberships.some((m) => (m.role === 'case_manager' || m.role === 'agency_admin') && m.projectIds.length > 0)) items.push('transfers');
  return items;
}
