import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { acceptAgreement, agreementStatus, type AgreementStatus } from '../../usecases/auth/agreement.ts';
import { confirmMfa, enrollMfa } from '../../usecases/auth/mfa.ts';
import { changePassword } from '../../usecases/auth/password-change.ts';
import { problemResponses } from '../schemas.ts';

/** The signed-in user's own account: password, two-step verification, user agreement. */
const AgreementOut = z.object({
  version: z.string(),
  title: z.string(),
  text: z.string(),
  acceptedAt: z.string().nullable(),
  acceptedVersion: z.string().nullable(),
  current: z.boolean(),
  renewBy: z.string().nullable(),
});

const presentAgreement = (s: AgreementStatus): z.infer<typeof AgreementOut> => ({
  version: s.agreement.version,
  title: s.agreement.title,
  text: s.agreement.text,
  acceptedAt: s.acceptedAt?.toISOString() ?? null,
  acceptedVersion: s.acceptedVersion,
  current: s.current,
  renewBy: s.renewBy?.toISOString() ?? null,
});

export async function meRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post('/api/v1/me/password', {
    config: { access: 'signedIn', allowRestricted: true },
    schema: {
      summary: 'Change my password',
      description: '8 to 128 characters, not a common password, not built from your name. Your other sessions end; this one stays.',
      tags: ['me'],
      body: z.object({ currentPassword: z.string().max(1024), newPassword: z.string().max(1024) }),
      response: { 204: z.null().describe('Password changed'), ...problemResponses },
    },
    handler: async (request, reply) => {
      await changePassword(app.deps.database, request.ctx, request.body, request.session!.idHash);
      return reply.code(204).send(null);
    },
  });

  r.post('/api/v1/me/mfa/enroll', {
    config: { access: 'signedIn', allowRestricted: true },
    schema: {
      summary: 'Start setting up two-step verification (TOTP)',
      description: 'Returns a new secret and its otpauth:// URI for an authenticator app; confirm with a code to turn it on.',
      tags: ['me'],
      response: { 200: z.object({ secret: z.string(), otpauthUri: z.string() }), ...problemResponses },
    },
    handler: async (request) => app.deps.database.transaction((tx) => enrollMfa(tx, request.ctx, 'Hearth')),
  });

  r.post('/api/v1/me/mfa/confirm', {
    config: { access: 'signedIn', allowRestricted: true },
    schema: {
      summary: 'Turn on two-step verification with a code from the authenticator app',
      description: 'Your other sessions end; this one stays and counts as verified.',
      tags: ['me'],
      body: z.object({ code: z.string().max(20) }),
      response: { 204: z.null().describe('Two-step verification on'), ...problemResponses },
    },
    handler: async (request, reply) => {
      await confirmMfa(app.deps.database, request.ctx, request.body.code, request.session!.idHash);
      return reply.code(204).send(null);
    },
  });

  r.get('/api/v1/me/agreement', {
    config: { access: 'signedIn' },
    schema: { summary: 'The CoC’s current user agreement and my acceptance', tags: ['me'], response: { 200: AgreementOut, ...problemResponses } },
    handler: async (request) => presentAgreement(await app.deps.database.transaction((tx) => agreementStatus(tx, request.ctx))),
  });

  r.post('/api/v1/me/agreement', {
    config: { access: 'signedIn' },
    schema: {
      summary: 'Accept the current user agreement',
      description: 'Needed on first sign-in and again after the CoC’s agreementDays (default 365) before client data opens.',
      tags: ['me'],
      body: z.object({ version: z.string().max(100).optional() }),
      response: { 200: AgreementOut, ...problemResponses },
    },
    handler: async (request) => presentAgreement(await app.deps.database.transaction((tx) => acceptAgreement(tx, request.ctx, request.body.version))),
  });
}
