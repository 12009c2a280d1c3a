import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { NotFoundError } from '../../domain/errors.ts';
import { Id, problemResponses } from '../schemas.ts';

const NotificationOut = z.object({
  id: z.string(),
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  link: z.string().nullable(),
  createdAt: z.string(),
  read: z.boolean(),
});

const Delivery = z.enum(['immediate', 'daily_digest', 'in_app_only']);

export async function notificationRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps.database;

  r.get('/api/v1/notifications', {
    config: { access: 'signedIn' },
    schema: {
      summary: "The caller's in-app notifications, newest first",
      tags: ['notifications'],
      querystring: z.object({ unread: z.enum(['true', 'false']).optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }),
      response: { 200: z.object({ items: z.array(NotificationOut), unreadCount: z.number().int() }), ...problemResponses },
    },
    handler: async (request) => {
      const userId = request.session!.userId;
      let q = db.selectFrom('notifications').selectAll().where('user_id', '=', userId).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(request.query.limit);
      if (request.query.unread === 'true') q = q.where('read_at', 'is', null);
      const [rows, unread] = await Promise.all([
        q.execute(),
        db.selectFrom('notifications').select((eb) => eb.fn.countAll<number>().as('n')).where('user_id', '=', userId).where('read_at', 'is', null).executeTakeFirstOrThrow(),
      ]);
      return {
        items: rows.map((n) => ({ id: n.id, kind: n.kind, title: n.title, body: n.body, link: n.link, createdAt: n.created_at.toISOString(), read: n.read_at !== null })),
        unreadCount: unread.n,
      };
    },
  });

  r.post('/api/v1/notifications/:id/read', {
    config: { access: 'signedIn' },
    schema: { summary: 'Mark a notification read', tags: ['notifications'], params: z.object({ id: Id }), response: { 204: z.null(), ...problemResponses } },
    handler: async (request, reply) => {
      const res = await db
        .updateTable('notifications')
        .set({ read_at: app.deps.clock.now() })
        .where('id', '=', request.params.id)
        .where('user_id', '=', request.session!.userId)
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) === 0) throw new NotFoundError('notification');
      return reply.code(204).send(null);
    },
  });

  r.post('/api/v1/notifications/read-all', {
    config: { access: 'signedIn' },
    schema: { summary: 'Mark all notifications read', tags: ['notifications'], response: { 204: z.null(), ...problemResponses } },
    handler: async (request, reply) => {
      await db.updateTable('notifications').set({ read_at: app.deps.clock.now() }).where('user_id', '=', request.session!.userId).where('read_at', 'is', null).execute();
      return reply.code(204).send(null);
    },
  });

  r.get('/api/v1/me/notification-preferences', {
    config: { access: 'signedIn' },
    schema: { summary: 'How the caller receives notifications by e-mail', tags: ['notifications'], response: { 200: z.object({ delivery: Delivery }), ...problemResponses } },
    handler: async (request) => {
      const u = await db.selectFrom('users').select('notification_delivery').where('id', '=', request.session!.userId).executeTakeFirstOrThrow();
      return { delivery: u.notification_delivery };
    },
  });

  r.put('/api/v1/me/notification-preferences', {
    config: { access: 'signedIn' },
    schema: {
      summary: 'Choose immediate e-mails, a daily digest, or in-app only',
      tags: ['notifications'],
      body: z.object({ delivery: Delivery }),
      response: { 200: z.object({ delivery: Delivery }), ...problemResponses },
    },
    handler: async (request) => {
      await db.updateTable('users').set({ notification_delivery: request.body.delivery }).where('id', '=', request.session!.userId).execute();
      return { delivery: request.body.delivery };
    },
  });

  r.get('/api/v1/admin/outbox', {
    config: { access: 'config.manage' },
    schema: {
      summary: 'E-mails queued and sent (the embedded demo has no SMTP server: read them here)',
      tags: ['notifications'],
      querystring: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }),
      response: {
        200: z.object({
          smtpConfigured: z.boolean(),
          items: z.array(z.object({ id: z.string(), to: z.string(), subject: z.string(), body: z.string(), createdAt: z.string(), sentAt: z.string().nullable(), lastError: z.string().nullable() })),
        }),
        ...problemResponses,
      },
    },
    handler: async (request) => {
      const rows = await db.selectFrom('email_outbox').selectAll().orderBy('created_at', 'desc').orderBy('id').limit(request.query.limit).execute();
      return {
        smtpConfigured: Boolean(app.deps.config.smtpUrl),
        items: rows.map((m) => ({ id: m.id, to: m.to_address, subject: m.subject, body: m.body_text, createdAt: m.created_at.toISOString(), sentAt: m.sent_at?.toISOString() ?? null, lastError: m.last_error })),
      };
    },
  });
}
