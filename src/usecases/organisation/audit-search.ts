import type { Tx } from '../../data/db.ts';
import { searchAudit, type AuditFilter } from '../../data/repos/audit.ts';
import { can } from '../../domain/access.ts';
import { ForbiddenError } from '../../domain/errors.ts';
import { writeAudit } from '../audit.ts';
import { requireActor, type RequestContext } from '../context.ts';

/** Searches the audit log (HMIS administrators); the search itself is audited with its filters. */
export async function searchAuditLog(tx: Tx, ctx: RequestContext, filter: AuditFilter) {
  const actor = requireActor(ctx);
  if (!can(actor, 'audit.read')) throw new ForbiddenError();
  const result = await searchAudit(tx, filter);
  await writeAudit(tx, ctx, {
    action: 'audit.search',
    entityType: 'audit_log',
    reason: 'HMIS administrator searched the audit log',
    details: {
      filter: {
        userId: filter.userId ?? null,
        clientId: filter.clientId ?? null,
        from: filter.from?.toISOString() ?? null,
        to: filter.to?.toISOString() ?? null,
        action: filter.action ?? null,
        cursor: filter.beforeId ?? null,
        limit: filter.limit,
      },
      returned: result.items.length,
    },
  });
  return result;
}
