/**
 * The export lets the database write the lines of most files (export-sql.ts: the writer's rule as a
 * SQL expression). Here both writers get the same awkward values — quotes, commas, line breaks, empty
 * and null text, multi-byte characters, fractional seconds, money — and must give the same bytes, on
 * PostgreSQL and on PGlite.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestDatabase } from '../helpers/db.ts';
import { hudSpec } from '../../src/domain/hud/spec.ts';
import { hudRowWriter, parseHudCsv, type HudCell } from '../../src/domain/hud/csv.ts';
import { csvLineSql, lit } from '../../src/usecases/hud/export-sql.ts';

const file = hudSpec('2026').file('IncomeBenefits.csv')!;

const cases: { s: string | null; i: number | null; d: string | null; t: string | null; m: string | null }[] = [
  { s: 'plain', i: 0, d: '2025-01-31', t: '2025-10-01 08:05:09.999+00', m: '1234.5' },
  { s: 'with "quotes", and a comma', i: -5, d: '2024-02-29', t: '1999-12-31 23:59:59+00', m: '0' },
  { s: 'line\r\nbreak and\nLF', i: 99, d: null, t: null, m: null },
  { s: '', i: null, d: '2000-01-01', t: '2030-06-15 00:00:00.5+02', m: '0.05' },
  { s: null, i: 1, d: '1970-01-01', t: '2025-01-01 00:00:00+00', m: '99999.99' },
  { s: 'Zoë 😀 Ngữ """', i: 8, d: '2025-12-31', t: '2025-03-09 02:30:00-06', m: '12' },
];

test('the SQL writer and the JavaScript writer give the same lines', async () => {
  const db = await createTestDatabase();
  try {
    const columns = {
      IncomeBenefitsID: 'x.s',
      OtherIncomeSourceIdentify: 'x.s',
      InformationDate: 'x.d',
      IncomeFromAnySource: 'x.i',
      TotalMonthlyIncome: 'x.m',
      DateCreated: 'x.t',
      ExportID: lit('E"1'),
    };
    const got = await db.database.transaction(async (tx) => {
      const rows: string[] = [];
      for (const c of cases) {
        const r = await sql<{ line: string }>`
          select ${sql.raw(csvLineSql(file, columns))} as line
          from (select ${c.s}::text as s, ${c.i}::int as i, ${c.d}::date as d, ${c.t}::timestamptz as t, ${c.m}::numeric(12, 2) as m) x`.execute(tx);
        rows.push(r.rows[0]!.line);
      }
      return rows;
    });
    const write = hudRowWriter(file);
    const want = cases.map((c) => {
      const values: HudCell[] = file.columns.map(() => null);
      const set = (name: string, v: HudCell) => (values[file.column(name)!.index] = v);
      set('IncomeBenefitsID', c.s);
      set('OtherIncomeSourceIdentify', c.s);
      set('InformationDate', c.d);
      set('IncomeFromAnySource', c.i);
      set('TotalMonthlyIncome', c.m === null ? null : Number(c.m));
      set('DateCreated', c.t === null ? null : new Date(c.t.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00')));
      set('ExportID', 'E"1');
      return write(values);
    });
    assert.deepEqual(got, want);
    // And the lines read back as the values (the quoted line breaks stay inside their field).
    const text = file.columns.map((c) => c.name).join(',') + '\r\n' + got.join('');
    const records = parseHudCsv(text);
    assert.equal(records.length, cases.length + 1);
    assert.equal(records[3]!.fields[file.column('OtherIncomeSourceIdentify')!.index], 'line\r\nbreak and\nLF');
  } finally {
    await db.close();
  }
});
