import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatHudHeader, formatHudRow, formatHudValue, hudCsvLines, parseHudCsv, readHudCsv, CsvSyntaxError } from '../../src/domain/hud/csv.ts';
import { hudSpec } from '../../src/domain/hud/spec.ts';

const spec = hudSpec('2026');
const client = spec.file('Client.csv')!;
const projectCoc = spec.file('ProjectCoC.csv')!;

test('writer: header exact, strings always quoted with " doubled, numbers never, null empty, CRLF', () => {
  assert.equal(formatHudHeader(projectCoc), projectCoc.columns.map((c) => c.name).join(',') + '\r\n');
  const line = formatHudRow(projectCoc, {
    ProjectCoCID: 'PC1',
    ProjectID: 'P1',
    CoCCode: 'IL-510',
    Geocode: '170001',
    Address1: 'The "Annex", 12 Main St',
    ZIP: '02134',
    GeographyType: 1,
    DateCreated: new Date(Date.UTC(2025, 9, 1, 8, 5, 9)),
    DateUpdated: '2025-10-02 10:00:00',
    UserID: 'U1',
    ExportID: 'E1',
  });
  assert.ok(line.endsWith('\r\n'));
  const fields = parseHudCsv(formatHudHeader(projectCoc) + line)[1]!.fields;
  const get = (n: string) => fields[projectCoc.column(n)!.index];
  assert.equal(get('Address1'), 'The "Annex", 12 Main St');
  assert.equal(get('ZIP'), '02134', 'ZIP keeps its leading zero');
  assert.equal(get('DateCreated'), '2025-10-01 08:05:09');
  assert.equal(get('Address2'), '');
  assert.match(line, /^"PC1","P1","IL-510","170001","The ""Annex"", 12 Main St",,,,"02134",1,2025-10-01 08:05:09,2025-10-02 10:00:00,"U1",,"E1"\r\n$/);
});

test('writer: value formats per type and refusals', () => {
  const c = (n: string) => client.column(n)!;
  assert.equal(formatHudValue(c('SSN'), '012345678'), '"012345678"');
  assert.equal(formatHudValue(c('NameDataQuality'), 1), '1');
  assert.equal(formatHudValue(c('DOB'), '1980-02-03'), '1980-02-03');
  assert.equal(formatHudValue(c('FirstName'), null), '');
  assert.equal(formatHudValue(c('FirstName'), ''), '');
  const income = spec.file('IncomeBenefits.csv')!;
  assert.equal(formatHudValue(income.column('TotalMonthlyIncome')!, 1234.5), '1234.50');
  assert.throws(() => formatHudValue(c('NameDataQuality'), 1.5), /not an integer/);
  assert.throws(() => formatHudRow(client, { PersonalId: 'x' }), /no column PersonalId/);
  assert.throws(() => formatHudRow(client, ['a']), /1 values/);
  assert.equal(formatHudRow(projectCoc, {}, { eol: '\n' }).endsWith('\n'), true);
  // Time zone for datetimes given as Date.
  assert.equal(formatHudValue(c('DateCreated'), new Date(Date.UTC(2025, 9, 1, 3, 0, 0)), { timeZone: 'America/Chicago' }), '2025-09-30 22:00:00');
});

test('writer streams lines lazily from an async iterable', async () => {
  let produced = 0;
  async function* rows() {
    for (let i = 0; i < 3; i++) {
      produced++;
      yield { ProjectCoCID: `PC${i}` };
    }
  }
  const it = hudCsvLines(projectCoc, rows());
  const first = await it.next();
  assert.equal(first.value, formatHudHeader(projectCoc));
  assert.equal(produced, 0, 'the header comes before any row is pulled');
  const out: string[] = [];
  for await (const l of it) out.push(l);
  assert.equal(out.length, 3);
  assert.equal(produced, 3);
});

test('reader: BOM, mixed line endings, quoted newlines, line numbers of record starts', () => {
  const text = '\uFEFFA,B\n"1","multi\nline"\r\n\r\n2,"x ""q"""\r3,\n';
  const recs = parseHudCsv(text);
  assert.deepEqual(recs.map((r) => r.line), [1, 2, 5, 6]);
  assert.deepEqual(recs[0]!.fields, ['A', 'B']);
  assert.deepEqual(recs[1]!.fields, ['1', 'multi\nline']);
  assert.deepEqual(recs[2]!.fields, ['2', 'x "q"']);
  assert.deepEqual(recs[3]!.fields, ['3', '']);
  assert.throws(() => parseHudCsv('A,B\n"unclosed,1\n'), CsvSyntaxError);
});

test('reader streams chunks split anywhere (even inside a BOM or a quoted field)', async () => {
  const bytes = Buffer.from('\uFEFFA,B\r\n"1","two\r\nlines"\r\n3,4\r\n', 'utf8');
  const chunks = [bytes.subarray(0, 2), bytes.subarray(2, 9), bytes.subarray(9, 20), bytes.subarray(20)];
  const got: { line: number; fields: readonly string[] }[] = [];
  for await (const r of readHudCsv(chunks)) got.push(r);
  assert.deepEqual(got, [
    { line: 1, fields: ['A', 'B'] },
    { line: 2, fields: ['1', 'two\r\nlines'] },
    { line: 4, fields: ['3', '4'] },
  ]);
  await assert.rejects(async () => {
    for await (const _ of readHudCsv(['A\n"x'])) void _;
  }, CsvSyntaxError);
});

test('round trip: written rows read back to the same strings', () => {
  const row = { PersonalID: 'C1', FirstName: 'Zoë, "Z"', LastName: 'Ngữ', SSN: '001234567', DOB: '1990-01-31', NameDataQuality: 1 };
  const text = formatHudHeader(client) + formatHudRow(client, row);
  const [h, r] = parseHudCsv(text);
  const rec = Object.fromEntries(h!.fields.map((n, i) => [n, r!.fields[i]]));
  assert.equal(rec.FirstName, 'Zoë, "Z"');
  assert.equal(rec.LastName, 'Ngữ');
  assert.equal(rec.SSN, '001234567');
  assert.equal(rec.NameDataQuality, '1');
  assert.equal(rec.MiddleName, '');
});

test('reader: stopping early stops reading the source (no hang, no leak)', async () => {
  let pulled = 0;
  function* chunks() {
    yield 'A,B\r\n';
    for (let i = 0; i < 100_000; i++) {
      pulled++;
      yield `${i},${'x'.repeat(100)}\r\n`;
    }
  }
  let seen = 0;
  for await (const r of readHudCsv(chunks())) {
    if (r.line > 3) break;
    seen++;
  }
  assert.equal(seen, 3);
  assert.ok(pulled < 100_000, `source not read to the end (${pulled})`);
});
