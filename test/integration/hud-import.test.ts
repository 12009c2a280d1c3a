import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startApp } from '../helpers/app.ts';
import { createTestDatabase } from '../helpers/db.ts';
import { hudSpec } from '../../src/domain/hud/spec.ts';
import { importHud } from '../../src/usecases/hud/import.ts';
import { folderSource, zipSource } from '../../src/usecases/hud/source.ts';
import { SYSTEM_CTX, comparable, editRow, exportToBuffer, unzipText, writeFolder } from './hud-helpers.ts';

test('round trip: export the demo, import into an empty database, export again → the same files; re-import changes nothing', async () => {
  const t = await startApp();
  const empty = await createTestDatabase();
  try {
    const first = await exportToBuffer(t.db.database, SYSTEM_CTX(t.clock));
    const src = await zipSource(first.zip);
    const report = await importHud(empty.database, SYSTEM_CTX(t.clock), src);
    src.close();
    assert.equal(report.accepted, true, JSON.stringify(report.validation.problems.slice(0, 5)));
    assert.equal(report.applied, true);
    assert.equal(report.counts['Client.csv']!.inserted, first.result.rowCounts['Client.csv']);
    assert.equal(report.counts['Enrollment.csv']!.inserted, first.result.rowCounts['Enrollment.csv']);

    const second = await exportToBuffer(empty.database, SYSTEM_CTX(t.clock));
    const a = comparable(await unzipText(first.zip));
    const b = comparable(await unzipText(second.zip));
    for (const file of hudSpec('2026').fileOrder) {
      assert.equal(b.get(file), a.get(file), `${file} differs after the round trip`);
    }

    // Re-import: a no-op.
    const again = await zipSource(first.zip);
    const re = await importHud(empty.database, SYSTEM_CTX(t.clock), again);
    again.close();
    assert.equal(re.applied, true);
    for (const [file, c] of Object.entries(re.counts)) {
      assert.deepEqual({ file, inserted: c.inserted, updated: c.updated, deleted: c.deleted }, { file, inserted: 0, updated: 0, deleted: 0 });
    }
    const third = comparable(await unzipText((await exportToBuffer(empty.database, SYSTEM_CTX(t.clock))).zip));
    assert.deepEqual(third, b);
  } finally {
    await empty.close();
    await t.close();
  }
});

test('a newer DateUpdated wins, an older or equal one is ignored, DateDeleted removes', async () => {
  const t = await startApp();
  const empty = await createTestDatabase();
  try {
    const files = await unzipText((await exportToBuffer(t.db.database, SYSTEM_CTX(t.clock))).zip);
    const initial = await importHud(empty.database, SYSTEM_CTX(t.clock), folderSource(writeFolder(files)));
    assert.equal(initial.applied, true);
    const db = empty.database.db;

    const clientCsv = files.get('Client.csv')!;
    let personalId = '';
    // Newer: the name changes.
    const newer = editRow(
      clientCsv,
      (f, h) => f[h.indexOf('FirstName')] !== '',
      (f, h) => {
        personalId = f[0]!.replaceAll('"', '');
        f[h.indexOf('FirstName')] = '"Renamed"';
        f[h.indexOf('DateUpdated')] = '2030-01-01 10:00:00';
      },
    );
    assert.equal(newer.edited, 1);
    const r1 = await importHud(empty.database, SYSTEM_CTX(t.clock), folderSource(writeFolder(new Map([...files, ['Client.csv', newer.text]]))));
    assert.equal(r1.counts['Client.csv']!.updated, 1);
    assert.equal((await db.selectFrom('clients').select('first_name').where('id', '=', personalId).executeTakeFirstOrThrow()).first_name, 'Renamed');

    // Same day, earlier time: strictly newer wins, so the stored record stays.
    const older = editRow(
      clientCsv,
      (f) => f[0]!.replaceAll('"', '') === personalId,
      (f, h) => {
        f[h.indexOf('FirstName')] = '"Older"';
        f[h.indexOf('DateUpdated')] = '2030-01-01 09:59:59';
      },
    );
    const r2 = await importHud(empty.database, SYSTEM_CTX(t.clock), folderSource(writeFolder(new Map([...files, ['Client.csv', older.text]]))));
    assert.equal(r2.counts['Client.csv']!.updated, 0);
    assert.equal((await db.selectFrom('clients').select('first_name').where('id', '=', personalId).executeTakeFirstOrThrow()).first_name, 'Renamed');

    // DateDeleted on a current living situation removes it.
    const cls = files.get('CurrentLivingSituation.csv')!;
    let clsId = '';
    const deleted = editRow(
      cls,
      () => true,
      (f, h) => {
        clsId = f[0]!.replaceAll('"', '');
        f[h.indexOf('DateUpdated')] = '2030-02-01 00:00:00';
        f[h.indexOf('DateDeleted')] = '2030-02-01 00:00:00';
      },
    );
    assert.equal(deleted.edited, 1);
    const r3 = await importHud(empty.database, SYSTEM_CTX(t.clock), folderSource(writeFolder(new Map([...files, ['CurrentLivingSituation.csv', deleted.text]]))));
    assert.equal(r3.counts['CurrentLivingSituation.csv']?.deleted, 1, JSON.stringify({ applied: r3.applied, counts: r3.counts }));
    assert.equal(await db.selectFrom('current_living_situations').select('id').where('id', '=', clsId).executeTakeFirst(), undefined);

    // DateDeleted on an enrollment removes it with its child records; a later export without DateDeleted restores it.
    // A one-person household's enrollment: deleting a head whose members stay would leave a household
    // without a head, which the validator rightly rejects (the demo's IDs are random, so choose by shape).
    const enrollmentWithCls = await db
      .selectFrom('current_living_situations as cls')
      .innerJoin('enrollments as e', 'e.id', 'cls.enrollment_id')
      .select('cls.enrollment_id')
      .where((eb) => eb.not(eb.exists(eb.selectFrom('enrollments as o').select('o.id').whereRef('o.household_id', '=', 'e.household_id').whereRef('o.id', '!=', 'e.id'))))
      .orderBy('cls.enrollment_id')
      .executeTakeFirstOrThrow();
    const eid = enrollmentWithCls.enrollment_id;
    const setEnrollment = (updated: string, deletedAt: string) =>
      editRow(
        files.get('Enrollment.csv')!,
        (f) => f[0]!.replaceAll('"', '') === eid,
        (f, h) => {
          f[h.indexOf('DateUpdated')] = updated;
          f[h.indexOf('DateDeleted')] = deletedAt;
        },
      ).text;
    const r4 = await importHud(empty.database, SYSTEM_CTX(t.clock), folderSource(writeFolder(new Map([...files, ['Enrollment.csv', setEnrollment('2030-03-01 00:00:00', '2030-03-01 00:00:00')]]))));
    assert.equal(r4.counts['Enrollment.csv']?.deleted, 1, JSON.stringify({ applied: r4.applied, counts: r4.counts }));
    assert.equal(await db.selectFrom('enrollments').select('id').where('id', '=', eid).executeTakeFirst(), undefined);
    assert.equal(await db.selectFrom('current_living_situations').select('id').where('enrollment_id', '=', eid).executeTakeFirst(), undefined);
    const r5 = await importHud(empty.database, SYSTEM_CTX(t.clock), folderSource(writeFolder(new Map([...files, ['Enrollment.csv', setEnrollment('2030-04-01 00:00:00', '')]]))));
    assert.equal(r5.counts['Enrollment.csv']!.updated, 1);
    assert.ok(await db.selectFrom('enrollments').select('id').where('id', '=', eid).executeTakeFirst());
  } finally {
    await empty.close();
    await t.close();
  }
});

