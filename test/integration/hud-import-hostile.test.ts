/**
 * Crafted HUD zips (issue 15, defects 2, 7, 8): each is refused with a report that names the file and
 * line (or a 422 problem), by the CLI and by upload, and reading stops early — memory stays bounded
 * because the reader never holds more than one record's worth of text.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import zlib from 'node:zlib';
import yazl from 'yazl';
import { startApp, type Client, type TestApp } from '../helpers/app.ts';
import { validateHudSource, type HudFileSource } from '../../src/domain/hud/validate.ts';
import { zipSource } from '../../src/usecases/hud/source.ts';
import { HUD_CSV_LIMITS } from '../../src/domain/hud/csv.ts';
import { exportToBuffer, SYSTEM_CTX } from './hud-helpers.ts';

const ROOT = path.join(import.meta.dirname, '../..');

/** Export.csv (FY2026 header and one row) so the set is read as FY2026. */
const EXPORT_CSV =
  'ExportID,SourceType,SourceID,SourceName,SourceContactFirst,SourceContactLast,SourceContactPhone,SourceContactExtension,SourceContactEmail,ExportDate,ExportStartDate,ExportEndDate,SoftwareName,SoftwareVersion,CSVVersion,ExportPeriodType,ExportDirective,HashStatus,ImplementationID\r\n' +
  '"E1",3,"S1",,,,,,,2026-01-01 00:00:00,2025-01-01,2025-12-31,"x","1","2026 v1.0",3,2,1,"I1"\r\n';

/** Zips entries (name → bytes) with yazl. */
async function zipOf(entries: [string, Buffer][]): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const [name, body] of entries) zip.addBuffer(body, name);
  zip.end();
  const chunks: Buffer[] = [];
  for await (const c of zip.outputStream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/**
 * A zip of entries given already deflated (raw deflate data, its CRC-32 and inflated size): the one
 * 1 GiB line is 1024 copies of one 1 MiB block flushed whole, so building it costs milliseconds.
 */
function zipOfDeflated(entries: { name: string; data: Buffer; crc: number; size: number }[]): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(e.crc >>> 0, 14);
    local.writeUInt32LE(e.data.length, 18);
    local.writeUInt32LE(e.size, 22);
    local.writeUInt16LE(name.length, 26);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 4);
    dir.writeUInt16LE(20, 6);
    dir.writeUInt16LE(8, 10);
    dir.writeUInt32LE(e.crc >>> 0, 16);
    dir.writeUInt32LE(e.data.length, 20);
    dir.writeUInt32LE(e.size, 24);
    dir.writeUInt16LE(name.length, 28);
    dir.writeUInt32LE(offset, 42);
    parts.push(local, name, e.data);
    central.push(dir, name);
    offset += local.length + name.length + e.data.length;
  }
  const dirBytes = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dirBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, dirBytes, end]);
}

/** `bytes` deflated, as `zipOfDeflated` takes it. */
function deflated(name: string, bytes: Buffer) {
  return { name, data: zlib.deflateRawSync(bytes, { level: 9 }), crc: zlib.crc32(bytes), size: bytes.length };
}

/** Client.csv as one line of 1 GiB of one letter, no line break. */
function oneGibLine() {
  const block = Buffer.alloc(1024 * 1024, 'a');
  const flushed = zlib.deflateRawSync(block, { level: 9, finishFlush: zlib.constants.Z_FULL_FLUSH });
  let crc = 0;
  for (let i = 0; i < 1024; i++) crc = zlib.crc32(block, crc);
  const data = Buffer.concat([...Array<Buffer>(1024).fill(flushed), zlib.deflateRawSync(Buffer.alloc(0))]);
  return { name: 'Client.csv', data, crc, size: 1024 * block.length };
}

/** A zip whose entry is written `xx<name>` and then renamed to `../<name>` in place (yazl refuses such names). */
function withEntryName(zip: Buffer, from: string, to: string): Buffer {
  assert.equal(from.length, to.length);
  const out = Buffer.from(zip);
  let at = 0;
  let n = 0;
  for (;;) {
    const i = out.indexOf(from, at, 'latin1');
    if (i < 0) break;
    out.write(to, i, 'latin1');
    at = i + from.length;
    n++;
  }
  assert.equal(n, 2, 'the name appears in the local header and in the central directory');
  return out;
}

async function upload(c: Client, body: Buffer, query = '') {
  const res = await fetch(`${c.baseUrl}/api/v1/hud/imports${query}`, {
    method: 'POST',
    headers: { cookie: c.cookie!, 'x-csrf-token': c.csrfToken!, 'content-type': 'application/zip' },
    body: new Uint8Array(body),
  });
  return { status: res.status, contentType: res.headers.get('content-type'), body: (await res.json()) as any };
}

