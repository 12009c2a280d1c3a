import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

/**
 * Client documents on disk, under `<dataDir>/documents/`, each file named by the document's id (never
 * by anything about the client), in a folder per first two characters. Written atomically: a temporary
 * file in the same folder, flushed, then renamed into place; read back with its SHA-256 checked.
 */
export class DocumentStore {
  readonly root: string;
  constructor(dataDir: string) {
    this.root = path.join(dataDir, 'documents');
  }

  /** The storage key for a document id: `ab/abcdef…`. */
  static keyFor(id: string): string {
    if (!/^[A-Za-z0-9_-]{1,32}$/.test(id)) throw new Error('invalid document id');
    return `${id.slice(0, 2)}/${id}`;
  }

  #pathOf(key: string): string {
    if (!/^[A-Za-z0-9_-]{1,2}\/[A-Za-z0-9_-]{1,32}$/.test(key)) throw new Error('invalid storage key');
    return path.join(this.root, key);
  }

  /** Writes the bytes under `key` (temp file + fsync + rename + folder fsync); returns their checksum. */
  async write(key: string, bytes: Uint8Array): Promise<{ sha256: string; size: number }> {
    const target = this.#pathOf(key);
    const dir = path.dirname(target);
    await fs.mkdir(dir, { recursive: true, mode: 0o700 });
    const tmp = path.join(dir, `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
    const handle = await fs.open(tmp, 'wx', 0o600);
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await fs.rename(tmp, target);
    } catch (e) {
      await fs.rm(tmp, { force: true });
      throw e;
    }
    const dirHandle = await fs.open(dir, 'r').catch(() => null);
    if (dirHandle) {
      await dirHandle.sync().catch(() => {});
      await dirHandle.close();
    }
    return { sha256: sha256(bytes), size: bytes.length };
  }

  /** The bytes under `key`, or a DocumentDamaged error when they are missing or no longer match `expectedSha256`. */
  async read(key: string, expectedSha256: string): Promise<Buffer> {
    let bytes: Buffer;
    try {
      bytes = await fs.readFile(this.#pathOf(key));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new DocumentDamaged('missing');
      throw e;
    }
    if (sha256(bytes) !== expectedSha256) throw new DocumentDamaged('checksum');
    return bytes;
  }

  /** Removes a file whose row was never written (a failed upload). */
  async remove(key: string): Promise<void> {
    await fs.rm(this.#pathOf(key), { force: true });
  }
}

export class DocumentDamaged extends Error {
  readonly kind: 'missing' | 'checksum';
  constructor(kind: 'missing' | 'checksum') {
    super(kind === 'missing' ? 'document file is missing' : 'document checksum does not match');
    this.kind = kind;
  }
}

export const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
