import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { can } from '../../domain/access.ts';
import { resolveSession, type SessionPolicy } from '../../usecases/auth/sessions.ts';
import { writeAudit } from '../../usecases/audit.ts';
import { sendProblem } from '../problem.ts';

export const SESSION_COOKIE = 'hearth_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function sessionPolicy(app: FastifyInstance): SessionPolicy {
  return { idleMinutes: app.deps.config.sessionIdleMinutes, maxHours: app.deps.config.sessionMaxHours };
}

/**
 * Resolves the session, then enforces what the route declares (deny by default: a route without a
 * declared access rule is refused), then CSRF for state-changing requests.
 */
export function auth(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    request.session = null;
    const token = request.cookies[SESSION_COOKIE];
    if (token && request.url.startsWith('/api/')) {
      const touch = !request.routeOptions.config?.sessionPeek;
      request.session = await resolveSession(app.deps.database.db, token, app.deps.clock.now(), sessionPolicy(app), touch);
      if (request.session) {
        request.ctx.actor = request.session.actor;
        request.ctx.settings = request.session.settings;
      }
    }
    if (!request.url.startsWith('/api/v1/')) return;
    const access = request.routeOptions.config?.access;
    if (access === undefined) {
      // Unknown URLs fall through to the not-found handler; known routes must declare access.
      if (request.routeOptions.url === undefined) return;
      return deny(app, request, reply, 'route declares no access rule');
    }
    if (access === 'public') return;
    if (!request.session) {
      return sendProblem(reply, { status: 401, title: 'Unauthorized', detail: 'Sign in to continue.' });
    }
    if (!SAFE_METHODS.has(request.method) && !request.routeOptions.config.skipCsrf) {
      const sent = request.headers['x-csrf-token'];
      if (sent !== request.session.csrfToken) {
        return deny(app, request, reply, 'missing or wrong CSRF token', 'This request is missing its CSRF token (X-CSRF-Token). Reload the page and try again.');
      }
    }
    const restriction = request.session.restriction;
    if (restriction && !request.routeOptions.config.allowRestricted) {
      return deny(
        app,
        request,
        reply,
        `session restricted: ${restriction}`,
        restriction === 'mfaEnrollment'
          ? 'Set up two-step verification before you continue (your role requires it).'
          : 'Your password has expired. Choose a new one before you continue.',
        restriction === 'mfaEnrollment' ? { mfaEnrollmentRequired: true } : { passwordChangeRequired: true },
      );
    }
    if (access !== 'signedIn' && !can(request.session.actor, access)) {
      return deny(app, request, reply, `action ${access} not allowed`);
    }
    if (request.routeOptions.config.clientData && !request.session.agreementCurrent) {
      return deny(app, request, reply, 'user agreement not accepted', 'Accept the user agreement before opening client data.');
    }
  });
}

export async function deny(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  reason: string,
  detail = 'You are not allowed to do this.',
  extra: Record<string, unknown> = {},
) {
  await writeAudit(app.deps.database.db, request.ctx, {
    action: 'access.denied',
    reason,
    details: { method: request.method, route: request.routeOptions.url ?? null },
  });
  return sendProblem(reply, { status: 403, title: 'Forbidden', detail, ...extra });
}