/** One data directory for every CLI run of the file: an embedded database is created once. */
const cliDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-hud-hostile-'));
after(() => fs.rmSync(cliDir, { recursive: true, force: true }));

/** The CLI on the test's PostgreSQL database when there is one, else on the file's embedded database. */
const cliEnv = (t: TestApp): Record<string, string> => (t.db.url ? { DATABASE_URL: t.db.url, HEARTH_DATA_DIR: cliDir } : { HEARTH_DATA_DIR: cliDir });

function hmis(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(ROOT, 'src/cli/hmis.ts'), ...args], { env: { ...process.env, DATABASE_URL: '', ...env }, cwd: ROOT, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** Counts the bytes a source hands out (how much of an entry was inflated and read). */
function counting(source: HudFileSource): { source: HudFileSource; read: Map<string, number> } {
  const read = new Map<string, number>();
  return {
    read,
    source: {
      names: source.names,
      async *open(name: string) {
        for await (const chunk of source.open(name)) {
          read.set(name, (read.get(name) ?? 0) + chunk.length);
          yield chunk;
        }
      },
    },
  };
}

let bomb: Buffer | null = null;
/** The 1.1 MB zip whose Client.csv is one 1 GiB line (built once for the file's tests). */
function bombZip(): Buffer {
  bomb ??= zipOfDeflated([deflated('Export.csv', Buffer.from(EXPORT_CSV)), oneGibLine()]);
  return bomb;
}

test('defect 2: a Client.csv of one 1 GiB line is refused at line 1 after reading at most the record limit (validator, CLI, upload)', { timeout: 120_000 }, async () => {
  const zip = bombZip();
  assert.ok(zip.length < 1.2 * 1024 * 1024, `the zip is ${zip.length} bytes`);

  // The validator stops reading the entry after the limit (plus one inflated chunk): memory is bounded.
  const src = await zipSource(zip);
  const { source, read } = counting(src);
  const report = await validateHudSource(source, { mode: 'import' });
  src.close();
  assert.equal(report.accepted, false);
  const problem = report.problems.find((p) => p.file === 'Client.csv');
  assert.equal(problem?.code, 'csv-limit');
  assert.equal(problem?.line, 1);
  assert.match(problem!.message, /line 1 is longer than/i);
  assert.ok(read.get('Client.csv')! < HUD_CSV_LIMITS.maxRecordChars * 4 + 1024 * 1024, `read ${read.get('Client.csv')} bytes of Client.csv`);

  const t = await startApp();
  try {
    // CLI: exits 1 with the report.
    const file = path.join(cliDir, 'bomb.zip');
    fs.writeFileSync(file, zip);
    const cli = await hmis(['import', file], cliEnv(t));
    assert.equal(cli.code, 1, cli.stderr);
    assert.match(cli.stdout, /REJECTED/);
    assert.match(cli.stdout, /Client\.csv:1 - — error csv-limit: .*line 1 is longer than/i);

    // Upload: answered with the rejected report.
    const admin = await t.as('admin');
    const res = await upload(admin, zip);
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.body.accepted, false);
    assert.ok(res.body.problems.some((p: { file: string; line: number; code: string }) => p.file === 'Client.csv' && p.line === 1 && p.code === 'csv-limit'));
  } finally {
    await t.close();
  }
});

test('defect 2: a zip entry that declares more than the inflated-size bound is refused before it is read', async () => {
  const zip = bombZip();
  const src = await zipSource(zip, { maxEntryBytes: 512 * 1024 * 1024 });
  const { source, read } = counting(src);
  const report = await validateHudSource(source, { mode: 'import' });
  src.close();
  const problem = report.problems.find((p) => p.file === 'Client.csv');
  assert.equal(problem?.code, 'csv-limit');
  assert.equal(problem?.line, null);
  assert.match(problem!.message, /1024 MiB once inflated; at most 512 MiB/);
  assert.equal(read.get('Client.csv') ?? 0, 0);
});

