/**
 * HUD CSV sets as `HudFileSource`s: a zip (file or buffer, read with yauzl: entries are streamed, never
 * inflated whole) or a folder. Entry names are matched case-insensitively to HUD's file names and any
 * folder inside the zip is ignored (`export/Client.csv` is `Client.csv`).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';
import type { HudFileSource } from '../../domain/hud/validate.ts';
import { hudSpec } from '../../domain/hud/spec.ts';

export interface ClosableSource extends HudFileSource {
  close(): void;
}

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

export async function zipSource(input: string | Buffer): Promise<ClosableSource> {
  const zip = await openZip(input);
  const entries = new Map<string, yauzl.Entry>();
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (e: yauzl.Entry) => {
      if (!e.fileName.endsWith('/') && !path.posix.basename(e.fileName).startsWith('.') && !e.fileName.startsWith('__MACOSX/')) {
        entries.set(canonical(path.posix.basename(e.fileName)), e);
      }
      zip.readEntry();
    });
    zip.on('end', () => resolve());
    zip.on('error', reject);
    zip.readEntry();
  });
  return {
    names: [...entries.keys()],
    open(name: string): AsyncIterable<Uint8Array> {
      const entry = entries.get(name);
      if (!entry) throw new Error(`${name} is not in the zip`);
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

export function folderSource(dir: string): ClosableSource {
  const files = new Map<string, string>();
  for (const f of fs.readdirSync(dir)) {
    if (f.startsWith('.')) continue;
    const full = path.join(dir, f);
    if (fs.statSync(full).isFile()) files.set(canonical(f), full);
  }
  return {
    names: [...files.keys()],
    open: (name) => fs.createReadStream(files.get(name)!),
    close: () => {},
  };
}

/** A zip file or a folder, by path. */
export async function pathSource(p: string): Promise<ClosableSource> {
  return fs.statSync(p).isDirectory() ? folderSource(p) : zipSource(p);
}
