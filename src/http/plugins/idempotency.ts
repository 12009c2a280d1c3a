import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { sendProblem } from '../problem.ts';

const KEY = /^[\x21-\x7e]{1,255}$/;

/**
 * `Idempotency-Key` on POSTs: the first request with a key is recorded with its response; a repeat
 * with the same body gets the same response and creates nothing; the same key with another body is
 * refused (422). Keys are scoped to the signed-in user.
 */
export function idempotency(app: FastifyInstance): void {
  const { db } = app.deps.database;

  app.addHook('preHandler', async (request, reply) => {
    if (request.method !== 'POST') return;
    const key = request.headers['idempotency-key'];
    if (key === undefined) return;
    if (typeof key !== 'string' || !KEY.test(key)) {
      return sendProblem(reply, { status: 400, title: 'Bad request', detail: 'Idempotency-Key must be 1–255 visible ASCII characters.', errors: [{ pointer: '/headers/idempotency-key', message: 'Send an Idempotency-Key of 1 to 255 visible ASCII characters.' }] });
    }
    const scope = request.session?.userId ?? 'anonymous';
    const path = request.routeOptions.url ?? request.url;
    const requestHash = createHash('sha256').update(`${request.method} ${request.url}\n${JSON.stringify(request.body ?? null)}`).digest('hex');
    const inserted = await db
      .insertInto('idempotency_keys')
      .values({ scope, key, method: request.method, path, request_hash: requestHash, created_at: app.deps.clock.now() })
      .onConflict((oc) => oc.doNothing())
      .returning('key')
      .executeTakeFirst();
    if (inserted) {
      (request as { idempotency?: { scope: string; key: string } }).idempotency = { scope, key };
      return;
    }
    const existing = await db.selectFrom('idempotency_keys').selectAll().where('scope', '=', scope).where('key', '=', key).executeTakeFirstOrThrow();
    if (existing.request_hash !== requestHash) {
      return sendProblem(reply, {
        status: 422,
        title: 'Rule violated',
        detail: 'This Idempotency-Key was already used for a different request.',
        errors: [{ pointer: '/headers/idempotency-key', message: 'Send a new Idempotency-Key: this one was used for a different request.' }],
      });
    }
    if (existing.status === null) {
      reply.header('Retry-After', '1');
      return sendProblem(reply, { status: 409, title: 'Conflict', detail: 'The first request with this Idempotency-Key is still being processed.' });
    }
    reply.header('Idempotent-Replayed', 'true');
    reply.code(existing.status);
    return reply.type(existing.status >= 400 ? 'application/problem+json' : 'application/json').send(JSON.stringify(existing.response));
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const pending = (request as { idempotency?: { scope: string; key: string } }).idempotency;
    if (!pending) return payload;
    if (reply.statusCode >= 500 || reply.statusCode === 409) {
      // A failure the client may retry: forget the key so the retry runs.
      await db.deleteFrom('idempotency_keys').where('scope', '=', pending.scope).where('key', '=', pending.key).execute();
      return payload;
    }
    let response: unknown = null;
    try {
      response = typeof payload === 'string' && payload.length > 0 ? JSON.parse(payload) : null;
    } catch {
      response = null;
    }
    await db
      .updateTable('idempotency_keys')
      .set({ status: reply.statusCode, response: JSON.stringify(response) })
      .where('scope', '=', pending.scope)
      .where('key', '=', pending.key)
      .execute();
    return payload;
  });
}
