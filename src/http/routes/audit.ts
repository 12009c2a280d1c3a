import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { searchAuditLog } from '../../usecases/organisation/audit-search.ts';
import { Id, IsoDate, problemResponses } from '../schemas.ts';

const Instant = z.union([z.iso.datetime({ offset: true }), IsoDate]).describe('ISO timestamp, or a date (UTC midnight)');

export const AuditItemOut = z.object({
  id: z.string(),
  at: z.string(),
  userId: z.string().nullable(),
  username: z.string().nullable(),
  action: z.string(),
  entityType: z.string().nullable(),
  entityId: z.string().nullable(),
  clientId: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  reason: z.string().nullable(),
  requestId: z.string().nullable(),
  address: z.string().nullable(),
  details: z.unknown(),
});

export async function auditRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/v1/audit', {
    config: { access: 'audit.read' },
    schema: {
      summary: 'Search the audit log (newest first)',
      description: 'Keyset pagination: pass `nextCursor` back as `cursor`. `to` is exclusive; a date means its UTC midnight. `action` matches an action or its prefix ("project" finds project.create). The search is itself audited.',
      tags: ['audit'],
      querystring: z.object({
        userId: Id.optional(),
        clientId: Id.optional(),
        from: Instant.optional(),
        to: Instant.optional(),
        action: z.string().trim().min(1).max(100).optional(),
        limit: z.coerce.number().int().min(1).max(200).default(50),
        cursor: z.string().regex(/^[0-9]{1,18}$/).optional(),
      }),
      response: { 200: z.object({ items: z.array(AuditItemOut), nextCursor: z.string().nullable() }), ...problemResponses },
    },
    handler: async (request) => {
      const q = request.query;
      const instant = (v: string | undefined) => (v === undefined ? undefined : new Date(v.length === 10 ? `${v}T00:00:00Z` : v));
      const result = await app.deps.database.transaction((tx) =>
        searchAuditLog(tx, request.ctx, {
          userId: q.userId,
          clientId: q.clientId,
          from: instant(q.from),
          to: instant(q.to),
          action: q.action,
          beforeId: q.cursor === undefined ? undefined : Number(q.cursor),
          limit: q.limit,
        }),
      );
      return {
        nextCursor: result.nextCursor,
        items: result.items.map((i) => ({ ...i, id: String(i.id), at: i.at.toISOString() })),
      };
    },
  });
}
