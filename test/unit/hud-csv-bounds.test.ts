/**
 * The reader's bounds and encodings (issue 15, defects 2 and 8): a record, a field or a field count over
 * the limit stops the file at its line, whatever the chunking; bytes that are not UTF-8 are an error at
 * their line; a named encoding reads Latin-1 text.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseHudCsv, readHudCsv, CsvEncodingError, CsvLimitError, hudTextEncoding, type CsvLimits } from '../../src/domain/hud/csv.ts';

const SMALL: CsvLimits = { maxRecordChars: 100, maxFieldChars: 40, maxFields: 5 };

async function read(chunks: (string | Uint8Array)[], options: Parameters<typeof readHudCsv>[1] = {}) {
  const out: { line: number; fields: readonly string[] }[] = [];
  for await (const r of readHudCsv(chunks, options)) out.push(r);
  return out;
}

const cut = (s: string | Buffer, size: number): (string | Buffer)[] => {
  const out: (string | Buffer)[] = [];
  for (let i = 0; i < s.length; i += size) out.push(s.slice(i, i + size));
  return out;
};

test('a record over the limit is refused at its line, in one piece or in chunks of any size', async () => {
  const text = 'A,B\r\n1,2\r\n' + '"' + 'x\n,'.repeat(13) + '"' + ',' + 'y'.repeat(39) + ',' + 'z'.repeat(39) + '\r\n4,5\r\n';
  for (const size of [1, 7, 64, 10_000]) {
    await assert.rejects(read(cut(text, size), { limits: SMALL }), (e: unknown) => e instanceof CsvLimitError && e.line === 3 && /Line 3 is longer than/.test(e.message), `chunks of ${size}`);
  }
  assert.throws(() => parseHudCsv('A\n' + 'z'.repeat(1000), { limits: { ...SMALL, maxFieldChars: 10_000 } }), (e: unknown) => e instanceof CsvLimitError && e.line === 2);
});

test('a field over the limit and a record with too many fields are refused at their line', async () => {
  await assert.rejects(read(cut('A,B\n1,' + 'q'.repeat(41) + '\n', 3), { limits: SMALL }), (e: unknown) => e instanceof CsvLimitError && e.line === 2 && /Field 2 of line 2/.test(e.message));
  await assert.rejects(read(['A,B\n1,"' + 'q'.repeat(41) + '"\n'], { limits: SMALL }), (e: unknown) => e instanceof CsvLimitError && e.line === 2);
  await assert.rejects(read(['A\n1\n1,2,3,4,5,6\n'], { limits: SMALL }), (e: unknown) => e instanceof CsvLimitError && e.line === 3 && /more than 5 fields/.test(e.message));
  // At the limits exactly: read.
  assert.equal((await read(['A,B,C,D,E\n' + 'q'.repeat(40) + ',2,3,4,5\n'], { limits: SMALL })).length, 2);
});

test('bytes that are not UTF-8 are an encoding error at their line, also when chunks split characters', async () => {
  const good = Buffer.from('Name\r\n"Zoë"\r\n"Łukasz"\r\n');
  for (const size of [1, 2, 3, 5, 100]) assert.deepEqual((await read(cut(good, size) as Buffer[])).map((r) => r.fields[0]), ['Name', 'Zoë', 'Łukasz']);
  const latin1 = Buffer.concat([Buffer.from('Name\r\n"Zoe"\n"multi\nline"\r\n"Jos'), Buffer.from([0xe9]), Buffer.from('"\r\n')]);
  for (const size of [1, 4, 9, 1000]) {
    await assert.rejects(read(cut(latin1, size) as Buffer[]), (e: unknown) => e instanceof CsvEncodingError && e.line === 5 && /Line 5 is not valid UTF-8 \(byte 0xE9\)/.test(e.message), `chunks of ${size}`);
  }
  // A character cut off by the end of the file.
  await assert.rejects(read([Buffer.from('A\n'), Buffer.from([0xc3])]), (e: unknown) => e instanceof CsvEncodingError && e.line === 2);
  assert.throws(() => parseHudCsv(latin1), (e: unknown) => e instanceof CsvEncodingError && e.line === 5);
});

test('a named encoding reads Latin-1 / Windows-1252 text; only HUD-sensible encodings are named', async () => {
  const cp1252 = Buffer.concat([Buffer.from('Name\r\n"Jos'), Buffer.from([0xe9, 0x20, 0x92]), Buffer.from('"\r\n')]);
  assert.deepEqual((await read([cp1252], { encoding: 'windows-1252' }))[1]!.fields, ['José ’']);
  assert.equal(hudTextEncoding('latin1'), 'windows-1252');
  assert.equal(hudTextEncoding('ISO-8859-1'), 'windows-1252');
  assert.equal(hudTextEncoding('utf8'), 'utf-8');
  assert.equal(hudTextEncoding('shift_jis'), null);
  assert.equal(hudTextEncoding('no such thing'), null);
});
