/**
 * A report's scope (issue 20): the projects the run covers and the clients the caller may see. Each
 * report applies it in one place of its query (`scope.projectIds` on the records, `scope.clientVisible`
 * on `clients as c`), so the move of every access rule into one per-request gateway (issue 18) changes
 * only how the scope is made, here.
 */
import type { Expression, SqlBool } from 'kysely';
import type { Actor } from '../../domain/access.ts';
import { visibleClientsFilter } from '../../data/gateway/clients.ts';

export interface ReportScope {
  actor: Actor;
  /** The projects the run covers (sorted). */
  projectIds: readonly string[];
  /** True when the run covers the whole CoC (HMIS administrators and the matching team, no filter). */
  wholeCoc: boolean;
  /** The clients the caller may see on the CoC's date, as SQL on `clients as c` (the gateway's rule). */
  clientVisible: Expression<SqlBool>;
  today: string;
}

export function reportScope(actor: Actor, today: string, projects: { projectIds: readonly string[]; wholeCoc: boolean }): ReportScope {
  return { actor, projectIds: projects.projectIds, wholeCoc: projects.wholeCoc, clientVisible: visibleClientsFilter(actor, today), today };
}
