import yazl from 'yazl';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import type { Database } from '../../src/data/db.ts';
import { exportHud, type HudExportParams } from '../../src/usecases/hud/export.ts';
import type { Clock } from '../../src/clock.ts';
import type { RequestContext } from '../../src/usecases/context.ts';

export { unzipText } from '../helpers/zip.ts';

/** The CLI's context: no actor (the server operator), a fixed request id. */
export const SYSTEM_CTX = (clock: Clock): RequestContext => ({ actor: null, requestId: 'test', address: null, clock });


/** Exports into a buffer (the zip). */
export async function exportToBuffer(database: Database, ctx: RequestContext, params: Partial<HudExportParams> = {}) {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const progress: string[] = [];
  const result = await database.transaction((tx) =>
    exportHud(tx, ctx, { from: '2000-01-01', to: '2030-12-31', projectIds: null, periodType: 3, directive: 2, hashed: false, ...params }, out, (p) => {
      if (p.done) progress.push(p.file);
    }),
  );
  return { zip: Buffer.concat(chunks), result, progress };
}

/** Writes files into a new temporary folder (a set to import with folderSource). */
export function writeFolder(files: Map<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hud-set-'));
  for (const [name, text] of files) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

/** Splits a simple CSV line (our own export: quoted strings without embedded commas in the edited rows). */
export function editRow(text: string, match: (fields: string[], header: string[]) => boolean, edit: (fields: string[], header: string[]) => void): { text: string; edited: number } {
  const lines = text.split('\r\n');
  const header = lines[0]!.split(',');
  let edited = 0;
  for (let i = 1; i < lines.length; i++) {
    if (!lines[i]) continue;
    const fields = lines[i]!.split(',');
    if (fields.length !== header.length || !match(fields, header)) continue;
    edit(fields, header);
    lines[i] = fields.join(',');
    edited++;
    break;
  }
  return { text: lines.join('\r\n'), edited };
}

/** Zips a folder's files (a fixture scenario) into a buffer. */
export async function zipFolder(dir: string): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const f of fs.readdirSync(dir).sort()) zip.addFile(path.join(dir, f), f);
  zip.end();
  const chunks: Buffer[] = [];
  for await (const c of zip.outputStream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** Blanks the ExportID column of every row; Export.csv keeps only its header. */
export function comparable(files: Map<string, string>): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, text] of files) {
    const lines = text.split('\r\n');
    if (name === 'Export.csv') {
      out.set(name, lines[0]!);
      continue;
    }
    const header = lines[0]!.split(',');
    const i = header.indexOf('ExportID');
    out.set(name, lines.map((l, n) => (n === 0 || !l ? l : l.slice(0, l.lastIndexOf(',')) + (i === header.length - 1 ? ',X' : ''))).join('\r\n'));
  }
  return out;
}
