import fs from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, serializerCompiler } from 'fastify-type-provider-zod';
import { validatorCompiler } from './validation.ts';
import { answerRefusedBody } from './refuse-rest.ts';
import { DomainError } from '../domain/errors.ts';
import { newId } from '../domain/ids.ts';
import { writeAudit } from '../usecases/audit.ts';
import { safeError } from '../safe-error.ts';
import type { AppDeps } from './types.ts';
import { errorHandler, sendProblem } from './problem.ts';
import { securityHeaders } from './plugins/security-headers.ts';
import { Availability, availability } from './plugins/availability.ts';
import { auth } from './plugins/auth.ts';
import { idempotency } from './plugins/idempotency.ts';
import { healthRoutes } from './routes/health.ts';
import { notificationRoutes } from './routes/notifications.ts';
import { authRoutes } from './routes/auth.ts';
import { meRoutes } from './routes/me.ts';
import { organisationRoutes } from './routes/organisation.ts';
import { userRoutes } from './routes/users.ts';
import { auditRoutes } from './routes/audit.ts';
import { clientRoutes } from './routes/clients.ts';
import { householdRoutes } from './routes/households.ts';
import { ceRoutes } from './routes/ce.ts';
import { noteRoutes } from './routes/notes.ts';
import { documentRoutes } from './routes/documents.ts';
import { enrollmentRoutes } from './routes/enrollments.ts';
import { caseloadRoutes } from './routes/caseload.ts';
import { referralRoutes } from './routes/referrals.ts';
import { openingRoutes } from './routes/openings.ts';
import { ceListRoutes } from './routes/ce-list.ts';
import { rematchRoutes } from './routes/rematch.ts';
import { countsReportRoutes } from './routes/counts-reports.ts';
import { transferRoutes } from './routes/transfers.ts';
import { hudRoutes } from './routes/hud.ts';
import { reportRoutes } from './routes/reports.ts';

export const API_ROUTE_PLUGINS = [notificationRoutes, healthRoutes, authRoutes, meRoutes, organisationRoutes, userRoutes, auditRoutes, clientRoutes, householdRoutes, ceRoutes, noteRoutes, documentRoutes, referralRoutes, openingRoutes, ceListRoutes, rematchRoutes, countsReportRoutes, enrollmentRoutes, caseloadRoutes, transferRoutes, hudRoutes, reportRoutes];

/**
 * The request log holds the method, the route pattern and the status (docs/ARCHITECTURE.md): never the
 * raw URL (ids, query text) nor the client's address and port (issue 15, defect 12).
 */
export const REQUEST_LOG_SERIALIZERS = {
  req: (req: FastifyRequest) => ({ method: req.method, route: req.routeOptions?.url ?? '(no route)' }),
  res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
};

/** Builds the HTTP application: plugins in the order requests meet them, then the routes. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: deps.logger ? { ...(typeof deps.logger === 'object' ? deps.logger : {}), serializers: REQUEST_LOG_SERIALIZERS } : false,
    genReqId: () => newId(),
    requestIdHeader: false,
    bodyLimit: 1_048_576,
    routerOptions: { ignoreTrailingSlash: true },
  });
  app.decorate('deps', deps);
  // Every route, as registered: the OpenAPI test checks that each one is documented.
  const routes: { method: string; url: string; hidden: boolean }[] = [];
  app.decorate('routeList', routes);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) routes.push({ method, url: route.url, hidden: Boolean((route.schema as { hide?: boolean } | undefined)?.hide) });
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  app.decorateRequest('ctx', null as never);
  app.decorateRequest('session', null);
  app.addHook('onRequest', async (request, reply) => {
    request.ctx = { actor: null, requestId: request.id, address: request.ip, clock: deps.clock };
    reply.header('X-Request-Id', request.id);
  });

  const state = new Availability(deps.database);
  app.setErrorHandler(errorHandler(() => state.markDown()));
  // A refusal raised inside a transaction is audited here, after that transaction rolled back.
  app.addHook('onError', async (request, _reply, error) => {
    if (!(error instanceof DomainError) || !error.refusalAudit) return;
    await writeAudit(deps.database.db, request.ctx, error.refusalAudit).catch((e: unknown) => request.log.error({ err: safeError(e) }, 'audit of a refusal failed'));
  });
  securityHeaders(app);
  availability(app, state);
  await app.register(fastifyCookie);
  auth(app);
  app.addHook('preValidation', answerRefusedBody);
  idempotency(app);

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Hearth API', version: '1', description: 'Coordinated Entry HMIS. Errors are application/problem+json (RFC 9457).' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'hearth_session' } } },
      security: [{ session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs', staticCSP: false });
  app.get('/api/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () => app.swagger());

  for (const plugin of API_ROUTE_PLUGINS) await app.register(plugin);

  const webRoot = deps.webRoot;
  const hasWeb = webRoot !== undefined && fs.existsSync(path.join(webRoot, 'index.html'));
  if (hasWeb) {
    await app.register(fastifyStatic, { root: webRoot, wildcard: false, index: false, serveDotFiles: false });
    app.get('/assets/*', { schema: { hide: true } }, (request, reply) => {
      const file = (request.params as { '*': string })['*'];
      return reply.header('Cache-Control', 'public, max-age=31536000, immutable').sendFile(path.join('assets', file));
    });
  }
  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith('/api/') || request.method !== 'GET' || !hasWeb) {
      return sendProblem(reply, { status: 404, title: 'Not found', detail: `No such resource: ${request.method} ${request.url.split('?')[0]}` });
    }
    // The web app routes on the client: every other GET gets its page.
    return reply.header('Cache-Control', 'no-cache').sendFile('index.html');
  });
  return app;
}
