import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { sendProblem } from '../problem.ts';

export async function healthRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/healthz', {
    config: { access: 'public' },
    schema: { summary: 'The process is up', tags: ['health'], response: { 200: z.object({ status: z.literal('ok') }) } },
    handler: async () => ({ status: 'ok' as const }),
  });
  r.get('/readyz', {
    config: { access: 'public' },
    schema: { summary: 'The database is reachable', tags: ['health'], response: { 200: z.object({ status: z.literal('ready'), database: z.string() }) } },
    handler: async (_request, reply) => {
      try {
        await app.deps.database.ping(1500);
        return { status: 'ready' as const, database: app.deps.database.kind };
      } catch {
        reply.header('Retry-After', '5');
        return sendProblem(reply, { status: 503, title: 'Service unavailable', detail: 'The database cannot be reached.' });
      }
    },
  });
}
