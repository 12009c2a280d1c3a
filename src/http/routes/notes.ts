import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { createNote, listNotes, markNotesRead, MAX_NOTE_LENGTH } from '../../usecases/notes/notes.ts';
import { Id, problemResponses } from '../schemas.ts';

export const NoteOut = z.object({
  id: z.string(),
  clientId: z.string(),
  body: z.string(),
  authorName: z.string(),
  agencyName: z.string().nullable(),
  createdAt: z.string(),
  mine: z.boolean(),
  unread: z.boolean().describe('not yet read by the caller'),
});

const tags = ['client notes'];
const ClientParams = z.object({ id: Id });

export async function noteRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { database } = app.deps;

  r.get('/api/v1/clients/:id/notes', {
    config: { access: 'client.read', clientData: true },
    schema: {
      summary: "The client's notes, newest first, each flagged unread for the caller",
      tags,
      params: ClientParams,
      response: { 200: z.object({ items: z.array(NoteOut), unreadCount: z.number().int() }), ...problemResponses },
    },
    handler: async (request) => database.transaction((tx) => listNotes(tx, request.ctx, request.params.id)),
  });

  r.post('/api/v1/clients/:id/notes', {
    config: { access: 'client.read', clientData: true },
    schema: {
      summary: 'Write a note on the client (visible to every agency that can see the client)',
      tags,
      params: ClientParams,
      body: z.object({ body: z.string().max(MAX_NOTE_LENGTH + 1000) }),
      response: { 201: NoteOut, ...problemResponses },
    },
    handler: async (request, reply) => {
      const out = await database.transaction((tx) => createNote(tx, request.ctx, request.params.id, request.body));
      return reply.code(201).send(out);
    },
  });

  r.post('/api/v1/clients/:id/notes/read', {
    config: { access: 'client.read', clientData: true },
    schema: {
      summary: "Mark the client's notes read for the caller (all, or the ones named)",
      tags,
      params: ClientParams,
      body: z.object({ noteIds: z.array(Id).max(1000).optional() }).default({}),
      response: { 200: z.object({ marked: z.number().int(), unreadCount: z.number().int() }), ...problemResponses },
    },
    handler: async (request) => database.transaction((tx) => markNotesRead(tx, request.ctx, request.params.id, request.body.noteIds)),
  });
}
