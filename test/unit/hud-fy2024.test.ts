import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FY2024_TO_FY2026, mapFy2024Row } from '../../src/domain/hud/fy2024.ts';
import { hudSpec } from '../../src/domain/hud/spec.ts';

/** Every difference between the two column JSONs, as `File:Column:kind`. */
function specDiff(): string[] {
  const a = hudSpec('2024');
  const b = hudSpec('2026');
  assert.deepEqual(a.fileOrder, b.fileOrder, 'same files in the same order');
  const out: string[] = [];
  for (const f of b.fileOrder) {
    const fa = a.file(f)!;
    const fb = b.file(f)!;
    for (const c of fa.columns) if (!fb.column(c.name)) out.push(`${f}:${c.name}:removed`);
    for (const c of fb.columns) if (!fa.column(c.name)) out.push(`${f}:${c.name}:added`);
    for (const c of fb.columns) {
      const o = fa.column(c.name);
      if (o && (o.type !== c.type || o.nullable !== c.nullable || o.list !== c.list)) out.push(`${f}:${c.name}:changed`);
    }
  }
  return out;
}

test('every difference between the FY2024 and FY2026 column specs is handled by the mapper', () => {
  const diff = specDiff();
  assert.ok(diff.length >= 30, 'the diff sees the known differences');
  const unhandled = diff.filter((d) => {
    const [file, column, kind] = d.split(':') as [string, string, string];
    const m = FY2024_TO_FY2026[file] ?? {};
    if (kind === 'removed') return !(m.dropped && column in m.dropped) && !(m.renamed && column in m.renamed);
    if (kind === 'added') return !(m.added && column in m.added) && !Object.values(m.renamed ?? {}).includes(column);
    return !(m.changed && column in m.changed);
  });
  assert.deepEqual(unhandled, []);
  // And the mapping lists nothing that is not a difference (a stale entry would hide a future change).
  const listed: string[] = [];
  for (const [file, m] of Object.entries(FY2024_TO_FY2026)) {
    for (const c of Object.keys(m.dropped ?? {})) listed.push(`${file}:${c}:removed`);
    for (const [from, to] of Object.entries(m.renamed ?? {})) listed.push(`${file}:${from}:removed`, `${file}:${to}:added`);
    for (const c of Object.keys(m.added ?? {})) listed.push(`${file}:${c}:added`);
    for (const c of Object.keys(m.changed ?? {})) listed.push(`${file}:${c}:changed`);
  }
  assert.deepEqual(listed.sort(), [...diff].sort());
});

test('mapped rows have exactly the FY2026 columns in order, for every file', () => {
  for (const f of hudSpec('2024').files) {
    const row = Object.fromEntries(f.columns.map((c) => [c.name, `v-${c.name}`]));
    const out = mapFy2024Row(f.name, row);
    assert.deepEqual(Object.keys(out.row), hudSpec('2026').file(f.name)!.columns.map((c) => c.name), f.name);
  }
});

test('Client: gender not carried, HispanicLatinaeo → HispanicLatinao, Sex 99 unless present', () => {
  const c24 = hudSpec('2024').file('Client.csv')!;
  const row = Object.fromEntries(c24.columns.map((c) => [c.name, '']));
  Object.assign(row, { PersonalID: 'C1', HispanicLatinaeo: '1', Woman: '1', Transgender: '1', DifferentIdentityText: 'x', SSN: '012345678' });
  const { row: out, notes } = mapFy2024Row('Client.csv', row);
  assert.equal(out.HispanicLatinao, '1');
  assert.equal(out.Sex, '99');
  assert.equal(out.SSN, '012345678');
  for (const g of ['Woman', 'Man', 'Transgender', 'DifferentIdentityText', 'HispanicLatinaeo']) assert.equal(g in out, false, g);
  assert.deepEqual(notes, []);
  assert.equal(mapFy2024Row('Client.csv', { ...row, Sex: '0' }).row.Sex, '0', 'a Sex value already present is kept');
});

test('Enrollment: orientation and translation dropped, MentalHealthConsultation added empty', () => {
  const { row } = mapFy2024Row('Enrollment.csv', { EnrollmentID: 'E1', SexualOrientation: '2', TranslationNeeded: '1', PreferredLanguage: '367', UnemploymentFam: '99', HOHLeaseholder: '1' });
  assert.equal(row.MentalHealthConsultation, '');
  assert.equal(row.UnemploymentFam, '99');
  assert.equal(row.HOHLeaseholder, '1');
  for (const g of ['SexualOrientation', 'SexualOrientationOther', 'TranslationNeeded', 'PreferredLanguage', 'PreferredLanguageDifferent']) assert.equal(g in row, false, g);
});

test('Exit: 99 in the counseling columns (list 1.7 → 1.10) becomes empty, with a note', () => {
  const { row, notes } = mapFy2024Row('Exit.csv', { ExitID: 'X1', CounselingReceived: '99', Telephone: '1', SubsidyInformation: '11' });
  assert.equal(row.CounselingReceived, '');
  assert.equal(row.Telephone, '1');
  assert.equal(row.SubsidyInformation, '11');
  assert.deepEqual(notes.map((n) => `${n.column}:${n.kind}`), ['CounselingReceived:value-changed']);
});

test('retired codes are kept and noted as history', () => {
  const f = mapFy2024Row('Funder.csv', { FunderID: 'F1', Funder: '47' });
  assert.equal(f.row.Funder, '47');
  assert.deepEqual(f.notes.map((n) => n.kind), ['retired-code']);
  const e = mapFy2024Row('Event.csv', { EventID: 'V1', Event: '17' });
  assert.equal(e.row.Event, '17');
  assert.equal(e.notes.length, 1);
  assert.equal(mapFy2024Row('Export.csv', { SourceID: 's'.repeat(32) }).row.SourceID, 's'.repeat(32));
  assert.throws(() => mapFy2024Row('Nope.csv', {}), /not a file/);
});
