/**
 * The HUD CSV reader against csv-parse (what it replaced), on generated input made of the characters
 * that matter (delimiters, quotes, CR, LF, a BOM, multi-byte text): the same records with the same
 * start lines, and an error exactly where csv-parse has one — at the same line, except that the reader
 * counts a CRLF inside quotes once (csv-parse twice) and reports a quote left open at the line it opens
 * (csv-parse: where the file ends).
 * Streaming in chunks split anywhere (inside a CRLF, a doubled quote, a multi-byte character) gives the
 * same result as reading the whole text.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parse as parseSync } from 'csv-parse/sync';
import { parseHudCsv, readHudCsv, CsvSyntaxError } from '../../src/domain/hud/csv.ts';

type Outcome = { records: { line: number; fields: readonly string[] }[] } | { error: string; line: number };

/** The former reader: csv-parse, blank lines skipped, start lines from the raw text (CRLF once). */
function reference(text: string): Outcome {
  let parsed: { record: string[]; raw: string }[];
  try {
    parsed = parseSync(text, { bom: true, relax_column_count: true, skip_empty_lines: false, record_delimiter: ['\r\n', '\n', '\r'], raw: true, encoding: 'utf8' }) as never;
  } catch (e) {
    const err = e as { code: string; lines: number };
    return { error: err.code, line: err.lines };
  }
  const records: { line: number; fields: readonly string[] }[] = [];
  let line = 1;
  for (const p of parsed) {
    if (!(p.record.length === 1 && p.record[0] === '')) records.push({ line, fields: p.record });
    for (let i = 0; i < p.raw.length; i++) {
      const ch = p.raw.charCodeAt(i);
      if (ch === 10) line++;
      else if (ch === 13) {
        line++;
        if (p.raw.charCodeAt(i + 1) === 10) i++;
      }
    }
  }
  return { records };
}

const CODES: Record<string, string> = { 'Quote Not Closed': 'CSV_QUOTE_NOT_CLOSED', 'Invalid Closing Quote': 'CSV_INVALID_CLOSING_QUOTE', 'Invalid Opening Quote': 'INVALID_OPENING_QUOTE' };

function ours(text: string): Outcome {
  try {
    return { records: parseHudCsv(text).map((r) => ({ line: r.line, fields: r.fields })) };
  } catch (e) {
    assert.ok(e instanceof CsvSyntaxError);
    const code = Object.entries(CODES).find(([prefix]) => e.message.startsWith(prefix))?.[1] ?? e.message;
    return { error: code, line: e.line };
  }
}

async function streamed(bytes: Buffer, cuts: number[]): Promise<Outcome> {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let from = 0;
  for (const p of points) {
    chunks.push(bytes.subarray(from, p));
    from = p;
  }
  chunks.push(bytes.subarray(from));
  const records: { line: number; fields: readonly string[] }[] = [];
  try {
    for await (const r of readHudCsv(chunks)) records.push({ line: r.line, fields: r.fields });
    return { records };
  } catch (e) {
    assert.ok(e instanceof CsvSyntaxError);
    const code = Object.entries(CODES).find(([prefix]) => e.message.startsWith(prefix))?.[1] ?? e.message;
    return { error: code, line: e.line };
  }
}

const csvText = fc
  .array(fc.constantFrom('a', 'b', 'x y', ',', ',', '"', '"', '""', '\r', '\n', '\r\n', 'é', 'Ngữ', '😀', '\uFEFF', ''), { maxLength: 40 })
  .map((parts) => (Math.random() < 0.2 ? '\uFEFF' : '') + parts.join(''));

/** Well-formed CSV: quoted and unquoted fields, every line ending. */
const wellFormed = fc
  .array(
    fc.array(
      fc.oneof(
        fc.stringMatching(/^[a-z é0-9]{0,6}$/),
        fc.array(fc.constantFrom('a', ',', '""', '\r\n', '\n', '\r', 'ü', ' '), { maxLength: 6 }).map((p) => `"${p.join('')}"`),
      ),
      { minLength: 1, maxLength: 5 },
    ).map((fields) => fields.join(',')),
    { maxLength: 8 },
  )
  .chain((lines) => fc.array(fc.constantFrom('\r\n', '\n', '\r'), { minLength: lines.length, maxLength: lines.length }).map((ends) => lines.map((l, i) => l + ends[i]).join('')));

test('the reader gives csv-parse\'s records and errors on generated text', () => {
  fc.assert(
    fc.property(fc.oneof(csvText, wellFormed), (text) => {
      const want = reference(text);
      const got = ours(text);
      if ('error' in want) {
        assert.ok('error' in got && got.error === want.error, JSON.stringify({ text, got, want }));
        // csv-parse counts a CRLF inside quotes as two lines; the reader counts physical lines.
        if (want.error === 'CSV_QUOTE_NOT_CLOSED' || text.includes('\r\n')) assert.ok(got.line <= want.line, JSON.stringify({ text, got, want }));
        else assert.equal(got.line, want.line, JSON.stringify(text));
        return;
      }
      assert.deepEqual(got, want, JSON.stringify(text));
    }),
    { numRuns: 3000 },
  );
});

test('streaming in chunks cut anywhere reads the same as the whole text', async () => {
  await fc.assert(
    fc.asyncProperty(fc.oneof(csvText, wellFormed), fc.array(fc.nat(), { maxLength: 6 }), async (text, cuts) => {
      assert.deepEqual(await streamed(Buffer.from(text, 'utf8'), cuts), ours(text), JSON.stringify({ text, cuts }));
    }),
    { numRuns: 1500 },
  );
});

test('errors name the physical line: a quote left open where it opens, a CRLF inside quotes counted once', () => {
  assert.throws(() => parseHudCsv('"\r\n"a'), (e: unknown) => e instanceof CsvSyntaxError && e.line === 2);
  assert.throws(() => parseHudCsv('A,B\r\n1,2\r\n"open,3\r\n4,5\r\n'), (e: unknown) => e instanceof CsvSyntaxError && e.line === 3);
  assert.throws(() => parseHudCsv('A\n"x"y\n'), (e: unknown) => e instanceof CsvSyntaxError && e.line === 2 && /Invalid Closing Quote/.test(e.message));
});
