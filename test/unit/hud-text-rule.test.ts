/**
 * One rule for HUD text (issue 15, defect 9): what the API accepts for a field exported to a HUD text
 * column, the importer's validator accepts in that column — checked on generated strings made of the
 * characters that matter (HUD's forbidden ones, multi-byte text, spaces at the ends), at and around the
 * column's length.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { HudText } from '../../src/http/schemas.ts';
import { createHudValidator } from '../../src/domain/hud/validate.ts';
import { hudSpec } from '../../src/domain/hud/spec.ts';

const COLUMNS: [string, string][] = [
  ['Client.csv', 'FirstName'],
  ['Client.csv', 'NameSuffix'],
  ['Project.csv', 'ProjectName'],
  ['Exit.csv', 'OtherDestination'],
  ['CurrentLivingSituation.csv', 'LocationDetails'],
];

/** The validator's problems for one value of one column (the other columns' problems are ignored). */
function importerProblems(file: string, column: string, value: string): string[] {
  const spec = hudSpec('2026').file(file)!;
  const v = createHudValidator({ version: '2026', mode: 'import' });
  v.beginFile(file, spec.columns.map((c) => c.name));
  v.row(file, 2, spec.columns.map((c) => (c.name === column ? value : '')));
  v.endFile(file);
  return v
    .finish()
    .problems.filter((p) => p.column === column && p.code !== 'required')
    .map((p) => p.code);
}

const piece = fc.constantFrom('a', 'Z', ' ', '<', '>', '[', ']', '{', '}', 'é', 'Ł', '’', '"', ',', '😀', '-', '(', ')');

test('a value the API accepts for a HUD text field passes the importer in that column; a refused one names the rule', () => {
  for (const [file, column] of COLUMNS) {
    const max = hudSpec('2026').file(file)!.column(column)!.maxLength!;
    const schema = HudText(file, column);
    fc.assert(
      fc.property(fc.array(piece, { minLength: 0, maxLength: max + 3 }), fc.nat(max), (parts, pad) => {
        const raw = parts.join('') + (parts.length % 2 === 0 ? 'x'.repeat(Math.max(0, pad - parts.length)) : '');
        const parsed = schema.safeParse(raw);
        if (parsed.success) assert.deepEqual(importerProblems(file, column, parsed.data), [], `${file} ${column}: ${JSON.stringify(parsed.data)}`);
        else if (/[<>[\]{}]/.test(raw)) assert.match(parsed.error.issues[0]!.message, /without < > \[ \] \{ \}/);
        else assert.ok(raw.trim().length > max, `${JSON.stringify(raw)} refused: ${parsed.error.issues[0]!.message}`);
      }),
      { numRuns: 300 },
    );
  }
});

test('the refusal is a sentence that names the field', () => {
  const r = HudText('Client.csv', 'FirstName').safeParse('<script>');
  assert.equal(r.success, false);
  assert.equal(importerProblems('Client.csv', 'FirstName', '<script>')[0], 'forbidden-character');
});
