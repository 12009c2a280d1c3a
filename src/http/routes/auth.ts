import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { login } from '../../usecases/auth/login.ts';
import { resetMfa } from '../../usecases/auth/mfa.ts';
import { completePasswordReset, issuePasswordReset } from '../../usecases/auth/password-change.ts';
import { resolveSession, revokeSession } from '../../usecases/auth/sessions.ts';
import { writeAudit } from '../../usecases/audit.ts';
import { SESSION_COOKIE, deny, sessionPolicy } from '../plugins/auth.ts';
import { MeOut, UserOut, presentMe, presentUser } from '../presenters.ts';
import { loadReferralSettings } from '../../usecases/referrals/config-store.ts';
import { cocToday } from '../../domain/calendar/today.ts';
import { Id, problemResponses } from '../schemas.ts';

/**
 * A browser's sign-in or reset comes from Hearth's own pages: its Origin is HEARTH_PUBLIC_URL's origin.
 * The Host header is the client's to choose, so it proves nothing (issue 15, defect 12).
 */
function sameOrigin(request: FastifyRequest, publicUrl: string): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true; // not a browser: CSRF needs a browser
  return origin === new URL(publicUrl).origin;
}

export async function authRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post('/api/v1/auth/login', {
    config: { access: 'public', skipCsrf: true },
    schema: {
      summary: 'Sign in',
      tags: ['auth'],
      body: z.object({ username: z.string().min(1).max(150), password: z.string().min(1).max(1024), totpCode: z.string().max(10).optional() }),
      response: {
        200: z.object({
          user: UserOut,
          csrfToken: z.string(),
          mfaEnrollmentRequired: z.boolean().describe('The session may only enrol MFA until a code is confirmed (POST /api/v1/me/mfa/enroll, /confirm)'),
        }),
        ...problemResponses,
        429: problemResponses[401].describe('Too many failed attempts from this address (for this username or in all); see Retry-After (seconds). Failures from other addresses never refuse a sign-in.'),
      },
    },
    handler: async (request, reply) => {
      if (!sameOrigin(request, app.deps.config.publicUrl)) {
        return deny(app, request, reply, 'sign-in from another origin', 'Sign-in from another site is refused.');
      }
      const policy = sessionPolicy(app);
      const result = await login(app.deps.database, request.ctx, request.body, policy, app.deps.config.publicUrl);
      reply.setCookie(SESSION_COOKIE, result.session.token, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: app.deps.config.publicUrl.startsWith('https:'),
        expires: result.session.expiresAt,
      });
      const session = await resolveSession(app.deps.database.db, result.session.token, app.deps.clock.now(), policy);
      return { user: presentUser(session!), csrfToken: session!.csrfToken, mfaEnrollmentRequired: result.mfaEnrollmentRequired };
    },
  });

  r.post('/api/v1/auth/logout', {
    config: { access: 'signedIn', allowRestricted: true },
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
    config: { access: 'signedIn', allowRestricted: true },
    schema: { summary: 'The signed-in user, memberships and CSRF token', tags: ['auth'], response: { 200: MeOut, ...problemResponses } },
    handler: async (request) => {
      const { config } = await loadReferralSettings(app.deps.database.db, request.ctx);
      return presentMe(request.session!, { timeZone: config.timeZone, locale: config.locale, today: cocToday(request.ctx.clock, config.timeZone) });
    },
  });

  r.get('/api/v1/auth/session', {
    config: { access: 'signedIn', allowRestricted: true, sessionPeek: true },
    schema: {
      summary: 'When the session ends, without counting as activity',
      description: 'For the idle warning: reading it does not extend the idle timeout (any other request does).',
      tags: ['auth'],
      response: { 200: z.object({ sessionIdleExpiresAt: z.string(), sessionExpiresAt: z.string() }), ...problemResponses },
    },
    handler: async (request) => ({
      sessionIdleExpiresAt: request.session!.idleExpiresAt.toISOString(),
      sessionExpiresAt: request.session!.expiresAt.toISOString(),
    }),
  });

  r.post('/api/v1/auth/password-reset', {
    config: { access: 'public' },
    schema: {
      summary: 'Set a new password with a one-time reset link',
      description: 'The token comes from the link an administrator created (POST /api/v1/users/{id}/password-reset). Single use, 24 hours; every session of the user ends.',
      tags: ['auth'],
      body: z.object({ token: z.string().min(10).max(200), newPassword: z.string().max(1024) }),
      response: { 204: z.null().describe('Password set'), ...problemResponses },
    },
    handler: async (request, reply) => {
      if (!sameOrigin(request, app.deps.config.publicUrl)) {
        return deny(app, request, reply, 'password reset from another origin', 'A password reset from another site is refused.');
      }
      await completePasswordReset(app.deps.database, request.ctx, request.body);
      return reply.code(204).send(null);
    },
  });

  r.post('/api/v1/users/:id/password-reset', {
    config: { access: 'user.manage' },
    schema: {
      summary: 'Create a one-time password reset link for a user',
      description: 'HMIS administrators for anyone, agency administrators for users of their agencies. Earlier unused links stop working.',
      tags: ['users'],
      params: z.object({ id: Id }),
      response: { 201: z.object({ resetUrl: z.string(), expiresAt: z.string() }), ...problemResponses },
    },
    handler: async (request, reply) => {
      const link = await app.deps.database.transaction((tx) => issuePasswordReset(tx, request.ctx, request.params.id));
      // The token travels in the fragment: browsers never send it to the server, so it stays out of logs.
      const resetUrl = `${app.deps.config.publicUrl.replace(/\/$/, '')}/reset-password#token=${link.token}`;
      return reply.code(201).send({ resetUrl, expiresAt: link.expiresAt.toISOString() });
    },
  });

  r.post('/api/v1/users/:id/mfa-reset', {
    config: { access: 'user.manage' },
    schema: {
      summary: "Remove a user's two-step verification (lost device)",
      description: 'The user sets it up again at the next sign-in when their role requires it. Their sessions end.',
      tags: ['users'],
      params: z.object({ id: Id }),
      response: { 204: z.null().describe('MFA removed'), ...problemResponses },
    },
    handler: async (request, reply) => {
      await app.deps.database.transaction((tx) => resetMfa(tx, request.ctx, request.params.id));
      return reply.code(204).send(null);
    },
  });
}
