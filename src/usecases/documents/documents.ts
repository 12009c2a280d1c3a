import type { Tx } from '../../data/db.ts';
import { DocumentDamaged, DocumentStore } from '../../data/documents-store.ts';
import { auditClientRead, findVisibleClient } from '../../data/gateway/clients.ts';
import { todayOf } from '../today.ts';
import { ACCEPTED_FORMATS_TEXT, DOCUMENT_TYPE_LABELS, MAX_DOCUMENT_BYTES, safeFilename, sniffDocumentType, type DocumentType } from '../../domain/ce/documents.ts';
import { DomainError, NotFoundError, RuleViolation } from '../../domain/errors.ts';
import { newId } from '../../domain/ids.ts';
import { writeAudit } from '../audit.ts';
import { requireActor, type RequestContext } from '../context.ts';

/**
 * Client documents (spec §7): IDs, homeless and disability verifications. Anyone who can see the
 * client may upload and download them (an HRS's upload is readable by the receiving provider); the
 * bytes live on disk (DocumentStore), the row holds the checksum; every download is audited.
 */
export class PayloadTooLarge extends DomainError {
  constructor() {
    super(413, 'Payload too large', `The file is larger than ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB. Scan it at a lower resolution or split it, then upload again.`, [{ pointer: '/', message: 'Choose a smaller file.' }]);
  }
}

export class UnsupportedDocumentType extends DomainError {
  constructor() {
    super(415, 'Unsupported media type', `This file is not ${ACCEPTED_FORMATS_TEXT}. Save or scan it in one of those formats and upload again.`, [{ pointer: '/', message: 'Choose a file in one of the accepted formats.' }]);
  }
}

interface DocumentRow {
  id: string;
  client_id: string;
  document_type: string;
  filename: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  storage_key: string;
  uploaded_at: Date;
  uploaded_by_name: string | null;
  agency_name: string | null;
}

const present = (r: DocumentRow) => ({
  id: r.id,
  clientId: r.client_id,
  documentType: r.document_type as DocumentType,
  documentTypeLabel: DOCUMENT_TYPE_LABELS[r.document_type as DocumentType] ?? r.document_type,
  filename: r.filename,
  contentType: r.content_type,
  size: r.size_bytes,
  sha256: r.sha256,
  uploadedAt: r.uploaded_at.toISOString(),
  uploadedBy: r.uploaded_by_name,
  agencyName: r.agency_name,
});

function selectDocuments(tx: Tx) {
  return tx
    .selectFrom('client_documents as d')
    .leftJoin('users as u', 'u.id', 'd.uploaded_by')
    .leftJoin('agencies as a', 'a.id', 'd.agency_id')
    .select(['d.id', 'd.client_id', 'd.document_type', 'd.filename', 'd.content_type', 'd.size_bytes', 'd.sha256', 'd.storage_key', 'd.uploaded_at', 'u.display_name as uploaded_by_name', 'a.name as agency_name']);
}

export interface UploadInput {
  documentType: DocumentType;
  filename: string | null;
  bytes: Uint8Array;
}

/** Stores the file (atomically, named by id), then its row and the audit entry. */
export async function uploadDocument(tx: Tx, ctx: RequestContext, store: DocumentStore, clientId: string, input: UploadInput) {
  const actor = requireActor(ctx);
  const { client } = await findVisibleClient(tx, actor, clientId, await todayOf(tx, ctx));
  if (input.bytes.length === 0) throw new RuleViolation('The file is empty. Choose the file again.', [{ pointer: '/', message: 'Choose the file again: this one is empty.' }]);
  if (input.bytes.length > MAX_DOCUMENT_BYTES) throw new PayloadTooLarge();
  const sniffed = sniffDocumentType(input.bytes);
  if (!sniffed) throw new UnsupportedDocumentType();
  const id = newId();
  const key = DocumentStore.keyFor(id);
  const { sha256, size } = await store.write(key, input.bytes);
  try {
    const agencyId = actor.memberships.some((m) => m.agencyId === client.owner_agency_id) ? client.owner_agency_id : (actor.memberships[0]?.agencyId ?? null);
    await tx
      .insertInto('client_documents')
      .values({
        id,
        client_id: client.id,
        agency_id: agencyId,
        document_type: input.documentType,
        filename: safeFilename(input.filename, sniffed.extension, input.documentType.replaceAll('_', '-')),
        content_type: sniffed.contentType,
        size_bytes: size,
        sha256,
        storage_key: key,
        uploaded_at: ctx.clock.now(),
        uploaded_by: actor.userId,
      })
      .execute();
    const out = present(await selectDocuments(tx).where('d.id', '=', id).executeTakeFirstOrThrow());
    await writeAudit(tx, ctx, { action: 'client_document.upload', entityType: 'client_document', entityId: id, clientId: client.id, after: out });
    return out;
  } catch (e) {
    await store.remove(key);
    throw e;
  }
}

/** The client's documents, newest first. Audited read. */
export async function listDocuments(tx: Tx, ctx: RequestContext, clientId: string) {
  const actor = requireActor(ctx);
  const { client, reason } = await findVisibleClient(tx, actor, clientId, await todayOf(tx, ctx));
  const rows = await selectDocuments(tx).where('d.client_id', '=', client.id).orderBy('d.uploaded_at', 'desc').orderBy('d.id', 'desc').execute();
  await auditClientRead(tx, ctx, [client.id], reason, { what: 'client_documents' });
  return { items: rows.map(present) };
}

/** The document's bytes, checked against the stored checksum, for a caller who can see the client. Audited. */
export async function downloadDocument(tx: Tx, ctx: RequestContext, store: DocumentStore, documentId: string) {
  const actor = requireActor(ctx);
  const row = await selectDocuments(tx).where('d.id', '=', documentId).executeTakeFirst();
  if (!row) throw new NotFoundError('document');
  let reason: string;
  try {
    ({ reason } = await findVisibleClient(tx, actor, row.client_id, await todayOf(tx, ctx)));
  } catch (e) {
    if (e instanceof NotFoundError) throw new NotFoundError('document');
    throw e;
  }
  let bytes: Buffer;
  try {
    bytes = await store.read(row.storage_key, row.sha256);
  } catch (e) {
    if (e instanceof DocumentDamaged) {
      throw new DomainError(500, 'Document damaged', 'This document cannot be opened: the stored file is missing or no longer matches its checksum. Tell your HMIS administrator (quote the document id).', [], { documentId: row.id });
    }
    throw e;
  }
  await writeAudit(tx, ctx, { action: 'client_document.download', entityType: 'client_document', entityId: row.id, clientId: row.client_id, reason, details: { sha256: row.sha256, size: row.size_bytes } });
  return { document: present(row), bytes };
}
