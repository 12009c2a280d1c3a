import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { login } from '../../usecases/auth/login.ts';
import { resolveSession, revokeSession } from '../../usecases/auth/sessions.ts';
import { writeAudit } from '../../usecases/audit.ts';
import { SESSION_COOKIE, deny, sessionPolicy } from '../plugins/auth.ts';
import { MeOut, UserOut, presentMe } from '../presenters.ts';
import { problemResponses } from '../schemas.ts';

function sameOrigin(request: FastifyRequest, publicUrl: string): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true; // not a browser: CSRF needs a browser
  const own = `${request.protocol}://${request.headers.host}`;
  return origin === own || origin === new URL(publicUrl).origin;
}

export async function authRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post('/api/v1/auth/login', {
    config: { access: 'public', skipCsrf: true },
    schema: {
      summary: 'Sign in',
      tags: ['auth'],
      body: z.object({ username: z.string().min(1).max(150), password: z.string().min(1).max(1024), totpCode: z.string().max(10).optional() }),
      response: { 200: z.object({ user: UserOut, csrfToken: z.string() }), ...problemResponses, 429: problemResponses[401] },
    },
    handler: async (request, reply) => {
      if (!sameOrigin(request, app.deps.config.publicUrl)) {
        return deny(app, request, reply, 'sign-in from another origin', 'Sign-in from another site is refused.');
      }
      const policy = sessionPolicy(app);
      const result = await login(app.deps.database, request.ctx, request.body, policy);
      reply.setCookie(SESSION_COOKIE, result.session.token, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: app.deps.config.publicUrl.startsWith('https:'),
        expires: result.session.expiresAt,
      });
      const session = await resolveSession(app.deps.database.db, result.session.token, app.deps.clock.now(), policy);
      const me = presentMe(session!);
      return { user: me.user, csrfToken: me.csrfToken };
    },
  });

  r.post('/api/v1/auth/logout', {
    config: { access: 'signedIn' },
    schema: { summary: 'Sign out', tags: ['auth'], response: { 204: z.null().describe('Signed out'), ...problemResponses } },
    handler: async (request, reply) => {
      const session = request.session!;
      await app.deps.database.transaction(async (tx) => {
        await revokeSession(tx, session.idHash, app.deps.clock.now());
        await writeAudit(tx, request.ctx, { action: 'auth.logout', entityType: 'user', entityId: session.userId });
      });
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send(null);
    },
  });

  r.get('/api/v1/me', {
    config: { access: 'signedIn' },
    schema: { summary: 'The signed-in user, memberships and CSRF token', tags: ['auth'], response: { 200: MeOut, ...problemResponses } },
    handler: async (request) => presentMe(request.session!),
  });
}
