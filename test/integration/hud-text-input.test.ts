/**
 * Export → import always passes (issue 15, defect 9): the API refuses HUD's forbidden characters
 * `< > [ ] { }` (and text longer than HUD's column) in every field Hearth exports to a HUD text column,
 * with the importer's rule; what it accepts — however unusual — exports into a set the importer accepts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startApp } from '../helpers/app.ts';
import { validateHudSource } from '../../src/domain/hud/validate.ts';
import { zipSource } from '../../src/usecases/hud/source.ts';
import { exportToBuffer, SYSTEM_CTX, unzipText } from './hud-helpers.ts';

test('names with < > [ ] { } are refused with the field named; unusual names that are allowed export and import cleanly', async () => {
  const t = await startApp();
  try {
    const admin = await t.as('admin');
    const before = await t.db.database.db.selectFrom('clients').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    for (const [field, value] of [
      ['firstName', 'Ann<b>'],
      ['lastName', 'Smith [alias]'],
      ['middleName', '{x}'],
      ['suffix', 'Jr>'],
      ['firstName', 'x'.repeat(51)],
    ] as const) {
      const res = await admin.post('/api/v1/clients', { firstName: 'Ann', lastName: 'Lee', [field]: value, dateOfBirth: '1990-01-02', consent: { sharing: 'full' } });
      assert.equal(res.status, 400, `${field} ${value}: ${JSON.stringify(res.body)}`);
      assert.equal(res.body.errors[0].pointer, `/${field}`);
      if (value.length <= 50) assert.match(res.body.errors[0].message, /without < > \[ \] \{ \}: HUD's data format does not allow them\.$/);
    }
    const after = await t.db.database.db.selectFrom('clients').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    assert.equal(after.n, before.n, 'nothing written');

    const agencies = await admin.get('/api/v1/agencies');
    const agency = agencies.body.items[0];
    const renamed = await admin.patch(`/api/v1/agencies/${agency.id}`, { name: 'Shelter {North}', version: agency.version });
    assert.equal(renamed.status, 400);
    assert.equal(renamed.body.errors[0].pointer, '/name');

    // Allowed: accents, curly apostrophes, emoji, quotes, commas, parentheses, 50 characters exactly.
    const names = { firstName: 'Zoë “Zee”, 😀', middleName: 'Ł'.repeat(50), lastName: 'O’Brien-Núñez (née Smith)', suffix: 'III' };
    // An enrolled client (exported), renamed.
    const enrolled = await t.db.database.db.selectFrom('enrollments').select('client_id').orderBy('client_id').executeTakeFirstOrThrow();
    const current = await admin.get(`/api/v1/clients/${enrolled.client_id}`);
    assert.equal(current.status, 200);
    const made = await admin.patch(`/api/v1/clients/${enrolled.client_id}`, { ...names, version: current.body.version });
    assert.equal(made.status, 200, JSON.stringify(made.body));
    const { zip } = await exportToBuffer(t.db.database, SYSTEM_CTX(t.clock));
    const src = await zipSource(zip);
    const report = await validateHudSource(src, { mode: 'import' });
    src.close();
    assert.equal(report.errorCount, 0, JSON.stringify(report.problems.filter((p) => p.severity === 'error').slice(0, 3)));
    const files = await unzipText(zip);
    assert.ok(files.get('Client.csv')!.includes('"O’Brien-Núñez (née Smith)"'), 'the renamed client is in the export');
  } finally {
    await t.close();
  }
});
