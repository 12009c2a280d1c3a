import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DocumentStore } from '../../data/documents-store.ts';
import { attachmentDisposition, DOCUMENT_TYPES, MAX_DOCUMENT_BYTES } from '../../domain/ce/documents.ts';
import { RuleViolation } from '../../domain/errors.ts';
import { downloadDocument, listDocuments, PayloadTooLarge, UnsupportedDocumentType, uploadDocument } from '../../usecases/documents/documents.ts';
import { refuseRest } from '../refuse-rest.ts';
import { Id, ListOf, problemResponses } from '../schemas.ts';

export const DocumentOut = z.object({
  id: z.string(),
  clientId: z.string(),
  documentType: z.enum(DOCUMENT_TYPES),
  documentTypeLabel: z.string(),
  filename: z.string(),
  contentType: z.string().describe('sniffed from the file, not taken from the upload'),
  size: z.number().int(),
  sha256: z.string(),
  uploadedAt: z.string(),
  uploadedBy: z.string().nullable(),
  agencyName: z.string().nullable(),
});

const tags = ['client documents'];
export const FILENAME_HEADER = 'x-document-filename';

/** The uploaded name, percent-encoded (UTF-8) in a header so that it never appears in a URL. */
function filenameFrom(value: string | string[] | undefined): string | null {
  if (typeof value !== 'string' || value === '') return null;
  try {
    return decodeURIComponent(value).slice(0, 1000);
  } catch {
    throw new RuleViolation('The file name header is not valid percent-encoded UTF-8.', [{ pointer: `/headers/${FILENAME_HEADER}`, message: 'Send the file name as percent-encoded UTF-8.' }]);
  }
}

export async function documentRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { database, config } = app.deps;
  const store = new DocumentStore(config.dataDir);

  // Uploads are the raw file (any declared type: the type is sniffed from the bytes). Scoped to this
  // plugin. A body over the limit is answered 413 at once, whatever its size (refuseRest).
  app.addContentTypeParser('*', (request, payload, done) => {
    if (Number(request.headers['content-length'] ?? 0) > MAX_DOCUMENT_BYTES) return refuseRest(payload, new PayloadTooLarge(), done);
    let chunks: Buffer[] | null = [];
    let size = 0;
    payload.on('data', (chunk: Buffer) => {
      if (chunks === null) return;
      size += chunk.length;
      if (size <= MAX_DOCUMENT_BYTES) return void chunks.push(chunk);
      chunks = null;
      refuseRest(payload, new PayloadTooLarge(), done);
    });
    payload.on('end', () => chunks !== null && done(null, Buffer.concat(chunks)));
    payload.on('error', (e) => chunks !== null && done(e));
  });

  r.post('/api/v1/clients/:id/documents', {
    config: { access: 'client.read', clientData: true },
    schema: {
      summary: 'Upload a document (ID, homeless verification, disability verification, …)',
      description: `The request body is the file itself (e.g. Content-Type: application/octet-stream), at most ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB (else 413). Its type is sniffed from its first bytes: PDF, PNG, JPEG, HEIC/HEIF or TIFF (else 415). The original file name goes percent-encoded in the \`X-Document-Filename\` header (never in the URL).`,
      tags,
      params: z.object({ id: Id }),
      querystring: z.object({ type: z.enum(DOCUMENT_TYPES).describe('what the document is') }),
      response: { 201: DocumentOut, 413: problemResponses[422], 415: problemResponses[422], ...problemResponses },
    },
    handler: async (request, reply) => {
      const body = request.body as unknown;
      if (!Buffer.isBuffer(body)) throw new UnsupportedDocumentType();
      const filename = filenameFrom(request.headers[FILENAME_HEADER]);
      const out = await database.transaction((tx) => uploadDocument(tx, request.ctx, store, request.params.id, { documentType: request.query.type, filename, bytes: body }));
      return reply.code(201).send(out);
    },
  });

  r.get('/api/v1/clients/:id/documents', {
    config: { access: 'client.read', clientData: true },
    schema: { summary: "The client's documents, newest first", tags, params: z.object({ id: Id }), response: { 200: ListOf(DocumentOut), ...problemResponses } },
    handler: async (request) => database.transaction((tx) => listDocuments(tx, request.ctx, request.params.id)),
  });

  r.get('/api/v1/documents/:id/content', {
    config: { access: 'client.read', clientData: true },
    schema: {
      summary: 'Download a document (users who can see the client; every download is audited)',
      description: 'The file, with its sniffed Content-Type and `Content-Disposition: attachment`. Its SHA-256 is checked against the stored checksum first.',
      tags,
      params: z.object({ id: Id }),
      response: { ...problemResponses },
    },
    handler: async (request, reply) => {
      const { document, bytes } = await database.transaction((tx) => downloadDocument(tx, request.ctx, store, request.params.id));
      return reply
        .header('Content-Type', document.contentType)
        .header('Content-Disposition', attachmentDisposition(document.filename))
        .header('Content-Length', String(bytes.length))
        .header('Digest', `sha-256=${Buffer.from(document.sha256, 'hex').toString('base64')}`)
        .send(bytes as never);
    },
  });
}