/** Rewrites an FY2026 set (our export) as FY2024: columns of the 2024 spec, gender columns filled, CSVVersion 2024 v1.4. */
function toFy2024(files: Map<string, string>): Map<string, string> {
  const out = new Map<string, string>();
  for (const spec of hudSpec('2024').files) {
    const text = files.get(spec.name)!;
    const lines = text.split('\r\n').filter(Boolean);
    const header = lines[0]!.split(',');
    const rows = lines.slice(1).map((l) => {
      const f = parseLine(l);
      const get = (c: string) => f[header.indexOf(c === 'HispanicLatinaeo' ? 'HispanicLatinao' : c)];
      return spec.columns
        .map((c) => {
          if (spec.name === 'Export.csv' && c.name === 'CSVVersion') return '"2024 v1.4"';
          if (spec.name === 'Client.csv' && ['Woman', 'Man', 'NonBinary', 'CulturallySpecific', 'Transgender', 'Questioning', 'DifferentIdentity'].includes(c.name)) return c.name === 'Woman' ? '1' : '0';
          const v = get(c.name);
          return v === undefined ? '' : v.includes('"') || v.includes(',') ? `"${v.replace(/"/g, '""')}"` : v;
        })
        .join(',');
    });
    out.set(spec.name, [spec.columns.map((c) => c.name).join(','), ...rows, ''].join('\r\n'));
  }
  return out;
}

/** One CSV line of our export into unquoted fields. */
function parseLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

test('an FY2024 set is accepted and mapped to FY2026: gender not carried, HispanicLatinaeo → HispanicLatinao, a retired funder kept as history', async () => {
  const t = await startApp();
  const empty = await createTestDatabase();
  try {
    const fy26 = await unzipText((await exportToBuffer(t.db.database, SYSTEM_CTX(t.clock))).zip);
    const fy24 = toFy2024(fy26);
    // A retired funder code (47 ESG-CV) on the first funder.
    let funderId = '';
    const funder = editRow(
      fy24.get('Funder.csv')!,
      () => true,
      (f, h) => {
        funderId = f[0]!.replaceAll('"', '');
        f[h.indexOf('Funder')] = '47';
      },
    );
    fy24.set('Funder.csv', funder.text);
    // A Hispanic/Latina/e/o client.
    let personalId = '';
    const client = editRow(
      fy24.get('Client.csv')!,
      () => true,
      (f, h) => {
        personalId = f[0]!.replaceAll('"', '');
        f[h.indexOf('HispanicLatinaeo')] = '1';
        for (const c of ['RaceNone']) f[h.indexOf(c)] = '';
      },
    );
    fy24.set('Client.csv', client.text);

    const report = await importHud(empty.database, SYSTEM_CTX(t.clock), folderSource(writeFolder(fy24)));
    assert.equal(report.version, '2024');
    assert.equal(report.accepted, true, JSON.stringify(report.validation.problems.filter((p) => p.severity === 'error').slice(0, 5)));
    assert.equal(report.applied, true);
    assert.ok(report.notes.some((n) => n.file === 'Funder.csv' && n.kind === 'retired-code'));
    const db = empty.database.db;
    assert.equal((await db.selectFrom('project_funders').select('funder').where('id', '=', funderId).executeTakeFirstOrThrow()).funder, 47);
    const c = await db.selectFrom('clients').select(['race', 'race_none']).where('id', '=', personalId).executeTakeFirstOrThrow();
    assert.ok(c.race.includes('HispanicLatinao'));
    assert.equal(report.counts['Client.csv']!.inserted, fy26.get('Client.csv')!.split('\r\n').filter(Boolean).length - 1);
  } finally {
    await empty.close();
    await t.close();
  }
});