test('defect 7: a zip entry named ../Client.csv or /Client.csv is a 422 problem on upload, a clear message on the CLI', async () => {
  const named = (name: string) => zipOf([
    ['Export.csv', Buffer.from(EXPORT_CSV)],
    [name, Buffer.from('PersonalID\r\n')],
  ]);
  const dotdot = withEntryName(await named('xxxClient.csv'), 'xxxClient.csv', '../Client.csv');
  const absolute = withEntryName(await named('xClient.csv'), 'xClient.csv', '/Client.csv');
  const t = await startApp();
  try {
    const admin = await t.as('admin');
    const stored = () => (fs.existsSync(path.join(t.config.dataDir, 'hud-imports')) ? fs.readdirSync(path.join(t.config.dataDir, 'hud-imports')).length : 0);
    const before = stored();
    for (const [label, zip] of [
      ['relative', dotdot],
      ['absolute', absolute],
    ] as const) {
      const res = await upload(admin, zip);
      assert.equal(res.status, 422, `${label}: ${JSON.stringify(res.body)}`);
      assert.equal(res.contentType, 'application/problem+json; charset=utf-8');
      assert.match(res.body.detail, /outside the zip|not a safe name/);
      assert.equal(res.body.errors[0].pointer, '/body');
    }
    // Nothing was kept.
    assert.equal(stored(), before);
    const file = path.join(cliDir, 'slip.zip');
    fs.writeFileSync(file, dotdot);
    const cli = await hmis(['import', file], cliEnv(t));
    assert.equal(cli.code, 1);
    assert.match(cli.stderr, /outside the zip|not a safe name/);
  } finally {
    await t.close();
  }
});

test('defect 8: Latin-1 text and a NUL byte are refused with file and line by the dry run and the import alike; --encoding converts and says so', async () => {
  const t = await startApp();
  try {
    const { zip } = await exportToBuffer(t.db.database, SYSTEM_CTX(t.clock));
    const src = await zipSource(zip);
    const files = new Map<string, Buffer>();
    for (const name of src.names) {
      const chunks: Buffer[] = [];
      for await (const c of src.open(name)) chunks.push(Buffer.from(c));
      files.set(name, Buffer.concat(chunks));
    }
    src.close();
    const client = files.get('Client.csv')!.toString('utf8');
    const lines = client.split('\r\n');
    // Line 3: a first name in Latin-1 ("José": é is the single byte 0xE9); line 4: a NUL in a last name.
    const latin1 = (s: string) => Buffer.from(s, 'latin1');
    const fields3 = lines[2]!.split(',');
    const firstNameAt = lines[0]!.split(',').indexOf('FirstName');
    fields3[firstNameAt] = '"Jos\u00e9"';
    const latinSet = new Map(files);
    latinSet.set('Client.csv', Buffer.concat([Buffer.from(lines.slice(0, 2).join('\r\n') + '\r\n'), latin1(fields3.join(',') + '\r\n'), Buffer.from(lines.slice(3).join('\r\n'))]));
    const fields4 = lines[3]!.split(',');
    fields4[firstNameAt] = '"A\u0000B"';
    const nulSet = new Map(files);
    nulSet.set('Client.csv', Buffer.from([...lines.slice(0, 3), fields4.join(','), ...lines.slice(4)].join('\r\n')));

    const admin = await t.as('admin');
    const latinZip = await zipOf([...latinSet]);
    const up = await upload(admin, latinZip);
    assert.equal(up.status, 201);
    assert.equal(up.body.accepted, false);
    const enc = up.body.problems.find((p: { code: string }) => p.code === 'encoding');
    assert.deepEqual([enc?.file, enc?.line], ['Client.csv', 3], JSON.stringify(up.body.problems.slice(0, 3)));
    assert.match(enc.message, /not valid UTF-8.*windows-1252/);

    const nul = await upload(admin, await zipOf([...nulSet]));
    assert.equal(nul.body.accepted, false, 'the validation (the dry run) refuses what the import could not store');
    const ctl = nul.body.problems.find((p: { code: string }) => p.code === 'control-character');
    assert.deepEqual([ctl?.file, ctl?.line, ctl?.column], ['Client.csv', 4, 'FirstName']);

    // The CLI's dry run and real import give the same verdict.
    {
      const nulFile = path.join(cliDir, 'nul.zip');
      fs.writeFileSync(nulFile, await zipOf([...nulSet]));
      const dry = await hmis(['import', nulFile, '--dry-run'], cliEnv(t));
      const real = await hmis(['import', nulFile], cliEnv(t));
      assert.equal(dry.code, 1, dry.stdout);
      assert.equal(real.code, 1, real.stdout);
      assert.match(real.stdout, /Client\.csv:4 FirstName — error control-character/);

      // Named encoding: the whole set read as windows-1252, converted, and the report says so.
      const latinAll = new Map([...files].map(([n, b]) => [n, n === 'Client.csv' ? latinSet.get(n)! : b]));
      const latinFile = path.join(cliDir, 'latin.zip');
      fs.writeFileSync(latinFile, await zipOf([...latinAll]));
      const converted = await hmis(['import', latinFile, '--dry-run', '--encoding', 'windows-1252'], cliEnv(t));
      assert.equal(converted.code, 0, converted.stdout + converted.stderr);
      assert.match(converted.stdout, /Text read as windows-1252 and converted to UTF-8/);
    }
  } finally {
    await t.close();
  }
});

