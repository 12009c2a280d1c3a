/**
 * Who may run which report, over which projects (issue 20). The projects are one half of a report's
 * scope; the other is the client gateway's visibility (src/data/gateway/clients.ts), applied in each
 * report's query.
 *
 * - The HMIS administrator and the CES matching team report on the whole CoC (the matching team
 *   monitors every provider's timeliness).
 * - Everyone else reports on the projects their memberships cover: an agency administrator every project
 *   of the agency, a case manager or Housing Resource Specialist the projects assigned to them.
 * - The access audit is the HMIS administrator's (it reads the audit log).
 *
 * A filter naming a project or agency outside that scope is refused, never silently narrowed.
 */
import { hasRole, isAdmin, type Actor } from '../access.ts';
import type { ReportKind } from '../reports/catalog.ts';

export interface ProjectRef {
  id: string;
  agencyId: string;
}

export interface ReportFilter {
  agencyIds?: readonly string[] | undefined;
  projectIds?: readonly string[] | undefined;
}

export type ReportScopeDecision =
  | { allowed: true; projectIds: string[]; wholeCoc: boolean }
  | { allowed: false; status: 403 | 422; pointer: string; reason: string };

export const reportsCoverCoc = (actor: Actor): boolean => isAdmin(actor) || hasRole(actor, 'ces_matcher');

export function mayRunReport(actor: Actor, kind: ReportKind): boolean {
  if (kind === 'access-audit') return isAdmin(actor);
  return actor.memberships.length > 0;
}

/** The projects the actor's run of `kind` covers, given the filter (every project the actor may report on when none). */
export function decideReportScope(actor: Actor, kind: ReportKind, projects: readonly ProjectRef[], filter: ReportFilter): ReportScopeDecision {
  if (!mayRunReport(actor, kind)) return { allowed: false, status: 403, pointer: '/kind', reason: 'You may not run this report.' };
  const known = new Map(projects.map((p) => [p.id, p]));
  const wide = reportsCoverCoc(actor);
  const mine = new Set(wide ? projects.map((p) => p.id) : actor.memberships.flatMap((m) => m.projectIds).filter((id) => known.has(id)));
  let chosen = [...mine];
  if (filter.agencyIds && filter.agencyIds.length > 0) {
    const agencies = new Set(filter.agencyIds);
    for (const a of agencies) {
      if (!projects.some((p) => p.agencyId === a)) return { allowed: false, status: 422, pointer: '/agencyIds', reason: `Agency ${a} has no projects or does not exist.` };
      if (!projects.some((p) => p.agencyId === a && mine.has(p.id))) return { allowed: false, status: 403, pointer: '/agencyIds', reason: `You may not report on agency ${a}.` };
    }
    chosen = chosen.filter((id) => agencies.has(known.get(id)!.agencyId));
  }
  if (filter.projectIds && filter.projectIds.length > 0) {
    for (const id of filter.projectIds) {
      if (!known.has(id)) return { allowed: false, status: 422, pointer: '/projectIds', reason: `Project ${id} does not exist.` };
      if (!mine.has(id)) return { allowed: false, status: 403, pointer: '/projectIds', reason: `You may not report on project ${id}.` };
    }
    const wanted = new Set(filter.projectIds);
    chosen = chosen.filter((id) => wanted.has(id));
  }
  const filtered = Boolean(filter.agencyIds?.length || filter.projectIds?.length);
  return { allowed: true, projectIds: chosen.sort(), wholeCoc: wide && !filtered };
}
