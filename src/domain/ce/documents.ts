/**
 * Client documents (spec §7): what may be uploaded, how its type is recognised (from its first bytes,
 * never from the name or the declared type) and how it is named when downloaded. Pure: no I/O.
 */

export const DOCUMENT_TYPES = ['id', 'homeless_verification', 'disability_verification', 'income_verification', 'other'] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

export const DOCUMENT_TYPE_LABELS: Record<DocumentType, string> = {
  id: 'Identification',
  homeless_verification: 'Homeless verification',
  disability_verification: 'Disability verification',
  income_verification: 'Income verification',
  other: 'Other',
};

/** 10 MB: a phone photo or a scanned multi-page PDF fits. */
export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;

export interface SniffedType {
  contentType: 'application/pdf' | 'image/png' | 'image/jpeg' | 'image/tiff' | 'image/heic' | 'image/heif';
  extension: 'pdf' | 'png' | 'jpg' | 'tif' | 'heic' | 'heif';
}

export const ACCEPTED_FORMATS_TEXT = 'a PDF, PNG, JPEG, HEIC or TIFF file';

const startsWith = (bytes: Uint8Array, magic: readonly number[], offset = 0) =>
  bytes.length >= offset + magic.length && magic.every((b, i) => bytes[offset + i] === b);

const ascii = (bytes: Uint8Array, from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));

const HEIC_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'hevm', 'hevs']);
const HEIF_BRANDS = new Set(['mif1', 'msf1']);

/** The document's type from its magic bytes, or null when it is none of the accepted formats. */
export function sniffDocumentType(bytes: Uint8Array): SniffedType | null {
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return { contentType: 'application/pdf', extension: 'pdf' }; // %PDF-
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { contentType: 'image/png', extension: 'png' };
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return { contentType: 'image/jpeg', extension: 'jpg' };
  if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a])) return { contentType: 'image/tiff', extension: 'tif' };
  // ISO base media file: [size:4]['ftyp'][major brand:4]
  if (bytes.length >= 12 && ascii(bytes, 4, 8) === 'ftyp') {
    const brand = ascii(bytes, 8, 12);
    if (HEIC_BRANDS.has(brand)) return { contentType: 'image/heic', extension: 'heic' };
    if (HEIF_BRANDS.has(brand)) return { contentType: 'image/heif', extension: 'heif' };
  }
  return null;
}

/**
 * The name a document is stored and downloaded under: the uploaded name without any folder, control
 * or quoting characters, at most 100 characters, with the extension of the type it really is.
 */
export function safeFilename(uploaded: string | null | undefined, extension: string, fallbackBase = 'document'): string {
  let base = (uploaded ?? '').split(/[\\/]/).pop() ?? '';
  base = base
    .normalize('NFC')
    .replace(/[\u0000-\u001f\u007f"*:<>?|;%]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  base = base.replace(/\.[A-Za-z0-9]{1,5}$/, '').replace(/^\.+/, '').trim();
  if (base === '') base = fallbackBase;
  base = Array.from(base).slice(0, 100).join('').trim();
  return `${base}.${extension}`;
}

/** `Content-Disposition: attachment` with an ASCII fallback and the UTF-8 name (RFC 6266 / 5987). */
export function attachmentDisposition(filename: string): string {
  const asciiName = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${asciiName}"; filename*=UTF-8''${encoded}`;
}
