import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startApp } from '../helpers/app.ts';
import { zipSource } from '../../src/usecases/hud/source.ts';
import { validateHudSource } from '../../src/domain/hud/validate.ts';
import { hudSpec } from '../../src/domain/hud/spec.ts';
import { SYSTEM_CTX, exportToBuffer } from './hud-helpers.ts';

test('the demo CoC exports every FY2026 file, and the set passes the validator in export mode', async () => {
  const t = await startApp();
  try {
    const { zip, result, progress } = await exportToBuffer(t.db.database, SYSTEM_CTX(t.clock));
    const src = await zipSource(zip);
    assert.deepEqual([...src.names].sort(), [...hudSpec('2026').fileOrder].sort());
    assert.deepEqual(progress, [...hudSpec('2026').fileOrder]);
    const report = await validateHudSource(src, { mode: 'export' });
    src.close();
    assert.deepEqual(report.problems.slice(0, 20), []);
    assert.equal(report.errorCount, 0);
    assert.equal(report.version, '2026');
    assert.ok(result.rowCounts['Client.csv']! > 0 && result.rowCounts['Enrollment.csv']! > 0);
    assert.deepEqual(report.rowCounts['Client.csv'], result.rowCounts['Client.csv']);

    const hashed = await exportToBuffer(t.db.database, SYSTEM_CTX(t.clock), { hashed: true });
    const hs = await zipSource(hashed.zip);
    const hreport = await validateHudSource(hs, { mode: 'export' });
    hs.close();
    assert.equal(hreport.errorCount, 0, JSON.stringify(hreport.problems.slice(0, 5)));
  } finally {
    await t.close();
  }
});
