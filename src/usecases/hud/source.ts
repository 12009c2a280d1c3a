/**
 * HUD CSV sets as `HudFileSource`s: a zip (file or buffer, read with yauzl: entries are streamed, never
 * inflated whole) or a folder. Entry names are matched case-insensitively to HUD's file names and any
 * folder inside the zip is ignored (`export/Client.csv` is `Client.csv`).
 *
 * Hostile zips (issue 15): an entry whose name leaves the zip (`../Client.csv`, `/Client.csv`, `C:…`,
 * backslashes) refuses the whole zip (`HudSourceError`, a 422 on upload) — yauzl finds them, the CLI and
 * the upload say the same. Inflated sizes are bounded before anything is read: an entry declaring more
 * than `maxEntryBytes` is not read (its file gets a `csv-limit` problem), a set declaring more than
 * `maxSetBytes` is refused. The declared sizes can be trusted: yauzl fails an entry that inflates to
 * more than it declared. There is no ratio bound: deflate's own maximum is about 1032:1, so a 1 MB zip
 * can hold 1 GiB — what keeps that cheap is the reader's per-record bounds (csv.ts), which stop a file
 * at its first oversized record.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';
import type { HudFileSource } from '../../domain/hud/validate.ts';
import { CsvLimitError } from '../../domain/hud/csv.ts';
import { hudSpec } from '../../domain/hud/spec.ts';

export interface ClosableSource extends HudFileSource {
  close(): void;
}

/** The zip cannot be read as a set at all (not a zip, an unsafe entry name, too large once inflated). */
export class HudSourceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HudSourceError';
  }
}

export interface SourceOptions {
  /** A WHATWG encoding label the files are read in (UTF-8 when absent). */
  encoding?: string;
  /** Largest inflated entry read (default 4 GiB). */
  maxEntryBytes?: number;
  /** Largest inflated set (default 8 GiB). */
  maxSetBytes?: number;
}

const GIB = 1024 ** 3;
const MIB = (n: number) => `${Math.round(n / 1024 ** 2)} MiB`;
const UNSAFE_NAME = /^(invalid relative path|absolute path|invalid characters in fileName): /;

const canonicalNames = new Map<string, string>();
for (const v of ['2026', '2024'] as const) for (const f of hudSpec(v).fileOrder) canonicalNames.set(f.toLowerCase(), f);
const canonical = (name: string) => canonicalNames.get(name.toLowerCase()) ?? name;

function openZip(input: string | Buffer): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    const cb = (err: Error | null, zip?: yauzl.ZipFile) => (err || !zip ? reject(err ?? new Error('zip')) : resolve(zip));
    if (typeof input === 'string') yauzl.open(input, { lazyEntries: true, autoClose: false }, cb);
    else yauzl.fromBuffer(input, { lazyEntries: true }, cb);
  });
}

/** yauzl's refusals in the users' words; other errors are passed on. */
function sourceError(e: unknown): unknown {
  const message = e instanceof Error ? e.message : String(e);
  const unsafe = UNSAFE_NAME.exec(message);
  if (unsafe) {
    const name = message.slice(unsafe[0].length);
    return new HudSourceError(`The zip holds an entry named ${JSON.stringify(name.slice(0, 100))}, which points outside the zip or is not a safe name: nothing was read from it.`);
  }
  if (/signature|central directory|not a zip|truncated|unexpected EOF|zip64|multi-disk/i.test(message)) return new HudSourceError('The file is not a zip of HUD CSV files (it could not be read as a zip).');
  return e;
}

export async function zipSource(input: string | Buffer, options: SourceOptions = {}): Promise<ClosableSource> {
  const maxEntry = options.maxEntryBytes ?? 4 * GIB;
  const maxSet = options.maxSetBytes ?? 8 * GIB;
  const zip = await openZip(input).catch((e: unknown) => Promise.reject(sourceError(e)));
  const entries = new Map<string, yauzl.Entry>();
  let total = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on('entry', (e: yauzl.Entry) => {
        if (!e.fileName.endsWith('/') && !path.posix.basename(e.fileName).startsWith('.') && !e.fileName.startsWith('__MACOSX/')) {
          entries.set(canonical(path.posix.basename(e.fileName)), e);
          total += e.uncompressedSize;
        }
        zip.readEntry();
      });
      zip.on('end', () => resolve());
      zip.on('error', reject);
      zip.readEntry();
    });
  } catch (e) {
    zip.close();
    throw sourceError(e);
  }
  if (total > maxSet) {
    zip.close();
    throw new HudSourceError(`The zip's files would be ${MIB(total)} once inflated; at most ${MIB(maxSet)} are read.`);
  }
  return {
    names: [...entries.keys()],
    encoding: options.encoding,
    open(name: string): AsyncIterable<Uint8Array> {
      const entry = entries.get(name);
      if (!entry) throw new Error(`${name} is not in the zip`);
      if (entry.uncompressedSize > maxEntry) {
        const refused = new CsvLimitError(`${name} would be ${MIB(entry.uncompressedSize)} once inflated; at most ${MIB(maxEntry)} are read per file: the file is not read.`, null);
        return { [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(refused) }) };
      }
      return {
        [Symbol.asyncIterator]() {
          const p = new Promise<Readable>((resolve, reject) => zip.openReadStream(entry, (err, stream) => (err || !stream ? reject(err ?? new Error('zip entry')) : resolve(stream))));
          let it: AsyncIterator<Uint8Array> | null = null;
          return {
            async next() {
              if (!it) it = (await p)[Symbol.asyncIterator]() as AsyncIterator<Uint8Array>;
              return it.next();
            },
            async return() {
              if (it?.return) await it.return();
              else (await p).destroy();
              return { done: true, value: undefined };
            },
          };
        },
      };
    },
    close: () => zip.close(),
  };
}

export function folderSource(dir: string, options: Pick<SourceOptions, 'encoding'> = {}): ClosableSource {
  const files = new Map<string, string>();
  for (const f of fs.readdirSync(dir)) {
    if (f.startsWith('.')) continue;
    const full = path.join(dir, f);
    if (fs.statSync(full).isFile()) files.set(canonical(f), full);
  }
  return {
    names: [...files.keys()],
    encoding: options.encoding,
    open: (name) => fs.createReadStream(files.get(name)!),
    close: () => {},
  };
}

/** A zip file or a folder, by path. */
export async function pathSource(p: string, options: SourceOptions = {}): Promise<ClosableSource> {
  return fs.statSync(p).isDirectory() ? folderSource(p, options) : zipSource(p, options);
}
