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
  | 'audit.read'
  | 'config.manage';

export interface Scope {
  agencyId?: string;
  projectId?: string;
}

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
    case 'project.create':
    case 'audit.read':
    case 'config.manage':
      return isAdmin(actor) || (action === 'project.create' && scope.agencyId !== undefined && administeredAgencies(actor).includes(scope.agencyId));
    case 'agency.update':
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
  const items = ['dashboard'];
  if (actor.memberships.length > 0) items.push('projects');
  if (can(actor, 'user.manage')) items.push('admin');
  if (can(actor, 'audit.read')) items.push('audit');
  return items;
}
